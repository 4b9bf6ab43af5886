"""What the per-type mappings share: the error, the context, the result, text and dates."""

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _


class DocumentError(Exception):
    """A document that cannot be imported as it is: bad or unknown data, not a broken ERP.

    ``field`` is the contract's path of the offending value (``lines[1].product_code``),
    ``message`` says what is wrong and includes the value. The engine marks the document
    failed with ``str(error)`` and, by default, stops the run.
    """

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message


@dataclass
class ImportContext:
    """What a mapping needs besides the document itself.

    ``now`` is the aware moment of the import (stamped as ``*_TS_Zal`` in the company's time
    zone, as Optima stores wall-clock local time); ``resolve_customer(ref, field)`` turns the
    contract's ``customer`` object into an `optima.Customer` or raises `DocumentError`.
    """

    company: object  # harmonogramy.models.CompanyDatabase
    operator_acronym: str
    now: datetime
    resolve_customer: object  # Callable[[dict, str], Customer]
    resolve_settled: object = None  # Callable[[str], str | None]: guid -> ERP number
    notes: list[str] = field(default_factory=list)
    operator_id: int | None = None  # CDN.Operatorzy.Ope_OpeID (None: not read)
    operator_name: str = ""  # CDN.Operatorzy.Ope_Nazwisko

    def operator_columns(self, prefix: str, id_suffix: str = "ID") -> dict:
        """Who created and last changed the row, and when: ``<prefix>_OpeZalID/Kod/
        Nazwisko``, ``<prefix>_TS_Zal`` and the same for ``OpeMod``/``TS_Mod`` (the operator
        of CDN.Operatorzy the import runs as; the import moment in local time).
        ``id_suffix`` is the id column's spelling in that table ("ID"; BnkZapisy: "Id")."""
        now = self.local_now
        columns = {}
        for kind in ("Zal", "Mod"):
            columns[f"{prefix}_Ope{kind}{id_suffix}"] = self.operator_id
            columns[f"{prefix}_Ope{kind}Kod"] = self.operator_acronym
            columns[f"{prefix}_Ope{kind}Nazwisko"] = self.operator_name
            columns[f"{prefix}_TS_{kind}"] = now
        return columns

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.company.time_zone)

    @property
    def local_now(self) -> datetime:
        """The import moment as a naive local datetime (Optima's ``*_TS_Zal``)."""
        return self.now.astimezone(self.zone).replace(tzinfo=None, microsecond=0)

    def document_date(self, issued_at: str) -> date:
        """The document's date: its ``issued_at`` seen in the company's time zone.

        Rule (DESIGN.md): the month and year of a number come from the document's own date in
        the company's time zone, never from the day of the import.
        """
        return datetime.fromisoformat(issued_at.replace("Z", "+00:00")).astimezone(self.zone).date()


@dataclass
class ImportResult:
    """What was written: the ERP number (or customer code) and the row id; ``messages``
    go with the document's "imported as" log line, ``warnings`` become warning entries."""

    erp_number: str
    erp_id: int
    messages: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def customer_snapshot(customer, prefix: str) -> dict:
    """The customer's name and address as a document keeps them: ``{prefix + suffix:
    text}`` for every suffix of `optima.CUSTOMER_SNAPSHOT` ("TrN_Pod" -> TrN_PodNazwa1,
    TrN_PodUlica ...; "BZp_" -> BZp_Nazwa1 ...). Their lengths equal Kontrahenci's."""
    return {prefix + suffix: value for suffix, value in customer.snapshot.items()}


def as_datetime(day: date) -> datetime:
    """A date as the midnight ``datetime`` Optima keeps in its ``datetime`` date columns."""
    return datetime(day.year, day.month, day.day)


def parse_date(value: str, field: str) -> date:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise DocumentError(
            field, _("%(value)r is not a date (YYYY-MM-DD)") % {"value": value}
        ) from exc


def check_length(value: str | None, limit: int, field: str, column: str) -> str:
    """Return ``value`` ('' for None) or raise if it is longer than its ERP column.

    Text is never cut silently (DESIGN.md, "Import semantics").
    """
    value = value or ""
    if len(value) > limit:
        raise DocumentError(
            field,
            _("%(value)r has %(length)d characters; %(column)s holds at most %(limit)d")
            % {"value": value, "length": len(value), "column": column, "limit": limit},
        )
    return value
