"""Each mapping on its own, against a small fake ERP (no database): the rows it builds.

The fake answers the reads a mapping makes with fixed master data and records the writes;
whole runs on the real-shape replica are in tests/engine. Here: which columns get which
values, that every row names only columns its mapping declared (`WRITES`), and the errors.
"""

from datetime import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from importer.erp import conventions as cv
from importer.erp.optima import (
    CUSTOMER_SNAPSHOT,
    CashRegister,
    CashReport,
    Customer,
    DocumentDefinition,
    ErpDocumentRef,
    PaymentForm,
    Product,
    Warehouse,
)
from importer.mapping import DocumentError, ImportContext, cash, customer, trade

NOW = datetime(2026, 11, 27, 9, 30)


class FakeErp:
    """The reads the mappings make, answered from fixed master data; writes recorded."""

    def __init__(self):
        snapshot = {suffix: "" for suffix in CUSTOMER_SNAPSHOT}
        snapshot.update(Nazwa1="Hurtownia ABC", Miasto="Łódź", Ulica="Polna")
        self.customer = Customer(
            7,
            "HURT-ABC",
            "Hurtownia ABC",
            "7740001454",
            "PL",
            False,
            snapshot=snapshot,
            nip_e="7740001454",
            vat_payer=1,
        )
        self.products = {
            "KAWA-250": Product(
                3, "KAWA-250", "Kawa", "szt", Decimal("23.00"), cv.VAT_FLAG_TAXED, False, ean="590"
            )
        }
        self.customers_with_nip: list[Customer] = []
        self.writes: list[tuple] = []
        self.numbers: dict = {}

    def product_by_code(self, code):
        return self.products.get(code)

    def warehouse_by_symbol(self, symbol):
        return Warehouse(2, symbol, "Magazyn", False) if symbol == "MAGAZYN" else None

    def first_active_warehouse(self):
        return Warehouse(2, "MAGAZYN", "Magazyn", False)

    def payment_form_by_name(self, name):
        return PaymentForm(4, name, cv.PAYMENT_TRANSFER, 14) if name == "przelew" else None

    def default_payment_form(self, kind):
        return PaymentForm(1, "gotówka", kind, 0)

    def document_definition(self, klass):
        return DocumentDefinition(10 + klass % 10, klass, "FS", "@symbol/@numerS/@rok_kal")

    def document_definition_by_symbol(self, symbol):
        return DocumentDefinition(20, cv.CLASS_KP, symbol, "@symbol/@numerS/@rejestr/@rok_kal")

    def cash_register(self, symbol):
        return CashRegister(5, symbol or "KASA", "Kasa")

    def open_cash_report(self, register_id, day):
        return CashReport(8, register_id, datetime(2026, 1, 1), None, "RK/1/KASA")

    def lock_numbering(self, table, numer_string):
        self.writes.append(("lock", table, numer_string))

    def lock_report(self, report_id):
        self.writes.append(("lock report", report_id))

    def _next(self, key):
        self.numbers[key] = self.numbers.get(key, 0) + 1
        return self.numbers[key]

    def next_trade_number(self, numer_string):
        return self._next(numer_string)

    def next_cash_number(self, numer_string):
        return self._next(numer_string)

    def next_report_line(self, report_id):
        return self._next(("report", report_id))

    def trade_document_by_import_id(self, guid):
        return ErpDocumentRef(99, "FS/1/2026")

    def customers_by_nip(self, nip):
        return self.customers_with_nip

    def customer_code_taken(self, code):
        return False

    def insert_trade_document(self, header, lines, vat):
        self.writes.append(("trade", header, lines, vat))
        return 42

    def insert_cash_entry(self, values):
        self.writes.append(("cash", values))
        return 43

    def insert_customer(self, values):
        self.writes.append(("customer", values))
        return 44


def _context(erp, **company):
    fields = dict(
        time_zone="Europe/Warsaw",
        default_warehouse="MAGAZYN",
        documents_as_drafts=True,
        default_cash_register="KASA",
        inactive_nip_match="refuse",
    )
    fields.update(company)
    return ImportContext(
        company=SimpleNamespace(**fields),
        operator_acronym="SYNCHRO",
        now=NOW.astimezone(),
        resolve_customer=lambda ref, field: erp.customer,
        resolve_settled=lambda guid: "FS/1/2026",
        operator_id=1,
        operator_name="Automat",
    )


def _document(doc_type, payload, number="X/1"):
    return SimpleNamespace(
        doc_type=doc_type,
        payload=payload,
        number=number,
        guid="0b9a8c7d-6e5f-4a3b-8c1d-2e3f4a5b6c7d",
    )


INVOICE = {
    "issued_at": "2026-11-27T23:30:00+00:00",  # 28 November in Warsaw
    "customer": {"code": "HURT-ABC"},
    "payment": {"form": "przelew"},
    "lines": [
        {
            "product_code": "KAWA-250",
            "quantity": "3",
            "unit_price": "10.0050",
            "discount_percent": "10",
            "vat_rate": "23",
        }
    ],
}


