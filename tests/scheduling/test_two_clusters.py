"""Two ``manage.py qcluster`` processes on one Redis and one PostgreSQL (Django database).

Several company databases are due; both clusters run the scheduler tick on the same slot
(a second tick schedule makes the two clusters' ticks race for it, as two machines would)
and four workers take the import tasks. Proven from the recorded runs: every due database
ran exactly once for its slot, no two runs of one database overlapped in time, and every
document is in the ERP exactly once (by its GUID).
"""

import time
from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from harmonogramy.models import CompanyDatabase, Schedule
from importer.models import Device, DocumentStatus, MobileDocument, RunStatus, SyncRun
from syncadmin.qschedule import TICK_FUNC, TICK_NAME, ensure_tick_schedule
from tests.erp_fixtures import fs
from tests.production.clusters import purge_broker, start_cluster, stop_cluster

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "redis" not in settings.Q_CLUSTER,
        reason="needs django-q2 on Redis and Django on PostgreSQL (the second pass of "
        "scripts/test.sh sets DATABASE_URL and SYNCADMIN_REDIS_URL)",
    ),
]
COMPANIES = 4
DOCUMENTS_EACH = 3


def _company_like(template, index: int) -> CompanyDatabase:
    """Another company database on the same PostgreSQL ERP (distinct GUIDs, shared numbering)."""
    fields = (
        "dialect",
        "odbc_driver",
        "server",
        "port",
        "username",
        "database",
        "default_warehouse",
        "retail_customer_code",
        "default_cash_register",
    )
    company = CompanyDatabase.objects.create(
        name=f"Firma {index}", **{f: getattr(template, f) for f in fields}
    )
    Schedule.objects.create(company_database=company, interval_minutes=1)
    return company


def _documents_for(company) -> list[str]:
    device = Device(name=f"REP-{company.pk}", company_database=company)
    device.issue_token()
    device.save()
    guids = []
    for i in range(DOCUMENTS_EACH):
        doc = fs(f"FS/{i}/{company.pk}")
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
        guids.append(doc["guid"])
    return guids


def _due_now() -> None:
    """Every schedule due a minute ago; two tick schedules due now (one per cluster, racing)."""
    from django_q.models import Schedule as QSchedule

    ensure_tick_schedule()
    QSchedule.objects.update_or_create(
        name=f"{TICK_NAME} (second machine)",
        defaults={
            "func": TICK_FUNC,
            "schedule_type": QSchedule.MINUTES,
            "minutes": 1,
            "repeats": -1,
        },
    )
    QSchedule.objects.filter(func=TICK_FUNC).update(next_run=timezone.now() - timedelta(seconds=1))
    Schedule.objects.update(next_run_at=timezone.now() - timedelta(minutes=1))


def _all_done(expected: int) -> bool:
    imported = MobileDocument.objects.filter(status=DocumentStatus.IMPORTED).count()
    running = SyncRun.objects.filter(status=RunStatus.RUNNING).exists()
    return imported == expected and not running


@pytest.mark.parametrize("erp_dialect", ["postgresql"])
def test_two_clusters_run_each_due_database_once_per_slot_never_twice_at_once(demo_company, erp):
    assert connection.vendor == "postgresql", "the clusters share Django's PostgreSQL database"
    companies = [demo_company] + [_company_like(demo_company, i) for i in range(2, COMPANIES + 1)]
    guids = [g for company in companies for g in _documents_for(company)]
    slot_start = timezone.now()
    _due_now()
    purge_broker()

    clusters = [start_cluster(SYNCADMIN_Q_WORKERS="2") for _ in range(2)]
    outputs = []
    try:
        deadline = time.monotonic() + 80  # the scheduler first runs ~30 s after start
        while time.monotonic() < deadline and not _all_done(len(guids)):
            for cluster in clusters:
                assert cluster.poll() is None, stop_cluster(cluster)
            time.sleep(0.5)
    finally:
        outputs = [stop_cluster(cluster) for cluster in clusters]
    log = "\n".join(outputs)[-4000:]
    assert _all_done(len(guids)), log

    for company in companies:
        runs = list(SyncRun.objects.filter(company_database=company).order_by("started_at"))
        real = [r for r in runs if r.status != RunStatus.SKIPPED]
        assert len(real) == 1, (company.name, [(r.status, r.worker) for r in runs], log)
        assert real[0].status == RunStatus.SUCCEEDED, real[0].first_error
        assert real[0].trigger == "schedule" and real[0].started_at >= slot_start
        assert real[0].imported_count == DOCUMENTS_EACH
        for earlier, later in pairwise(runs):  # never two at the same time
            assert earlier.finished_at <= later.started_at, (company.name, earlier, later)
        assert Schedule.objects.get(company_database=company).next_run_at > real[0].started_at

    in_erp = [r[0] for r in erp("SELECT TrN_ImportRowId FROM TraNag")]
    assert sorted(in_erp) == sorted(guids)  # every GUID exactly once
    numbers = sorted(r[0] for r in erp("SELECT TrN_NumerNr FROM TraNag"))
    assert numbers == list(range(1, len(guids) + 1))  # gap-free under concurrent runs
