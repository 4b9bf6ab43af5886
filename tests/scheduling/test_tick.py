"""The scheduler tick: due databases, one catch-up run, no run for an empty inbox."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from harmonogramy.models import Schedule
from importer.models import MobileDocument
from importer.tick import tick
from tests.production.clusters import queued_calls

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_broker")]

SCHEDULED_RUN = "importer.tasks.import_company"


def _waiting_document(company, device):
    return MobileDocument.objects.create(
        guid="11111111-2222-4333-8444-555555555555",
        device=device,
        company_database=company,
        doc_type="PA",
        number="PA/1",
        issued_at=datetime(2026, 11, 27, 9, tzinfo=UTC),
        payload={},
        content_hash="x",
    )


def test_catch_up_after_downtime_queues_exactly_one_run(company_database, device_and_token):
    device, _ = device_and_token
    _waiting_document(company_database, device)
    with time_machine.travel(datetime(2026, 11, 27, 8, 0, 30, tzinfo=UTC), tick=False):
        schedule = Schedule.objects.get(company_database=company_database)
        schedule.interval_minutes = 5
        schedule.save()
        assert schedule.next_run_at == datetime(2026, 11, 27, 8, 5, tzinfo=UTC)
    # The cluster was down for two hours: 24 slots were missed.
    with time_machine.travel(datetime(2026, 11, 27, 10, 2, tzinfo=UTC), tick=False):
        assert tick() == [company_database.pk]
        assert tick() == []
    assert queued_calls() == [(SCHEDULED_RUN, (company_database.pk, "schedule"))]
    schedule.refresh_from_db()
    assert schedule.next_run_at == datetime(2026, 11, 27, 10, 5, tzinfo=UTC)


def test_catch_up_two_ticks_of_two_clusters_claim_a_slot_once(company_database, device_and_token):
    device, _ = device_and_token
    _waiting_document(company_database, device)
    schedule = Schedule.objects.get(company_database=company_database)
    Schedule.objects.filter(pk=schedule.pk).update(
        next_run_at=datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    )
    stale = Schedule.objects.get(pk=schedule.pk)  # what a second cluster read before us
    with time_machine.travel(datetime(2026, 11, 27, 9, 0, 10, tzinfo=UTC), tick=False):
        assert tick() == [company_database.pk]
        # The second cluster's compare-and-swap on the slot it saw finds it already moved.
        assert Schedule.objects.filter(pk=stale.pk, next_run_at=stale.next_run_at).count() == 0
    assert queued_calls() == [(SCHEDULED_RUN, (company_database.pk, "schedule"))]


def test_a_due_database_with_no_waiting_documents_queues_nothing(company_database):
    Schedule.objects.filter(company_database=company_database).update(
        next_run_at=datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    )
    with time_machine.travel(datetime(2026, 11, 27, 9, 1, tzinfo=UTC), tick=False):
        assert tick() == []
    assert queued_calls() == []
    assert Schedule.objects.get(company_database=company_database).next_run_at > datetime(
        2026, 11, 27, 9, 1, tzinfo=UTC
    )


def test_a_disabled_schedule_or_inactive_database_is_never_due(company_database, device_and_token):
    device, _ = device_and_token
    _waiting_document(company_database, device)
    schedule = Schedule.objects.get(company_database=company_database)
    schedule.enabled = False
    schedule.save()
    assert schedule.next_run_at is None
    with time_machine.travel(datetime.now(UTC) + timedelta(hours=1)):
        assert tick() == []


def test_changing_the_schedule_takes_effect_at_the_next_tick(company_database):
    with time_machine.travel(datetime(2026, 11, 27, 8, 1, tzinfo=UTC), tick=False):
        schedule = Schedule.objects.get(company_database=company_database)
        schedule.interval_minutes = 60
        schedule.save()
        assert schedule.next_run_at == datetime(2026, 11, 27, 9, 0, tzinfo=UTC)  # 10:00 Warsaw
        schedule.interval_minutes = 2
        schedule.save()
        assert schedule.next_run_at == datetime(2026, 11, 27, 8, 2, tzinfo=UTC)


def test_migrate_leaves_exactly_one_tick_schedule_in_django_q():
    from django.core.management import call_command
    from django_q.models import Schedule as QSchedule

    call_command("migrate", verbosity=0)
    ticks = QSchedule.objects.filter(func="importer.tick.tick")
    assert ticks.count() == 1
    assert ticks.get().schedule_type == QSchedule.MINUTES and ticks.get().minutes == 1
