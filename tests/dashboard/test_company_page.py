"""The company database's page: charts drawn as SVG, daily log files listed and downloadable."""

import pytest
from django.utils import timezone

from importer.runlog import RunLog, log_dir_for
from tests.admin.helpers import make_document
from tests.dashboard.conftest import make_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_dir(settings, tmp_path):
    settings.LOG_DIR = tmp_path / "logs"
    return settings.LOG_DIR


def test_the_page_lists_the_daily_log_files_and_downloads_one(
    client_admin, company_database, log_dir
):
    run = make_run(company_database, "failed")
    RunLog(run).error("Błąd: kontrahent „Żółw” nie istnieje", details="Traceback: boom")
    html = client_admin.get(
        f"/harmonogramy/companydatabase/{company_database.pk}/change/"
    ).content.decode()
    day = timezone.localdate()
    name = f"{day:%Y-%m-%d}.log"
    assert 'id="log-files"' in html and name in html
    url = f"/dashboard/{company_database.pk}/logs/{name}"
    assert url in html
    response = client_admin.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8")
    assert "Błąd: kontrahent „Żółw” nie istnieje" in text and "Traceback: boom" in text


@pytest.mark.parametrize(
    "name",
    ["..%2F..%2Fsecret_key.txt", "../other.log", "2026-13-45.log", "notes.txt", "%2Fetc%2Fpasswd"],
)
def test_only_the_databases_own_daily_files_are_served(
    client_admin, company_database, log_dir, name
):
    (log_dir).mkdir(parents=True, exist_ok=True)
    (log_dir / "other.log").write_text("other")
    folder = log_dir_for(company_database)
    folder.mkdir(parents=True)
    (folder / "notes.txt").write_text("x")
    assert client_admin.get(f"/dashboard/{company_database.pk}/logs/{name}").status_code == 404


def test_a_symlink_leaving_the_log_folder_is_not_served(
    client_admin, company_database, log_dir, tmp_path
):
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    folder = log_dir_for(company_database)
    folder.mkdir(parents=True)
    (folder / "2026-01-01.log").symlink_to(secret)
    assert (
        client_admin.get(f"/dashboard/{company_database.pk}/logs/2026-01-01.log").status_code == 404
    )
    html = client_admin.get(
        f"/harmonogramy/companydatabase/{company_database.pk}/change/"
    ).content.decode()
    assert "2026-01-01.log" not in html


def test_another_databases_file_is_not_served_through_this_one(
    client_admin, company_database, log_dir
):
    from tests.dashboard.conftest import make_company

    other = make_company("Inna")
    RunLog(make_run(other, "succeeded")).info("inna")
    name = f"{timezone.localdate():%Y-%m-%d}.log"
    assert client_admin.get(f"/dashboard/{other.pk}/logs/{name}").status_code == 200
    assert client_admin.get(f"/dashboard/{company_database.pk}/logs/{name}").status_code == 404


def test_the_page_draws_imports_per_day_and_run_durations(client_admin, device_and_token, log_dir):
    device, _ = device_and_token
    company = device.company_database
    for number in ("1", "2", "3"):
        make_document(device, "imported", number, imported_at=timezone.now())
    make_run(company, "succeeded")
    make_run(company, "failed", minutes_ago=5)
    html = client_admin.get(f"/harmonogramy/companydatabase/{company.pk}/change/").content.decode()
    imported = html[
        html.index('<svg id="chart-imported"') : html.index(
            "</svg>", html.index('id="chart-imported"')
        )
    ]
    assert imported.count('<g class="bar">') == 30
    assert f"{timezone.localdate():%Y-%m-%d}: 3</title>" in imported
    durations = html[html.index('<svg id="chart-durations"') :]
    durations = durations[: durations.index("</svg>")]
    assert durations.count('<g class="bar">') == 2 and 'fill="#ba2121"' in durations
