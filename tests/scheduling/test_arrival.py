"""Import on arrival: an accepted batch queues a run at once when the window is open.

The queue is whichever django-q2 broker is configured (ORM in the first pass of
scripts/test.sh, Redis in the second); the queued task is taken off it and executed here, in
this process, as a worker would (``importer.tasks.import_company`` with the queued args).
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from harmonogramy.models import Schedule
from importer.arrival import notify_batch_accepted
from importer.models import RunStatus, RunTrigger, SyncRun
from importer.tasks import import_company
from tests.erp_fixtures import fs
from tests.production.clusters import queued_tasks

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_broker")]


def _schedule(company, **values):
    schedule = Schedule.objects.get(company_database=company)
    values.setdefault("import_on_arrival", True)
    for name, value in values.items():
        setattr(schedule, name, value)
    schedule.save()
    return schedule


def _today_excluded() -> str:
    today = datetime.now(ZoneInfo("Europe/Warsaw")).isoweekday()
    return "".join(str(d) for d in range(1, 8) if d != today)


def _run_queued_task(company):
    """Take the one queued task off the broker and execute it as a django-q2 worker would;
    return its summary."""
    [task] = queued_tasks()
    assert task["func"] == "importer.tasks.import_company"
    assert task["args"] == (company.pk, RunTrigger.ARRIVAL)
    return import_company(*task["args"])


def test_a_batch_queues_an_arrival_run_only_after_the_commit(
    send, demo_company, django_capture_on_commit_callbacks
):
    _schedule(demo_company)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert send([fs("A")]).status_code == 200
    assert queued_tasks() == []  # nothing before the store committed
    for callback in callbacks:
        callback()
    _run_queued_task(demo_company)  # exactly one task queued
    run = SyncRun.objects.get(company_database=demo_company)
    assert (run.trigger, run.status, run.imported_count) == (
        RunTrigger.ARRIVAL,
        RunStatus.SUCCEEDED,
        1,
    )


def test_no_arrival_run_outside_the_window(send, demo_company, django_capture_on_commit_callbacks):
    _schedule(demo_company, weekdays=_today_excluded())
    with django_capture_on_commit_callbacks(execute=True):
        assert send([fs("A")]).status_code == 200
    assert queued_tasks() == []


def test_no_arrival_run_when_the_option_or_the_schedule_is_off(
    send, demo_company, django_capture_on_commit_callbacks
):
    schedule = _schedule(demo_company, import_on_arrival=False)
    with django_capture_on_commit_callbacks(execute=True):
        send([fs("A")])
    schedule.import_on_arrival, schedule.enabled = True, False
    schedule.save()
    with django_capture_on_commit_callbacks(execute=True):
        send([fs("B")])
    assert queued_tasks() == []


def test_a_batch_of_duplicates_only_queues_nothing(
    send, demo_company, django_capture_on_commit_callbacks
):
    doc = fs("A")
    send([doc])  # stored; its on_commit callback is never run in this test transaction
    _schedule(demo_company)
    with django_capture_on_commit_callbacks(execute=True):
        response = send([doc])
    assert response.json()["duplicates"] == [doc["guid"]]
    assert queued_tasks() == []


def test_overlap_an_arrival_run_meeting_a_running_import_is_recorded_as_skipped(
    send, demo_company, django_capture_on_commit_callbacks
):
    _schedule(demo_company)
    token = demo_company.acquire_run_lock()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            send([fs("A")])
        _run_queued_task(demo_company)
    finally:
        demo_company.release_run_lock(token)
    run = SyncRun.objects.get(company_database=demo_company)
    assert (run.trigger, run.status) == (RunTrigger.ARRIVAL, RunStatus.SKIPPED)
    assert "in progress" in run.first_error


def test_an_inactive_database_or_no_new_document_queues_nothing(demo_company):
    _schedule(demo_company)
    assert notify_batch_accepted(demo_company, 0) is None
    demo_company.is_active = False
    demo_company.save()
    assert notify_batch_accepted(demo_company, 3) is None
    assert queued_tasks() == []


def test_a_flood_of_batches_queues_one_run_and_the_tick_adds_none(demo_company):
    """200 batches while the cluster is down: one arrival run on the broker, not 200; once
    it ran, the next arrival queues again."""
    _schedule(demo_company)
    ids = [notify_batch_accepted(demo_company, new_documents=1) for _ in range(200)]
    assert len([i for i in ids if i]) == 1
    _run_queued_task(demo_company)  # exactly one task; nothing waits: no run is recorded
    assert not SyncRun.objects.exists()
    assert notify_batch_accepted(demo_company, new_documents=1) is not None
