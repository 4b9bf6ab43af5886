"""The pure schedule rule: slots, windows, weekdays, DST in Europe/Warsaw."""

from datetime import UTC, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harmonogramy.timetable import Timetable, TimetableError

WAW = ZoneInfo("Europe/Warsaw")


def local(*args) -> datetime:
    return datetime(*args, tzinfo=WAW)


def slots_between(tt: Timetable, start: datetime, end: datetime) -> list[datetime]:
    out, moment = [], start
    while True:
        moment = tt.next_run_after(moment)
        if moment >= end:
            return out
        out.append(moment)


def test_every_15_minutes_is_aligned_to_the_window_start():
    tt = Timetable(interval_minutes=15)
    assert tt.next_run_after(local(2026, 11, 27, 10, 7)) == local(2026, 11, 27, 10, 15)
    assert tt.next_run_after(local(2026, 11, 27, 10, 15)) == local(2026, 11, 27, 10, 30)


def test_results_are_utc():
    assert Timetable(interval_minutes=5).next_run_after(local(2026, 1, 1, 12, 0)).tzinfo == UTC


def test_window_and_weekdays_skip_to_next_monday_morning():
    tt = Timetable(
        interval_minutes=15,
        active_from=time(7, 0),
        active_to=time(18, 0),
        weekdays=frozenset({1, 2, 3, 4, 5}),
    )
    friday_evening = local(2026, 11, 27, 17, 50)  # a Friday
    assert tt.next_run_after(friday_evening) == local(2026, 11, 30, 7, 0)
    assert tt.next_run_after(local(2026, 11, 30, 7, 0)) == local(2026, 11, 30, 7, 15)


def test_window_crossing_midnight_belongs_to_the_day_it_starts():
    tt = Timetable(
        interval_minutes=60, active_from=time(22, 0), active_to=time(2, 0), weekdays=frozenset({5})
    )
    # Friday 22:00 .. Saturday 02:00; Saturday 00:30 is inside Friday's window.
    assert tt.next_run_after(local(2026, 11, 28, 0, 30)) == local(2026, 11, 28, 1, 0)
    assert tt.next_run_after(local(2026, 11, 28, 1, 0)) == local(2026, 12, 4, 22, 0)
    assert tt.is_active_at(local(2026, 11, 28, 1, 59))
    assert not tt.is_active_at(local(2026, 11, 28, 2, 0))


def test_dst_spring_forward_neither_skips_nor_doubles():
    tt = Timetable(interval_minutes=15)
    start, end = local(2026, 3, 29, 1, 0), local(2026, 3, 29, 4, 0)
    slots = slots_between(tt, start, end)
    gaps = {b - a for a, b in pairwise(slots)}
    assert gaps == {timedelta(minutes=15)}
    assert len(slots) == len(set(slots))
    # 01:45 CET is followed by 03:00 CEST: fifteen real minutes.
    assert local(2026, 3, 29, 1, 45) in slots and local(2026, 3, 29, 3, 0) in slots


def test_dst_fall_back_runs_through_both_passes_of_the_repeated_hour():
    tt = Timetable(interval_minutes=30)
    start, end = local(2026, 10, 25, 1, 0), local(2026, 10, 25, 4, 0)
    slots = slots_between(tt, start, end)
    gaps = {b - a for a, b in pairwise(slots)}
    assert gaps == {timedelta(minutes=30)}
    # 01:00 .. 04:00 local on a 25-hour day is four real hours: 7 slots strictly between.
    assert len(slots) == 7


def test_dst_daily_run_stays_at_its_wall_clock_time():
    tt = Timetable(interval_minutes=1440, active_from=time(6, 0), active_to=time(7, 0))
    before = tt.next_run_after(local(2026, 3, 27, 12, 0))
    after = tt.next_run_after(before)
    assert before.astimezone(WAW).time() == time(6, 0)
    assert after.astimezone(WAW).time() == time(6, 0)
    assert after - before == timedelta(hours=23)  # the short day


@pytest.mark.parametrize(
    "kwargs, reason",
    [
        ({"interval_minutes": 0}, "interval"),
        ({"interval_minutes": 1441}, "interval"),
        ({"interval_minutes": 5, "weekdays": frozenset()}, "day"),
        ({"interval_minutes": 5, "tz": "Europe/Nowhere"}, "time zone"),
        ({"interval_minutes": 5, "active_from": time(8), "active_to": time(8)}, "equal"),
        ({"interval_minutes": 5, "active_from": time(8)}, "both"),
    ],
)
def test_a_timetable_that_cannot_run_is_refused_with_the_reason(kwargs, reason):
    with pytest.raises(TimetableError, match=reason):
        Timetable(**kwargs).validate()


@settings(max_examples=300, deadline=None)
@given(
    interval=st.integers(1, 1440),
    minute_of_year=st.integers(0, 366 * 24 * 60),
    window=st.one_of(
        st.none(),
        st.tuples(st.integers(0, 23 * 60 + 59), st.integers(0, 23 * 60 + 59)).filter(
            lambda w: w[0] != w[1]
        ),
    ),
    weekdays=st.sets(st.integers(1, 7), min_size=1),
)
def test_property_next_run_is_after_the_moment_and_inside_a_window(
    interval, minute_of_year, window, weekdays
):
    kwargs = {"interval_minutes": interval, "weekdays": frozenset(weekdays)}
    if window:
        kwargs["active_from"] = time(window[0] // 60, window[0] % 60)
        kwargs["active_to"] = time(window[1] // 60, window[1] % 60)
    tt = Timetable(**kwargs)
    moment = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=minute_of_year)
    nxt = tt.next_run_after(moment)
    assert nxt > moment
    assert tt.is_active_at(nxt)
    assert nxt - moment <= timedelta(days=8)


def _local_slots(tt, begin_local, hours):
    zone = ZoneInfo(tt.tz)
    moment = begin_local.replace(tzinfo=zone).astimezone(UTC)
    end = moment + timedelta(hours=hours)
    found = []
    while (moment := tt.next_run_after(moment)) < end:
        found.append(moment.astimezone(zone).strftime("%d %H:%M"))
    return found


def test_a_daily_schedule_keeps_midnight_across_the_autumn_change():
    """Every 1440 min, no active hours: 00:00 each day, not again at 23:00 on the 25-hour day."""
    tt = Timetable(interval_minutes=1440)
    assert _local_slots(tt, datetime(2026, 10, 24, 12, 0), 62) == [
        "25 00:00",
        "26 00:00",
        "27 00:00",
    ]


def test_a_12_hour_schedule_keeps_its_local_times_across_the_spring_change():
    """Every 720 min: 00:00 and 12:00 local on the 23-hour day too (not 13:00)."""
    tt = Timetable(interval_minutes=720)
    assert _local_slots(tt, datetime(2026, 3, 28, 18, 0), 36) == [
        "29 00:00",
        "29 12:00",
        "30 00:00",
    ]


def test_a_2_hour_slot_the_spring_change_skips_runs_when_it_would_have():
    """Every 2 h: 02:00 does not exist on 2026-03-29; it runs at 03:00 CEST, the same moment."""
    tt = Timetable(interval_minutes=120)
    assert _local_slots(tt, datetime(2026, 3, 28, 23, 30), 6)[:3] == [
        "29 00:00",
        "29 03:00",
        "29 04:00",
    ]
