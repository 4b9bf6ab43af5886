"""Device master data: refresh from the ERP and download by a device, full and incremental.

A demo Optima gets N products offered to devices (each with 2 prices and stock in one
warehouse) and N customers. Then, timed:

1. the refresh of syncadmin's copy from the ERP (`devicedata.refresh.refresh`; the ERP read
   alone is printed too);
2. a device's full download of every kind over HTTP (``GET /api/mobile/v1/<kind>``, pages
   of 1000, following ``next``) from the app served on 127.0.0.1: rows/s and bytes;
3. 1 % of the products get a new price and 1 % of the customers a new city in the ERP; the
   refresh again (incremental: only those rows get new versions);
4. the device's incremental download since its cursors: rows/s and bytes.

    python bench/bench_devicedata.py [--products 20000] [--customers 20000]
                                     [--only sqlite|postgresql]
"""

import argparse
import json
import sys
import time
from decimal import Decimal
from pathlib import Path
from urllib import request

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (  # noqa: E402
    pg_throwaway_database,
    print_figures,
    print_machine,
    scratch_dir,
    setup_django,
)

KINDS = ("products", "stock", "customers", "payment-forms", "warehouses")


def fill_erp(company, products: int, customers: int) -> None:
    """Add ``products`` mobile products (2 prices, stock in MAGAZYN) and ``customers``."""
    from importer.erp import conventions as cv
    from importer.erp.adapter import connect
    from importer.erp.optima import OptimaCompany

    with connect(company.erp_settings()) as conn:
        erp = OptimaCompany(conn)
        mag_id = conn.fetch_value(
            f"SELECT Mag_MagId FROM {conn.table('Magazyny')} WHERE Mag_Symbol = 'MAGAZYN'"
        )
        step = 2000
        with conn.transaction():
            for start in range(0, products, step):
                rows = [
                    erp.complete(
                        "Towary",
                        {
                            "Twr_Kod": f"B-{i:06d}",
                            "Twr_Nazwa": f"Towar benchmarku {i}",
                            "Twr_JM": "szt",
                            "Twr_Typ": cv.PRODUCT_GOODS,
                            "Twr_Stawka": Decimal("23"),
                            "Twr_Flaga": cv.VAT_FLAG_TAXED,
                            "Twr_StawkaZak": Decimal("23"),
                            "Twr_FlagaZak": cv.VAT_FLAG_TAXED,
                            "Twr_NieAktywny": 0,
                            "Twr_Mobile": 1,
                            "Twr_EAN": f"590{i:010d}",
                            "Twr_JMPrzelicznikL": 1,
                            "Twr_JMPrzelicznikM": 1,
                            "Twr_JmPomPrzelicznikL": 1,
                            "Twr_JmPomPrzelicznikM": 1,
                            "Twr_KursL": cv.RATE_L,
                            "Twr_KursM": cv.RATE_M,
                            "Twr_Waluta": cv.SYSTEM_CURRENCY,
                        },
                    )
                    for i in range(start, min(start + step, products))
                ]
                conn.insert_many("Towary", rows)
            ids = [
                r[0]
                for r in conn.fetch_all(
                    f"SELECT Twr_TwrId FROM {conn.table('Towary')} WHERE Twr_Kod LIKE 'B-%' "
                    "ORDER BY Twr_TwrId"
                )
            ]
            for start in range(0, len(ids), step):
                chunk = ids[start : start + step]
                prices = [
                    erp.complete(
                        "TwrCeny",
                        {
                            "TwC_TwrID": twr,
                            "TwC_TwCNumer": number,
                            "TwC_Typ": number,
                            "TwC_Wartosc": Decimal(f"{10 + twr % 90}.{twr % 100:02d}"),
                            "TwC_Waluta": cv.SYSTEM_CURRENCY,
                            "TwC_Aktualizacja": 1,
                        },
                    )
                    for twr in chunk
                    for number in (1, 2)
                ]
                conn.insert_many("TwrCeny", prices)
                stock = [
                    erp.complete(
                        "TwrIlosci",
                        {
                            "TwI_TwrId": twr,
                            "TwI_MagId": mag_id,
                            "TwI_Data": None,
                            "TwI_Ilosc": Decimal(twr % 500),
                            "TwI_Rezerwacje": Decimal(0),
                        },
                    )
                    for twr in chunk
                ]
                conn.insert_many("TwrIlosci", stock)
            for start in range(0, customers, step):
                rows = [
                    erp.complete(
                        "Kontrahenci",
                        {
                            "Knt_Kod": f"K-{i:06d}",
                            "Knt_Nazwa1": f"Klient benchmarku {i} Sp. z o.o.",
                            "Knt_Nip": f"{1000000000 + i}",
                            "Knt_NipKraj": "PL",
                            "Knt_Miasto": "Poznań",
                            "Knt_Ulica": "Długa",
                            "Knt_NrDomu": str(i % 200),
                            "Knt_KodPocztowy": "60-001",
                            "Knt_Kraj": "Polska",
                            "Knt_Nieaktywny": 0,
                            "Knt_Rodzaj_Odbiorca": cv.CUSTOMER_IS_RECEIVER,
                            "Knt_Termin": 14,
                            "Knt_ImportRowId": f"bench-{i:08d}",
                        },
                    )
                    for i in range(start, min(start + step, customers))
                ]
                conn.insert_many("Kontrahenci", rows)


