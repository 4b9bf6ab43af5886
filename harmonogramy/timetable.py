"""When does a schedule run: the pure rule, with no clock of its own (Django only for gettext).

A schedule (harmonogram) says: every ``interval_minutes`` (1–1440), inside the daily active
window ``active_from``–``active_to`` (local wall-clock times; a window with ``from > to``
crosses midnight; no window means the whole day), on the given ISO weekdays (1 = Monday …
7 = Sunday; the weekday is that of the day the window *starts*), in the time zone ``tz``.

Slots of one window are spaced by real elapsed minutes from the window's start, so a DST
change neither skips nor doubles a run: on the spring-forward day in Europe/Warsaw a
15-minute schedule runs 01:45 CET and then 03:00 CEST (15 real minutes later); on the
fall-back day it runs through both passes of 02:00–02:59. A window start that falls into the
spring-forward gap is taken at the offset in force before the gap (02:30 → 03:30 CEST); one
that is ambiguous in autumn is taken at its first occurrence.

All moments in and out are timezone-aware datetimes; results are in UTC.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

ALL_WEEKDAYS = frozenset(range(1, 8))
MAX_INTERVAL_MINUTES = 1440


class TimetableError(ValueError):
    """A timetable that can never run or makes no sense; the message says why."""


@dataclass(frozen=True)
class Timetable:
    """The rule of one schedule. See the module docstring for the semantics."""

    interval_minutes: int
    tz: str = "Europe/Warsaw"
    active_from: time | None = None
    active_to: time | None = None
    weekdays: frozenset[int] = ALL_WEEKDAYS

    def validate(self) -> None:
        """Raise `TimetableError` if this timetable can never run or is ambiguous."""
        if not 1 <= int(self.interval_minutes) <= MAX_INTERVAL_MINUTES:
            raise TimetableError(
                _("interval must be 1–%(max)d minutes, got %(value)s")
                % {"max": MAX_INTERVAL_MINUTES, "value": self.interval_minutes}
            )
        if not self.weekdays or not set(self.weekdays) <= ALL_WEEKDAYS:
            raise TimetableError(_("at least one day of the week (1–7) must be chosen"))
        try:
            ZoneInfo(self.tz)
        except Exception as exc:  # ZoneInfoNotFoundError, ValueError for malformed keys
            raise TimetableError(_("unknown time zone %(tz)r") % {"tz": self.tz}) from exc
        if (self.active_from is None) != (self.active_to is None):
            raise TimetableError(_("give both ends of the active hours, or neither"))
        if self.active_from is not None and self.active_from == self.active_to:
            raise TimetableError(
                _("active hours from and to are equal; leave both empty for the whole day")
            )

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)

    def _window(self, day: date) -> tuple[datetime, datetime]:
        """The UTC start and end of the active window that starts on local ``day``."""
        zone = self.zone
        start_t = self.active_from or time(0, 0)
        start = datetime.combine(day, start_t, tzinfo=zone)
        if self.active_from is None:
            end = datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=zone)
        elif self.active_to is None:
            raise TimetableError("active hours need both ends")  # validate() refuses it first
        elif self.active_to > self.active_from:
            end = datetime.combine(day, self.active_to, tzinfo=zone)
        else:  # crosses midnight
            end = datetime.combine(day + timedelta(days=1), self.active_to, tzinfo=zone)
        return _to_utc(start), _to_utc(end)

    def next_run_after(self, moment: datetime) -> datetime:
        """The first slot strictly after ``moment`` (aware datetime), in UTC.

        Raises `TimetableError` if the timetable is invalid.
        """
        self.validate()
        if moment.tzinfo is None:
            raise ValueError("moment must be timezone-aware")
        moment = moment.astimezone(UTC)
        step = timedelta(minutes=int(self.interval_minutes))
        # A window that started yesterday may still be open (midnight-crossing windows).
        day = moment.astimezone(self.zone).date() - timedelta(days=1)
        for _attempt in range(9):  # at most a week ahead plus the day before
            if day.isoweekday() in self.weekdays:
                start, end = self._window(day)
                if moment < end:
                    if moment < start:
                        return start
                    k = (moment - start) // step + 1
                    slot = start + k * step
                    if slot < end:
                        return slot
            day += timedelta(days=1)
        raise TimetableError(_("no run in the next week"))  # unreachable once validated

    def next_runs(self, moment: datetime, count: int = 5) -> list[datetime]:
        """The next ``count`` slots after ``moment``, in UTC (for the admin's preview)."""
        runs = []
        for _slot in range(count):
            moment = self.next_run_after(moment)
            runs.append(moment)
        return runs

    def is_active_at(self, moment: datetime) -> bool:
        """Whether ``moment`` lies inside an active window (e.g. for import on arrival)."""
        self.validate()
        moment = moment.astimezone(UTC)
        day = moment.astimezone(self.zone).date() - timedelta(days=1)
        for offset in range(2):
            d = day + timedelta(days=offset)
            if d.isoweekday() in self.weekdays:
                start, end = self._window(d)
                if start <= moment < end:
                    return True
        return False


def _to_utc(local: datetime) -> datetime:
    """Convert a local wall-clock datetime (fold=0) to UTC.

    zoneinfo gives a time inside the spring-forward gap the offset from before the gap, which
    is exactly the rule documented above.
    """
    return local.astimezone(UTC)
