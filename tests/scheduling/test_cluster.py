"""The tick-to-run path through a real django-q2 cluster (``manage.py qcluster``, ORM broker)."""

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from harmonogramy.models import Schedule
from importer.models import DocumentStatus, MobileDocument, RunTrigger, SyncRun
from syncadmin.qschedule import TICK_NAME, ensure_tick_schedule
from tests.erp_fixtures import fs

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]


def _start_cluster():
    if connection.vendor != "sqlite":
        pytest.skip("this test points the cluster at the SQLite test database")
    env = dict(os.environ)
    env["DATABASE_URL"] = f"sqlite:///{connection.settings_dict['NAME']}"
    env["SYNCADMIN_DATA_DIR"] = str(settings.DATA_DIR)
    return subprocess.Popen(
        [sys.executable, "manage.py", "qcluster"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


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
        cluster.terminate()
        output, _ = cluster.communicate(timeout=60)
    assert MobileDocument.objects.filter(status=DocumentStatus.IMPORTED).count() == 2, output.decode(
        errors="replace"
    )
    run = SyncRun.objects.get(company_database=demo_company)
    assert run.trigger == RunTrigger.SCHEDULE and run.imported_count == 2
    # The slot moved past now: the next run is in the future.
    assert Schedule.objects.get(company_database=demo_company).next_run_at > run.started_at
