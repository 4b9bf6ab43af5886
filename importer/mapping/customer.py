"""KNT (a customer created on a device) → one ``CDN.Kontrahenci`` row, or a link to an existing one.

Contract rule: a KNT whose normalised NIP matches a customer already in the ERP (or a KNT
imported before it) creates no second customer; it is linked to the existing one and the run
log says so. Customers without a NIP are never matched on an empty NIP.
"""

import re
import unicodedata

from django.utils.translation import gettext as _

from importer.contract import normalize_nip
from importer.erp import conventions
from importer.mapping.common import DocumentError, ImportContext, ImportResult, check_length

NAME_PART = 50  # Knt_Nazwa1..3 are nvarchar(50) each
NAME_PARTS = 3
CODE_LENGTH = 20  # Knt_Kod varchar(20)

# Text columns of CDN.Kontrahenci written from the device's address/contact fields.
ADDRESS_COLUMNS = {
    "street": ("Knt_Ulica", 60),
    "house_no": ("Knt_NrDomu", 10),
    "flat_no": ("Knt_NrLokalu", 10),
    "city": ("Knt_Miasto", 40),
    "postal_code": ("Knt_KodPocztowy", 10),
    "country": ("Knt_Kraj", 40),
}


def split_name(name: str) -> list[str]:
    """Spread a name over Knt_Nazwa1..3 (50 characters each); see `conventions.split_name`.

    Raises `DocumentError` when it needs more than 150 characters: Optima has no fourth
    continuation column and a name is never cut silently.
    """
    try:
        return conventions.split_name(name, NAME_PART, NAME_PARTS)
    except ValueError:
        raise DocumentError(
            "name",
            _(
                "the name has %(length)d characters and does not fit the three name columns "
                "Knt_Nazwa1..3 (%(limit)d characters each)"
            )
            % {"length": len(name), "limit": NAME_PART},
        ) from None


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
    raise DocumentError("code", _("no free customer code could be generated from %(base)r") % {"base": base})


def import_document(erp, document, context: ImportContext) -> ImportResult:
    """Create the customer of a KNT document, or link it to the one with the same NIP.

    Returns the customer's code as ``erp_number`` and its ``Knt_KntId`` as ``erp_id``.
    Raises `DocumentError` for a code already used by another customer, a name that does not
    fit, or a text longer than its column.
    """
    payload = document.payload
    nip_country = (payload.get("nip_country") or "PL").upper()
    # Contract: spaces, dashes and a leading country prefix are removed ("PL 526-025-02-74").
    nip = normalize_nip(payload.get("nip") or "", nip_country) or ""
    if nip:
        matches = [c for c in erp.customers_by_nip(nip) if (c.nip_country or "PL") == nip_country]
        if matches:
            existing = matches[0]
            message = _(
                "customer with NIP %(nip)s already exists as %(code)s; the document is linked to "
                "it and no new customer is created"
            ) % {"nip": nip, "code": existing.code}
            return ImportResult(existing.code, existing.id, [message])

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
        "Knt_Nazwa1": parts[0],
        "Knt_Nazwa2": parts[1],
        "Knt_Nazwa3": parts[2],
        "Knt_NipKraj": check_length(nip_country if nip else "", 2, "nip_country", "Knt_NipKraj"),
        "Knt_Nip": check_length(nip, 20, "nip", "Knt_Nip"),
        "Knt_Email": check_length(payload.get("email"), 255, "email", "Knt_Email"),
        "Knt_Telefon1": check_length(payload.get("phone"), 40, "phone", "Knt_Telefon1"),
        "Knt_Nieaktywny": 0,
        "Knt_ImportRowId": document.guid,
        "Knt_OpeZalKod": context.operator_acronym,
        "Knt_TS_Zal": context.local_now,
    }
    for key, (column, limit) in ADDRESS_COLUMNS.items():
        values[column] = check_length(address.get(key), limit, f"address.{key}", column)
    knt_id = erp.insert_customer(values)
    return ImportResult(code, knt_id, [])
