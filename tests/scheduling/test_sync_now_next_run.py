"""``sync_now`` prints the database's next scheduled run, by the admin's rule, in its zone."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.core.management import call_command

from harmonogramy.models import Schedule
from harmonogramy.nextrun import next_run_line

pytestmark = pytest.mark.django_db


def test_dst_sync_now_prints_the_next_run_after_spring_forward(demo_company, capsys):
    schedule = Schedule.objects.get(company_database=demo_company)
    schedule.interval_minutes = 15
    schedule.save()
    # 01:50 CET on 2026-03-29; clocks jump from 02:00 CET to 03:00 CEST (01:00 UTC).
    with time_machine.travel(datetime(2026, 3, 29, 0, 50, tzinfo=UTC), tick=False):
        call_command("sync_now", "--database", demo_company.name)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(demo_company.name)
    assert lines[1].strip().startswith("next scheduled run:")
    assert lines[1].endswith("2026-03-29 03:00 (Europe/Warsaw)")


def test_the_line_matches_the_admins_preview(demo_company):
    schedule = Schedule.objects.get(company_database=demo_company)
    moment = datetime(2026, 11, 27, 9, 7, tzinfo=UTC)
    first = schedule.timetable.next_runs(moment, 5)[0]  # what the admin lists first
    assert first == datetime(2026, 11, 27, 9, 8, tzinfo=UTC)
    assert next_run_line(demo_company, moment).endswith("2026-11-27 10:08 (Europe/Warsaw)")


def test_no_next_run_for_a_disabled_schedule(demo_company):
    Schedule.objects.filter(company_database=demo_company).update(enabled=False)
    demo_company.refresh_from_db()
    assert "none (the schedule is disabled)" in next_run_line(demo_company)
