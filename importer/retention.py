"""Retention: what is older than ``SYNCADMIN_RETENTION_DAYS`` days is deleted, once a day.

* runs started before the cutoff, with their log entries;
* the daily log files (`importer.runlog`) of days before the cutoff's date;
* inbox documents received and imported (or ignored) before the cutoff. Failed and received
  documents are kept whatever their age, until someone acts on them (retry or ignore).

Run by the django-q2 schedule ``syncadmin: prune`` (daily, `syncadmin.qschedule`) and by
``python manage.py prune_logs``.
"""

import logging
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from importer.models import DocumentStatus, MobileDocument, RunLogEntry, SyncRun
from importer.runlog import day_of

logger = logging.getLogger(__name__)


def cutoff(now=None):
    """The moment (aware, UTC) before which things are pruned."""
    return (now or timezone.now()) - timedelta(days=settings.SYNCADMIN_RETENTION_DAYS)


def prune_log_files(before_day) -> int:
    """Delete daily log files ``YYYY-MM-DD.log`` under ``LOG_DIR`` of days before ``before_day``."""

    root = Path(settings.LOG_DIR)
    deleted = 0
    if not root.is_dir():
        return 0
    for folder in root.iterdir():
        if not folder.is_dir() or folder.is_symlink():
            continue
        for path in folder.iterdir():
            day = day_of(path.name)
            if day and day < before_day and path.is_file() and not path.is_symlink():
                try:
                    path.unlink()
                    deleted += 1
                except OSError:
                    logger.warning("cannot delete the old log file %s", path, exc_info=True)
    return deleted


def prune(now=None) -> dict[str, int]:
    """Delete what is older than the retention period; return how many of each went.

    ``now`` is an aware datetime (default: the current time). Returns
    ``{"runs": n, "log_entries": n, "log_files": n, "documents": n}``.
    """
    limit = cutoff(now)
    old_runs = SyncRun.objects.filter(started_at__lt=limit)
    log_entries, _ = RunLogEntry.objects.filter(run__in=old_runs.values("pk")).delete()
    runs, _ = old_runs.delete()
    old_documents = MobileDocument.objects.filter(received_at__lt=limit).filter(
        Q(status=DocumentStatus.IMPORTED, imported_at__lt=limit)
        | Q(status=DocumentStatus.IGNORED, updated_at__lt=limit)
    )
    documents, _ = old_documents.delete()
    counts = {
        "runs": runs,
        "log_entries": log_entries,
        "log_files": prune_log_files(limit.date()),
        "documents": documents,
    }
    logger.info("pruned %s (older than %s)", counts, limit)
    return counts
