"""ERP connections that behave (PostgreSQL through psqlODBC standing in for SQL Server): no
connection outlives its run, a statement longer than the query timeout is cancelled by the
server and the run ends readably with nothing half-written."""

import pytest
from django.test import override_settings
from django.utils import translation

from importer.engine import run_import
from importer.erp.adapter import connect
from importer.mapping import trade
from importer.models import DocumentStatus, MobileDocument, RunStatus
from tests.erp_fixtures import fs

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.parametrize("erp_dialect", ["postgresql"]),
]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _other_erp_sessions(company) -> int:
    """Sessions on the company's ERP database other than the one asking (pg_stat_activity)."""
    with connect(company.erp_settings()) as conn:
        return int(
            conn.fetch_value(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()",
                (company.database,),
            )
        )


def test_no_erp_connection_stays_open_after_a_run(send, demo_company):
    assert send([fs("A"), fs("B")]).status_code == 200
    assert run_import(demo_company, "manual").status == RunStatus.SUCCEEDED
    assert _other_erp_sessions(demo_company) == 0


def test_no_erp_connection_stays_open_after_a_failed_run(send, demo_company):
    assert send([fs("A", warehouse="NIEZNANY")]).status_code == 200
    assert run_import(demo_company, "manual").status == RunStatus.FAILED
    assert _other_erp_sessions(demo_company) == 0


@override_settings(SYNCADMIN_ERP_QUERY_TIMEOUT=1)
def test_a_statement_longer_than_the_query_timeout_ends_the_run_readably(
    send, demo_company, erp, monkeypatch
):
    docs = [fs("A"), fs("B")]
    assert send(docs).status_code == 200
    original = trade.import_document

    def hang(erp_company, document, context):
        erp_company.conn.fetch_value("SELECT pg_sleep(5)")  # cancelled by the server after 1 s
        return original(erp_company, document, context)

    monkeypatch.setattr(trade, "import_document", hang)
    run = run_import(demo_company, "manual")
    assert run.status == RunStatus.FAILED
    assert "statement timeout" in run.first_error.lower(), run.first_error
    statuses = {MobileDocument.objects.get(guid=d["guid"]).status for d in docs}
    assert DocumentStatus.IMPORTED not in statuses
    assert erp("SELECT COUNT(*) FROM TraNag")[0][0] == 0
    assert _other_erp_sessions(demo_company) == 0
