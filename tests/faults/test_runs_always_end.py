"""A run always ends: stopped from outside, killed, or overtaken, it is recorded as failed
with its true counts and its lock is released (django-q2's timeout raises an exception that
is not an ``Exception``; a killed worker runs no code at all)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from importer import engine
from importer.engine import run_import
from importer.models import RunStatus, SyncRun
from tests.erp_fixtures import fs

pytestmark = pytest.mark.django_db(transaction=True)


class Stopped(BaseException):
    """Stands in for django-q2's TimeoutException (a BaseException)."""


@pytest.mark.parametrize("erp_dialect", ["sqlite"])
def test_a_run_stopped_from_outside_ends_failed_with_what_it_imported(
    send, demo_company, erp, monkeypatch
):
    assert send([fs(f"FS/{n}/REP01") for n in range(1, 8)]).status_code == 200
    original = engine.ImportRun._process
    seen = []

    def process(self, guid):
        seen.append(guid)
        if len(seen) == 4:  # groups of 1 and 2 committed: 3 documents imported
            raise Stopped
        return original(self, guid)

    monkeypatch.setattr(engine.ImportRun, "_process", process)
    with pytest.raises(Stopped):
        run_import(demo_company, "manual")

    run = SyncRun.objects.get()
    assert run.status == RunStatus.FAILED and run.finished_at is not None
    assert "stopped" in run.first_error and "Stopped" in run.first_error
    assert run.imported_count == 3 == erp("SELECT COUNT(*) FROM TraNag")[0][0]
    demo_company.refresh_from_db()
    assert demo_company.lock_token == ""


@pytest.mark.parametrize("erp_dialect", ["sqlite"])
def test_a_run_left_running_by_a_killed_worker_is_closed_when_its_lock_is_taken_over(
    send, demo_company
):
    dead = SyncRun.objects.create(
        company_database=demo_company, trigger="schedule", imported_count=1535
    )
    demo_company.lock_token = "killed-worker"
    demo_company.lock_expires_at = timezone.now() - timedelta(seconds=1)
    demo_company.save()
    assert send([fs()]).status_code == 200

    run = run_import(demo_company, "manual")

    assert run.status == RunStatus.SUCCEEDED, run.first_error
    dead.refresh_from_db()
    assert dead.status == RunStatus.FAILED and dead.finished_at is not None
    assert "did not end" in dead.first_error and str(run.pk) in dead.first_error
    assert dead.imported_count == 1535  # what it saved after its groups is kept


@pytest.mark.parametrize("erp_dialect", ["sqlite"])
def test_a_skipped_run_says_how_many_documents_wait(send, demo_company):
    assert send([fs(), fs("FS/2/REP01")]).status_code == 200
    assert demo_company.acquire_run_lock() is not None  # another run holds it

    run = run_import(demo_company, "manual")

    assert run.status == RunStatus.SKIPPED and run.waiting_count == 2
