"""Comarch ERP Optima value conventions, in one place.

Every odd value syncadmin writes into Optima (document classes, VAT flags, currency and
rates, the numbering template, the import application id, the operator password verifier of
the demo) is defined here. Sources: the value conventions confirmed by public sources in
``importer/erp/optima_tables/FACTS.md`` (a copy of the project's facts) and
``optima-schema.md``. Where a value is syncadmin's own choice standing in for something
Comarch does not publish, it says so.
"""

import base64
import functools
import hashlib
import hmac
import re
import secrets
from datetime import date
from decimal import Decimal

# --- document classes (TrN_TypDokumentu, DokDefinicje.DDf_Klasa) --------------------------

CLASS_FS = 302  # sales invoice (faktura sprzedaży)
CLASS_PA = 305  # receipt (paragon)
CLASS_WZ = 306  # goods issue (wydanie zewnętrzne)
CLASS_RO = 308  # customer order / reservation (rezerwacja odbiorcy)
# Cash documents (BnkZapisy.BZp_DDfID) are found by their definition's symbol, not by a
# class: DokDefinicje.DDf_Symbol = 'KP' (FACTS.md, "Cash and bank"). One public source gives
# class 202 "wpłata" (KP) and 201 "wypłata" (KW); the demo's KP definition uses 202.
KP_SYMBOL = "KP"
CLASS_KP = 202
CLASS_KW = 201


def plain_kind(klass: int) -> int:
    """``TrN_Rodzaj`` of a plain document of class ``klass``: ``class * 1000`` (302 -> 302000)."""
    return klass * 1000


# --- VAT flags (TrE_Flaga, TrV_Flaga, Twr_Flaga) --------------------------------------------
# The public sources do not spell out the values. syncadmin's convention, UNVERIFIED
# against a live Optima: 2 = taxed at the rate, 1 = exempt (zw), 4 = not subject (np).
VAT_FLAG_TAXED = 2
VAT_FLAG_EXEMPT = 1
VAT_FLAG_NOT_SUBJECT = 4

_VAT_CODES = {
    "23": (VAT_FLAG_TAXED, Decimal("23.00")),
    "8": (VAT_FLAG_TAXED, Decimal("8.00")),
    "5": (VAT_FLAG_TAXED, Decimal("5.00")),
    "0": (VAT_FLAG_TAXED, Decimal("0.00")),
    "zw": (VAT_FLAG_EXEMPT, Decimal("0.00")),
    "np": (VAT_FLAG_NOT_SUBJECT, Decimal("0.00")),
}
VAT_CODES = tuple(_VAT_CODES)


def vat_flag_and_rate(code: str) -> tuple[int, Decimal]:
    """Contract VAT code ("23", "8", "5", "0", "zw", "np") -> (flag, rate as Decimal("0.00")).

    Raises ValueError for any other code.
    """
    try:
        return _VAT_CODES[code]
    except (KeyError, TypeError):
        raise ValueError(
            f"Unknown VAT rate {code!r}; expected one of {', '.join(VAT_CODES)}."
        ) from None


def vat_code(flag: int, rate: Decimal) -> str:
    """The inverse of `vat_flag_and_rate`: (Twr_Flaga, Twr_Stawka) -> contract VAT code.

    Raises ValueError for a combination syncadmin does not know.
    """
    if flag == VAT_FLAG_EXEMPT:
        return "zw"
    if flag == VAT_FLAG_NOT_SUBJECT:
        return "np"
    if flag == VAT_FLAG_TAXED:
        normalized = Decimal(str(rate)).normalize()
        text = format(normalized, "f")
        if text in _VAT_CODES:
            return text
    raise ValueError(f"Unknown VAT flag/rate combination: flag {flag}, rate {rate}.")


# --- other fixed values --------------------------------------------------------------------

