"""Dashboard and run list: render times with 500 databases, 100,000 runs, 1,000,000 log entries.

A throwaway syncadmin (Django on SQLite) is filled with raw executemany (the fill is not
measured); then a logged-in superuser's pages are rendered through Django's test client
(full middleware and templates, no network): the admin index (the dashboard lives there; it
is measured as it is at the time, and a page that errors is reported, not fatal), the run
list filtered by database and status, by status alone, and a database's log entries.
Median and p95 of R renders each. Target: p95 ≤ 300 ms.

    python bench/bench_dashboard.py [--databases 500] [--runs 100000] [--entries 1000000]
"""

import argparse
import random
import sys
import time
import traceback
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import median, percentile, print_figures, print_machine, setup_django


def _insert(model, columns: list[str], rows) -> None:
    from django.db import connection, transaction

    meta = model._meta
    quote = connection.ops.quote_name
    names = [meta.get_field(c).column for c in columns]
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(n) for n in names)}) "
        f"VALUES ({', '.join('%s' for _ in names)})"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        batch = []
        for row in rows:
            batch.append(row)
            if len(batch) == 20000:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def fill(databases: int, runs: int, entries: int) -> list[int]:
    from django.db import connection
    from django.utils import timezone

    from harmonogramy.models import CompanyDatabase, Schedule
    from importer.models import RunLogEntry, SyncRun

    companies = CompanyDatabase.objects.bulk_create(
        [
            CompanyDatabase(
                name=f"Firma {i:03d}",
                dialect="sqlite",
                odbc_driver="SQLite3",
                database=f"/nonexistent/{i}.sqlite",
            )
            for i in range(databases)
        ]
    )
    companies = list(CompanyDatabase.objects.order_by("pk").values_list("pk", flat=True))
    Schedule.objects.bulk_create(
        [Schedule(company_database_id=c, interval_minutes=5) for c in companies]
    )
    now = timezone.now()
    rnd = random.Random(7)
    stamp = connection.ops.adapt_datetimefield_value
    statuses = ["succeeded"] * 17 + ["failed", "skipped", "succeeded"]

    def run_rows():
        for i in range(runs):
            started = now - timedelta(minutes=runs - i)
            status = rnd.choice(statuses)
            yield (
                companies[i % len(companies)],
                "schedule",
                status,
                stamp(started),
                stamp(started + timedelta(seconds=3)),
                rnd.randint(0, 20),
                1 if status == "failed" else 0,
                0,
                "FS/1/REP01: lines[0].product_code: product 'X' does not exist"
                if status == "failed"
                else "",
                "host:1",
            )

    _insert(
        SyncRun,
        [
            "company_database",
            "trigger",
            "status",
            "started_at",
            "finished_at",
            "imported_count",
            "failed_count",
            "waiting_count",
            "first_error",
            "worker",
        ],
        run_rows(),
    )
    first_run = SyncRun.objects.order_by("pk").values_list("pk", flat=True).first()
    per_run = max(1, entries // max(1, runs))

    def entry_rows():
        for n in range(entries):
            i = min(runs - 1, n // per_run)
            yield (
                first_run + i,
                companies[i % len(companies)],
                stamp(now - timedelta(minutes=runs - i)),
                20,
                "",
                "",
                "imported as FS/1/11/2026",
                "",
            )

    _insert(
        RunLogEntry,
        [
            "run",
            "company_database",
            "created_at",
            "level",
            "document_guid",
            "document_number",
            "message",
            "details",
        ],
        entry_rows(),
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE") if connection.vendor == "sqlite" else None
    return companies


def measure(client, url: str, repeats: int) -> tuple[list[float], str]:
    times, problem = [], ""
    for _ in range(repeats):
        started = time.perf_counter()
        try:
            response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        except Exception as exc:  # noqa: BLE001 -- the dashboard may be mid-construction: report, go on
            return [], f"{type(exc).__name__}: {exc} ({traceback.format_exc(limit=1).strip()})"
        times.append(time.perf_counter() - started)
        if response.status_code != 200:
            return [], f"HTTP {response.status_code}"
    return times, problem


def main(argv=None) -> list:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", type=int, default=500)
    parser.add_argument("--runs", type=int, default=100_000)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args(argv)
    setup_django()
    print_machine()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the test client render with the default settings
    started = time.perf_counter()
    companies = fill(args.databases, args.runs, args.entries)
    print(
        f"dashboard: filled {args.databases} databases, {args.runs} runs, {args.entries} "
        f"log entries in {time.perf_counter() - started:.1f} s"
    )
    user = get_user_model().objects.create_superuser("bench", "bench@example.com", "x")
    client = Client()
    client.force_login(user)
    middle = companies[len(companies) // 2]
    pages = [
        ("dashboard_index", "/"),
        (
            "run_list_filtered",
            (f"/importer/syncrun/?company_database__id__exact={middle}&status__exact=failed"),
        ),
        ("run_list_by_status", "/importer/syncrun/?status__exact=failed"),
        ("log_list_filtered", f"/importer/runlogentry/?company_database__id__exact={middle}"),
    ]
    figures = []
    for name, url in pages:
        measure(client, url, 1)  # warm the caches and the template loader
        times, problem = measure(client, url, args.repeats)
        if problem:
            print(f"dashboard: {url}: {problem}")
            figures += [(f"{name}_median", "n/a", "ms"), (f"{name}_p95", "n/a", "ms")]
            continue
        print(
            f"dashboard: {url}: median {median(times) * 1000:.1f} ms, "
            f"p95 {percentile(times, 95) * 1000:.1f} ms over {len(times)} renders"
        )
        figures += [
            (f"{name}_median", median(times) * 1000, "ms"),
            (f"{name}_p95", percentile(times, 95) * 1000, "ms"),
        ]
    print_figures(figures)
    return figures


if __name__ == "__main__":
    main()
