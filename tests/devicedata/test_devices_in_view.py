"""Every device in view: the devices page, the dashboard panel, the silent-device flag and
the alert mail that names a silent device once per incident."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from devicedata.models import DeviceDataState
from devicedata.overview import device_rows
from devicedata.refresh import refresh
from importer.engine import run_import
from importer.models import Device
from tests.erp_fixtures import fs


@pytest.fixture
def erp_dialect():
    """These tests need one real ERP only: the demo's SQLite file."""
    return "sqlite"


@pytest.fixture
def admin_client(db, django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@example.com", "x-Pass-987")
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def _age(device, hours):
    then = timezone.now() - timedelta(hours=hours)
    Device.objects.filter(pk=device.pk).update(created_at=then, last_seen_at=None)


def test_the_devices_page_shows_contact_batch_download_and_counts(
    demo_company, demo_device, send, get, admin_client, sample_documents
):
    device, _ = demo_device
    refresh(demo_company)
    assert send(sample_documents).status_code == 200
    get("products")
    page = admin_client.get("/devices/")
    assert page.status_code == 200
    html = page.content.decode()
    row = html[html.index(f'data-device="{device.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "REP01" in row and "in contact" in row
    (entry,) = device_rows(demo_company)
    assert entry.last_batch_at and entry.last_download_at and entry.last_contact
    assert entry.waiting == len(sample_documents) and entry.failed == 0 and not entry.silent
    assert f">{len(sample_documents)}</a>" in row


def test_a_device_silent_past_its_company_threshold_is_flagged(
    demo_company, demo_device, admin_client
):
    device, _ = demo_device
    _age(device, 30)  # registered 30 h ago, never in contact; default threshold 24 h
    assert device_rows(demo_company)[0].silent
    html = admin_client.get("/devices/").content.decode()
    assert "silent-flag" in html and 'id="silent-note"' in html
    dashboard = admin_client.get("/").content.decode()
    assert 'id="devices-panel"' in dashboard and "silent-flag" in dashboard
    DeviceDataState.objects.update_or_create(
        company_database=demo_company, defaults={"silent_after_hours": 48}
    )
    assert not device_rows(demo_company)[0].silent


def test_the_dashboard_says_when_a_refresh_failed_and_what_devices_get(
    demo_company, demo_device, admin_client
):
    refresh(demo_company)
    DeviceDataState.objects.filter(company_database=demo_company).update(
        last_error="ERP error: cannot connect"
    )
    html = admin_client.get("/").content.decode()
    panel = html[html.index('id="devices-panel"') :]
    assert "refresh failed" in panel and "ERP error: cannot connect" in panel
    assert "Devices get the last good copy" in panel


def test_the_refresh_button_refreshes_and_reports(demo_company, demo_device, admin_client):
    answer = admin_client.post(f"/devices/{demo_company.pk}/refresh/", {"next": "/"}, follow=True)
    assert answer.redirect_chain[-1][0] == "/"
    assert "device data refreshed" in answer.content.decode()
    assert DeviceDataState.objects.get(company_database=demo_company).last_success_at


def test_the_failure_mail_names_a_silent_device_once_per_incident(
    demo_company, demo_device, send, mailoutbox, django_user_model
):
    django_user_model.objects.create_superuser("root", "root@example.com", "x")
    device, _ = demo_device
    assert send([fs("FS/BAD", customer={"code": "NIE-MA-TAKIEGO"})]).status_code == 200
    _age(device, 30)
    run_import(demo_company, "schedule")
    (failing,) = mailoutbox
    assert "synchronization failed" in failing.subject
    assert "REP01" in failing.body and "last contact never" in failing.body
    # the same incident is not mailed again, neither by a run nor by the next failure mail
    run_import(demo_company, "schedule")
    assert len(mailoutbox) == 1


def test_a_newly_silent_device_gets_its_own_mail_when_nothing_fails(
    demo_company, demo_device, mailoutbox, django_user_model
):
    django_user_model.objects.create_superuser("root", "root@example.com", "x")
    device, _ = demo_device
    run_import(demo_company, "schedule")
    assert mailoutbox == []  # in contact window: not silent yet
    _age(device, 30)
    run_import(demo_company, "schedule")
    (mail,) = mailoutbox
    assert "devices silent" in mail.subject and "REP01" in mail.body
    run_import(demo_company, "schedule")
    assert len(mailoutbox) == 1
    # contact again, then silent again: a new incident, a new mail
    Device.objects.filter(pk=device.pk).update(last_seen_at=timezone.now() - timedelta(hours=25))
    run_import(demo_company, "schedule")
    assert len(mailoutbox) == 2
