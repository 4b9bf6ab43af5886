"""KP (cash received) → one ``CDN.BnkZapisy`` row with direction +1 in a cash register.

The contract's optional ``settles`` names the FS or PA the payment is for. Optima's
settlement tables are outside the subset syncadmin writes, so the link is checked (the
settled document must be in the ERP) and written to the run log, not to the ERP.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from importer.erp import conventions
from importer.mapping.common import DocumentError, ImportContext, ImportResult, as_datetime


def import_document(erp, document, context: ImportContext) -> ImportResult:
    """Write one KP. Raises `DocumentError` for an unknown cash register or customer."""
    payload = document.payload
    customer = context.resolve_customer(payload.get("customer"), "customer")
    symbol = payload.get("cash_register") or context.company.default_cash_register or None
    register = erp.cash_register(symbol)
    if register is None:
        raise DocumentError(
            "cash_register",
            _("cash register %(symbol)r does not exist in the ERP") % {"symbol": symbol or ""},
        )
    definition = erp.document_definition(conventions.CLASS_KP)
    if definition is None:
        raise DocumentError(
            "type", _("the company database has no active document definition for KP")
        )
    messages = []
    if payload.get("settles"):
        settled = context.resolve_settled(payload["settles"])
        messages.append(
            _("settles %(number)s (settlement is not written to the ERP)") % {"number": settled}
        )

    doc_date = context.document_date(payload["issued_at"])
    erp.lock_numbering(definition.id)
    try:
        numer_string = conventions.render_numbering(
            definition.template, symbol=definition.symbol, doc_date=doc_date, series=register.symbol
        )
    except ValueError as exc:
        raise DocumentError("type", str(exc)) from exc
    number = erp.next_cash_number(definition.id, numer_string)
    full = conventions.full_number(numer_string, number)
    values = {
        "BZp_BRaID": register.id,
        "BZp_DDfID": definition.id,
        "BZp_NumerNr": number,
        "BZp_NumerString": numer_string,
        "BZp_NumerPelny": full,
        "BZp_Kwota": Decimal(payload["amount"]),
        "BZp_Kierunek": conventions.DIRECTION_RECEIVED,
        "BZp_Waluta": "PLN",
        "BZp_PodmiotTyp": conventions.COUNTERPARTY_CUSTOMER,
        "BZp_PodmiotID": customer.id,
        "BZp_DataDok": as_datetime(doc_date),
        "BZp_ImportRowId": document.guid,
        "BZp_OpeZalKod": context.operator_acronym,
        "BZp_TS_Zal": context.local_now,
    }
    bzp_id = erp.insert_cash_entry(values)
    return ImportResult(full, bzp_id, messages)
