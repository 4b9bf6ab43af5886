"""Properties of the schedule rule (harmonogramy.timetable) against a brute-force oracle.

The oracle enumerates UTC minutes one by one and asks, for each, whether it is a slot: some
active window (starting on a chosen weekday, local wall-clock ends converted with zoneinfo,
fold 0) contains it and it lies a whole number of intervals (real minutes) after that
window's start — or, for wall-clock intervals (whole hours, 2 h or more), it is the window's
local start plus a whole number of intervals on the local clock, converted with fold 0. The
rule must return exactly the first such minute after the moment — so it never skips a valid
slot — including on the DST days of Europe/Warsaw.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from harmonogramy.timetable import Timetable

ZONE = "Europe/Warsaw"
DST_DAYS = [date(2026, 3, 29), date(2026, 10, 25), date(2027, 3, 28), date(2027, 10, 31)]
MINUTE = timedelta(minutes=1)


def windows(tt: Timetable, first: date, days: int) -> list[tuple[datetime, datetime]]:
    """The UTC (start, end) of every active window starting on local days first…first+days."""
    zone = ZoneInfo(tt.tz)
    found = []
    for n in range(days + 1):
        day = first + timedelta(days=n)
        if day.isoweekday() not in tt.weekdays:
            continue
        start_t = tt.active_from or time(0)
        start = datetime.combine(day, start_t, tzinfo=zone)
        if tt.active_from is None:
            end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
        elif tt.active_to > tt.active_from:
            end = datetime.combine(day, tt.active_to, tzinfo=zone)
        else:
            end = datetime.combine(day + timedelta(days=1), tt.active_to, tzinfo=zone)
        found.append((start.astimezone(UTC), end.astimezone(UTC)))
    return found


def wall_slots(tt: Timetable, spans) -> set[datetime]:
    """For a wall-clock timetable: every local start + k intervals (local clock), in UTC."""
    zone, step, found = ZoneInfo(tt.tz), timedelta(minutes=tt.interval_minutes), set()
    for start, end in spans:
        local = start.astimezone(zone).replace(tzinfo=None)
        for k in range(0, 48 * 60 // tt.interval_minutes + 2):
            utc = (local + k * step).replace(tzinfo=zone).astimezone(UTC)
            if start <= utc < end:
                found.add(utc)
    return found


def is_slot(minute: datetime, spans, step: int, wall=None) -> bool:
    if wall is not None:
        return minute in wall
    return any(
        start <= minute < end and (minute - start) // MINUTE % step == 0 for start, end in spans
    )


def brute_force_next(tt: Timetable, moment: datetime) -> datetime:
    """The first slot strictly after ``moment``, found minute by minute (≤ 9 days)."""
    local_day = moment.astimezone(ZoneInfo(tt.tz)).date()
    spans = windows(tt, local_day - timedelta(days=1), 10)
    wall = wall_slots(tt, spans) if tt.wall_clock else None
    minute = moment.replace(second=0, microsecond=0) + MINUTE
    for _ in range(9 * 24 * 60):
        if is_slot(minute, spans, tt.interval_minutes, wall):
            return minute
        minute += MINUTE
    raise AssertionError("no slot within 9 days")


def brute_force_all(tt: Timetable, begin: datetime, end: datetime) -> list[datetime]:
    local_day = begin.astimezone(ZoneInfo(tt.tz)).date()
    spans = windows(tt, local_day - timedelta(days=1), 4)
    wall = wall_slots(tt, spans) if tt.wall_clock else None
    slots, minute = [], begin.replace(second=0, microsecond=0) + MINUTE
    while minute < end:
        if is_slot(minute, spans, tt.interval_minutes, wall):
            slots.append(minute)
        minute += MINUTE
    return slots


def _minutes(t: time | None) -> int:
    return 0 if t is None else t.hour * 60 + t.minute


clock = st.integers(0, 23 * 60 + 59).map(lambda m: time(m // 60, m % 60))
timetables = st.builds(
    lambda interval, window, weekdays: Timetable(
        interval_minutes=interval,
        tz=ZONE,
        weekdays=frozenset(weekdays),
        active_from=window[0] if window else None,
        active_to=window[1] if window else None,
    ),
    interval=st.one_of(st.sampled_from([1, 5, 15, 30, 60, 90, 120, 1440]), st.integers(1, 1440)),
    window=st.one_of(st.none(), st.tuples(clock, clock).filter(lambda w: w[0] != w[1])),
    weekdays=st.sets(st.integers(1, 7), min_size=1),
)
# Moments on random days of 2026–2027 and, more often, around the DST changes.
near_dst = st.builds(
    lambda day, minutes, seconds: (
        datetime.combine(day, time(0), tzinfo=UTC) + timedelta(minutes=minutes, seconds=seconds)
    ),
    day=st.sampled_from(DST_DAYS),
    minutes=st.integers(-36 * 60, 36 * 60),
    seconds=st.integers(0, 59),
)
any_day = st.builds(
    lambda minutes, seconds: (
        datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=minutes, seconds=seconds)
    ),
    minutes=st.integers(0, 2 * 365 * 24 * 60),
    seconds=st.integers(0, 59),
)
moments = st.one_of(near_dst, near_dst, any_day)


@settings(max_examples=150, deadline=None)
@given(tt=timetables, moment=moments)
def test_the_next_run_is_the_first_valid_slot_after_the_moment(tt, moment):
    nxt = tt.next_run_after(moment)
    assert nxt > moment
    assert nxt.tzinfo is not None and nxt.utcoffset() == timedelta(0)
    assert tt.is_active_at(nxt)
    assert nxt == brute_force_next(tt, moment)


@settings(max_examples=40, deadline=None)
@given(tt=timetables.filter(lambda t: t.interval_minutes <= 240), day=st.sampled_from(DST_DAYS))
def test_across_a_dst_day_every_valid_slot_comes_in_turn(tt, day):
    begin = datetime.combine(day, time(0), tzinfo=UTC) - timedelta(hours=6)
    end = begin + timedelta(hours=36)
    expected = brute_force_all(tt, begin, end)
    got, moment = [], begin.replace(second=0)
    while True:
        moment = tt.next_run_after(moment)
        if moment >= end:
            break
        got.append(moment)
    assert got == expected
    assert len(set(got)) == len(got)
