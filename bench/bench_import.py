"""Import throughput against its ceiling, on SQLite-ODBC and PostgreSQL-ODBC.

syncadmin imports N FS documents of 5 lines each (``run_import``, as the worker does: lock,
operator, one run with its log). The ceiling then writes exactly the same TraNag, TraElem and
TraVat rows (read back from the ERP, the tables emptied) with raw pyodbc ``executemany`` in
one transaction: no validation, no mapping, no inbox. Both on the same ERP database through
the same driver. Prints documents/s and the ratio syncadmin ÷ ceiling (target ≥ 0.5).

syncadmin writes rows with multi-row ``INSERT ... VALUES (...), (...)`` statements, which
beat ``executemany`` (one execution per row) on both drivers. So the script also rewrites
the same rows that way, raw, and prints that stricter ceiling and ratio
(``import_ratio_multirow_*``): what syncadmin's own work costs on top of its writes. Beside
them, the database's own bulk path as the physical limit, outside ODBC: PostgreSQL's COPY
(psycopg) and Python's ``sqlite3`` module (``import_ratio_bulk_*``).

    python bench/bench_import.py [--documents 10000] [--only sqlite|postgresql]
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (
    pg_throwaway_database,
    print_figures,
    print_machine,
    scratch_dir,
    setup_django,
)

TABLES = (("TraNag", "TrN_TrNID"), ("TraElem", None), ("TraVat", None))


def _columns(table: str, keep_id: bool) -> list[str]:
    """The columns syncadmin writes into ``table``: those its mapping sets by rule and every
    other required column of Optima's shape (the neutral ones), plus the identity when the
    ceiling must keep the ids the lines point at. The ceiling writes exactly these, so it
    writes the same rows."""
    from importer.erp import shape
    from importer.mapping import declared_writes

    known = shape.table(table)
    written = declared_writes()[table] | {c.name for c in known.required}
    if keep_id:
        written |= {known.primary_key}
    return sorted(written)


def ceiling(settings) -> tuple[float, float]:
    """Read back the imported rows, empty the tables and rewrite them with raw pyodbc in one
    transaction, twice: with ``executemany`` (the issue's ceiling) and with multi-row
    ``INSERT ... VALUES (...), (...)`` statements of at most the dialect's parameter limit
    (the same rows, the faster way syncadmin itself writes them). Returns the seconds of
    each transaction (executemany, multi-row)."""
    import pyodbc

    from importer.erp.dialects import get_dialect

    dialect = get_dialect(settings.dialect)
    raw = pyodbc.connect(settings.connection_string(), autocommit=True)
    cur = raw.cursor()
    for sql in dialect.session_setup(settings.query_timeout):  # as syncadmin's session
        cur.execute(sql)
    data = {}
    for table, id_column in TABLES:
        columns = _columns(table, keep_id=id_column is not None)
        cur.execute(f"SELECT {', '.join(columns)} FROM {dialect.table(table)}")
        data[table] = (columns, [tuple(r) for r in cur.fetchall()])

    def empty():
        for table, _id in reversed(TABLES):
            cur.execute(f"DELETE FROM {dialect.table(table)}")
        if settings.dialect == "postgresql":
            cur.execute("VACUUM")

    def timed(write) -> float:
        empty()
        started = time.perf_counter()
        if settings.dialect == "sqlite":
            cur.execute("BEGIN IMMEDIATE")
        else:
            raw.autocommit = False
        for table, _id in TABLES:
            columns, rows = data[table]
            write(table, columns, rows)
        if settings.dialect == "sqlite":
            cur.execute("COMMIT")
        else:
            raw.commit()
            raw.autocommit = True
        return time.perf_counter() - started

    def executemany(table, columns, rows):
        marks = ", ".join("?" for _ in columns)
        cur.executemany(
            f"INSERT INTO {dialect.table(table)} ({', '.join(columns)}) VALUES ({marks})", rows
        )

    def multirow(table, columns, rows):
        per_statement = max(1, (dialect.multirow_max_params or 999) // len(columns))
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            cur.execute(
                dialect.insert_rows_sql(table, columns, len(chunk)),
                [value for row in chunk for value in row],
            )

    seconds = timed(executemany), timed(multirow)
    empty()
    raw.close()
    return (*seconds, bulk(settings, data))


def bulk(settings, data) -> float:
    """The same rows through the database's own bulk path, outside ODBC, in one transaction:
    COPY on PostgreSQL (psycopg), ``executemany`` of Python's ``sqlite3`` module on SQLite.
    Returns the seconds; the tables are emptied afterwards."""
    from importer.erp.dialects import get_dialect

    dialect = get_dialect(settings.dialect)
    if settings.dialect == "sqlite":
        import sqlite3

        db = sqlite3.connect(settings.database, isolation_level=None)
        db.execute("PRAGMA foreign_keys = ON")
        started = time.perf_counter()
        db.execute("BEGIN IMMEDIATE")
        for table, _id in TABLES:
            columns, rows = data[table]
            marks = ", ".join("?" for _ in columns)
            db.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                [
                    tuple(str(v) if type(v).__name__ == "Decimal" else v for v in row)
                    for row in rows
                ],
            )
        db.execute("COMMIT")
        seconds = time.perf_counter() - started
        for table, _id in reversed(TABLES):
            db.execute(f"DELETE FROM {table}")
        db.close()
        return seconds
    import psycopg

    with psycopg.connect(
        host=settings.server, dbname=settings.database, user=settings.username
    ) as db:
        started = time.perf_counter()
        with db.cursor() as cur:
            for table, _id in TABLES:
                columns, rows = data[table]
                with cur.copy(
                    f"COPY {dialect.table(table)} ({', '.join(columns)}) FROM STDIN"
                ) as copy:
                    for row in rows:
                        copy.write_row(row)
        db.commit()
        seconds = time.perf_counter() - started
        with db.cursor() as cur:
            for table, _id in reversed(TABLES):
                cur.execute(f"DELETE FROM {dialect.table(table)}")
        db.commit()
    return seconds


def syncadmin_import(company) -> tuple[float, object]:
    from importer.engine import run_import

    started = time.perf_counter()
    run = run_import(company, "command")
    return time.perf_counter() - started, run


def measure(label: str, documents: int, erp_settings=None) -> list:
    from bench.workload import fill_inbox, make_company

    demo_dir = scratch_dir(f"syncadmin-bench-{label}-") if erp_settings is None else None
    company, device = make_company(f"Bench {label}", erp_settings, demo_dir)
    fill_inbox(company, device, documents)
    seconds, run = syncadmin_import(company)
    if run.imported_count != documents:
        print(
            f"{label}: syncadmin imported {run.imported_count} of {documents} "
            f"({run.status}: {run.first_error})"
        )
    settings = company.erp_settings()
    ceiling_seconds, multirow_seconds, bulk_seconds = ceiling(settings)
    written = run.imported_count  # the ceilings rewrite what syncadmin wrote
    ours = written / seconds if seconds else 0.0
    best = written / ceiling_seconds if ceiling_seconds else 0.0
    multirow = written / multirow_seconds if multirow_seconds else 0.0
    ratio = ours / best if best else 0.0
    ratio_multirow = ours / multirow if multirow else 0.0
    physical = written / bulk_seconds if bulk_seconds else 0.0
    ratio_bulk = ours / physical if physical else 0.0
    print(
        f"{label}: syncadmin {run.imported_count} documents in {seconds:.2f} s "
        f"({ours:.0f}/s); ceiling (executemany) {written} in {ceiling_seconds:.2f} s "
        f"({best:.0f}/s), ratio {ratio:.3f}; multi-row INSERT {written} in "
        f"{multirow_seconds:.2f} s ({multirow:.0f}/s), ratio {ratio_multirow:.3f}; "
        f"the database's own bulk path {written} in {bulk_seconds:.2f} s "
        f"({physical:.0f}/s), ratio {ratio_bulk:.3f}"
    )
    return [
        (f"import_syncadmin_{label}", ours, "documents/s"),
        (f"import_ceiling_{label}", best, "documents/s"),
        (f"import_ratio_{label}", ratio, ""),
        (f"import_ceiling_multirow_{label}", multirow, "documents/s"),
        (f"import_ratio_multirow_{label}", ratio_multirow, ""),
        (f"import_ceiling_bulk_{label}", physical, "documents/s"),
        (f"import_ratio_bulk_{label}", ratio_bulk, ""),
    ]


def main(argv=None) -> list:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    args = parser.parse_args(argv)
    setup_django()
    print_machine()
    print(f"import throughput: {args.documents} FS documents of 5 lines")
    figures = []
    if args.only in (None, "sqlite"):
        figures += measure("sqlite", args.documents)
    if args.only in (None, "postgresql"):
        with pg_throwaway_database() as pg:
            if pg is not None:
                figures += measure("postgresql", args.documents, pg)
    print_figures(figures)
    return figures


if __name__ == "__main__":
    main()
