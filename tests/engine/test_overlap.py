"""Two runs of one database never overlap; numbering stays unique across concurrent runs."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection

from harmonogramy.models import CompanyDatabase
from importer import engine
from importer.engine import run_import
from importer.models import Device, MobileDocument, RunStatus
from tests.erp_fixtures import fs

pytestmark = pytest.mark.django_db(transaction=True)


def test_overlap_a_second_run_is_recorded_as_skipped_with_the_reason(demo_company):
    token = demo_company.acquire_run_lock()
    try:
        run = run_import(demo_company, "manual")
    finally:
        demo_company.release_run_lock(token)
    assert run.status == RunStatus.SKIPPED
    assert "in progress" in run.first_error
    assert run.entries.count() == 1


def test_overlap_sync_now_reports_skipped_and_exits_0(demo_company, capsys):
    token = demo_company.acquire_run_lock()
    try:
        call_command("sync_now", "--database", demo_company.name)  # no SystemExit: exit 0
    finally:
        demo_company.release_run_lock(token)
    assert "skipped" in capsys.readouterr().out


def test_overlap_sync_now_exits_1_when_a_run_fails(send, demo_company):
    send([fs(warehouse="NIEZNANY")])
    with pytest.raises(SystemExit) as exit_info:
        call_command("sync_now", "--all")
    assert exit_info.value.code == 1


def test_overlap_a_lock_left_by_a_killed_worker_expires(demo_company):
    demo_company.acquire_run_lock(ttl_seconds=60)  # the worker died without releasing it
    assert run_import(demo_company, "manual").status == RunStatus.SKIPPED
    with time_machine.travel(datetime.now(UTC) + timedelta(seconds=61)):
        assert run_import(demo_company, "manual").status == RunStatus.SUCCEEDED


def test_overlap_a_run_started_while_another_is_importing_is_skipped(
    send, demo_company, monkeypatch
):
    send([fs("A"), fs("B")])
    started, release = threading.Event(), threading.Event()
    original = engine.ImportRun._process

    def slow(self, guid):
        started.set()
        release.wait(30)
        return original(self, guid)

    monkeypatch.setattr(engine.ImportRun, "_process", slow)
    results = {}

    def first():
        results["first"] = run_import(CompanyDatabase.objects.get(pk=demo_company.pk), "schedule")
        connection.close()

    thread = threading.Thread(target=first)
    thread.start()
    assert started.wait(30)
    second = run_import(demo_company, "manual")
    release.set()
    thread.join(60)
    assert second.status == RunStatus.SKIPPED
    assert results["first"].status == RunStatus.SUCCEEDED
    assert results["first"].imported_count == 2


def test_numbering_is_unique_and_gap_free_under_two_concurrent_runs(demo_company, erp):
    # Two company-database rows pointing at the same ERP file: two runs write concurrently.
    twin = CompanyDatabase.objects.create(
        name="Demo (drugi automat)",
        dialect=demo_company.dialect,
        odbc_driver=demo_company.odbc_driver,
        server=demo_company.server,
        port=demo_company.port,
        username=demo_company.username,
        database=demo_company.database,
        default_warehouse="MAGAZYN",
    )
    for company in (demo_company, twin):
        device = Device(name=f"dev {company.pk}", company_database=company)
        device.issue_token()
        device.save()
        for i in range(15):
            doc = fs(f"{company.pk}/{i}")
            MobileDocument.objects.create(
                guid=doc["guid"],
                device=device,
                company_database=company,
                doc_type="FS",
                number=doc["number"],
                issued_at=datetime(2026, 11, 27, 9, tzinfo=UTC),
                payload=doc,
                content_hash=doc["guid"],
            )
    runs = {}

    def worker(company_id):
        runs[company_id] = run_import(CompanyDatabase.objects.get(pk=company_id), "schedule")
        connection.close()

    threads = [threading.Thread(target=worker, args=(c.pk,)) for c in (demo_company, twin)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert all(r.status == RunStatus.SUCCEEDED for r in runs.values()), [
        r.first_error for r in runs.values()
    ]
    numbers = sorted(r[0] for r in erp("SELECT TrN_NumerNr FROM TraNag"))
    assert numbers == list(range(1, 31))
