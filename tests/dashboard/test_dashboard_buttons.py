"""The dashboard's buttons: synchronize now (queued on the cluster), pause and resume."""

import pytest
from django.test import Client

from harmonogramy.models import Schedule
from importer.models import RunStatus, SyncRun
from importer.tasks import import_company
from tests.dashboard.conftest import make_company
from tests.production.clusters import queued_tasks

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_broker")]


def test_synchronize_now_queues_a_manual_run_and_the_page_waits_for_it(client_admin, cluster_alive):
    company = make_company("Alfa")
    response = client_admin.post(f"/dashboard/{company.pk}/sync/", follow=True)
    assert response.redirect_chain == [("/", 302)]
    assert "A run of Alfa was queued." in response.content.decode()
    [task] = queued_tasks()
    assert task["func"] == "importer.tasks.import_company"
    assert task["args"] == (company.pk, "manual")
    html = response.content.decode()
    assert "queued…" in html and 'http-equiv="refresh"' in html

    import_company(*task["args"])  # what the cluster's worker does
    run = SyncRun.objects.get()
    assert run.trigger == "manual"
    html = client_admin.get("/").content.decode()
    assert "queued…" not in html and 'http-equiv="refresh"' not in html


def test_synchronize_now_while_a_run_is_going_is_recorded_as_skipped(client_admin, cluster_alive):
    company = make_company("Alfa")
    token = company.acquire_run_lock()
    response = client_admin.post(f"/dashboard/{company.pk}/sync/", follow=True)
    assert "will be recorded as skipped" in response.content.decode()
    [task] = queued_tasks()
    assert task["func"] == "importer.tasks.import_company"
    assert task["args"] == (company.pk, "manual")
    import_company(*task["args"])
    company.release_run_lock(token)
    assert SyncRun.objects.get().status == RunStatus.SKIPPED


def test_the_buttons_need_post_and_csrf(admin_user, cluster_alive):
    company = make_company("Alfa")
    client = Client(enforce_csrf_checks=True, headers={"accept-language": "en"})
    client.force_login(admin_user)
    assert client.get(f"/dashboard/{company.pk}/sync/").status_code == 405
    assert client.post(f"/dashboard/{company.pk}/sync/").status_code == 403
    assert client.post(f"/dashboard/{company.pk}/pause/").status_code == 403
    assert queued_tasks() == []


def test_pause_and_resume_the_schedule(client_admin, cluster_alive):
    company = make_company("Alfa")
    client_admin.post(f"/dashboard/{company.pk}/pause/")
    schedule = Schedule.objects.get(company_database=company)
    assert not schedule.enabled and schedule.next_run_at is None
    assert 'data-state="paused"' in client_admin.get("/").content.decode()
    client_admin.post(f"/dashboard/{company.pk}/resume/")
    schedule.refresh_from_db()
    assert schedule.enabled and schedule.next_run_at is not None


def test_a_viewer_sees_the_dashboard_without_buttons_and_cannot_press_them(db, django_user_model):
    from django.contrib.auth.models import Group

    from operators.roles import VIEWERS_GROUP

    company = make_company("Alfa")
    user = django_user_model.objects.create_user("ola", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=VIEWERS_GROUP))
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    html = client.get("/").content.decode()
    assert 'data-state="' in html and "sync-now" not in html and 'class="button pause"' not in html
    assert client.post(f"/dashboard/{company.pk}/sync/").status_code == 403
    assert client.post(f"/dashboard/{company.pk}/pause/").status_code == 403
    assert queued_tasks() == []


def test_the_dashboard_needs_a_login(client, db):
    response = client.get("/")
    assert response.status_code == 302 and "/login/" in response["Location"]
