"""The tick-to-run path through a real django-q2 cluster (`manage.py qcluster`, the configured
broker: ORM by default, Redis in the PostgreSQL pass)."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from harmonogramy.models import Schedule
from importer.models import DocumentStatus, MobileDocument, RunTrigger, SyncRun
from syncadmin.qschedule import TICK_NAME, ensure_tick_schedule
from tests.erp_fixtures import fs
from tests.production.clusters import purge_broker, start_cluster, stop_cluster

pytestmark = pytest.mark.django_db(transaction=True)


def _start_cluster():
    # The child gets this test's database (SQLite file or PostgreSQL test_*) and broker.
    purge_broker()
    return start_cluster()


# The ERP side runs on SQLite here; tests/scheduling/test_two_clusters.py drives PostgreSQL.
@pytest.mark.parametrize("erp_dialect", ["sqlite"])
def test_the_cluster_imports_a_due_database_on_schedule(send, demo_company):
    docs = [fs("A"), fs("B")]
    assert send(docs).status_code == 200
    ensure_tick_schedule()
    from django_q.models import Schedule as QSchedule

    QSchedule.objects.filter(name=TICK_NAME).update(next_run=timezone.now() - timedelta(seconds=1))
    Schedule.objects.filter(company_database=demo_company).update(
        next_run_at=timezone.now() - timedelta(minutes=1)
    )
    cluster = _start_cluster()
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if MobileDocument.objects.filter(status=DocumentStatus.IMPORTED).count() == 2:
                break
            assert cluster.poll() is None, cluster.stdout.read().decode(errors="replace")
            time.sleep(1)
    finally:
        output = stop_cluster(cluster)
    assert MobileDocument.objects.filter(status=DocumentStatus.IMPORTED).count() == 2, output
    run = SyncRun.objects.get(company_database=demo_company)
    assert run.trigger == RunTrigger.SCHEDULE and run.imported_count == 2
    # The slot moved past now: the next run is in the future.
    assert Schedule.objects.get(company_database=demo_company).next_run_at > run.started_at
