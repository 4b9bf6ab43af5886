"""Import on arrival: queue a run as soon as a device's batch is stored (optional per database).

Beyond Optima's automat, which only runs on its timetable: a company database whose schedule
has ``import_on_arrival`` set gets a run (trigger "arrival") the moment a batch with new
documents is accepted, if the schedule is enabled and its active window is open. The run
takes the database's run lock like any other, so one that meets a running import is
recorded as skipped and the documents wait for the next slot.
"""

import logging

from django.utils import timezone

from harmonogramy.models import CompanyDatabase
from harmonogramy.timetable import TimetableError
from importer.models import RunTrigger
from importer.tasks import queue_import

logger = logging.getLogger(__name__)


def arrival_run_is_due(company, now=None) -> bool:
    """Whether a batch arriving at ``now`` (aware; default: the current time) for ``company``
    (a `CompanyDatabase`) should queue a run: the database is active, its schedule enabled
    with ``import_on_arrival``, and ``now`` lies inside the schedule's active window
    (`Timetable.is_active_at`, in the company's time zone)."""
    schedule = getattr(company, "schedule", None)
    if not company.is_active or schedule is None:
        return False
    if not (schedule.enabled and schedule.import_on_arrival):
        return False
    try:
        return schedule.timetable.is_active_at(now or timezone.now())
    except TimetableError:
        return False  # a schedule that can never run does not run on arrival either


def notify_batch_accepted(company, new_documents: int = 1, now=None) -> str | None:
    """A batch with ``new_documents`` new documents was stored (and committed) for
    ``company``: queue an "arrival" run if `arrival_run_is_due`. Returns the django-q2 task
    id, or None when no run was queued. Never raises: the device's batch is already stored,
    and a failure here only means the documents wait for the next scheduled slot."""
    if new_documents < 1:
        return None
    try:
        # The caller's copy may be stale: the schedule can change at any moment in the admin.
        company = CompanyDatabase.objects.select_related("schedule").get(pk=company.pk)
        if not arrival_run_is_due(company, now):
            return None
        return queue_import(company, RunTrigger.ARRIVAL)
    except Exception:
        logger.exception("import on arrival: could not queue a run of %s", company)
        return None
