"""Raportowanie: run and log lists with filters, CSV export, re-run, a run's and a document's page."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from importer.models import RunLogEntry
from importer.runlog import RunLog
from tests.admin.helpers import make_document
from tests.dashboard.conftest import make_company, make_run
from tests.production.clusters import queued_tasks

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_broker")]


def _csv(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")  # BOM: Excel reads UTF-8
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


@pytest.fixture
def viewer(db, django_user_model):
    """A staff user in the viewers group: sees everything, no tracebacks, no buttons."""
    from operators.roles import VIEWERS_GROUP

    user = django_user_model.objects.create_user("ola", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=VIEWERS_GROUP))
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


@pytest.fixture
def runs():
    warsaw, tokyo = make_company("Łódź Sp. z o.o."), make_company("Tokio")
    tokyo.time_zone = "Asia/Tokyo"
    tokyo.save()
    failed = make_run(warsaw, "failed", minutes_ago=5, error="Kontrahent „Żółw” nie istnieje")
    RunLog(failed).info("start")
    RunLog(failed).error("FS 1: Kontrahent „Żółw” nie istnieje", details="Traceback: boom")
    ok = make_run(tokyo, "succeeded", minutes_ago=60 * 24 * 3, trigger="manual", imported_count=4)
    return {"failed": failed, "ok": ok, "warsaw": warsaw, "tokyo": tokyo}


def test_the_run_list_filters_by_database_result_trigger_and_date_range(client_admin, runs):
    url = "/importer/syncrun/"
    by_db = client_admin.get(url, {"company_database__id__exact": runs["tokyo"].pk})
    assert list(by_db.context["cl"].result_list) == [runs["ok"]]
    by_status = client_admin.get(url, {"status__exact": "failed"})
    assert list(by_status.context["cl"].result_list) == [runs["failed"]]
    by_trigger = client_admin.get(url, {"trigger__exact": "manual"})
    assert list(by_trigger.context["cl"].result_list) == [runs["ok"]]
    today = timezone.localdate()
    recent = client_admin.get(url, {"started_at__from": f"{today - timedelta(days=1)}"})
    assert list(recent.context["cl"].result_list) == [runs["failed"]]
    older = client_admin.get(url, {"started_at__to": f"{today - timedelta(days=2)}"})
    assert list(older.context["cl"].result_list) == [runs["ok"]]
    searched = client_admin.get(url, {"q": "Żółw"})
    assert list(searched.context["cl"].result_list) == [runs["failed"]]


def test_csv_export_keeps_the_filters_polish_letters_and_company_time(client_admin, runs):
    rows = _csv(client_admin.get("/importer/syncrun/export/", {"status__exact": "failed"}))
    assert len(rows) == 2
    header, row = rows
    assert row[1] == "Łódź Sp. z o.o." and "Żółw" in row[header.index("first error")]
    local = timezone.localtime(runs["failed"].started_at)  # Europe/Warsaw
    assert row[header.index("started")] == f"{local:%Y-%m-%d %H:%M:%S}"
    tokyo = _csv(client_admin.get("/importer/syncrun/export/", {"trigger__exact": "manual"}))[1]
    assert tokyo[6] == "Asia/Tokyo"
    assert (
        tokyo[4]
        == f"{runs['ok'].started_at.astimezone(timezone.get_fixed_timezone(540)):%Y-%m-%d %H:%M:%S}"
    )


def test_the_log_csv_has_details_for_administrators_only(client_admin, viewer, runs):
    params = {"run__id__exact": runs["failed"].pk}
    admin_rows = _csv(client_admin.get("/importer/runlogentry/export/", params))
    # the list's order: newest first
    assert [r[7] for r in admin_rows[1:]] == ["FS 1: Kontrahent „Żółw” nie istnieje", "start"]
    assert admin_rows[1][8] == "Traceback: boom"
    viewer_rows = _csv(viewer.get("/importer/runlogentry/export/", params))
    assert "details" not in viewer_rows[0] and "Traceback" not in str(viewer_rows)


def test_a_runs_page_lists_its_log_in_order_with_tracebacks_for_administrators(
    client_admin, viewer, runs
):
    url = f"/importer/syncrun/{runs['failed'].pk}/change/"
    html = client_admin.get(url).content.decode()
    assert html.index("start") < html.index("Kontrahent „Żółw” nie istnieje</")
    assert "Traceback: boom" in html and "<details>" in html
    assert "Traceback: boom" not in viewer.get(url).content.decode()


def test_run_again_queues_one_manual_run_per_database(client_admin, runs):
    make_run(runs["warsaw"], "succeeded", minutes_ago=1)
    response = client_admin.post(
        "/importer/syncrun/",
        {"action": "run_again", "_selected_action": [r.pk for r in runs["warsaw"].runs.all()]},
        follow=True,
    )
    assert response.status_code == 200
    [task] = queued_tasks()
    assert task["func"] == "importer.tasks.import_company"
    assert task["args"] == (runs["warsaw"].pk, "manual")


def test_the_viewer_cannot_run_again(viewer, runs):
    viewer.post("/importer/syncrun/", {"action": "run_again", "_selected_action": [runs["ok"].pk]})
    assert queued_tasks() == []


def test_the_run_list_costs_the_same_queries_for_few_and_many_runs(
    client_admin, runs, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client_admin.get("/importer/syncrun/")
    with CaptureQueriesContext(connection) as few:
        client_admin.get("/importer/syncrun/")
    for i in range(60):
        make_run(make_company(f"F{i}"), "failed", error="x")
    with django_assert_max_num_queries(len(few)):
        assert client_admin.get("/importer/syncrun/").status_code == 200


def test_a_documents_page_shows_payload_erp_number_and_its_history(client_admin, device_and_token):
    device, _ = device_and_token
    document = make_document(device, "failed", "FS/9", error="Kontrahent nie istnieje")
    run = make_run(device.company_database, "failed")
    RunLog(run).error("first try failed", document, details="Traceback: one")
    RunLog(run).error("second try failed", document)
    RunLog(run).info("another document")
    html = client_admin.get(f"/importer/mobiledocument/{document.pk}/change/").content.decode()
    assert "Zażółć Gęślą Jaźń" in html  # the payload
    history = html[html.index('id="error-history"') :]
    assert history.index("first try failed") < history.index("second try failed")
    assert "another document" not in history and "Traceback: one" in history
    assert "retry-document" in html


def test_retry_and_ignore_from_the_documents_page(client_admin, viewer, device_and_token):
    device, _ = device_and_token
    document = make_document(device, "failed", "FS/9", error="e")
    page = f"/importer/mobiledocument/{document.pk}/"
    assert viewer.post(page + "retry/").status_code == 403
    assert client_admin.get(page + "retry/").status_code == 405
    assert client_admin.post(page + "retry/").status_code == 302
    document.refresh_from_db()
    assert document.status == "received"
    assert client_admin.post(page + "ignore/", {"reason": ""}).status_code == 200  # asks again
    client_admin.post(page + "ignore/", {"reason": "duplikat FS/8"})
    document.refresh_from_db()
    assert (document.status, document.ignored_reason) == ("ignored", "duplikat FS/8")
    assert RunLogEntry.objects.count() == 0


def test_csv_cells_a_device_sent_cannot_become_excel_formulas(client_admin, runs):
    """A document number like ``=HYPERLINK(…)`` comes out as text (leading apostrophe)."""
    RunLog(runs["failed"]).error('=HYPERLINK("http://example.invalid","kliknij")')
    RunLog(runs["failed"]).error("+48 600 100 200")
    params = {"run__id__exact": runs["failed"].pk}
    rows = _csv(client_admin.get("/importer/runlogentry/export/", params))
    messages = [r[7] for r in rows[1:]]
    assert '\'=HYPERLINK("http://example.invalid","kliknij")' in messages
    assert "'+48 600 100 200" in messages
    assert not any(m.startswith(("=", "+", "-", "@")) for m in messages)
