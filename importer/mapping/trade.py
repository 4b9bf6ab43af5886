"""FS, PA, RO, WZ → one ``CDN.TraNag`` header, its ``CDN.TraElem`` lines, its ``CDN.TraVat`` rows.

Every row is complete for a real Optima (``importer/erp/optima_tables``): the columns below
are set by rule, every other NOT NULL column with the neutral value of its type
(`OptimaCompany.complete`). Rules: the contract's money (`importer.money`, PLN with 2
decimals, prices and quantities with 4), Optima's conventions (`importer.erp.conventions`:
currency ``''`` with rates 1/1, ``TrE_Aktywny = 1``, the line's customer), and the customer's
snapshot: payer (``TrN_Pod*``) and receiver (``TrN_Odb*``) copied from its Kontrahenci row,
address included, as Optima keeps it on the document.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils.translation import gettext as _

from importer.doctypes import TRADE_CLASSES
from importer.erp import conventions as cv
from importer.erp.optima import CUSTOMER_SNAPSHOT
from importer.mapping.common import (
    DocumentError,
    ImportContext,
    ImportResult,
    as_datetime,
    customer_snapshot,
    parse_date,
)
from importer.money import compute_amounts, document_basis, totals_mismatch

_PAYER = {f"TrN_Pod{suffix}" for suffix in CUSTOMER_SNAPSHOT}
_RECEIVER = {f"TrN_Odb{suffix}" for suffix in CUSTOMER_SNAPSHOT}

#: The columns each table's rows set by rule (`OptimaCompany.declare_writes`).
WRITES = {
    "TraNag": frozenset(
        {
            "TrN_TypDokumentu",
            "TrN_Rodzaj",
            "TrN_DDfId",
            "TrN_NumerNr",
            "TrN_NumerString",
            "TrN_NumerObcy",
            "TrN_NumerPelnyPrw",
            "TrN_Bufor",
            "TrN_Anulowany",
            "TrN_Detal",
            "TrN_DataDok",
            "TrN_DataWys",
            "TrN_DataOpe",
            "TrN_DataKur",
            "TrN_Termin",
            "TrN_PodmiotTyp",
            "TrN_PodID",
            "TrN_PodNipE",
            "TrN_PodNipKraj",
            "TrN_PodmiotGLN",
            "TrN_PlatnikTyp",
            "TrN_PlatnikID",
            "TrN_OdbiorcaTyp",
            "TrN_OdbID",
            "TrN_OdbNipE",
            "TrN_OdbNipKraj",
            "TrN_OdbiorcaGLN",
            "TrN_Finalny",
            "TrN_PodatekVat",
            "TrN_MagZrdId",
            "TrN_FPlId",
            "TrN_TypNB",
            "TrN_Rabat",
            "TrN_RazemNetto",
            "TrN_RazemVAT",
            "TrN_RazemBrutto",
            "TrN_RazemNettoWal",
            "TrN_RazemVATWal",
            "TrN_RazemBruttoWal",
            "TrN_Waluta",
            "TrN_KursL",
            "TrN_KursM",
            "TrN_KursNumer",
            "TrN_KSeFTypSrodowiska",
            "TrN_OpeZalID",
            "TrN_OpeZalKod",
            "TrN_OpeZalNazwisko",
            "TrN_TS_Zal",
            "TrN_OpeModID",
            "TrN_OpeModKod",
            "TrN_OpeModNazwisko",
            "TrN_TS_Mod",
            "TrN_ImportRowId",
            "TrN_ImportAppId",
            "TrN_Opis",
        }
    )
    | _PAYER
    | _RECEIVER,
    "TraElem": frozenset(
        {
            "TrE_TrNId",
            "TrE_Lp",
            "TrE_TypDokumentu",
            "TrE_Aktywny",
            "TrE_DataDok",
            "TrE_DataOpe",
            "TrE_PodmiotTyp",
            "TrE_PodID",
            "TrE_MagId",
            "TrE_TwrId",
            "TrE_TwrKod",
            "TrE_TwrNazwa",
            "TrE_TwrTyp",
            "TrE_TwrEAN",
            "TrE_TwrNumerKat",
            "TrE_TwrSWW",
            "TrE_TwrKodDostawcy",
            "TrE_Ilosc",
            "TrE_IloscJM",
            "TrE_Jm",
            "TrE_JmZ",
            "TrE_JMPrzelicznikL",
            "TrE_JMPrzelicznikM",
            "TrE_TypNB",
            "Tre_CenaZCzteremaMiejscami",
            "TrE_Cena0",
            "TrE_Cena0WD",
            "TrE_CenaT",
            "TrE_CenaW",
            "TrE_CenaWWD",
            "TrE_Rabat",
            "TrE_Stawka",
            "TrE_Flaga",
            "TrE_WartoscNetto",
            "TrE_WartoscBrutto",
            "TrE_WartoscNettoWal",
            "TrE_WartoscBruttoWal",
            "TrE_Waluta",
            "TrE_KursL",
            "TrE_KursM",
            "TrE_KursNumer",
        }
    ),
    "TraVat": frozenset(
        {
            "TrV_TrNID",
            "TrV_Stawka",
            "TrV_Flaga",
            "TrV_Netto",
            "TrV_VAT",
            "TrV_NettoWal",
            "TrV_VATWal",
        }
    ),
}

_TWO_PLACES = Decimal("0.01")


def import_document(erp, document, context: ImportContext) -> ImportResult:
    """Write one trade document (a `MobileDocument` of type FS, PA, RO or WZ).

    Raises `DocumentError` naming the field and value for anything the ERP does not know or
    that does not add up: unknown/inactive product, warehouse, payment form or customer, a
    missing document definition, device totals that differ by more than 0.01.
    Must run inside an ERP transaction (the caller's).
    """
    payload = document.payload
    klass = TRADE_CLASSES[document.doc_type]
    amounts = compute_amounts(payload)
    problems = totals_mismatch(payload, amounts)
    if problems:
        raise DocumentError("totals", "; ".join(problems))

    customer = context.resolve_customer(payload.get("customer"), "customer")
    warehouse = _warehouse(erp, payload.get("warehouse"), context)
    doc_date = context.document_date(payload["issued_at"])
    sale_date = (
        parse_date(payload["sale_date"], "sale_date") if payload.get("sale_date") else doc_date
    )
    form, due_date = _payment(erp, payload.get("payment"), doc_date)
    definition = erp.document_definition(klass)
    if definition is None:
        raise DocumentError(
            "type",
            _(
                "the company database has no active document definition of class %(klass)d (%(type)s)"
            )
            % {"klass": klass, "type": document.doc_type},
        )
    basis = cv.BASIS_GROSS if document_basis(payload) == "gross" else cv.BASIS_NET
    day, sale_day = as_datetime(doc_date), as_datetime(sale_date)

    lines = []
    for amount, line in zip(amounts.lines, payload["lines"], strict=True):
        product = _product(erp, line["product_code"], amount.index)
        flag, rate = cv.vat_flag_and_rate(amount.vat_rate)
        unit = line.get("unit") or product.unit
        four_places = int(
            amount.unit_price != amount.unit_price.quantize(_TWO_PLACES)
            or amount.price_after_discount != amount.price_after_discount.quantize(_TWO_PLACES)
        )
        lines.append(
            {
                "TrE_Lp": amount.index + 1,
                "TrE_TypDokumentu": klass,
                "TrE_Aktywny": cv.LINE_ACTIVE,
                "TrE_DataDok": day,
                "TrE_DataOpe": sale_day,
                "TrE_PodmiotTyp": cv.COUNTERPARTY_CUSTOMER,
                "TrE_PodID": customer.id,
                "TrE_MagId": warehouse.id,
                "TrE_TwrId": product.id,
                "TrE_TwrKod": product.code,
                "TrE_TwrNazwa": product.name,
                "TrE_TwrTyp": product.kind,
                "TrE_TwrEAN": product.ean,
                "TrE_TwrNumerKat": product.catalog_number,
                "TrE_TwrSWW": product.sww,
                "TrE_TwrKodDostawcy": product.supplier_code,
                "TrE_Ilosc": amount.quantity,
                "TrE_IloscJM": amount.quantity,
                "TrE_Jm": unit,
                "TrE_JmZ": unit,
                "TrE_JMPrzelicznikL": 1,
                "TrE_JMPrzelicznikM": 1,
                "TrE_TypNB": basis,
                "Tre_CenaZCzteremaMiejscami": four_places,
                "TrE_Cena0": amount.unit_price,
                "TrE_Cena0WD": amount.unit_price,
                "TrE_CenaT": amount.price_after_discount,
                "TrE_CenaW": amount.price_after_discount,
                "TrE_CenaWWD": amount.price_after_discount,
                "TrE_Rabat": amount.discount,
                "TrE_Stawka": rate,
                "TrE_Flaga": flag,
                "TrE_WartoscNetto": amount.net,
                "TrE_WartoscBrutto": amount.gross,
                "TrE_WartoscNettoWal": amount.net,
                "TrE_WartoscBruttoWal": amount.gross,
                "TrE_Waluta": cv.SYSTEM_CURRENCY,
                "TrE_KursL": cv.RATE_L,
                "TrE_KursM": cv.RATE_M,
                "TrE_KursNumer": cv.RATE_NUMBER,
            }
        )
    vat_rows = []
    for summary in amounts.rates:
        flag, rate = cv.vat_flag_and_rate(summary.vat_rate)
        vat_rows.append(
            {
                "TrV_Stawka": rate,
                "TrV_Flaga": flag,
                "TrV_Netto": summary.net,
                "TrV_VAT": summary.vat,
                "TrV_NettoWal": summary.net,
                "TrV_VATWal": summary.vat,
            }
        )

    numer_string = _numer_string(definition, doc_date, warehouse.symbol)
    erp.lock_numbering("TraNag", numer_string)
    number = erp.next_trade_number(numer_string)
    operator = context.operator_columns("TrN")
    header = {
        "TrN_TypDokumentu": klass,
        "TrN_Rodzaj": cv.plain_kind(klass),
        "TrN_DDfId": definition.id,
        "TrN_NumerNr": number,
        "TrN_NumerString": numer_string,
        "TrN_NumerObcy": document.number,
        "TrN_NumerPelnyPrw": "",
        "TrN_Bufor": cv.DRAFT if context.company.documents_as_drafts else cv.CONFIRMED,
        "TrN_Anulowany": 0,
        "TrN_Detal": int(klass == cv.CLASS_PA),
        "TrN_DataDok": day,
        "TrN_DataWys": day,
        "TrN_DataOpe": sale_day,
        "TrN_DataKur": day,
        "TrN_Termin": as_datetime(due_date),
        "TrN_PodmiotTyp": cv.COUNTERPARTY_CUSTOMER,
        "TrN_PodID": customer.id,
        "TrN_PodNipE": customer.nip_e or customer.nip,
        "TrN_PodNipKraj": customer.nip_country,
        "TrN_PodmiotGLN": customer.gln,
        "TrN_PlatnikTyp": cv.COUNTERPARTY_CUSTOMER,
        "TrN_PlatnikID": customer.id,
        "TrN_OdbiorcaTyp": cv.COUNTERPARTY_CUSTOMER,
        "TrN_OdbID": customer.id,
        "TrN_OdbNipE": customer.nip_e or customer.nip,
        "TrN_OdbNipKraj": customer.nip_country,
        "TrN_OdbiorcaGLN": customer.gln,
        "TrN_Finalny": customer.final,
        "TrN_PodatekVat": customer.vat_payer,
        "TrN_MagZrdId": warehouse.id,
        "TrN_FPlId": form.id,
        "TrN_TypNB": basis,
        "TrN_Rabat": Decimal(payload.get("discount_percent") or "0"),
        "TrN_RazemNetto": amounts.net,
        "TrN_RazemVAT": amounts.vat,
        "TrN_RazemBrutto": amounts.gross,
        "TrN_RazemNettoWal": amounts.net,
        "TrN_RazemVATWal": amounts.vat,
        "TrN_RazemBruttoWal": amounts.gross,
        "TrN_Waluta": cv.SYSTEM_CURRENCY,
        "TrN_KursL": cv.RATE_L,
        "TrN_KursM": cv.RATE_M,
        "TrN_KursNumer": cv.RATE_NUMBER,
        "TrN_KSeFTypSrodowiska": cv.PARTLY_RECORDED_DEFAULT,
        **operator,
        "TrN_ImportRowId": document.guid,
        "TrN_ImportAppId": cv.IMPORT_APP_ID,
        "TrN_Opis": payload.get("note") or "",
        **customer_snapshot(customer, "TrN_Pod"),
        **customer_snapshot(customer, "TrN_Odb"),
    }
    trn_id = erp.insert_trade_document(header, lines, vat_rows)
    messages = []
    if basis == cv.BASIS_GROSS:
        messages.append(_("prices on the gross basis"))
    return ImportResult(cv.full_number(numer_string, number), trn_id, messages)


def _product(erp, code: str, index: int):
    product = erp.product_by_code(code)
    if product is None:
        raise DocumentError(
            f"lines[{index}].product_code",
            _("product %(code)r does not exist in the ERP") % {"code": code},
        )
    if product.inactive:
        raise DocumentError(
            f"lines[{index}].product_code",
            _("product %(code)r is inactive in the ERP") % {"code": product.code},
        )
    return product


def _numer_string(definition, doc_date, warehouse: str) -> str:
    try:
        return cv.render_numbering(
            definition.template,
            symbol=definition.symbol,
            doc_date=doc_date,
            warehouse=warehouse,
        )
    except ValueError as exc:
        raise DocumentError(
            "type",
            _("the numbering template %(template)r of %(symbol)s cannot be used: %(error)s")
            % {"template": definition.template, "symbol": definition.symbol, "error": exc},
        ) from exc


def _warehouse(erp, symbol: str | None, context: ImportContext):
    field = "warehouse"
    if not symbol:
        symbol = context.company.default_warehouse
        field = "warehouse (default of the company database)"
    warehouse = erp.warehouse_by_symbol(symbol) if symbol else erp.first_active_warehouse()
    if warehouse is None:
        raise DocumentError(
            field, _("warehouse %(symbol)r does not exist in the ERP") % {"symbol": symbol}
        )
    if warehouse.inactive:
        raise DocumentError(
            field, _("warehouse %(symbol)r is inactive in the ERP") % {"symbol": symbol}
        )
    return warehouse


def _payment(erp, payment: dict | None, doc_date):
    """The payment form and due date: as sent, else cash (FPl_Typ 1) due on the day."""
    payment = payment or {}
    name = payment.get("form")
    if name:
        form = erp.payment_form_by_name(name)
        if form is None:
            raise DocumentError(
                "payment.form",
                _("payment form %(name)r does not exist in the ERP") % {"name": name},
            )
    else:
        form = erp.default_payment_form(cv.PAYMENT_CASH)
        if form is None:
            raise DocumentError(
                "payment.form",
                _("no payment form was sent and the ERP has no cash payment form"),
            )
    if payment.get("due_date"):
        due = parse_date(payment["due_date"], "payment.due_date")
    else:
        due = doc_date + timedelta(days=form.days or 0)
    return form, due
