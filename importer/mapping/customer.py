"""KNT (a customer created on a device) → one ``CDN.Kontrahenci`` row, or a link to an existing one.

Contract rule: a KNT whose normalised NIP matches a customer already in the ERP (or a KNT
imported before it) creates no second customer; it is linked to the existing one and the run
log says so. Customers without a NIP are never matched on an empty NIP. Several active
customers with that NIP: the lowest id is taken and the log names them all. A match that is
**inactive** in the ERP is never linked silently: by the company database's option
(``inactive_nip_match``) the document fails naming the customer, or a new customer is
created and the log says so.

The row is complete for a real Optima: the columns below by rule, every other NOT NULL
column with its neutral value. The name is spread over Knt_Nazwa1..3 by their real lengths
(50, 50, 250); a text longer than its column was already refused at intake.
"""

import re
import unicodedata

from django.utils.translation import gettext as _

from importer.contract import normalize_nip
from importer.erp import conventions as cv
from importer.erp.shape import column_length
from importer.mapping.common import DocumentError, ImportContext, ImportResult, check_length

NAME_COLUMNS = ("Knt_Nazwa1", "Knt_Nazwa2", "Knt_Nazwa3")
CODE_LENGTH = column_length("Kontrahenci", "Knt_Kod")  # varchar(20)

# Text columns of CDN.Kontrahenci written from the device's address/contact fields.
ADDRESS_COLUMNS = {
    "street": "Knt_Ulica",
    "house_no": "Knt_NrDomu",
    "flat_no": "Knt_NrLokalu",
    "city": "Knt_Miasto",
    "postal_code": "Knt_KodPocztowy",
    "country": "Knt_Kraj",
}

#: The columns a KNT's row sets by rule (`OptimaCompany.declare_writes`).
WRITES = {
    "Kontrahenci": frozenset(
        {
            "Knt_Kod",
            *NAME_COLUMNS,
            "Knt_NipKraj",
            "Knt_Nip",
            "Knt_NipE",
            "Knt_KrajISO",
            "Knt_Email",
            "Knt_Telefon1",
            "Knt_Poczta",
            "Knt_Nieaktywny",
            "Knt_Rodzaj_Odbiorca",
            "Knt_PodatekVat",
            "Knt_Finalny",
            "Knt_ImportRowId",
            "Knt_ImportAppId",
            "Knt_OpeZalID",
            "Knt_OpeZalKod",
            "Knt_OpeZalNazwisko",
            "Knt_TS_Zal",
            "Knt_OpeModID",
            "Knt_OpeModKod",
            "Knt_OpeModNazwisko",
            "Knt_TS_Mod",
            "Knt_eSklepZrodlo",
            "Knt_FCzynnosci",
            "Knt_ZamknMiesTyp",
            *ADDRESS_COLUMNS.values(),
        }
    ),
}


def split_name(name: str) -> list[str]:
    """Spread a name over Knt_Nazwa1..3 (50, 50 and 250 characters in Optima), breaking
    before a space where possible so the parts join back to the exact name.

    Raises `DocumentError` when it does not fit (a name is never cut silently).
    """
    widths = [column_length("Kontrahenci", column) for column in NAME_COLUMNS]
    parts, rest = [], name
    for i, width in enumerate(widths):
        if len(rest) <= width:
            parts.append(rest)
            rest = ""
        else:
            cut = rest.rfind(" ", 1, width + 1)
            if cut <= 0 or len(rest) - cut > sum(widths[i + 1 :]):
                cut = width
            parts.append(rest[:cut])
            rest = rest[cut:]
    if rest:
        raise DocumentError(
            "name",
            _(
                "the name has %(length)d characters and does not fit the name columns "
                "Knt_Nazwa1..3 (%(limit)d characters in all)"
            )
            % {"length": len(name), "limit": sum(widths)},
        )
    return parts


def code_from_name(name: str) -> str:
    """A customer code (Knt_Kod) made from a name: ASCII capitals, words joined by '-'."""
    ascii_name = unicodedata.normalize("NFKD", name.replace("ł", "l").replace("Ł", "L"))
    ascii_name = ascii_name.encode("ascii", "ignore").decode().upper()
    words = re.findall(r"[A-Z0-9]+", ascii_name)
    code = ""
    for word in words:
        candidate = f"{code}-{word}" if code else word
        if len(candidate) > CODE_LENGTH:
            break
        code = candidate
    return code or (words[0][:CODE_LENGTH] if words else "KNT")


def _free_code(erp, base: str) -> str:
    if not erp.customer_code_taken(base):
        return base
    for n in range(2, 10000):
        suffix = f"-{n}"
        candidate = base[: CODE_LENGTH - len(suffix)] + suffix
        if not erp.customer_code_taken(candidate):
            return candidate
    raise DocumentError(
        "code", _("no free customer code could be generated from %(base)r") % {"base": base}
    )