def change_one_percent(company, products: int, customers: int) -> int:
    """New prices for 1 % of the products and a new city for 1 % of the customers."""
    from importer.erp.adapter import connect

    every = 100
    with connect(company.erp_settings()) as conn, conn.transaction():
        conn.execute(
            f"UPDATE {conn.table('TwrCeny')} SET TwC_Wartosc = TwC_Wartosc + 1 WHERE TwC_TwrID IN "
            f"(SELECT Twr_TwrId FROM {conn.table('Towary')} WHERE Twr_Kod LIKE 'B-%' "
            f"AND MOD(Twr_TwrId, {every}) = 0)"
            if conn.dialect.name == "postgresql"
            else f"UPDATE {conn.table('TwrCeny')} SET TwC_Wartosc = TwC_Wartosc + 1 WHERE TwC_TwrID IN "
            f"(SELECT Twr_TwrId FROM {conn.table('Towary')} WHERE Twr_Kod LIKE 'B-%' "
            f"AND Twr_TwrId % {every} = 0)"
        )
        conn.execute(
            f"UPDATE {conn.table('Kontrahenci')} SET Knt_Miasto = 'Gniezno' "
            f"WHERE Knt_Kod LIKE 'K-%' AND Knt_KodPocztowy = '60-001' AND "
            + (
                "MOD(Knt_KntId, 100) = 0"
                if conn.dialect.name == "postgresql"
                else "Knt_KntId % 100 = 0"
            )
        )
    return products // every + customers // every


def download(base: str, token: str, cursors: dict) -> tuple[int, int, float]:
    """Download every kind since ``cursors`` (updated); returns (rows, bytes, seconds)."""
    rows = size = 0
    started = time.perf_counter()
    for kind in KINDS:
        url = f"{base}/{kind}?limit=1000" + (f"&since={cursors[kind]}" if kind in cursors else "")
        while url:
            req = request.Request(url, headers={"Authorization": f"Bearer {token}"})
            with request.urlopen(req, timeout=120) as resp:
                body = resp.read()
            size += len(body)
            page = json.loads(body)
            rows += len(page["changed"]) + len(page["removed"])
            cursors[kind] = page["cursor"]
            url = page["next"]
    return rows, size, time.perf_counter() - started


def measure(label: str, products: int, customers: int, erp_settings=None) -> list:
    from bench.workload import make_company
    from devicedata.refresh import refresh
    from importer.models import Device
    from syncadmin.demo import WebServer

    demo_dir = scratch_dir(f"syncadmin-bench-dd-{label}-") if erp_settings is None else None
    company, _device = make_company(f"Bench devicedata {label}", erp_settings, demo_dir)
    started = time.perf_counter()
    fill_erp(company, products, customers)
    print(
        f"{label}: ERP filled with {products} products and {customers} customers in "
        f"{time.perf_counter() - started:.1f} s"
    )
    device = Device(name=f"bench-{label}", company_database=company)
    token = device.issue_token()
    device.save()
    full = refresh(company)
    assert full.ok, full.error
    server = WebServer("127.0.0.1", 0).start()
    base = f"{server.url}/api/mobile/v1"
    try:
        cursors: dict = {}
        rows, size, seconds = download(base, token, cursors)
        changed = change_one_percent(company, products, customers)
        incremental = refresh(company)
        assert incremental.ok, incremental.error
        inc_rows, inc_size, inc_seconds = download(base, token, cursors)
    finally:
        server.stop()
    print(
        f"{label}: refresh {full.seconds:.2f} s (ERP read {full.read_seconds:.2f} s); full "
        f"download {rows} rows, {size} bytes in {seconds:.2f} s; {changed} rows changed in "
        f"the ERP; refresh {incremental.seconds:.2f} s (ERP read "
        f"{incremental.read_seconds:.2f} s); incremental download {inc_rows} rows, "
        f"{inc_size} bytes in {inc_seconds:.3f} s"
    )
    return [
        (f"devicedata_refresh_full_{label}", full.seconds, "s"),
        (f"devicedata_refresh_full_erp_read_{label}", full.read_seconds, "s"),
        (f"devicedata_download_full_{label}", rows / seconds if seconds else 0.0, "rows/s"),
        (f"devicedata_download_full_bytes_{label}", size, "bytes"),
        (f"devicedata_download_full_rows_{label}", rows, "rows"),
        (f"devicedata_refresh_incremental_{label}", incremental.seconds, "s"),
        (
            f"devicedata_download_incremental_{label}",
            inc_rows / inc_seconds if inc_seconds else 0.0,
            "rows/s",
        ),
        (f"devicedata_download_incremental_bytes_{label}", inc_size, "bytes"),
        (f"devicedata_download_incremental_rows_{label}", inc_rows, "rows"),
    ]


def main(argv=None) -> list:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=20_000)
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    args = parser.parse_args(argv)
    setup_django()
    print_machine()
    print(f"device data: {args.products} products (2 prices, stock), {args.customers} customers")
    figures = []
    if args.only in (None, "sqlite"):
        figures += measure("sqlite", args.products, args.customers)
    if args.only in (None, "postgresql"):
        with pg_throwaway_database() as pg:
            if pg is not None:
                figures += measure("postgresql", args.products, args.customers, pg)
    print_figures(figures)
    return figures


if __name__ == "__main__":
    main()
