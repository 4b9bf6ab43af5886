"""FS, PA, RO, WZ → one ``CDN.TraNag`` header, its ``CDN.TraElem`` lines, its ``CDN.TraVat`` rows.

Column meanings are those of ``shared/domain/optima-schema.md``; amounts follow the contract's
rules (`importer.money`), in PLN with 2 decimals (prices and quantities with 4).
"""

from datetime import timedelta
from decimal import Decimal

from django.utils.translation import gettext as _

from importer.erp import conventions
from importer.mapping.common import (
    DocumentError,
    ImportContext,
    ImportResult,
    as_datetime,
    check_length,
    parse_date,
)
from importer.money import compute_amounts, document_basis, totals_mismatch

CASH_PAYMENT_KIND = 1  # FormyPlatnosci.FPl_Typ: 1 cash, 2 transfer, 3 card (optima-schema.md)
UNIT_LENGTH = 20  # TrE_Jm varchar(20)

# Document class (TrN_TypDokumentu / DDf_Klasa) of each contract type.
TRADE_CLASSES = {
    "FS": conventions.CLASS_FS,
    "PA": conventions.CLASS_PA,
    "WZ": conventions.CLASS_WZ,
    "RO": conventions.CLASS_RO,
}


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
    form, due_date = _payment(erp, payload.get("payment"), document.doc_type, doc_date)
    definition = erp.document_definition(klass)
    if definition is None:
        raise DocumentError(
            "type",
            _("the company database has no active document definition of class %(klass)d (%(type)s)")
            % {"klass": klass, "type": document.doc_type},
        )

    lines = []
    for amount, line in zip(amounts.lines, payload["lines"]):
        product = erp.product_by_code(line["product_code"])
        if product is None:
            raise DocumentError(
                f"lines[{amount.index}].product_code",
                _("product %(code)r does not exist in the ERP") % {"code": line["product_code"]},
            )
        if product.inactive:
            raise DocumentError(
                f"lines[{amount.index}].product_code",
                _("product %(code)r is inactive in the ERP") % {"code": product.code},
            )
        flag, rate = conventions.vat_flag_and_rate(amount.vat_rate)
        unit = line.get("unit") or product.unit
        if len(unit) > UNIT_LENGTH:
            check_length(unit, UNIT_LENGTH, f"lines[{amount.index}].unit", "TrE_Jm")  # raises
        lines.append(
            {
                "TrE_Lp": amount.index + 1,
                "TrE_TypDokumentu": klass,
                "TrE_TwrId": product.id,
                "TrE_TwrKod": product.code,
                "TrE_TwrNazwa": product.name,
                "TrE_Ilosc": amount.quantity,
                "TrE_Jm": unit,
                "TrE_Cena0": amount.unit_price,
                "TrE_CenaT": amount.price_after_discount,
                "TrE_Rabat": amount.discount,
                "TrE_Stawka": rate,
                "TrE_Flaga": flag,
                "TrE_WartoscNetto": amount.net,
                "TrE_WartoscBrutto": amount.gross,
                "TrE_MagId": warehouse.id,
            }
        )
    vat_rows = []
    for summary in amounts.rates:
        flag, rate = conventions.vat_flag_and_rate(summary.vat_rate)
        vat_rows.append(
            {"TrV_Stawka": rate, "TrV_Flaga": flag, "TrV_Netto": summary.net, "TrV_VAT": summary.vat}
        )

    erp.lock_numbering(definition.id)
    numer_string = _numer_string(definition, doc_date, warehouse.symbol)
    number = erp.next_trade_number(definition.id, numer_string)
    header = {
        "TrN_TypDokumentu": klass,
        "TrN_Rodzaj": conventions.plain_kind(klass),
        "TrN_DDfId": definition.id,
        "TrN_NumerNr": number,
        "TrN_NumerString": numer_string,
        "TrN_NumerObcy": document.number,
        "TrN_Bufor": 1 if context.company.documents_as_drafts else 0,
        "TrN_Anulowany": 0,
        "TrN_DataDok": as_datetime(doc_date),
        "TrN_DataWys": as_datetime(doc_date),
        "TrN_DataOpe": as_datetime(sale_date),
        "TrN_Termin": as_datetime(due_date),
        "TrN_PodmiotTyp": conventions.COUNTERPARTY_CUSTOMER,
        "TrN_PodID": customer.id,
        "TrN_PodNazwa1": customer.name,
        "TrN_PodNipE": customer.nip,
        "TrN_MagZrdId": warehouse.id,
        "TrN_FPlId": form.id,
        "TrN_RazemNetto": amounts.net,
        "TrN_RazemVAT": amounts.vat,
        "TrN_RazemBrutto": amounts.gross,
        "TrN_Waluta": "PLN",
        "TrN_Rabat": Decimal(payload.get("discount_percent") or "0"),
        "TrN_OpeZalKod": context.operator_acronym,
        "TrN_TS_Zal": context.local_now,
        "TrN_ImportRowId": document.guid,
        "TrN_ImportAppId": conventions.IMPORT_APP_ID,
        "TrN_Opis": check_length(payload.get("note"), 1024, "note", "TrN_Opis"),
    }
    trn_id = erp.insert_trade_document(header, lines, vat_rows)
    messages = []
    if document_basis(payload) == "gross":
        messages.append(_("prices on the gross basis"))
    return ImportResult(conventions.full_number(numer_string, number), trn_id, messages)


def _numer_string(definition, doc_date, series: str) -> str:
    try:
        return conventions.render_numbering(
            definition.template, symbol=definition.symbol, doc_date=doc_date, series=series
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


def _payment(erp, payment: dict | None, doc_type: str, doc_date):
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
        form = erp.default_payment_form(CASH_PAYMENT_KIND)
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
