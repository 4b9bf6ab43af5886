"""Scheduler: 1,000 company databases due every minute, most with nothing waiting.

A throwaway syncadmin gets N company databases with a 1-minute schedule; W of them (5 %)
have documents waiting (a copy of the demo Optima each). All are made due at the same slot;
the bench then runs the scheduler tick itself (`importer.tick.tick`, as django-q2 calls
it every minute) and one django-q2 cluster of two workers (``manage.py qcluster``, ORM
broker) runs the queued imports. Figures: the tick's duration, and per queued run the time
from the slot to the run's start (``SyncRun.started_at``) and from queuing to start, p50/p95.
Not included: the wait for django-q2's own scheduler to call the tick (≤ its 1-minute
period; the slot is taken as the moment the tick is called). Target: p95 ≤ 5 s.

    python bench/bench_scheduler.py [--databases 1000] [--waiting 50]
"""

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import ROOT, percentile, print_figures, print_machine, scratch_dir, setup_django


def main(argv=None) -> list:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", type=int, default=1000)
    parser.add_argument("--waiting", type=int, default=50)
    args = parser.parse_args(argv)
    data = setup_django()
    print_machine()
    from django.utils import timezone

    from bench.workload import fill_inbox, make_company
    from harmonogramy.models import CompanyDatabase, Schedule
    from importer.models import Device, SyncRun
    from importer.tick import tick

    template, device = make_company("Sched 0", None, scratch_dir("syncadmin-bench-erp-") / "optima")
    fill_inbox(template, device, 3)
    source = Path(template.database)
    companies = [template]
    rows = []
    for i in range(1, args.databases):
        database = str(source)
        if i < args.waiting:
            copy = data / "erp" / f"company-{i}.sqlite"
            copy.parent.mkdir(exist_ok=True)
            shutil.copy(source, copy)
            database = str(copy)
        rows.append(
            CompanyDatabase(
                name=f"Sched {i}",
                dialect="sqlite",
                odbc_driver="SQLite3",
                database=database,
                default_warehouse="MAGAZYN",
                retail_customer_code="DETAL",
            )
        )
    companies += CompanyDatabase.objects.bulk_create(rows)
    companies = list(CompanyDatabase.objects.order_by("pk"))
    for company in companies[1 : args.waiting]:
        dev = Device(name=f"D{company.pk}", company_database=company)
        dev.issue_token()
        dev.save()
        fill_inbox(company, dev, 3)
    Schedule.objects.bulk_create(
        [
            Schedule(company_database=c, interval_minutes=1)
            for c in companies
            if not Schedule.objects.filter(company_database=c).exists()
        ]
    )
    env = dict(
        os.environ,
        SYNCADMIN_DATA_DIR=str(data),
        SYNCADMIN_Q_WORKERS="2",
        Q_LOG_LEVEL="ERROR",
        LOG_LEVEL="WARNING",
    )
    env.pop("DATABASE_URL", None)
    cluster = subprocess.Popen(
        [sys.executable, "manage.py", "qcluster"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(4)  # the cluster is up and polling
        import importer.tasks

        queued_at = {}
        original = importer.tasks.queue_import

        def timed_queue_import(company, trigger):  # bench instrumentation: when each is queued
            task = original(company, trigger)
            queued_at[company.pk] = timezone.now()
            return task

        importer.tasks.queue_import = timed_queue_import
        slot = timezone.now()
        Schedule.objects.update(next_run_at=slot)
        started = time.perf_counter()
        queued = tick(slot)
        tick_seconds = time.perf_counter() - started
        importer.tasks.queue_import = original
        deadline = time.monotonic() + 120
        while SyncRun.objects.filter(company_database_id__in=queued).count() < len(queued):
            if time.monotonic() > deadline:
                print("scheduler: not every queued run started within 120 s")
                break
            time.sleep(0.2)
        while SyncRun.objects.filter(
            company_database_id__in=queued, finished_at__isnull=True
        ).exists():
            if time.monotonic() > deadline:
                break
            time.sleep(0.2)
    finally:
        cluster.terminate()
        try:
            cluster.wait(30)
        except subprocess.TimeoutExpired:
            cluster.kill()
    runs = list(SyncRun.objects.filter(company_database_id__in=queued))
    from_slot = [(r.started_at - slot).total_seconds() for r in runs]
    from_queue = [(r.started_at - queued_at[r.company_database_id]).total_seconds() for r in runs]
    statuses = sorted({r.status for r in runs})
    print(
        f"scheduler: {len(companies)} databases due, tick queued {len(queued)} in "
        f"{tick_seconds:.2f} s; {len(runs)} runs started ({', '.join(statuses)})"
    )
    figures = [
        ("scheduler_databases", len(companies), ""),
        ("scheduler_tick_seconds", tick_seconds, "s"),
        ("scheduler_runs_queued", len(queued), ""),
        ("scheduler_slot_to_start_p50", percentile(from_slot, 50), "s"),
        ("scheduler_slot_to_start_p95", percentile(from_slot, 95), "s"),
        ("scheduler_queue_to_start_p50", percentile(from_queue, 50), "s"),
        ("scheduler_queue_to_start_p95", percentile(from_queue, 95), "s"),
    ]
    print_figures(figures)
    return figures


if __name__ == "__main__":
    main()
