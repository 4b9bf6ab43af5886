"""The ERP database goes away in the middle of a run (PostgreSQL through psqlODBC).

Stopping the shared PostgreSQL server would hurt everyone else on the machine, so the test
does what a server restart or a network cut does to one run: while the run writes its third
document, another connection terminates every backend of the test ERP database
(``pg_terminate_backend``). The run ends failed with a readable error in its log, the documents
committed before stay imported, the one being written rolls back and stays waiting, those
after it stay waiting, and the next run imports the rest with every GUID exactly once.
"""

import pytest
from django.test import override_settings

from importer.engine import run_import
from importer.erp.adapter import ErpConnectionSettings, connect
from importer.mapping import trade
from importer.models import DocumentStatus, LogLevel, MobileDocument, RunStatus
from tests.erp_fixtures import fs

pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.parametrize("erp_dialect", ["postgresql"])]

TERMINATE = ("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
             "WHERE datname = ? AND pid <> pg_backend_pid()")
OPEN_SESSIONS = ("SELECT COUNT(*) FROM pg_stat_activity "
                 "WHERE datname = ? AND pid <> pg_backend_pid()")


def _erp_sessions(company) -> int:
    """Connections to the company's ERP database other than the one asking."""
    with connect(ErpConnectionSettings.for_company(company)) as conn:
        return int(conn.fetch_value(OPEN_SESSIONS, (company.database,)))


def _statuses(docs) -> list[str]:
    return [MobileDocument.objects.get(guid=d["guid"]).status for d in docs]


def test_the_erp_going_away_mid_run_fails_the_run_and_the_next_run_completes(
    send, demo_company, erp, monkeypatch
):
    docs = [fs(f"FS/{i}/REP01") for i in range(1, 6)]
    assert send(docs).status_code == 200
    original = trade.import_document
    calls = []

    def cut_at_third(erp_company, document, context):
        calls.append(document.guid)
        if len(calls) == 3:  # inside the third document's ERP transaction
            with connect(ErpConnectionSettings.for_company(demo_company)) as killer:
                killed = killer.fetch_all(TERMINATE, (demo_company.database,))
            assert killed, "the run's own ERP connection was not found"
        return original(erp_company, document, context)

    monkeypatch.setattr(trade, "import_document", cut_at_third)
    run = run_import(demo_company, "manual")

    assert run.status == RunStatus.FAILED
    assert "ERP error" in run.first_error and demo_company.database in run.first_error
    assert "Pwd" not in run.first_error
    errors = list(run.entries.filter(level=LogLevel.ERROR).values_list("message", flat=True))
    assert errors and "ERP error" in errors[0], errors
    # The documents whose ERP transaction committed before the cut are imported; the one
    # being written and any sharing its open transaction (the engine groups documents)
    # rolled back and stay waiting, as do those after it. Nothing is marked failed.
    statuses = _statuses(docs)
    assert statuses[2] == DocumentStatus.RECEIVED
    assert DocumentStatus.FAILED not in statuses
    imported = {d["guid"] for d, s in zip(docs, statuses) if s == DocumentStatus.IMPORTED}
    assert 1 <= len(imported) <= 2
    assert (run.imported_count, run.failed_count, run.waiting_count) == (
        len(imported), 0, 5 - len(imported)), list(run.entries.values_list("message", flat=True))
    assert {r[0] for r in erp("SELECT TrN_ImportRowId FROM TraNag")} == imported
    assert _erp_sessions(demo_company) == 0  # nothing left open after the run

    monkeypatch.setattr(trade, "import_document", original)
    healed = run_import(demo_company, "manual")
    assert healed.status == RunStatus.SUCCEEDED, healed.first_error
    assert healed.imported_count == 5 - len(imported)
    in_erp = [r[0] for r in erp("SELECT TrN_ImportRowId FROM TraNag")]
    assert sorted(in_erp) == sorted(d["guid"] for d in docs)  # each GUID exactly once
    assert sorted(r[0] for r in erp("SELECT TrN_NumerNr FROM TraNag")) == [1, 2, 3, 4, 5]


def test_no_erp_connection_stays_open_between_runs(send, demo_company):
    assert send([fs("A"), fs("B")]).status_code == 200
    assert run_import(demo_company, "manual").status == RunStatus.SUCCEEDED
    assert _erp_sessions(demo_company) == 0


@override_settings(SYNCADMIN_ERP_QUERY_TIMEOUT=1)
def test_a_statement_longer_than_the_query_timeout_fails_the_run_readably(
    send, demo_company, monkeypatch
):
    docs = [fs("A"), fs("B")]
    assert send(docs).status_code == 200
    original = trade.import_document

    def hang(erp_company, document, context):
        erp_company.conn.fetch_value("SELECT pg_sleep(5)")  # the server cancels it after 1 s
        return original(erp_company, document, context)

    monkeypatch.setattr(trade, "import_document", hang)
    run = run_import(demo_company, "manual")
    assert run.status == RunStatus.FAILED
    assert "statement timeout" in run.first_error.lower(), run.first_error
    assert _statuses(docs) == [DocumentStatus.RECEIVED] * 2
    assert MobileDocument.objects.get(guid=docs[0]["guid"]).attempts == 1
