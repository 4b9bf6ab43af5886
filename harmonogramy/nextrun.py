"""A schedule's next run in words, in the company's time zone: for `sync_now` and the admin."""

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from harmonogramy.timetable import TimetableError


def format_in_zone(moment, tz: str) -> str:
    """An aware datetime as wall-clock text in the zone ``tz``, e.g. "śr 2025-03-05 07:15"."""
    if moment is None:
        return "—"
    try:
        zone = ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):  # the form reports it; show UTC meanwhile
        zone = ZoneInfo("UTC")
    return date_format(timezone.localtime(moment, zone), "D Y-m-d H:i")


def next_run_line(company, now=None) -> str:
    """The company database's next scheduled run after ``now`` (aware; default: the current
    time) as a line for ``sync_now``, in the company's time zone, e.g. "next scheduled run:
    Mon 2026-11-30 07:00 (Europe/Warsaw)" — the same rule (`Schedule.next_run_after`) as the
    admin's list of next runs; or why there is none."""
    schedule = getattr(company, "schedule", None)
    if schedule is None:
        reason = _("no schedule")
    elif not company.is_active:
        reason = _("the database is inactive")
    elif not schedule.enabled:
        reason = _("the schedule is disabled")
    else:
        try:
            run = schedule.next_run_after(now or timezone.now())
        except TimetableError as exc:
            reason = str(exc)
        else:
            return _("next scheduled run: %(when)s (%(tz)s)") % {
                "when": format_in_zone(run, company.time_zone),
                "tz": company.time_zone,
            }
    return _("next scheduled run: none (%(reason)s)") % {"reason": reason}
