"""When does a schedule run: the pure rule, with no clock of its own (Django only for gettext).

A schedule (harmonogram) says: every ``interval_minutes`` (1–1440), inside the daily active
window ``active_from``–``active_to`` (local wall-clock times; a window with ``from > to``
crosses midnight; no window means the whole day), on the given ISO weekdays (1 = Monday …
7 = Sunday; the weekday is that of the day the window *starts*), in the time zone ``tz``.

Short intervals are spaced by real elapsed minutes from the window's start, so a DST change
neither skips nor doubles a run: on the spring-forward day in Europe/Warsaw a 15-minute
schedule runs 01:45 CET and then 03:00 CEST (15 real minutes later); on the fall-back day it
runs through both passes of 02:00–02:59.

**Wall-clock intervals** — a whole number of hours, 2 h or more (every 2, 3, 4, 6, 8, 12 or
24 h) — keep their local times instead: slots are the window's start plus whole intervals on
the local clock (every 24 h runs at 00:00 each day, never again at 23:00 on the autumn day;
every 12 h at 00:00 and 12:00, not 13:00 after spring forward). A slot that the spring change
skips (02:00 when the clock jumps to 03:00) runs at the moment it would have been (03:00
CEST); one in the repeated autumn hour runs once, at its first occurrence.

A window start that falls into the spring-forward gap is taken at the offset in force before
the gap (02:30 → 03:30 CEST); one that is ambiguous in autumn is taken at its first
occurrence.

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

    @property
    def wall_clock(self) -> bool:
        """Whole hours, 2 h or more: slots keep their local times across DST."""
        minutes = int(self.interval_minutes)
        return minutes >= 120 and minutes % 60 == 0

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
                    slot = (
                        self._wall_slot_after(day, moment, end)
                        if self.wall_clock
                        else start + ((moment - start) // step + 1) * step
                    )
                    if slot is not None and slot < end:
                        return slot
            day += timedelta(days=1)
        raise TimetableError(_("no run in the next week"))  # unreachable once validated

    def _wall_slot_after(self, day: date, moment: datetime, end: datetime) -> datetime | None:
        """The first wall-clock slot of the window starting on ``day`` strictly after
        ``moment`` (UTC), or None when the window ends first."""
        zone = self.zone
        step = timedelta(minutes=int(self.interval_minutes))
        local_start = datetime.combine(day, self.active_from or time(0, 0))
        local_moment = moment.astimezone(zone).replace(tzinfo=None)
        k = max(0, (local_moment - local_start) // step)
        while True:
            slot = _to_utc((local_start + k * step).replace(tzinfo=zone))
            if slot >= end:
                return None
            if slot > moment:
                return slot
            k += 1

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