def _existing(erp, nip: str, nip_country: str, context: ImportContext):
    """(customer, messages, warnings): the customer a KNT with this NIP is linked to (None
    when a new one is to be created) and what the run log says of it. Raises `DocumentError` for an inactive match the company database
    refuses."""
    matches = [c for c in erp.customers_by_nip(nip) if (c.nip_country or "PL") == nip_country]
    active = [c for c in matches if not c.inactive]
    if active:
        chosen = active[0]
        messages = [
            _(
                "customer with NIP %(nip)s already exists as %(code)s; the document is "
                "linked to it and no new customer is created"
            )
            % {"nip": nip, "code": chosen.code}
        ]
        warnings = []
        if len(active) > 1:
            warnings.append(
                _(
                    "several active customers have NIP %(nip)s (%(codes)s): linked "
                    "to %(code)s, the lowest id"
                )
                % {"nip": nip, "codes": ", ".join(c.code for c in active), "code": chosen.code}
            )
        return chosen, messages, warnings
    if matches:
        codes = ", ".join(c.code for c in matches)
        if context.company.inactive_nip_match != "create":
            raise DocumentError(
                "nip",
                _(
                    "the customer with NIP %(nip)s is inactive in the ERP (%(codes)s): "
                    "activate it in Optima and send the document back, or set the company "
                    "database to create a new customer in this case"
                )
                % {"nip": nip, "codes": codes},
            )
        return (
            None,
            [],
            [
                _(
                    "the customer with NIP %(nip)s is inactive in the ERP (%(codes)s); "
                    "a new customer is created"
                )
                % {"nip": nip, "codes": codes}
            ],
        )
    return None, [], []


def import_document(erp, document, context: ImportContext) -> ImportResult:
    """Create the customer of a KNT document, or link it to the one with the same NIP.

    Returns the customer's code as ``erp_number`` and its ``Knt_KntId`` as ``erp_id``.
    Raises `DocumentError` for a code already used by another customer, a name that does not
    fit, a text longer than its column, or an inactive NIP match the company refuses.
    """
    payload = document.payload
    nip_country = (payload.get("nip_country") or "PL").upper()
    # Contract: spaces, dashes and a leading country prefix are removed ("PL 526-025-02-74").
    nip = normalize_nip(payload.get("nip") or "", nip_country) or ""
    messages, warnings = [], []
    if nip:
        existing, messages, warnings = _existing(erp, nip, nip_country, context)
        if existing is not None:
            return ImportResult(existing.code, existing.id, messages, warnings)

    name = payload["name"]
    parts = split_name(name)
    if payload.get("code"):
        code = check_length(payload["code"], CODE_LENGTH, "code", "Knt_Kod")
        if erp.customer_code_taken(code):
            raise DocumentError(
                "code",
                _("customer code %(code)r is already used by another customer in the ERP")
                % {"code": code},
            )
    else:
        code = _free_code(erp, code_from_name(name))

    address = payload.get("address") or {}
    values = {
        "Knt_Kod": code,
        **dict(zip(NAME_COLUMNS, parts, strict=True)),
        "Knt_NipKraj": _text(nip_country if nip else "", "nip_country", "Knt_NipKraj"),
        "Knt_Nip": _text(nip, "nip", "Knt_Nip"),
        "Knt_NipE": _text(nip, "nip", "Knt_NipE"),
        "Knt_KrajISO": _text(nip_country, "nip_country", "Knt_KrajISO"),
        "Knt_Email": _text(payload.get("email"), "email", "Knt_Email"),
        "Knt_Telefon1": _text(payload.get("phone"), "phone", "Knt_Telefon1"),
        "Knt_Nieaktywny": 0,
        "Knt_Rodzaj_Odbiorca": cv.CUSTOMER_IS_RECEIVER,
        # A customer with a NIP is taken as a VAT payer; one without as a final consumer.
        "Knt_PodatekVat": int(bool(nip)),
        "Knt_Finalny": int(not nip),
        "Knt_eSklepZrodlo": cv.PARTLY_RECORDED_DEFAULT,
        "Knt_FCzynnosci": cv.PARTLY_RECORDED_DEFAULT,
        "Knt_ZamknMiesTyp": cv.PARTLY_RECORDED_DEFAULT,
        "Knt_ImportRowId": document.guid,
        "Knt_ImportAppId": cv.IMPORT_APP_ID,
        **context.operator_columns("Knt"),
    }
    for key, column in ADDRESS_COLUMNS.items():
        values[column] = _text(address.get(key), f"address.{key}", column)
    values["Knt_Poczta"] = _text(address.get("city"), "address.city", "Knt_Poczta")
    knt_id = erp.insert_customer(values)
    return ImportResult(code, knt_id, messages, warnings)


def _text(value, field: str, column: str) -> str:
    """``value`` ('' for None), refused if longer than Kontrahenci's ``column``."""
    limit = column_length("Kontrahenci", column)
    return check_length(value, limit, field, column) if limit else (value or "")
