"""Typed reads and writes of the Optima subset, on SQLite and PostgreSQL."""

import threading
import uuid
from decimal import Decimal

import pytest

from importer.erp import conventions as cv
from importer.erp.adapter import ErpError, connect
from importer.erp.optima import ErpDocumentRef, OptimaCompany
from tests.erp.factories import cash_entry, trade_header, trade_line


def test_customers_are_found_by_code_id_and_import_key(optima):
    abc = optima.customer_by_code("HURT-ABC")
    assert (abc.code, abc.name, abc.nip, abc.nip_country, abc.inactive) == (
        "HURT-ABC",
        "Hurtownia ABC Sp. z o.o.",
        "7740001454",
        "PL",
        False,
    )
    assert optima.customer_by_id(abc.id) == abc
    assert optima.customer_by_code("NIEAKTYWNY").inactive is True
    assert optima.customer_by_code("DETAL").nip == ""
    assert optima.customer_by_code("hurt-abc") is None
    assert optima.customer_code_taken("DETAL") and not optima.customer_code_taken("NOWY")
    assert optima.customer_by_import_id(str(uuid.uuid4())) is None


@pytest.mark.parametrize("nip", ["7740001454", "PL7740001454", "774-000-14-54", "pl 774 000 14 54"])
def test_customers_by_nip_ignore_spaces_dashes_and_pl(optima, nip):
    assert [c.code for c in optima.customers_by_nip(nip)] == ["HURT-ABC"]


def test_customers_by_nip_match_stored_formatting_and_never_empty(optima, company_conn):
    with company_conn.transaction():
        optima.insert_customer(
            {
                "Knt_Kod": "FORMAT",
                "Knt_Nazwa1": "Zapis z myślnikami",
                "Knt_NipKraj": "PL",
                "Knt_Nip": "PL 526-025-02-74",
            }
        )
    assert [c.code for c in optima.customers_by_nip("5260250274")] == ["FORMAT"]
    assert optima.customers_by_nip("") == []
    assert optima.customers_by_nip(" - ") == []


def test_products_warehouses_payment_forms(optima):
    coffee = optima.product_by_code("KAWA-250")
    assert (coffee.name, coffee.unit, coffee.vat_rate, coffee.vat_flag, coffee.inactive) == (
        "Kawa mielona 250 g",
        "szt",
        Decimal("23.00"),
        cv.VAT_FLAG_TAXED,
        False,
    )
    assert optima.product_by_code("SZKOLENIE").vat_flag == cv.VAT_FLAG_EXEMPT
    assert optima.product_by_code("WYCOFANY").inactive is True
    assert optima.product_by_code("NOPE") is None
    assert optima.warehouse_by_symbol("STARY").inactive is True
    assert optima.first_active_warehouse().symbol == "MAGAZYN"
    assert optima.payment_form_by_name("GOTÓWKA").name == "gotówka"
    assert optima.payment_form_by_name("Przelew").days == 14
    assert optima.payment_form_by_name("gotowka") is None
    assert optima.default_payment_form(cv.PAYMENT_CARD).name == "karta"
    assert optima.default_payment_form(9) is None


def test_definitions_and_cash_registers(optima, company_conn):
    fs = optima.document_definition(cv.CLASS_FS)
    assert (fs.symbol, fs.template) == ("FS", "@symbol/@numerS/@miesiac/@rok_kal")
    kp = optima.document_definition_by_symbol("KP")
    assert (kp.klass, kp.template) == (cv.CLASS_KP, "@symbol/@numerS/@rejestr/@rok_kal")
    assert optima.document_definition_by_symbol("XX") is None
    with company_conn.transaction():
        company_conn.execute(
            f"UPDATE {company_conn.table('DokDefinicje')} "
            "SET DDf_Nieaktywna = 1 WHERE DDf_Klasa = ?",
            (cv.CLASS_RO,),
        )
    assert optima.document_definition(cv.CLASS_RO) is None
    assert optima.cash_register().symbol == "KASA"
    assert optima.cash_register("BANK").name == "Rachunek bankowy"
    assert optima.cash_register("NOPE") is None


def test_trade_document_is_written_whole_and_found_by_its_guid(optima, company_conn):
    guid = str(uuid.uuid4())
    with company_conn.transaction():
        optima.lock_numbering("TraNag", "FS/@numerS/11/2026")
        nr = optima.next_trade_number("FS/@numerS/11/2026")
        trn_id = optima.insert_trade_document(
            trade_header(
                optima,
                guid=guid,
                nr=nr,
                numer_string="FS/@numerS/11/2026",
                TrN_Opis="Uwaga: dostawa do 12:00 — zażółć",
            ),
            [trade_line(optima, 1), trade_line(optima, 2, "HERBATA-100", "1.5", "10.49")],
            [
                {
                    "TrV_Stawka": Decimal("23.00"),
                    "TrV_Flaga": 2,
                    "TrV_Netto": Decimal("37.00"),
                    "TrV_VAT": Decimal("8.51"),
                    "TrV_NettoWal": Decimal("37.00"),
                    "TrV_VATWal": Decimal("8.51"),
                }
            ],
        )
    assert nr == 1
    assert optima.trade_document_by_import_id(guid) == ErpDocumentRef(trn_id, "FS/1/11/2026")
    t = company_conn.table
    lines = company_conn.fetch_all(
        f"SELECT TrE_Lp, TrE_TrNId, TrE_Ilosc, TrE_TwrNazwa FROM {t('TraElem')} ORDER BY TrE_Lp"
    )
    assert [(r[0], r[1], Decimal(str(r[2]))) for r in lines] == [
        (1, trn_id, Decimal(2)),
        (2, trn_id, Decimal("1.5")),
    ]
    assert company_conn.fetch_value(f"SELECT TrV_TrNID FROM {t('TraVat')}") == trn_id
    assert company_conn.fetch_value(f"SELECT TrN_Opis FROM {t('TraNag')}") == (
        "Uwaga: dostawa do 12:00 — zażółć"
    )
    with company_conn.transaction():
        assert optima.next_trade_number("FS/@numerS/11/2026") == 2
        assert optima.next_trade_number("FS/@numerS/12/2026") == 1


