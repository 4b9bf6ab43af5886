"""Refreshing syncadmin's copy of the device data from a real ERP (SQLite and PostgreSQL)."""

from decimal import Decimal

from devicedata.models import DeviceDataState, Kind, MasterRecord
from devicedata.refresh import refresh


def _rows(company, kind):
    return {
        r.data["code"] if "code" in r.data else r.key: r
        for r in MasterRecord.objects.filter(company_database=company, kind=kind, removed=False)
    }


def test_a_refresh_copies_what_devices_need_from_the_erp(demo_company):
    result = refresh(demo_company)
    assert result.ok, result.error
    products = _rows(demo_company, Kind.PRODUCTS)
    # Twr_Mobile = 1 and active: WYCOFANY (inactive, not mobile) is not offered
    assert set(products) == {
        "KAWA-250",
        "HERBATA-100",
        "DOSTAWA",
        "CIASTKA-200",
        "KAWA-EKSPORT",
        "SZKOLENIE",
        "KAUCJA",
    }
    kawa = products["KAWA-250"].data
    assert (
        kawa["name"],
        kawa["unit"],
        kawa["vat_rate"],
        kawa["vat_percent"],
        kawa["vat_flag"],
    ) == ("Kawa mielona 250 g", "szt", "23", "23.00", 2)
    assert kawa["prices"] == [
        {"type": 1, "name": "hurtowa", "basis": "net", "value": "18.5000", "currency": "PLN"},
        {"type": 2, "name": "detaliczna", "basis": "gross", "value": "22.7600", "currency": "PLN"},
    ]
    assert products["SZKOLENIE"].data["vat_rate"] == "zw"
    assert products["KAUCJA"].data["vat_rate"] == "np"
    stock = {
        r.data["product_code"]: r.data
        for r in MasterRecord.objects.filter(company_database=demo_company, kind=Kind.STOCK)
    }
    assert stock["KAWA-250"]["warehouse"] == "MAGAZYN"
    assert (Decimal(stock["KAWA-250"]["quantity"]), Decimal(stock["KAWA-250"]["available"])) == (
        Decimal("120"),
        Decimal("115"),
    )
    customers = _rows(demo_company, Kind.CUSTOMERS)
    assert set(customers) == {"HURT-ABC", "DETAL"}  # NIEAKTYWNY is inactive
    hurt = customers["HURT-ABC"].data
    assert hurt["nip"] == "7740001454" and hurt["address"]["city"] == "Warszawa"
    assert hurt["payment"] == {"form": "przelew", "days": 14}
    assert {
        r.data["name"]
        for r in MasterRecord.objects.filter(company_database=demo_company, kind=Kind.PAYMENT_FORMS)
    } == {"gotówka", "przelew", "karta"}
    assert [
        r.data["symbol"]
        for r in MasterRecord.objects.filter(company_database=demo_company, kind=Kind.WAREHOUSES)
    ] == ["MAGAZYN"]  # STARY inactive
    state = DeviceDataState.objects.get(company_database=demo_company)
    assert state.last_success_at and not state.failing
    assert state.counts["products"] == {"rows": 7, "changed": 7, "removed": 0}


def test_a_second_refresh_versions_only_what_changed(demo_company, erp_write):
    refresh(demo_company)
    before = {r.key: r.version for r in MasterRecord.objects.filter(company_database=demo_company)}
    erp_write(
        "UPDATE {cdn}TwrCeny SET TwC_Wartosc = ? WHERE TwC_TwCNumer = 1 AND TwC_TwrID = "
        "(SELECT Twr_TwrId FROM {cdn}Towary WHERE Twr_Kod = 'HERBATA-100')",
        (Decimal("11.2500"),),
    )
    erp_write("UPDATE {cdn}Kontrahenci SET Knt_Nieaktywny = 1 WHERE Knt_Kod = 'DETAL'")
    result = refresh(demo_company)
    assert result.counts["products"] == {"rows": 7, "changed": 1, "removed": 0}
    assert result.counts["customers"] == {"rows": 1, "changed": 0, "removed": 1}
    assert result.counts["stock"]["changed"] == 0
    herbata = MasterRecord.objects.get(
        company_database=demo_company, kind=Kind.PRODUCTS, data__code="HERBATA-100"
    )
    assert herbata.data["prices"][0]["value"] == "11.2500"
    assert herbata.version > max(before.values())
    detal = MasterRecord.objects.get(
        company_database=demo_company, kind=Kind.CUSTOMERS, removed=True
    )
    assert detal.data == {} and detal.version > max(before.values())
    unchanged = MasterRecord.objects.filter(company_database=demo_company, kind=Kind.STOCK)
    assert all(r.version == before[r.key] for r in unchanged)


def test_a_failed_refresh_keeps_the_last_good_copy(demo_company):
    assert refresh(demo_company).ok
    copy = list(MasterRecord.objects.order_by("pk").values_list("pk", "version", "data"))
    demo_company.database = demo_company.database + "-nie-ma"
    demo_company.server = "127.0.0.1" if demo_company.dialect == "postgresql" else ""
    demo_company.port = 1 if demo_company.dialect == "postgresql" else None
    if demo_company.dialect == "sqlite":
        demo_company.database = "/nonexistent-dir/optima.sqlite"
    demo_company.save()
    result = refresh(demo_company)
    assert not result.ok and result.error
    assert "keep the last good copy" in result.summary()
    assert list(MasterRecord.objects.order_by("pk").values_list("pk", "version", "data")) == copy
    state = DeviceDataState.objects.get(company_database=demo_company)
    assert state.failing and state.last_error == result.error
    assert (
        state.last_success_at < state.last_attempt_at
        or state.last_success_at == state.last_attempt_at
    )
