"""An administrator's morning, in a real browser against the live server.

Log in, see the dashboard, press "Synchronizuj teraz", watch the run appear, open its log,
retry a failed document, download the day's log file, switch the language.

The queued run is executed in-process: the test checks the django-q2 task the button put in
the broker's queue (ORM or Redis) and then calls its function, `importer.tasks.import_company`,
with its arguments — what a cluster worker would do — against the demo Optima (SQLite via
ODBC). The page refreshes itself until the run shows.
"""

import time

import pytest
from django.utils import timezone

from importer.models import DocumentStatus, MobileDocument, SyncRun
from importer.tasks import import_company
from tests.erp_fixtures import fs
from tests.production.clusters import purge_broker, take_queued_task

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Haslo-Testowe-987"
WAIT = 30  # seconds; generous upper bounds for a slow CI machine, never a timing assertion


def wait_for(condition, timeout=WAIT, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {message}")


def find(browser, css):
    from selenium.webdriver.common.by import By

    return browser.find_element(By.CSS_SELECTOR, css)


def find_all(browser, css):
    from selenium.webdriver.common.by import By

    return browser.find_elements(By.CSS_SELECTOR, css)


@pytest.fixture
def morning(demo_company, send, django_user_model, settings, tmp_path):
    """The demo company with one good and one bad document waiting, and an administrator."""
    settings.LOG_DIR = tmp_path / "logs"
    demo_company.error_policy = "skip"
    demo_company.save()
    assert (
        send([fs("FS/1/REP01"), fs("FS/2/REP01", customer={"code": "NIE-MA"})]).status_code == 200
    )
    django_user_model.objects.create_superuser("admin", "admin@example.com", PASSWORD)
    # A cluster that finished a task a moment ago, so the banner stays away.
    from django_q.models import Task

    now = timezone.now()
    Task.objects.create(
        id="b" * 32, name="tick", func="importer.tick.tick", started=now, stopped=now, success=True
    )
    return demo_company


def test_the_administrators_morning(browser, screenshot, live_server, morning, download_dir):
    company = morning
    base = live_server.url

    # Log in (Polish by default).
    browser.get(f"{base}/")
    wait_for(lambda: find_all(browser, "#id_username"), message="the login form")
    assert find(browser, "html").get_attribute("lang") == "pl"
    screenshot("01-login")
    find(browser, "#id_username").send_keys("admin")
    find(browser, "#id_password").send_keys(PASSWORD)
    find(browser, "form#login-form").submit()

    # The dashboard: one row, never run yet, two documents waiting.
    row_css = f"#company-{company.pk}"
    wait_for(lambda: find_all(browser, row_css), message="the dashboard row")
    assert find(browser, row_css).get_attribute("data-state") == "never_run"
    assert find(browser, f"{row_css} td.waiting").text == "2"
    assert not find_all(browser, "#cluster-banner")
    screenshot("02-dashboard")

    # "Synchronizuj teraz": a manual run is queued on the cluster (ORM broker or Redis).
    purge_broker()
    find(browser, f"{row_css} button.sync-now").click()
    wait_for(lambda: find_all(browser, f"{row_css} .queued"), message="the queued badge")
    assert find(browser, 'meta[http-equiv="refresh"]')
    task = take_queued_task()
    assert task["func"] == "importer.tasks.import_company"
    assert task["args"] == (company.pk, "manual")
    screenshot("03-queued")

    import_company(*task["args"])  # the worker's part, in-process
    run = SyncRun.objects.get()
    assert (run.status, run.imported_count, run.failed_count) == ("failed", 1, 1)

    # The page refreshes itself and the run appears.
    wait_for(
        lambda: find_all(browser, f"{row_css} td.last-run a"), message="the run on the dashboard"
    )
    assert find(browser, row_css).get_attribute("data-state") == "failing"
    assert "NIE-MA" in find(browser, f"{row_css} td.last-error").text
    screenshot("04-dashboard-after-run")

    # Open its log.
    find(browser, f"{row_css} td.last-run a").click()
    wait_for(lambda: "NIE-MA" in find(browser, "body").text, message="the run's log")
    assert "FS/2/REP01" in find(browser, "body").text
    screenshot("05-run-log")

    # Retry the failed document from its page.
    failed = MobileDocument.objects.get(status=DocumentStatus.FAILED)
    browser.get(f"{base}/importer/mobiledocument/{failed.pk}/change/")
    wait_for(lambda: find_all(browser, "#error-history"), message="the document page")
    assert "NIE-MA" in find(browser, "#error-history").text
    screenshot("06-failed-document")
    find(browser, "button.retry-document").click()
    wait_for(lambda: not find_all(browser, "button.retry-document"), message="the retry")
    failed.refresh_from_db()
    assert failed.status == DocumentStatus.RECEIVED

    # Download today's log file from the company database's page.
    browser.get(f"{base}/harmonogramy/companydatabase/{company.pk}/change/")
    wait_for(lambda: find_all(browser, "#log-files a.download-log"), message="the log file list")
    assert find_all(browser, "#chart-imported") and find_all(browser, "#chart-durations")
    screenshot("07-company-page")
    find(browser, "#log-files a.download-log").click()
    downloaded = wait_for(
        lambda: [p for p in download_dir.iterdir() if p.suffix == ".log"], message="the download"
    )
    assert "NIE-MA" in downloaded[0].read_text(encoding="utf-8")

    # Switch the language to English from the header.
    from selenium.webdriver.support.ui import Select

    browser.get(f"{base}/")
    wait_for(lambda: find_all(browser, "#language-select"), message="the language switch")
    Select(find(browser, "#language-select")).select_by_value("en")
    wait_for(lambda: find(browser, "html").get_attribute("lang") == "en", message="English")
    assert "Synchronize now" in find(browser, row_css).text
    screenshot("08-dashboard-english")
