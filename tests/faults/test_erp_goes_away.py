"""The ERP database goes away in the middle of a run and comes back.

SQLite (the demo): the folder holding the company file disappears (a network share gone)
between two of the run's transactions, so the next one cannot create its rollback journal;
or it is replaced by another folder inside a transaction, so the commit cannot delete it.
PostgreSQL: the server terminates the run's session (``pg_terminate_backend``).
Either way the run ends failed with the ERP error, nothing is half-written, and the next run,
with the database back, imports the rest: every GUID exactly once, inbox and ERP agree.
The moment is chosen by wrapping ``ImportRun._process`` or ``ImportGroup.commit`` from the test (no hook in the product).
"""

from pathlib import Path

import pytest

from importer import engine
from importer.engine import run_import
from importer.erp.adapter import connect
from importer.models import DocumentStatus, MobileDocument, RunStatus
from tests.faults.helpers import assert_consistent, fill_inbox

pytestmark = pytest.mark.django_db(transaction=True)

DOCUMENTS = 300
AWAY_AT = 40  # the document (call of _process) at which the ERP goes away


def _go_away_at(monkeypatch, call: int, away) -> list:
    original = engine.ImportRun._process
    calls = []

    def process(self, guid):
        calls.append(guid)
        if len(calls) == call:
            away()
        return original(self, guid)

    monkeypatch.setattr(engine.ImportRun, "_process", process)
    return calls


def _check_failed_then_healed(company, erp, guids, monkeypatch, come_back) -> None:
    failed = run_import(company, "manual")
    assert failed.status == RunStatus.FAILED
    assert failed.first_error
    assert failed.imported_count < DOCUMENTS
    come_back()
    monkeypatch.undo()
    # A document the broken ERP refused may be marked failed (SQLite reports a missing folder
    # as a read-only or unopenable database, not as a lost connection): it is retried.
    assert_consistent(erp, company, guids, finished=False, may_fail=True)
    healed = run_import(company, "manual")
    assert healed.status == RunStatus.SUCCEEDED, healed.first_error
    assert_consistent(erp, company, guids, finished=True)
    assert (
        not MobileDocument.objects.filter(company_database=company)
        .exclude(status=DocumentStatus.IMPORTED)
        .exists()
    )


def _after_groups(monkeypatch, groups: int, away) -> None:
    from importer.group import ImportGroup

    original = ImportGroup.commit
    committed = []

    def commit(self):
        imported = original(self)
        committed.append(1)
        if len(committed) == groups:
            away()
        return imported

    monkeypatch.setattr(ImportGroup, "commit", commit)


@pytest.mark.parametrize("erp_dialect", ["sqlite"])
def test_the_sqlite_folder_disappears_between_two_transactions(
    demo_company, erp, monkeypatch, settings
):
    settings.SYNCADMIN_ERP_QUERY_TIMEOUT = 2
    guids = fill_inbox(demo_company, DOCUMENTS)
    folder = Path(demo_company.database).parent
    away = folder.with_name(folder.name + "-away")
    _after_groups(monkeypatch, 4, lambda: folder.rename(away))
    _check_failed_then_healed(demo_company, erp, guids, monkeypatch, lambda: away.rename(folder))


@pytest.mark.parametrize("erp_dialect", ["sqlite"])
def test_the_sqlite_folder_is_replaced_inside_a_transaction(
    demo_company, erp, monkeypatch, settings
):
    """The folder is swapped for another one while a group's transaction is open, so the
    commit cannot delete its rollback journal and fails (SQLite reports it). (A plain
    rename would let SQLite report success while leaving a hot journal behind in the moved
    folder, which rolls the committed transaction back when the folder returns: SQLite's
    durability ends there, no importer can see it.)"""
    settings.SYNCADMIN_ERP_QUERY_TIMEOUT = 2
    guids = fill_inbox(demo_company, DOCUMENTS)
    path = Path(demo_company.database)
    folder = path.parent
    away = folder.with_name(folder.name + "-away")

    def replace():
        folder.rename(away)
        (folder / (path.name + "-journal")).mkdir(parents=True)  # unlink() fails: EISDIR

    def come_back():
        (folder / (path.name + "-journal")).rmdir()
        folder.rmdir()
        away.rename(folder)

    _go_away_at(monkeypatch, AWAY_AT, replace)
    _check_failed_then_healed(demo_company, erp, guids, monkeypatch, come_back)


@pytest.mark.parametrize("erp_dialect", ["postgresql"])
def test_the_postgresql_server_drops_the_session_mid_run(demo_company, erp, monkeypatch):
    from tests.erp.conftest import pg_settings

    guids = fill_inbox(demo_company, DOCUMENTS)

    def terminate():
        with connect(pg_settings("postgres")) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = ? AND pid <> pg_backend_pid()",
                (demo_company.database,),
            )

    _go_away_at(monkeypatch, AWAY_AT, terminate)
    _check_failed_then_healed(demo_company, erp, guids, monkeypatch, lambda: None)
