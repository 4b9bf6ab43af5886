"""The per-type rules of the contract: trade documents (FS/PA/RO/WZ), KP and KNT.

Each function takes a `Checker` and the document dict, reports every problem it finds and
returns what the intake needs (for KNT: the normalised NIP).
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils.translation import gettext
from stdnum.pl import nip as pl_nip

from importer.contract.checks import Checker, join
from importer.doctypes import DOCUMENT_TYPES, SETTLEABLE, TRADE_TYPES
from importer.erp.shape import column_length
from importer.money import VAT_RATES

KNT_ONLY = frozenset({"KNT"})
MAX_LINES = 1000

_POSTAL_PL_RE = re.compile(r"[0-9]{2}-[0-9]{3}\Z")
_COUNTRY_RE = re.compile(r"[A-Za-z]{2}\Z")
_FOREIGN_NIP_RE = re.compile(r"[A-Za-z0-9]{2,20}\Z")
_POLAND = {"PL", "POL", "POLSKA", "POLAND"}
# Text limits are the real lengths of the Optima columns the values go to
# (importer/erp/optima_tables): a value that cannot fit is refused here, never cut later.
_ADDRESS_COLUMNS = {
    "street": "Knt_Ulica",
    "house_no": "Knt_NrDomu",
    "flat_no": "Knt_NrLokalu",
    "city": "Knt_Miasto",
    "postal_code": "Knt_KodPocztowy",
    "country": "Knt_Kraj",
}
_ADDRESS_FIELDS = {
    key: column_length("Kontrahenci", column) for key, column in _ADDRESS_COLUMNS.items()
}
_ANSI_ADDRESS = {"postal_code"}  # Knt_KodPocztowy is varchar
CUSTOMER_CODE = column_length("Kontrahenci", "Knt_Kod")  # varchar(20)
PRODUCT_CODE = column_length("Towary", "Twr_Kod")  # varchar(50)
UNIT = column_length("TraElem", "TrE_Jm")  # nvarchar(20)
WAREHOUSE = column_length("Magazyny", "Mag_Symbol")  # varchar(20)
PAYMENT_FORM = column_length("FormyPlatnosci", "FPl_Nazwa")  # nvarchar(20)
CASH_REGISTER = column_length("BnkRachunki", "BRa_Symbol")  # varchar(5)
EMAIL = column_length("Kontrahenci", "Knt_Email")  # nvarchar(127)
PHONE = column_length("Kontrahenci", "Knt_Telefon1")  # varchar(20)
# TrE_WartoscNetto / TrE_WartoscBrutto are decimal(15, 2): below 10^13 PLN. A line's gross
# value may be 23 % above its net one, so the net value must stay below 10^13 / 1.23.
LINE_VALUE_LIMIT = Decimal(10**13) / Decimal("1.23")
_email_validator = EmailValidator()


def check_customer(c: Checker, doc: dict, *, required: bool) -> str | None:
    """``customer``: exactly one of ``code`` (ERP Knt_Kod) or ``guid`` (a KNT document).

    Returns the canonical KNT guid when the customer is given by guid.
    """
    customer = c.mapping(doc, "customer", "customer", required=required)
    if customer is None:
        return None
    has_code, has_guid = "code" in customer, "guid" in customer
    if has_code == has_guid:
        c.error(
            "customer",
            gettext(
                'customer must have exactly one of "code" (a customer '
                'known to the ERP) or "guid" (a KNT document).'
            ),
        )
        return None
    if has_code:
        c.text(customer, "code", "customer.code", max_length=CUSTOMER_CODE, ansi=True)
        return None
    return c.reference(customer, "guid", "customer.guid", KNT_ONLY)


def check_line(c: Checker, line: object, path: str) -> None:
    """One line of a trade document."""
    if not isinstance(line, dict):
        c.error(path, gettext("Each line must be an object."))
        return
    c.text(
        line,
        "product_code",
        join(path, "product_code"),
        required=True,
        max_length=PRODUCT_CODE,
        ansi=True,
    )
    quantity = c.decimal(
        line,
        "quantity",
        join(path, "quantity"),
        required=True,
        places=4,
        positive=True,
        positive_message=gettext(
            "%(name)s must be greater than 0; quantities must be "
            "positive: corrections and returns are not part of v1 "
            "of this contract."
        ),
    )
    c.text(line, "unit", join(path, "unit"), max_length=UNIT, allow_empty=True)
    price = c.decimal(
        line, "unit_price", join(path, "unit_price"), required=True, places=4, minimum=Decimal(0)
    )
    c.percent(line, "discount_percent", join(path, "discount_percent"))
    c.choice(line, "vat_rate", join(path, "vat_rate"), tuple(VAT_RATES), required=True)
    if price is not None and quantity is not None:  # both valid decimals
        value = quantity * price
        if value >= LINE_VALUE_LIMIT:  # a gross value is at most 23 % more: checked with it
            c.error(
                path,
                gettext(
                    "the line's value (quantity × unit_price = %(value)s) does not fit Optima's "
                    "line value columns (decimal(15, 2): less than %(limit)s with VAT)."
                )
                % {
                    "value": f"{value:f}"[:40],
                    "limit": f"{LINE_VALUE_LIMIT:,.0f}".replace(",", " "),
                },
            )


def check_trade(c: Checker, doc: dict, doc_type: str) -> str | None:
    """FS/PA/RO/WZ (contract, "Trade documents"). Returns the customer KNT guid, if any."""
    customer_guid = check_customer(c, doc, required=doc_type != "PA")
    c.date(doc, "sale_date", "sale_date")
    c.text(doc, "warehouse", "warehouse", max_length=WAREHOUSE, ansi=True)
    payment = c.mapping(doc, "payment", "payment")
    if payment is not None:
        c.text(payment, "form", "payment.form", required=True, max_length=PAYMENT_FORM)
        c.date(payment, "due_date", "payment.due_date")
    c.choice(doc, "prices", "prices", ("net", "gross"))
    c.percent(doc, "discount_percent", "discount_percent")
    lines = c.items(doc, "lines", "lines", required=True, min_items=1, max_items=MAX_LINES)
    for i, line in enumerate(lines or []):
        check_line(c, line, join("lines", i))
    totals = c.mapping(doc, "totals", "totals")
    if totals is not None:
        for key in ("net", "vat", "gross"):
            c.decimal(totals, key, join("totals", key), required=True, places=2, integer_digits=13)
    c.text(doc, "note", "note", max_length=1000, allow_empty=True, multiline=True)
    return customer_guid


def check_kp(c: Checker, doc: dict) -> tuple[str | None, str | None]:
    """KP, cash received. Returns (customer KNT guid, settled FS/PA guid)."""
    customer_guid = check_customer(c, doc, required=True)
    c.decimal(doc, "amount", "amount", required=True, places=2, positive=True, integer_digits=13)
    c.text(doc, "cash_register", "cash_register", max_length=CASH_REGISTER, ansi=True)
    settles = c.reference(doc, "settles", "settles", SETTLEABLE)
    return customer_guid, settles


def normalize_nip(value: str, country: str) -> str | None:
    """A NIP without spaces, dashes and the country's prefix; None if it is not valid.

    For ``PL`` the result must be 10 digits passing the NIP checksum (python-stdnum), so
    ``"PL 526-025-02-74"`` → ``"5260250274"``. Other countries: 2–20 letters/digits,
    upper-cased. An empty value is no NIP at all and stays ``""``.
    """
    compact = re.sub(r"[\s-]", "", value)
    if not compact:
        return ""
    if compact[:2].upper() == country:
        compact = compact[2:]
    if country == "PL":
        return compact if compact.isdigit() and pl_nip.is_valid(compact) else None
    return compact.upper() if _FOREIGN_NIP_RE.match(compact) else None


def check_address(c: Checker, address: dict, nip_country: str) -> None:
    """KNT ``address``: strings of sane length; ``postal_code`` NN-NNN for Poland."""
    for key, max_length in _ADDRESS_FIELDS.items():
        c.text(
            address,
            key,
            join("address", key),
            max_length=max_length,
            allow_empty=True,
            ansi=key in _ANSI_ADDRESS,
        )
    country = address.get("country")
    if not isinstance(country, str) or not country.strip():
        country = nip_country
    postal = address.get("postal_code")
    if (
        country.strip().upper() in _POLAND
        and isinstance(postal, str)
        and postal
        and len(postal) <= _ADDRESS_FIELDS["postal_code"]
        and not _POSTAL_PL_RE.match(postal)
    ):
        c.error(
            "address.postal_code",
            gettext('postal_code must have the form NN-NNN for Poland (got "%(value)s").')
            % {"value": postal},
        )


def check_knt(c: Checker, doc: dict) -> str | None:
    """KNT, a new customer. Returns the normalised NIP (``""`` if none, None if absent)."""
    c.text(doc, "name", "name", required=True, max_length=250)
    c.text(doc, "code", "code", max_length=CUSTOMER_CODE, ansi=True)
    country = c.text(doc, "nip_country", "nip_country", max_length=2)
    if country is not None and not _COUNTRY_RE.match(country):
        c.error(
            "nip_country",
            gettext('nip_country must be a two-letter country code such as "PL" (got "%(value)s").')
            % {"value": country},
        )
        country = None
    country = (country or "PL").upper()
    raw_nip = c.text(doc, "nip", "nip", max_length=30, allow_empty=True)
    normalized = None
    if raw_nip is not None:
        normalized = normalize_nip(raw_nip, country)
        if normalized is None:
            if country == "PL":
                message = gettext(
                    'nip "%(value)s" is not a valid Polish NIP (10 digits with '
                    "a correct check digit)."
                )
            else:
                message = gettext(
                    'nip "%(value)s" is not a valid tax number (2–20 letters and digits).'
                )
            c.error("nip", message % {"value": raw_nip})
    address = c.mapping(doc, "address", "address")
    if address is not None:
        check_address(c, address, country)
    email = c.text(doc, "email", "email", max_length=EMAIL, allow_empty=True)
    if email:
        try:
            _email_validator(email)
        except ValidationError:
            c.error(
                "email",
                gettext('email "%(value)s" is not a valid e-mail address.') % {"value": email},
            )
    c.text(doc, "phone", "phone", max_length=PHONE, allow_empty=True, ansi=True)
    return normalized


__all__ = [
    "DOCUMENT_TYPES",
    "TRADE_TYPES",
    "check_knt",
    "check_kp",
    "check_trade",
    "normalize_nip",
]
