"""Fixtures for the dashboard tests: an English-speaking admin client, databases with runs."""

import pytest
from django.test import Client
from django.utils import timezone


@pytest.fixture
def admin_user(db, django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.com", "x-Pass-987")


@pytest.fixture
def client_admin(admin_user):
    """A Client logged in as a superuser, asking for English (assertions on source text)."""
    client = Client(headers={"accept-language": "en"})
    client.force_login(admin_user)
    return client


def make_company(name, *, enabled=True, active=True):
    from harmonogramy.models import CompanyDatabase, Schedule

    company = CompanyDatabase.objects.create(
        name=name,
        dialect="sqlite",
        odbc_driver="SQLite3",
        database=f"/nonexistent/{name}.db",
        is_active=active,
    )
    Schedule.objects.create(company_database=company, interval_minutes=15, enabled=enabled)
    return company


def make_run(company, status, *, minutes_ago=10, error="", trigger="schedule", **extra):
    from importer.models import SyncRun

    started = timezone.now() - timezone.timedelta(minutes=minutes_ago)
    return SyncRun.objects.create(
        company_database=company,
        trigger=trigger,
        status=status,
        started_at=started,
        finished_at=None if status == "running" else started + timezone.timedelta(seconds=3),
        first_error=error,
        **extra,
    )


@pytest.fixture
def cluster_alive(db):
    """Make the dashboard see a cluster: a django-q2 task finished a moment ago."""
    from django_q.models import Task

    now = timezone.now()
    Task.objects.create(
        id="t" * 32,
        name="tick",
        func="importer.tick.tick",
        started=now,
        stopped=now,
        success=True,
    )
