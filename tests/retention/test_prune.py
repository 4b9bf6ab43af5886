"""Retention: runs, log entries, log files and handled inbox documents older than N days go."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from importer.models import MobileDocument, RunLogEntry, SyncRun
from importer.retention import prune
from importer.runlog import RunLog, log_dir_for
from tests.admin.helpers import make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def retention(settings, tmp_path):
    settings.SYNCADMIN_RETENTION_DAYS = 30
    settings.LOG_DIR = tmp_path / "logs"
    return timezone.now()


def _run(company, days_ago, now):
    run = SyncRun.objects.create(
        company_database=company,
        trigger="schedule",
        status="succeeded",
        started_at=now - timedelta(days=days_ago),
    )
    RunLog(run).info(f"run {days_ago} days ago")
    RunLog(run).error("boom", details="Traceback")
    return run


def test_it_prunes_what_is_older_than_the_retention_period(retention, device_and_token):
    now = retention
    device, _ = device_and_token
    company = device.company_database
    old, recent = _run(company, 31, now), _run(company, 29, now)
    folder = log_dir_for(company)
    folder.mkdir(parents=True, exist_ok=True)
    old_day = (now - timedelta(days=31)).date()
    for day in (old_day, (now - timedelta(days=29)).date(), now.date()):
        (folder / f"{day:%Y-%m-%d}.log").write_text("x\n", encoding="utf-8")
    (folder / "notes.txt").write_text("not a log file")

    long_ago = now - timedelta(days=40)
    docs = {
        "old imported": make_document(device, "imported", "1", imported_at=long_ago),
        "old ignored": make_document(device, "ignored", "2", ignored_reason="dup"),
        "old failed": make_document(device, "failed", "3", error="e"),
        "old received": make_document(device, "received", "4"),
        "new imported": make_document(device, "imported", "5", imported_at=now),
        "old, imported lately": make_document(device, "imported", "6", imported_at=now),
    }
    MobileDocument.objects.exclude(number="5").update(received_at=long_ago)
    MobileDocument.objects.filter(number="2").update(updated_at=long_ago)

    counts = prune(now)

    assert counts == {"runs": 1, "log_entries": 2, "log_files": 1, "documents": 2}
    assert list(SyncRun.objects.all()) == [recent]
    assert not RunLogEntry.objects.filter(run_id=old.pk).exists()
    assert RunLogEntry.objects.filter(run=recent).count() == 2
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [
            f"{(now - timedelta(days=29)).date():%Y-%m-%d}.log",
            f"{now.date():%Y-%m-%d}.log",
            "notes.txt",
        ]
    )
    assert set(MobileDocument.objects.values_list("number", flat=True)) == {"3", "4", "5", "6"}
    assert docs  # failed and received documents are kept until someone acts


def test_prune_logs_command_reports_the_counts(retention, company_database, capsys):
    _run(company_database, 45, retention)
    call_command("prune_logs")
    out = capsys.readouterr().out
    assert "older than 30 days" in out and "runs 1" in out and "log_entries 2" in out


def test_migrate_leaves_one_daily_prune_schedule(db):
    from django_q.models import Schedule as QSchedule

    from syncadmin.qschedule import PRUNE_FUNC, PRUNE_NAME, ensure_prune_schedule

    ensure_prune_schedule()
    ensure_prune_schedule()  # idempotent
    schedule = QSchedule.objects.get(name=PRUNE_NAME)
    assert schedule.func == PRUNE_FUNC and schedule.schedule_type == QSchedule.DAILY
    assert timezone.localtime(schedule.next_run).hour == 3
    assert schedule.next_run > timezone.now()
