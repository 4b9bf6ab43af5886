"""The scheduler tick: which company databases are due now? (run by django-q2 every minute).

It lives in the importer, which does the work; harmonogramy only answers "when"
(`harmonogramy.models.Schedule.next_run_after`).
"""

import logging

from django.utils import timezone

from harmonogramy.models import Schedule
from harmonogramy.timetable import TimetableError
from importer.inbox import waiting_documents
from importer.models import RunTrigger
from importer.tasks import queue_import

logger = logging.getLogger(__name__)


def tick(now=None) -> list[int]:
    """Queue one import run for every company database whose schedule is due at ``now``.

    ``now`` is an aware datetime (default: the current time). A schedule is due when its
    ``next_run_at`` (UTC) is not after ``now``; its next slot is then moved past ``now``, so
    after downtime a database gets exactly one catch-up run, not one per missed slot. The move
    is a compare-and-swap on ``next_run_at``: when two ticks (two clusters) see the same slot,
    only one of them queues the run. A due database with no waiting documents costs no ERP
    connection and no run record. Returns the ids of the company databases queued.
    """
    now = now or timezone.now()
    queued = []
    for schedule in Schedule.objects.filter(enabled=True, next_run_at__isnull=True):
        schedule.save()  # computes next_run_at (a schedule created without save())
    due = Schedule.objects.filter(
        enabled=True, company_database__is_active=True, next_run_at__lte=now
    ).select_related("company_database")
    for schedule in due:
        try:
            following = schedule.next_run_after(now)
        except TimetableError:
            logger.warning("schedule of %s can never run", schedule.company_database)
            following = None
        claimed = Schedule.objects.filter(pk=schedule.pk, next_run_at=schedule.next_run_at).update(
            next_run_at=following
        )
        if not claimed:
            continue
        company = schedule.company_database
        if waiting_documents(company).exists():
            queue_import(company, RunTrigger.SCHEDULE)
            queued.append(company.pk)
    return queued
