"""A run checks its operator first: a failing check stops it before any ERP write."""

import pytest

from importer.engine import run_import
from importer.models import DocumentStatus, MobileDocument, RunStatus
from operators.models import Operator
from tests.operators.conftest import build_configuration

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def linked(demo_company, tmp_path):
    configuration, guid = build_configuration(tmp_path / "config")
    demo_company.configuration = configuration
    demo_company.discovered_guid = guid
    demo_company.save()
    return demo_company


def _erp_rows(erp) -> int:
    return sum(
        int(erp(f"SELECT COUNT(*) FROM {t}")[0][0]) for t in ("TraNag", "TraElem", "BnkZapisy")
    )


def test_a_banned_operator_stops_the_run_before_any_erp_write(linked, send, erp, sample_documents):
    assert send(sample_documents).status_code == 200
    customers = erp("SELECT COUNT(*) FROM Kontrahenci")[0][0]
    linked.operator = Operator.objects.create(acronym="ZAKAZ", password="synchro-demo")
    linked.save()

    run = run_import(linked, "manual")

    assert run.status == RunStatus.FAILED
    assert "ZAKAZ" in run.first_error and "no access" in run.first_error
    assert _erp_rows(erp) == 0 and erp("SELECT COUNT(*) FROM Kontrahenci")[0][0] == customers
    assert set(MobileDocument.objects.values_list("status", flat=True)) == {DocumentStatus.RECEIVED}
    assert run.entries.filter(message__contains="ZAKAZ").exists()


def test_a_valid_operator_imports_and_stamps_the_documents(linked, send, erp, sample_documents):
    assert send(sample_documents).status_code == 200
    run = run_import(linked, "manual")
    assert run.status == RunStatus.SUCCEEDED, run.first_error
    assert run.entries.filter(message__contains="password verified").exists()
    assert {r[0] for r in erp("SELECT TrN_OpeZalKod FROM TraNag")} == {"SYNCHRO"}