def test_a_failing_line_leaves_no_header(optima, company_conn):
    guid = str(uuid.uuid4())
    bad_line = {**trade_line(optima), "TrE_TwrKod": None}  # NOT NULL in Optima
    with pytest.raises(ErpError) as info, company_conn.transaction():
        optima.insert_trade_document(trade_header(optima, guid=guid), [bad_line], [])
    assert info.value.kind == "integrity"
    assert optima.trade_document_by_import_id(guid) is None


def test_second_document_with_the_same_import_key_is_refused(optima, company_conn):
    guid = str(uuid.uuid4())
    with company_conn.transaction():
        optima.insert_trade_document(trade_header(optima, guid=guid, nr=1), [], [])
    with pytest.raises(ErpError) as info, company_conn.transaction():
        optima.insert_trade_document(trade_header(optima, guid=guid, nr=2), [], [])
    assert (info.value.kind, info.value.transient) == ("integrity", False)
    with company_conn.transaction():  # one row without an import key …
        optima.insert_trade_document(trade_header(optima, guid=None, nr=3), [], [])
    with pytest.raises(ErpError) as info, company_conn.transaction():
        # … but not two: SQL Server's unique index TrNGUID holds one NULL only
        optima.insert_trade_document(trade_header(optima, guid=None, nr=4), [], [])
    assert info.value.kind == "integrity"


def test_same_number_twice_is_refused_by_the_database(optima, company_conn):
    with company_conn.transaction():
        optima.insert_trade_document(trade_header(optima, guid=str(uuid.uuid4()), nr=7), [], [])
    with pytest.raises(ErpError) as info, company_conn.transaction():
        optima.insert_trade_document(trade_header(optima, guid=str(uuid.uuid4()), nr=7), [], [])
    assert info.value.kind == "integrity"


def test_computed_number_must_not_be_written(optima, company_conn):
    with pytest.raises(ValueError), company_conn.transaction():
        optima.insert_trade_document(trade_header(optima, TrN_NumerPelny="FS/1"), [], [])


def test_writes_need_a_transaction(optima):
    with pytest.raises(RuntimeError):
        optima.insert_customer({"Knt_Kod": "X", "Knt_Nazwa1": "X"})


def test_customer_and_cash_entry_round_trip(optima, company_conn):
    knt_guid, kp_guid = str(uuid.uuid4()), str(uuid.uuid4())
    with company_conn.transaction():
        knt_id = optima.insert_customer(
            {
                "Knt_Kod": "SKLEP-ZIELONY",
                "Knt_Nazwa1": "Sklep Zielony Kąt Sp. z o.o.",
                "Knt_NipKraj": "PL",
                "Knt_Nip": "5260250274",
                "Knt_Miasto": "Łódź",
                "Knt_ImportRowId": knt_guid,
                "Knt_OpeZalKod": "SYNCHRO",
            }
        )
        optima.lock_numbering("BnkZapisy", "KP/@numerS/KASA/2026")
        nr = optima.next_cash_number("KP/@numerS/KASA/2026")
        bzp_id = optima.insert_cash_entry(cash_entry(optima, guid=kp_guid, nr=nr))
    customer = optima.customer_by_import_id(knt_guid)
    assert (customer.id, customer.name) == (knt_id, "Sklep Zielony Kąt Sp. z o.o.")
    assert optima.cash_entry_by_import_id(kp_guid) == ErpDocumentRef(bzp_id, "KP/1/KASA/2026")
    amount = company_conn.fetch_value(f"SELECT BZp_Kwota FROM {company_conn.table('BnkZapisy')}")
    assert cv.to_decimal(amount) == Decimal("100.00")


def test_concurrent_importers_take_distinct_gap_free_numbers(optima, company_conn):
    """2 threads x 20 documents, each: lock, read MAX+1, insert, commit -> 1..40."""
    settings = company_conn.settings
    numer_string = "FS/@numerS/11/2026"
    errors = []
    start = threading.Barrier(2)

    def importer():
        try:
            with connect(settings) as conn:
                company = OptimaCompany(conn)
                header = trade_header(company, numer_string=numer_string)
                start.wait(10)
                for _ in range(20):
                    with conn.transaction():
                        company.lock_numbering("TraNag", numer_string)
                        nr = company.next_trade_number(numer_string)
                        company.insert_trade_document(
                            {**header, "TrN_NumerNr": nr, "TrN_ImportRowId": str(uuid.uuid4())},
                            [trade_line(company)],
                            [],
                        )
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=importer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    numbers = [
        r[0]
        for r in company_conn.fetch_all(
            f"SELECT TrN_NumerNr FROM {company_conn.table('TraNag')} ORDER BY TrN_NumerNr"
        )
    ]
    assert numbers == list(range(1, 41))
    full = {
        r[0]
        for r in company_conn.fetch_all(
            f"SELECT TrN_NumerPelny FROM {company_conn.table('TraNag')}"
        )
    }
    assert len(full) == 40 and "FS/40/11/2026" in full
