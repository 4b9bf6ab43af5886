"""Alerts: one mail when a database starts failing, none while it keeps failing, one on recovery.

Real runs on the demo Optima (SQLite through ODBC); mails in Django's locmem outbox.
"""

import pytest

from harmonogramy.models import AlertState, CompanyDatabase
from importer.engine import run_import
from importer.models import MobileDocument
from tests.erp_fixtures import fs

pytestmark = pytest.mark.django_db


@pytest.fixture
def admins(django_user_model):
    django_user_model.objects.create_superuser("root", "root@example.com", "x")
    django_user_model.objects.create_superuser("gone", "gone@example.com", "x", is_active=False)
    django_user_model.objects.create_user("staff", "staff@example.com", "x", is_staff=True)
    django_user_model.objects.create_superuser("nomail", "", "x")
    from django.contrib.auth.models import Group

    from operators.roles import ADMINISTRATORS_GROUP

    member = django_user_model.objects.create_user("anna", "anna@example.com", "x", is_staff=True)
    member.groups.add(Group.objects.get_or_create(name=ADMINISTRATORS_GROUP)[0])


def test_it_mails_once_when_failing_and_once_when_it_recovers(
    send, demo_company, admins, mailoutbox
):
    assert send([fs("FS/BAD", customer={"code": "NIE-MA-TAKIEGO"})]).status_code == 200

    first = run_import(demo_company, "schedule")
    assert first.status == "failed"
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    # active superusers and administrators with an e-mail only
    assert message.to == ["anna@example.com", "root@example.com"]
    assert demo_company.name in message.subject
    assert "NIE-MA-TAKIEGO" in message.body
    assert f"/importer/syncrun/{first.pk}/change/" in message.body
    company = CompanyDatabase.objects.get(pk=demo_company.pk)
    assert company.alert_state == AlertState.FAILING and company.failing_since

    again = run_import(demo_company, "schedule")  # the failed document is tried again
    assert again.status == "failed"
    assert len(mailoutbox) == 1  # still failing: no second mail

    MobileDocument.objects.get(number="FS/BAD").ignore("wrong customer, re-entered")
    assert send([fs("FS/GOOD")]).status_code == 200
    recovered = run_import(demo_company, "manual")
    assert recovered.status == "succeeded", recovered.first_error
    assert len(mailoutbox) == 2
    assert demo_company.name in mailoutbox[1].subject and "imported 1" in mailoutbox[1].body
    company.refresh_from_db()
    assert company.alert_state == AlertState.OK and company.failing_since is None

    run_import(demo_company, "manual")  # healthy again: nothing to say
    assert len(mailoutbox) == 2


def test_a_skipped_run_changes_nothing(send, demo_company, admins, mailoutbox):
    assert send([fs("FS/1")]).status_code == 200
    token = demo_company.acquire_run_lock()
    try:
        assert run_import(demo_company, "manual").status == "skipped"
    finally:
        demo_company.release_run_lock(token)
    assert mailoutbox == []


def test_the_configured_recipients_replace_the_administrators(
    send, demo_company, admins, mailoutbox, settings
):
    settings.SYNCADMIN_ALERT_EMAILS = ["ops@example.com", "it@example.com"]
    send([fs("FS/BAD", customer={"code": "NIE-MA"})])
    run_import(demo_company, "schedule")
    assert mailoutbox[0].to == ["ops@example.com", "it@example.com"]


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("no mail server")


def test_a_mail_server_outage_does_not_break_the_run(send, demo_company, admins, settings):
    settings.EMAIL_BACKEND = "tests.alerts.test_failure_and_recovery_mails.BrokenBackend"
    send([fs("FS/BAD", customer={"code": "NIE-MA"})])
    run = run_import(demo_company, "schedule")
    assert run.status == "failed"
    # The state still moved, so the recovery mail will follow once it works again.
    assert CompanyDatabase.objects.get(pk=demo_company.pk).alert_state == AlertState.FAILING
