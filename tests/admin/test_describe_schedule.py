"""describe_schedule: a schedule in Polish words for the admin's lists."""

from datetime import time

import pytest
from django.utils import translation

from harmonogramy.describe import describe_schedule, describe_weekdays
from harmonogramy.models import Schedule


@pytest.fixture(autouse=True)
def _polish():
    """The phrases are Polish source text; the English catalog is tested in tests/i18n/."""
    with translation.override("pl"):
        yield


def _schedule(**kwargs):
    defaults = {"enabled": True, "interval_minutes": 15, "weekdays": "1234567"}
    return Schedule(**{**defaults, **kwargs})


def test_it_describes_working_days_with_hours():
    schedule = _schedule(weekdays="12345", active_from=time(7), active_to=time(18))
    assert describe_schedule(schedule) == "co 15 min, pn–pt, 07:00–18:00"


def test_it_describes_every_day_all_day():
    assert describe_schedule(_schedule(interval_minutes=60)) == "co 60 min, codziennie, całą dobę"


def test_it_describes_a_window_crossing_midnight():
    schedule = _schedule(interval_minutes=30, active_from=time(22), active_to=time(6))
    assert describe_schedule(schedule) == "co 30 min, codziennie, 22:00–06:00"


def test_it_lists_days_that_are_not_a_run():
    assert describe_weekdays("135") == "pn, śr, pt"
    assert describe_weekdays("67") == "so, nd"
    assert describe_weekdays("123567") == "pn–śr, pt–nd"


def test_it_marks_a_disabled_schedule():
    assert (
        describe_schedule(_schedule(enabled=False))
        == "wyłączony (co 15 min, codziennie, całą dobę)"
    )


def test_it_says_when_there_is_no_schedule():
    assert describe_schedule(None) == "brak harmonogramu"