def test_an_invoice_becomes_a_complete_header_lines_and_vat_table():
    erp = FakeErp()
    result = trade.import_document(erp, _document("FS", INVOICE), _context(erp))
    [(_kind, header, lines, vat)] = erp.writes[1:]
    assert result.erp_number == "FS/1/2026" and result.erp_id == 42
    assert set(header) <= trade.WRITES["TraNag"]
    assert all(set(line) <= trade.WRITES["TraElem"] for line in lines)
    assert all(set(row) <= trade.WRITES["TraVat"] for row in vat)
    assert header["TrN_DataDok"] == datetime(2026, 11, 28)  # the company's day
    assert (header["TrN_TypDokumentu"], header["TrN_Rodzaj"]) == (302, 302000)
    assert (header["TrN_Waluta"], header["TrN_KursL"], header["TrN_KursM"]) == ("", 1, 1)
    assert header["TrN_Termin"] == datetime(2026, 12, 12)  # przelew: 14 days
    assert header["TrN_PodNazwa1"] == header["TrN_OdbNazwa1"] == "Hurtownia ABC"
    assert header["TrN_PodMiasto"] == "Łódź" and header["TrN_OpeZalID"] == 1
    assert header["TrN_Bufor"] == cv.DRAFT and header["TrN_TypNB"] == cv.BASIS_NET
    [line] = lines
    assert line["TrE_Aktywny"] == 1 and line["TrE_PodID"] == 7 and line["TrE_TwrEAN"] == "590"
    assert line["Tre_CenaZCzteremaMiejscami"] == 1  # 10.0050 has four decimals
    assert (line["TrE_Ilosc"], line["TrE_Rabat"]) == (Decimal("3"), Decimal("10"))
    assert line["TrE_WartoscNetto"] == Decimal("27.01")
    assert vat == [
        {
            "TrV_Stawka": Decimal("23.00"),
            "TrV_Flaga": 2,
            "TrV_Netto": Decimal("27.01"),
            "TrV_VAT": Decimal("6.21"),
            "TrV_NettoWal": Decimal("27.01"),
            "TrV_VATWal": Decimal("6.21"),
        }
    ]
    assert header["TrN_RazemBrutto"] == Decimal("33.22") == header["TrN_RazemBruttoWal"]


@pytest.mark.parametrize(
    "change, field",
    [
        (
            {
                "lines": [
                    {"product_code": "NOPE", "quantity": "1", "unit_price": "1", "vat_rate": "23"}
                ]
            },
            "lines[0].product_code",
        ),
        ({"warehouse": "STARY"}, "warehouse"),
        ({"payment": {"form": "czek"}}, "payment.form"),
        ({"totals": {"net": "1.00", "vat": "0.23", "gross": "1.23"}}, "totals"),
    ],
)
def test_what_the_erp_does_not_know_is_a_document_error_naming_the_field(change, field):
    erp = FakeErp()
    with pytest.raises(DocumentError) as caught:
        trade.import_document(erp, _document("FS", {**INVOICE, **change}), _context(erp))
    assert caught.value.field == field
    assert not [w for w in erp.writes if w[0] == "trade"]


def test_a_kp_goes_into_the_open_cash_report_with_the_customers_snapshot():
    erp = FakeErp()
    payload = {
        "issued_at": "2026-11-27T10:20:00+01:00",
        "customer": {"code": "HURT-ABC"},
        "amount": "100.00",
        "settles": "7a1d9e02-4b6f-4f3e-8c2d-0e9f8a7b6c51",
    }
    result = cash.import_document(erp, _document("KP", payload, "KP/4"), _context(erp))
    [(_kind, values)] = [w for w in erp.writes if w[0] == "cash"]
    assert set(values) <= cash.WRITES["BnkZapisy"]
    assert result.erp_number == "KP/1/KASA/2026"
    assert (values["BZp_BRpID"], values["BZp_BRpLP"], values["BZp_DDfID"]) == (8, 1, 20)
    assert values["BZp_Kwota"] == values["BZp_KwotaSys"] == Decimal("100.00")
    assert values["BZp_Opis"] == "Zapłata za FS/1/2026"
    assert values["BZp_Nazwa1"] == "Hurtownia ABC" and values["BZp_OpeZalId"] == 1
    assert ("lock report", 8) in erp.writes


def test_a_kp_without_an_open_report_names_the_register_and_the_date():
    erp = FakeErp()
    erp.open_cash_report = lambda register_id, day: None
    payload = {
        "issued_at": "2026-11-27T10:20:00+01:00",
        "customer": {"code": "HURT-ABC"},
        "amount": "100.00",
    }
    with pytest.raises(DocumentError) as caught:
        cash.import_document(erp, _document("KP", payload), _context(erp))
    assert "KASA" in str(caught.value) and "2026-11-27" in str(caught.value)


def test_a_new_customer_gets_a_complete_row_with_its_name_spread():
    erp = FakeErp()
    name = "Przedsiębiorstwo " * 4 + "Łąka"
    payload = {"name": name, "nip": "526-025-02-74", "address": {"street": "Polna", "city": "Łódź"}}
    result = customer.import_document(erp, _document("KNT", payload), _context(erp))
    [(_kind, values)] = erp.writes
    assert set(values) <= customer.WRITES["Kontrahenci"]
    assert "".join(values[c] for c in customer.NAME_COLUMNS) == name
    assert len(values["Knt_Nazwa1"]) <= 50 and len(values["Knt_Nazwa2"]) <= 50
    assert (values["Knt_Nip"], values["Knt_NipKraj"], values["Knt_Rodzaj_Odbiorca"]) == (
        "5260250274",
        "PL",
        1,
    )
    assert (values["Knt_Miasto"], values["Knt_Poczta"]) == ("Łódź", "Łódź")
    assert result.erp_id == 44


def test_several_active_customers_with_the_nip_are_a_warning_naming_them():
    erp = FakeErp()
    erp.customers_with_nip = [
        Customer(1, "A", "A", "5260250274", "PL", False),
        Customer(2, "B", "B", "5260250274", "PL", False),
    ]
    result = customer.import_document(
        erp, _document("KNT", {"name": "X", "nip": "5260250274"}), _context(erp)
    )
    assert result.erp_number == "A" and not erp.writes
    assert result.warnings and "A, B" in result.warnings[0]
