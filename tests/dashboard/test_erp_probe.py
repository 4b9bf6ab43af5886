"""A company database whose ERP cannot be reached shows it on the dashboard even when nothing
waits: the periodic probe (importer.erpprobe) connects to each scheduled database (a real
ODBC connection; a closed port, a missing driver) and the dashboard names the reason."""

import socket

import pytest

from importer.erpprobe import probe_all
from syncadmin.dashboard.overview import load_rows
from syncadmin.dashboard.states import DatabaseState

pytestmark = pytest.mark.django_db(transaction=True)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _row(company):
    [row] = [r for r in load_rows(cluster_alive=True) if r.company.pk == company.pk]
    return row


@pytest.mark.parametrize("erp_dialect", ["postgresql"])
def test_an_unreachable_erp_is_shown_with_nothing_waiting_and_clears_when_fixed(demo_company):
    server, port = demo_company.server, demo_company.port
    assert probe_all() == [] and _row(demo_company).state != DatabaseState.ERP_UNREACHABLE

    demo_company.server, demo_company.port = "127.0.0.1", _closed_port()
    demo_company.save()
    assert probe_all() == [demo_company.pk]
    demo_company.refresh_from_db()
    row = _row(demo_company)
    assert row.state == DatabaseState.ERP_UNREACHABLE and row.waiting == 0
    assert demo_company.erp_unreachable_since is not None and demo_company.erp_probe_error
    since = demo_company.erp_unreachable_since
    probe_all()
    demo_company.refresh_from_db()
    assert demo_company.erp_unreachable_since == since  # since the first failed probe

    demo_company.server, demo_company.port = server, port
    demo_company.save()
    assert probe_all() == []
    demo_company.refresh_from_db()
    assert demo_company.erp_unreachable_since is None and demo_company.erp_probe_error == ""


def test_a_missing_driver_is_named_with_its_package(demo_company):
    demo_company.odbc_driver = "ODBC Driver 18 for SQL Server"
    demo_company.save()
    probe_all()
    demo_company.refresh_from_db()
    assert "ODBC Driver 18 for SQL Server" in demo_company.erp_probe_error
    assert "msodbcsql18" in demo_company.erp_probe_error


def test_the_dashboard_page_shows_the_state_and_the_reason(
    client_admin, demo_company, cluster_alive
):
    demo_company.odbc_driver = "FreeTDS"
    demo_company.save()
    probe_all()
    page = client_admin.get("/").content.decode()
    assert 'data-state="erp_unreachable"' in page and "tdsodbc" in page
