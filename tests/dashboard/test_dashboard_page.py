"""The dashboard: one row per company database with its state, last run, counts and buttons."""

from datetime import UTC

import pytest
from django.utils import timezone

from harmonogramy.models import Schedule
from tests.admin.helpers import make_document
from tests.dashboard.conftest import make_company, make_run

pytestmark = pytest.mark.django_db


def _row(html, company):
    start = html.index(f'id="company-{company.pk}"')
    return html[start : html.index("</tr>", start)]


def test_it_shows_every_state_last_run_counts_and_last_error(client_admin, cluster_alive):
    healthy = make_company("Alfa")
    make_run(healthy, "failed", minutes_ago=30, error="old error")
    make_run(healthy, "succeeded", minutes_ago=20, imported_count=7)
    failing = make_company("Beta")
    make_run(failing, "failed", error="FS 1/2025 [g]: customer 'X' does not exist\nTraceback…")
    make_run(failing, "skipped", minutes_ago=5)  # skipped runs do not decide the state
    paused = make_company("Gamma", enabled=False)
    never = make_company("Delta")
    from importer.models import Device

    device = Device.objects.create(name="REP", company_database=failing, token_hash="h")
    make_document(device, "received", "FS/1")
    make_document(device, "failed", "FS/2", error="boom")
    make_document(device, "failed", "FS/3", error="boom")

    html = client_admin.get("/").content.decode()

    assert 'data-state="healthy"' in _row(html, healthy)
    assert "imported 7, failed 0" in _row(html, healthy)
    assert 'data-state="failing"' in _row(html, failing)
    assert "run-skipped" in _row(html, failing)  # the last run, whatever its result
    assert "customer &#x27;X&#x27; does not exist" in _row(html, failing)
    assert "Traceback" not in _row(html, failing).split('title="')[0]
    assert '<td class="waiting"><a' in _row(html, failing) and ">1</a>" in _row(html, failing)
    assert ">2</a>" in _row(html, failing)
    assert 'data-state="paused"' in _row(html, paused)
    assert "Resume" in _row(html, paused)
    assert 'data-state="never_run"' in _row(html, never)
    assert "every 15 min" in _row(html, never)  # the client asks for English
    assert 'id="cluster-banner"' not in html


def test_next_run_is_shown_in_the_company_time_zone(client_admin, cluster_alive):
    company = make_company("Tokio")
    company.time_zone = "Asia/Tokyo"
    company.save()
    moment = timezone.datetime(2030, 1, 2, 23, 30, tzinfo=UTC)
    Schedule.objects.filter(company_database=company).update(next_run_at=moment)
    html = client_admin.get("/").content.decode()
    # 23:30 UTC is 08:30 the next day in Tokyo.
    assert "2030-01-03 08:30" in _row(html, company)


def test_it_shows_a_banner_and_service_down_when_no_cluster_was_seen(client_admin):
    company = make_company("Alfa")
    make_run(company, "succeeded")
    html = client_admin.get("/").content.decode()
    assert 'id="cluster-banner"' in html
    assert 'data-state="service_down"' in _row(html, company)


def test_a_stale_task_does_not_count_as_a_living_cluster(client_admin):
    from django_q.models import Task

    old = timezone.now() - timezone.timedelta(minutes=3)
    Task.objects.create(id="o" * 32, name="t", func="f", started=old, stopped=old, success=True)
    assert 'id="cluster-banner"' in client_admin.get("/").content.decode()


def test_the_page_refreshes_itself_only_while_a_run_is_going(client_admin, cluster_alive):
    company = make_company("Alfa")
    assert 'http-equiv="refresh"' not in client_admin.get("/").content.decode()
    token = company.acquire_run_lock()
    html = client_admin.get("/").content.decode()
    assert 'http-equiv="refresh"' in html and "running now" in _row(html, company)
    company.release_run_lock(token)
    assert 'http-equiv="refresh"' not in client_admin.get("/").content.decode()


def test_the_dashboard_costs_the_same_queries_for_5_and_200_databases(
    client_admin, cluster_alive, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def build(count, start):
        for i in range(start, start + count):
            company = make_company(f"Firma {i:03d}")
            make_run(company, "failed", minutes_ago=20, error="e")
            make_run(company, "succeeded", minutes_ago=10)

    build(5, 0)
    client_admin.get("/")  # warm the session and content types
    with CaptureQueriesContext(connection) as five:
        assert client_admin.get("/").status_code == 200
    build(195, 5)
    with django_assert_num_queries(len(five)):
        response = client_admin.get("/")
    assert response.content.decode().count('class="dashboard-row"') == 200
