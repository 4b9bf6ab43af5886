"""KP (cash received) → one ``CDN.BnkZapisy`` row with direction +1 in an open cash report.

Optima's rules (``importer/erp/optima_tables/FACTS.md``, "Cash and bank"): the KP definition
is found by ``DDf_Symbol = 'KP'``; a KP belongs to the **open cash report** (``BnkRaporty``,
``BRp_Zamkniety = 0``) of its register whose period covers its date (``BZp_BRpID``, its
position ``BZp_BRpLP``); with none open the KP fails naming the register and the date. The
row is complete (every NOT NULL column, the customer's name and address as a snapshot);
``BZp_NumerPelny`` and ``BZp_Numer`` are computed by the database.

The contract's optional ``settles`` names the FS or PA the payment is for. Optima's
settlement tables are outside what syncadmin writes, so the link is checked (the settled
document must be in the ERP), written to the entry's description and to the run log.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from importer.erp import conventions as cv
from importer.erp.optima import CUSTOMER_SNAPSHOT
from importer.mapping.common import (
    DocumentError,
    ImportContext,
    ImportResult,
    as_datetime,
    customer_snapshot,
)

#: The columns a KP's row sets by rule (`OptimaCompany.declare_writes`).
WRITES = {
    "BnkZapisy": frozenset(
        {
            "BZp_BRaID",
            "BZp_BRpID",
            "BZp_BRpLP",
            "BZp_DDfID",
            "BZp_NumerNr",
            "BZp_NumerString",
            "BZp_NumerObcy",
            "BZp_Kwota",
            "BZp_KwotaSys",
            "BZp_Kierunek",
            "BZp_Waluta",
            "BZp_WalutaDok",
            "BZp_KursL",
            "BZp_KursM",
            "BZp_KursNumer",
            "BZp_DataDok",
            "BZp_DataKur",
            "BZp_PodmiotTyp",
            "BZp_PodmiotID",
            "BZp_Opis",
            "BZp_ImportRowId",
            "BZp_ImportAppId",
            "BZp_OpeZalId",
            "BZp_OpeZalKod",
            "BZp_OpeZalNazwisko",
            "BZp_TS_Zal",
            "BZp_OpeModId",
            "BZp_OpeModKod",
            "BZp_OpeModNazwisko",
            "BZp_TS_Mod",
        }
    )
    | {f"BZp_{suffix}" for suffix in CUSTOMER_SNAPSHOT},
}
DESCRIPTION_LENGTH = 1024  # BZp_Opis nvarchar(1024)


def import_document(erp, document, context: ImportContext) -> ImportResult:
    """Write one KP. Raises `DocumentError` for an unknown cash register or customer, a
    missing KP definition, no open cash report for the date, or a settled document that is
    not in the ERP."""
    payload = document.payload
    customer = context.resolve_customer(payload.get("customer"), "customer")
    symbol = payload.get("cash_register") or context.company.default_cash_register or None
    register = erp.cash_register(symbol)
    if register is None:
        raise DocumentError(
            "cash_register",
            _("cash register %(symbol)r does not exist in the ERP") % {"symbol": symbol or ""},
        )
    definition = erp.document_definition_by_symbol(cv.KP_SYMBOL)
    if definition is None:
        raise DocumentError(
            "type",
            _("the company database has no active document definition with the symbol KP"),
        )
    doc_date = context.document_date(payload["issued_at"])
    day = as_datetime(doc_date)
    report = erp.open_cash_report(register.id, day)
    if report is None:
        raise DocumentError(
            "cash_register",
            _(
                "cash register %(symbol)s has no open cash report covering %(date)s: open one "
                "in Optima (Kasa/Bank → Raporty kasowe/bankowe), then send the document back"
            )
            % {"symbol": register.symbol, "date": doc_date.isoformat()},
        )
    messages = []
    description = payload.get("note") or ""
    if payload.get("settles"):
        settled = context.resolve_settled(payload["settles"])
        messages.append(
            _("settles %(number)s (settlement is not written to the ERP)") % {"number": settled}
        )
        description = description or f"Zapłata za {settled}"[:DESCRIPTION_LENGTH]

    try:
        numer_string = cv.render_numbering(
            definition.template,
            symbol=definition.symbol,
            doc_date=doc_date,
            series=register.symbol,
        )
    except ValueError as exc:
        raise DocumentError("type", str(exc)) from exc
    erp.lock_numbering("BnkZapisy", numer_string)
    erp.lock_report(report.id)
    number = erp.next_cash_number(numer_string)
    amount = Decimal(payload["amount"])
    values = {
        "BZp_BRaID": register.id,
        "BZp_BRpID": report.id,
        "BZp_BRpLP": erp.next_report_line(report.id),
        "BZp_DDfID": definition.id,
        "BZp_NumerNr": number,
        "BZp_NumerString": numer_string,
        "BZp_NumerObcy": document.number,
        "BZp_Kwota": amount,
        "BZp_KwotaSys": amount,
        "BZp_Kierunek": cv.DIRECTION_RECEIVED,
        "BZp_Waluta": cv.SYSTEM_CURRENCY,
        "BZp_WalutaDok": cv.SYSTEM_CURRENCY,
        "BZp_KursL": cv.RATE_L,
        "BZp_KursM": cv.RATE_M,
        "BZp_KursNumer": cv.RATE_NUMBER,
        "BZp_DataDok": day,
        "BZp_DataKur": day,
        "BZp_PodmiotTyp": cv.COUNTERPARTY_CUSTOMER,
        "BZp_PodmiotID": customer.id,
        "BZp_Opis": description,
        "BZp_ImportRowId": document.guid,
        "BZp_ImportAppId": cv.IMPORT_APP_ID,
        **context.operator_columns("BZp", id_suffix="Id"),
        **customer_snapshot(customer, "BZp_"),
    }
    bzp_id = erp.insert_cash_entry(values)
    return ImportResult(cv.full_number(numer_string, number), bzp_id, messages)