#: TrN_ImportAppId (varchar(5)): which importer wrote the row.
IMPORT_APP_ID = "SYNCA"
#: TrN_PodmiotTyp / BZp_PodmiotTyp: 1 = customer (Kontrahenci.Knt_KntId).
COUNTERPARTY_CUSTOMER = 1
#: BZp_Kierunek: +1 money received (KP); -1 would be paid out (KW, not imported).
DIRECTION_RECEIVED = 1
#: The system currency (złoty) is stored as '' in TrN_Waluta, TrE_Waluta, BZp_Waluta, and
#: its exchange rate as KursL = KursM = 1 (FACTS.md); rate table number 0: none used.
SYSTEM_CURRENCY = ""
RATE_L = 1
RATE_M = 1
RATE_NUMBER = 0
#: TrN_TypNB / TrE_TypNB: the basis of the document's prices. syncadmin's convention,
#: after Optima's XML field TYP_NETTO_BRUTTO: 1 = net, 2 = gross.
BASIS_NET, BASIS_GROSS = 1, 2
#: TrE_Aktywny: Comarch's reports only see lines with TrE_Aktywny <> 0 (FACTS.md).
LINE_ACTIVE = 1
#: Knt_Rodzaj_Odbiorca = 1: the customer is a receiver (buyer) (FACTS.md).
CUSTOMER_IS_RECEIVER = 1
#: Defaults the facts record only in part ("(byte", "(short": a non-zero value cut off).
#: syncadmin writes these columns itself with 1, the one such default public sources confirm
#: (Twr_Mobile, tinyint, default 1).
PARTLY_RECORDED_DEFAULT = 1
#: TrN_Bufor: 1 = draft ("w buforze"), 0 = confirmed.
DRAFT = 1
CONFIRMED = 0
#: FormyPlatnosci.FPl_Typ.
PAYMENT_CASH, PAYMENT_TRANSFER, PAYMENT_CARD = 1, 2, 3
#: Towary.Twr_Typ.
PRODUCT_SERVICE, PRODUCT_GOODS = 0, 1

#: Money columns are decimal(15,2); rates and discounts decimal(5,2) (optima_tables).
MONEY = Decimal("0.01")
PERCENT = Decimal("0.01")


def to_decimal(value, exponent: Decimal = MONEY) -> Decimal | None:
    """A value read from any driver (Decimal, int, float, str) as Decimal at ``exponent``.

    Goes through ``str()`` so a float from the SQLite driver is never used in arithmetic.
    None stays None.
    """
    if value is None:
        return None
    return Decimal(str(value)).quantize(exponent)


# --- names spread over continuation columns (Knt_Nazwa1..3) --------------------------------


def split_name(text: str, width: int = 50, parts: int = 3) -> list[str]:
    """Split ``text`` over ``parts`` columns of ``width`` characters (Knt_Nazwa1..3).

    Breaks before a space where possible (the space starts the next part), so that
    ``"".join(parts)`` gives back the exact text. Returns exactly ``parts`` strings
    (empty ones at the end). Raises ValueError if the text does not fit: values are
    never cut silently (DESIGN.md, "Import semantics").
    """
    if len(text) > width * parts:
        raise ValueError(
            f"Text of {len(text)} characters does not fit in {parts} columns of {width}."
        )
    result: list[str] = []
    rest = text
    while rest and len(result) < parts:
        if len(rest) <= width:
            result.append(rest)
            rest = ""
            break
        cut = rest.rfind(" ", 1, width + 1)
        remaining_capacity = width * (parts - len(result) - 1)
        if cut <= 0 or len(rest) - cut > remaining_capacity:
            cut = width
        result.append(rest[:cut])
        rest = rest[cut:]
    if rest:
        raise ValueError(f"Text does not fit in {parts} columns of {width} characters.")
    return result + [""] * (parts - len(result))


def join_name(*parts: str | None) -> str:
    """Inverse of `split_name`: plain concatenation of the non-null parts."""
    return "".join(p for p in parts if p)


# --- numbering (DokDefinicje.DDf_Numeracja) ------------------------------------------------

NUMBER_TOKEN = "@numerS"
NUMER_STRING_MAX = 31  # TrN_NumerString varchar(31), BZp_NumerString
NUMER_PELNY_MAX = 30  # TrN_NumerPelny nvarchar(30), BZp_NumerPelny
_TOKEN_RE = re.compile(r"@[A-Za-z_]+")


def render_numbering(
    template: str, *, symbol: str, doc_date: date, series: str = "", warehouse: str = ""
) -> str:
    """Fill a numbering template except ``@numerS``; the result is ``TrN_NumerString``.

    Tokens (optima-schema.md, "Numbering template tokens"): ``@symbol``, ``@numerS`` (kept
    literally), ``@rok_kal`` (4-digit year of ``doc_date``), ``@miesiac`` (2-digit month),
    ``@rejestr`` (``series``), ``@magazyn`` (the warehouse symbol, ``warehouse``), ``@brak``
    (empty section). Sections are joined by ``/``; an empty section (``@brak``, ``@rejestr``
    with no series, ``@magazyn`` with no warehouse) is dropped, not left as ``//``.
    ``doc_date`` must be the document's own date in the company's time zone.

    Example: ``render_numbering("@symbol/@numerS/@miesiac/@rok_kal", symbol="FS",
    doc_date=date(2026, 11, 27))`` -> ``"FS/@numerS/11/2026"``.

    Raises ValueError naming the token for an unknown token, when ``@numerS`` is missing or
    repeated, or when the result is longer than TrN_NumerString (31) or its full number
    would not fit TrN_NumerPelny (30).
    """
    return _render_numbering(
        template, symbol, doc_date.year, doc_date.month, series or "", warehouse or ""
    )


