"""Fixtures for the admin tests: a logged-in superuser, documents in every state, a run."""

import pytest
from django.test import Client
from django.utils import timezone

from tests.admin.helpers import make_document


@pytest.fixture
def client_admin(db, django_user_model):
    """A django.test.Client logged in as a superuser.

    It asks for English, the source language, so that the assertions on messages keep
    holding once the Polish catalog is compiled.
    """
    user = django_user_model.objects.create_superuser("root", "root@example.com", "x-Pass-987")
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


@pytest.fixture
def operator(db):
    from operators.models import Operator

    return Operator.objects.create(acronym="ADMIN", is_default=True)


@pytest.fixture
def documents(device_and_token):
    """One document per status: received, failed, imported, ignored (in that order)."""
    device, _token = device_and_token
    return [
        make_document(device, "received", "FS/1/2025"),
        make_document(device, "failed", "FS/2/2025", error="Kontrahent nie istnieje\nTraceback…"),
        make_document(device, "imported", "FS/3/2025", erp_number="FA/1/2025"),
        make_document(device, "ignored", "FS/4/2025", ignored_reason="duplikat"),
    ]


@pytest.fixture
def sync_run(company_database):
    """A failed run with three log entries, one with a traceback in its details."""
    from importer.models import RunLogEntry, SyncRun

    started = timezone.now()
    run = SyncRun.objects.create(
        company_database=company_database,
        trigger="schedule",
        status="failed",
        started_at=started,
        finished_at=started + timezone.timedelta(seconds=65),
        imported_count=2,
        failed_count=1,
        waiting_count=3,
        first_error="FS/2/2025: Kontrahent nie istnieje\nszczegóły",
    )
    for level, message, details in [
        (20, "Start", ""),
        (40, "FS/2/2025: Kontrahent nie istnieje", "Traceback (most recent call last):\n  boom"),
        (20, "Koniec", ""),
    ]:
        RunLogEntry.objects.create(
            run=run,
            company_database=company_database,
            level=level,
            message=message,
            details=details,
        )
    return run
