"""Reads of the device master data (importer/erp/masterdata.py) on the demo Optima, through
ODBC on SQLite and PostgreSQL: what is offered, the latest stock row, inactive price types."""

from datetime import datetime
from decimal import Decimal

import pytest

from importer.erp.adapter import connect
from importer.erp.masterdata import MasterDataReader
from importer.erp.optima import OptimaCompany


@pytest.fixture
def erp_conn(demo_company):
    with connect(demo_company.erp_settings()) as conn:
        yield conn


def test_only_active_mobile_products_are_offered_with_decimal_prices(erp_conn):
    products = {p.code: p for p in MasterDataReader(erp_conn).products()}
    assert "WYCOFANY" not in products
    kawa = products["KAWA-250"]
    assert kawa.vat_rate == Decimal("23.00") and kawa.vat_code == "23"
    assert [(p.number, p.basis, p.value) for p in kawa.prices] == [
        (1, "net", Decimal("18.5000")),
        (2, "gross", Decimal("22.7600")),
    ]
    assert all(isinstance(p.value, Decimal) for p in kawa.prices)
    with erp_conn.transaction():
        erp_conn.execute(
            f"UPDATE {erp_conn.table('Towary')} SET Twr_Mobile = 0 WHERE Twr_Kod = 'DOSTAWA'"
        )
        erp_conn.execute(
            f"UPDATE {erp_conn.table('DefCeny')} SET DfC_Nieaktywna = 1 WHERE DfC_Lp = 2"
        )
    products = {p.code: p for p in MasterDataReader(erp_conn).products()}
    assert "DOSTAWA" not in products
    assert [p.number for p in products["KAWA-250"].prices] == [1]


def test_stock_is_the_latest_row_per_product_and_active_warehouse(erp_conn):
    twr_id = erp_conn.fetch_value(
        f"SELECT Twr_TwrId FROM {erp_conn.table('Towary')} WHERE Twr_Kod = 'KAWA-250'"
    )
    stary = erp_conn.fetch_value(
        f"SELECT Mag_MagId FROM {erp_conn.table('Magazyny')} WHERE Mag_Symbol = 'STARY'"
    )
    main = erp_conn.fetch_value(
        f"SELECT Mag_MagId FROM {erp_conn.table('Magazyny')} WHERE Mag_Symbol = 'MAGAZYN'"
    )
    erp = OptimaCompany(erp_conn)
    with erp_conn.transaction():
        for mag, when, quantity in (
            (main, datetime(2026, 3, 1), "7.5"),
            (main, datetime(2025, 1, 1), "999"),
            (stary, datetime(2026, 3, 1), "50"),
        ):
            erp.insert_row(
                "TwrIlosci",
                {
                    "TwI_TwrId": twr_id,
                    "TwI_MagId": mag,
                    "TwI_Data": when,
                    "TwI_Ilosc": Decimal(quantity),
                    "TwI_Rezerwacje": Decimal("0.5"),
                },
            )
    stock = [s for s in MasterDataReader(erp_conn).stock() if s.product_code == "KAWA-250"]
    assert [(s.warehouse_symbol, s.quantity, s.available) for s in stock] == [
        ("MAGAZYN", Decimal("7.5000"), Decimal("7.0000"))
    ]  # STARY is inactive


def test_customers_forms_and_warehouses_are_the_active_ones(erp_conn):
    reader = MasterDataReader(erp_conn)
    customers = {c.code: c for c in reader.customers()}
    assert set(customers) == {"HURT-ABC", "DETAL"}
    hurt = customers["HURT-ABC"]
    assert hurt.name_parts == ("Hurtownia ABC Sp. z o.o.", "", "")
    assert (hurt.payment_form, hurt.payment_days, hurt.postal_code) == ("przelew", 14, "00-001")
    assert customers["DETAL"].payment_form == ""
    assert [(f.name, f.kind, f.days) for f in reader.payment_forms()] == [
        ("gotówka", 1, 0),
        ("przelew", 2, 14),
        ("karta", 3, 0),
    ]
    assert [w.symbol for w in reader.warehouses()] == ["MAGAZYN"]
