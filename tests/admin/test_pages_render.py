"""Every changelist and change page renders, and list pages cost a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from harmonogramy.models import CompanyDatabase, Schedule
from importer.models import Device, RunLogEntry, SyncRun
from tests.admin.helpers import make_document


@pytest.fixture
def everything(company_database, operator, documents, sync_run):
    """One object of every model the admin shows."""
    return {
        "harmonogramy_companydatabase": company_database.pk,
        "operators_operator": operator.pk,
        "importer_device": documents[0].device_id,
        "importer_mobiledocument": documents[1].pk,
        "importer_syncrun": sync_run.pk,
        "importer_runlogentry": sync_run.entries.order_by("id")[1].pk,
    }


@pytest.mark.parametrize(
    "model",
    [
        "harmonogramy_companydatabase",
        "operators_operator",
        "importer_device",
        "importer_mobiledocument",
        "importer_syncrun",
        "importer_runlogentry",
    ],
)
def test_changelist_and_change_page_render(client_admin, everything, model):
    assert client_admin.get(reverse(f"admin:{model}_changelist")).status_code == 200
    change = client_admin.get(reverse(f"admin:{model}_change", args=[everything[model]]))
    assert change.status_code == 200


@pytest.mark.parametrize(
    "model", ["harmonogramy_companydatabase", "operators_operator", "importer_device"]
)
def test_add_page_renders(client_admin, db, model):
    assert client_admin.get(reverse(f"admin:{model}_add")).status_code == 200


@pytest.mark.parametrize(
    "model", ["importer_mobiledocument", "importer_syncrun", "importer_runlogentry"]
)
def test_records_cannot_be_added_by_hand(client_admin, db, model):
    assert client_admin.get(reverse(f"admin:{model}_add")).status_code == 403


def test_company_list_shows_schedule_and_counts(client_admin, company_database, documents):
    html = client_admin.get(reverse("admin:harmonogramy_companydatabase_changelist")).content
    html = html.decode()
    assert "every 1 min, every day, all day" in html  # client_admin asks for English
    assert "status__exact=failed" in html  # the failed count links to the failed documents


def _list_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_company_list_query_count_does_not_grow_with_rows(
    client_admin, company_database, documents, tmp_path
):
    url = reverse("admin:harmonogramy_companydatabase_changelist")
    _list_queries(client_admin, url)  # warm up the session and content types
    one = _list_queries(client_admin, url)
    for i in range(5):
        extra = CompanyDatabase.objects.create(name=f"Firma {i}", database=str(tmp_path / f"{i}"))
        Schedule.objects.create(company_database=extra)
    assert _list_queries(client_admin, url) == one


@pytest.mark.parametrize(
    "model",
    ["importer_device", "importer_mobiledocument", "importer_syncrun", "importer_runlogentry"],
)
def test_importer_lists_do_not_query_per_row(client_admin, documents, sync_run, model):
    url = reverse(f"admin:{model}_changelist")
    _list_queries(client_admin, url)
    before = _list_queries(client_admin, url)
    device = documents[0].device
    for i in range(5):
        make_document(device, "failed", f"FS/{10 + i}/2025", error="błąd")
    for i in range(5):
        d = Device(name=f"T{i}", company_database=device.company_database)
        d.issue_token()
        d.save()
        run = SyncRun.objects.create(company_database=device.company_database, trigger="manual")
        RunLogEntry.objects.create(run=run, company_database=run.company_database, message="x")
    assert _list_queries(client_admin, url) == before


def test_document_detail_shows_the_payload_with_polish_letters(client_admin, documents):
    url = reverse("admin:importer_mobiledocument_change", args=[documents[1].pk])
    html = client_admin.get(url).content.decode()
    assert "Zażółć Gęślą Jaźń" in html
    assert "Kontrahent nie istnieje" in html
    assert 'name="_save"' not in html  # read-only


def test_run_detail_lists_its_log_in_order_with_folded_details(client_admin, sync_run):
    html = client_admin.get(reverse("admin:importer_syncrun_change", args=[sync_run.pk]))
    html = html.content.decode()
    assert html.index("Start") < html.index("Kontrahent nie istnieje") < html.index("Koniec")
    assert "<details>" in html and "Traceback (most recent call last)" in html
    assert "1 min 05 s" in html


def test_log_list_filters_by_level(client_admin, sync_run):
    url = reverse("admin:importer_runlogentry_changelist")
    html = client_admin.get(url, {"level__exact": 40}).content.decode()
    assert "Kontrahent nie istnieje" in html and "Koniec" not in html


def test_runs_and_log_entries_cannot_be_deleted_by_hand(
    client, client_admin, django_user_model, sync_run
):
    """Not even by a superuser: retention deletes old runs and their log."""
    from django.contrib.auth.models import Permission

    staff = django_user_model.objects.create_user("staff", password="x-Pass-987", is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(codename__endswith="syncrun"))
    client.force_login(staff)
    url = reverse("admin:importer_syncrun_delete", args=[sync_run.pk])
    assert client.get(url).status_code == 403
    assert client_admin.get(url).status_code == 403
    entry = sync_run.entries.first()
    assert (
        client_admin.get(reverse("admin:importer_runlogentry_delete", args=[entry.pk])).status_code
        == 403
    )
    assert client.get(reverse("admin:importer_syncrun_changelist")).status_code == 200


def test_a_long_run_page_shows_the_first_entries_and_every_problem(client_admin, sync_run):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from importer.models import RunLogEntry
    from syncadmin.reporting.runs import RUN_PAGE_FIRST_ENTRIES

    RunLogEntry.objects.bulk_create(
        [
            RunLogEntry(
                run=sync_run,
                company_database=sync_run.company_database,
                level=20,
                message=f"imported as FS/{i}/11/2026",
            )
            for i in range(1, 2001)
        ]
        + [
            RunLogEntry(
                run=sync_run,
                company_database=sync_run.company_database,
                level=40,
                message="FS/9/REP01: product 'X' does not exist in the ERP",
            )
        ]
    )
    url = reverse("admin:importer_syncrun_change", args=[sync_run.pk])
    with CaptureQueriesContext(connection) as queries:
        html = client_admin.get(url).content.decode()
    assert "FS/9/REP01: product" in html  # the error at the very end is shown
    assert "imported as FS/1/11/2026<" in html
    assert "imported as FS/2000/11/2026<" not in html  # beyond the first entries
    assert html.count('<tr class="form-row') == RUN_PAGE_FIRST_ENTRIES + 1  # and the error
    assert "This run has 2" in html and "004 log entries" in html, html[
        html.find("Log entries of this run") :
    ][:400]
    assert len(queries) < 40  # not a query per entry


def test_the_browsers_favicon_request_is_no_404(client):
    assert client.get("/favicon.ico").status_code == 204


def test_a_command_on_a_data_directory_never_set_up_says_what_to_do(tmp_path):
    import subprocess
    import sys

    env = {"PATH": "/usr/bin:/bin", "SYNCADMIN_DATA_DIR": str(tmp_path / "new"), "HOME": "/tmp"}
    manage = str(__import__("pathlib").Path(__file__).resolve().parents[2] / "manage.py")
    done = subprocess.run(
        [sys.executable, manage, "sync_now", "--all"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "scripts/demo.sh" in done.stderr