@functools.lru_cache(maxsize=1024)
def _render_numbering(
    template: str, symbol: str, year: int, month: int, series: str, warehouse: str
) -> str:
    """`render_numbering` for one month: pure, so remembered (a run numbers thousands of
    documents with the same few templates and months)."""
    values = {
        "@symbol": symbol,
        NUMBER_TOKEN: NUMBER_TOKEN,
        "@rok_kal": f"{year:04d}",
        "@miesiac": f"{month:02d}",
        "@rejestr": series,
        "@magazyn": warehouse,
        "@brak": "",
    }

    def fill(match: re.Match) -> str:
        token = match.group(0)
        if token not in values:
            raise ValueError(f"Unknown numbering token {token!r} in template {template!r}.")
        return values[token]

    if template.count(NUMBER_TOKEN) != 1:
        raise ValueError(
            f"Numbering template {template!r} must contain {NUMBER_TOKEN} exactly once."
        )
    sections = [_TOKEN_RE.sub(fill, section) for section in template.split("/")]
    numer_string = "/".join(s for s in sections if s)
    if len(numer_string) > NUMER_STRING_MAX:
        raise ValueError(
            f"Document number {numer_string!r} is longer than {NUMER_STRING_MAX} characters "
            "(TrN_NumerString); shorten the symbol or the series."
        )
    full_number(numer_string, 1)  # the shortest full number must fit too
    return numer_string


def full_number(numer_string: str, nr: int) -> str:
    """``TrN_NumerPelny``: ``numer_string`` with ``@numerS`` replaced by ``nr``.

    Raises ValueError if the result is longer than 30 characters (TrN_NumerPelny).
    """
    result = numer_string.replace(NUMBER_TOKEN, str(nr))
    if len(result) > NUMER_PELNY_MAX:
        raise ValueError(
            f"Full document number {result!r} is longer than {NUMER_PELNY_MAX} characters "
            "(TrN_NumerPelny)."
        )
    return result


# --- operator password verifier (Operatorzy.Ope_Haslo) -------------------------------------
# Comarch's encoding of Ope_Haslo is NOT public. The demo/test configuration database stores
# a verifier of syncadmin's own choosing instead; against a real Optima the operator check
# cannot verify the password this way. Ope_Haslo is nvarchar(64), so the salt (12 bytes) and
# the derived key (18 bytes) are sized to fit: "pbkdf2_sha256$100000$<16>$<24>" = 62 chars.

_VERIFIER_ALGORITHM = "pbkdf2_sha256"
_VERIFIER_ITERATIONS = 100_000
_VERIFIER_SALT_BYTES = 12
_VERIFIER_KEY_BYTES = 18


def make_password_verifier(password: str, *, iterations: int = _VERIFIER_ITERATIONS) -> str:
    """A verifier ``"pbkdf2_sha256$<iterations>$<salt b64>$<hash b64>"`` for ``password``.

    syncadmin's OWN format for the demo/test ``Operatorzy.Ope_Haslo`` column: Comarch's
    password encoding is not public (optima-schema.md, "What is not public"). Fits in 64.
    """
    salt = secrets.token_bytes(_VERIFIER_SALT_BYTES)
    key = hashlib.pbkdf2_hmac(
        "sha256", password.encode("utf-8"), salt, iterations, _VERIFIER_KEY_BYTES
    )
    b64 = base64.b64encode
    return f"{_VERIFIER_ALGORITHM}${iterations}${b64(salt).decode()}${b64(key).decode()}"


def check_password_verifier(password: str, verifier: str | None) -> bool:
    """True if ``password`` matches a verifier made by `make_password_verifier`.

    Any other value of Ope_Haslo (empty, Comarch's own encoding) gives False, never an error.
    Comparison is constant-time.
    """
    try:
        algorithm, iterations, salt_b64, key_b64 = (verifier or "").split("$")
        if algorithm != _VERIFIER_ALGORITHM:
            return False
        salt = base64.b64decode(salt_b64, validate=True)
        expected = base64.b64decode(key_b64, validate=True)
        key = hashlib.pbkdf2_hmac(
            "sha256", password.encode("utf-8"), salt, int(iterations), len(expected)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(key, expected)
