"""Field checkers for one document: each reports its problems and returns the clean value.

A `Checker` belongs to one document of a batch and appends `FieldError`s to the batch's list,
so every problem of the batch is reported at once. Field paths look like ``lines[2].quantity``,
``customer.code`` or ``address.postal_code`` (relative to the document).
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.utils.translation import gettext

from importer.contract.jsonbody import JsonNumber

MISSING = object()

_DECIMAL_RE = re.compile(r"-?[0-9]+(?:\.[0-9]+)?\Z")
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_TIMESTAMP_RE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?"
    r"(?P<offset>[Zz]|[+-][0-9]{2}:[0-9]{2})?\Z"
)


@dataclass(frozen=True)
class FieldError:
    """One problem of a batch, as the 400 answer lists it (contract, "Answers").

    ``index`` is the document's position in ``documents`` (None for batch-level problems),
    ``guid`` the document's guid when it has a usable one, ``field`` the path inside the
    document (or ``"documents"``/``"body"`` for the batch), ``message`` a translated text.
    """

    index: int | None
    guid: str | None
    field: str
    message: str

    def as_dict(self) -> dict:
        return {
            "index": self.index,
            "guid": self.guid,
            "field": self.field,
            "message": self.message,
        }


def join(prefix: str, key: str | int) -> str:
    """``join("lines[2]", "quantity")`` → ``lines[2].quantity``; ints give ``lines[2]``."""
    if isinstance(key, int):
        return f"{prefix}[{key}]"
    return f"{prefix}.{key}" if prefix else key


def is_json_number(value: object) -> bool:
    """A JSON number as parsed by `parse_body`, or a Python number passed in directly."""
    return isinstance(value, (JsonNumber, int, float, Decimal)) and not isinstance(value, bool)


def kind_of(value: object) -> str:
    """How a message names a JSON value's type ("a JSON number", "null", …)."""
    if value is None:
        return gettext("null")
    if isinstance(value, bool):
        return gettext("a boolean")
    if is_json_number(value):
        return gettext("a JSON number")
    if isinstance(value, dict):
        return gettext("an object")
    if isinstance(value, list):
        return gettext("a list")
    return gettext("a string")


def normalize_uuid(value: object) -> str | None:
    """The canonical lower-case form of a UUID string, or None if it is not one."""
    if not isinstance(value, str) or not 32 <= len(value) <= 45:
        return None
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return None


@dataclass
class Reference:
    """A guid one document points at, resolved after the whole batch has been read."""

    index: int
    doc_guid: str | None
    field: str
    target: str
    allowed_types: frozenset[str]


class Checker:
    """Validates the fields of one document (index ``index``) into a shared error list."""

    def __init__(
        self, index: int, guid: str | None, errors: list[FieldError], references: list[Reference]
    ):
        self.index = index
        self.guid = guid
        self.errors = errors
        self.references = references

    def error(self, field: str, message: str) -> None:
        self.errors.append(FieldError(self.index, self.guid, field, message))

    @staticmethod
    def _name(path: str) -> str:
        return path.rsplit(".", 1)[-1]

    def _get(self, obj: dict, key: str, path: str, required: bool) -> object:
        value = obj.get(key, MISSING)
        if value is MISSING and required:
            self.error(path, gettext("%(name)s is required.") % {"name": self._name(path)})
        return value

    def _wrong_type(self, path: str, expected: str, value: object) -> None:
        self.error(
            path,
            gettext("%(name)s must be %(expected)s, not %(kind)s.")
            % {"name": self._name(path), "expected": expected, "kind": kind_of(value)},
        )

    def mapping(self, obj: dict, key: str, path: str, *, required: bool = False) -> dict | None:
        """A nested JSON object, or None (absent or wrong; reported)."""
        value = self._get(obj, key, path, required)
        if value is MISSING:
            return None
        if not isinstance(value, dict):
            self._wrong_type(path, gettext("an object"), value)
            return None
        return value

    def items(
        self, obj: dict, key: str, path: str, *, required: bool, min_items: int, max_items: int
    ) -> list | None:
        """A JSON list with ``min_items``–``max_items`` entries, or None (reported)."""
        value = self._get(obj, key, path, required)
        if value is MISSING:
            return None
        if not isinstance(value, list):
            self._wrong_type(path, gettext("a list"), value)
            return None
        if not min_items <= len(value) <= max_items:
            self.error(
                path,
                gettext("%(name)s must have %(min)d to %(max)d entries (it has %(count)d).")
                % {
                    "name": self._name(path),
                    "min": min_items,
                    "max": max_items,
                    "count": len(value),
                },
            )
            return None
        return value

    def text(
        self,
        obj: dict,
        key: str,
        path: str,
        *,
        required: bool = False,
        max_length: int,
        allow_empty: bool = False,
        ansi: bool = False,
        multiline: bool = False,
    ) -> str | None:
        """A JSON string of at most ``max_length`` characters (blank only if allowed).

        Control characters (Unicode category Cc: NUL, ESC, …) are refused; ``multiline``
        fields (a note) may hold tab, line feed and carriage return. ``ansi``: the value goes
        to an Optima ``varchar`` column, which holds code page 1250 (Optima's Polish
        collation): Polish letters yes, characters outside it (emoji, Cyrillic…) would be
        stored as "?", so they are refused.
        """
        value = self._get(obj, key, path, required)
        if value is MISSING:
            return None
        name = self._name(path)
        if not isinstance(value, str):
            self._wrong_type(path, gettext("a string"), value)
            return None
        if not allow_empty and not value.strip():
            self.error(path, gettext("%(name)s must not be empty.") % {"name": name})
            return None
        if len(value) > max_length:
            self.error(
                path,
                gettext("%(name)s must be at most %(max)d characters long (it has %(length)d).")
                % {"name": name, "max": max_length, "length": len(value)},
            )
            return None
        allowed = _MULTILINE_CONTROLS if multiline else ()
        controls = [ch for ch in value if unicodedata.category(ch) == "Cc" and ch not in allowed]
        if controls:
            if multiline:
                message = gettext(
                    "%(name)s contains a control character (%(chars)s); only letters, digits, "
                    "punctuation, spaces, tabs and line breaks are allowed."
                )
            else:
                message = gettext(
                    "%(name)s contains a control character (%(chars)s); only letters, digits, "
                    "punctuation and spaces are allowed."
                )
            chars = ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(controls))
            self.error(path, message % {"name": name, "chars": chars})
            return None
        if ansi:
            bad = [ch for ch in value if not _fits_cp1250(ch)]
            if bad:
                self.error(
                    path,
                    gettext(
                        "%(name)s contains %(chars)s, which Optima cannot store "
                        "in this field (code page 1250: Polish and Western "
                        "European letters only)."
                    )
                    % {"name": name, "chars": ", ".join(repr(c) for c in dict.fromkeys(bad))},
                )
                return None
        return value

    def choice(
        self, obj: dict, key: str, path: str, choices: tuple[str, ...], *, required: bool = False
    ) -> str | None:
        """A string that is one of ``choices``."""
        value = self._get(obj, key, path, required)
        if value is MISSING:
            return None
        if not isinstance(value, str) or value not in choices:
            self.error(
                path,
                gettext("%(name)s must be one of %(choices)s (got %(value)s).")
                % {
                    "name": self._name(path),
                    "choices": ", ".join(f'"{c}"' for c in choices),
                    "value": f'"{value}"' if isinstance(value, str) else kind_of(value),
                },
            )
            return None
        return value

    def decimal(
        self,
        obj: dict,
        key: str,
        path: str,
        *,
        required: bool = False,
        places: int | None = None,
        integer_digits: int = 11,
        minimum: Decimal | None = None,
        positive: bool = False,
        maximum: Decimal | None = None,
        positive_message: str | None = None,
    ) -> Decimal | None:
        """A plain decimal string ("12", "12.30", "0.5") within the given bounds.

        JSON numbers, booleans, exponents, NaN/Infinity, signs other than a leading minus and
        spaces are refused. ``integer_digits`` bounds the digits before the point (Optima's
        decimal(15,4) columns give 11).
        """
        value = self._get(obj, key, path, required)
        if value is MISSING:
            return None
        name = self._name(path)
        if is_json_number(value):
            self.error(
                path,
                gettext(
                    "%(name)s must be a decimal string, not a JSON number "
                    '(send "12.30", not 12.30).'
                )
                % {"name": name},
            )
            return None
        if not isinstance(value, str):
            self._wrong_type(path, gettext("a decimal string"), value)
            return None
        if not _DECIMAL_RE.match(value):
            self.error(
                path,
                gettext(
                    '%(name)s must be a plain decimal string like "12.30" '
                    "(no exponent, NaN, Infinity, spaces or thousands "
                    'separators); got "%(value)s".'
                )
                % {"name": name, "value": value[:40]},
            )
            return None
        number = Decimal(value)
        digits = value.lstrip("-").split(".")[0].lstrip("0")
        decimals = len(value.split(".")[1]) if "." in value else 0
        if positive and number <= 0:
            message = positive_message or gettext("%(name)s must be greater than 0.")
            self.error(path, message % {"name": name})
        elif minimum is not None and number < minimum:
            self.error(
                path, gettext("%(name)s must be at least %(min)s.") % {"name": name, "min": minimum}
            )
        elif maximum is not None and number > maximum:
            self.error(
                path, gettext("%(name)s must be at most %(max)s.") % {"name": name, "max": maximum}
            )
        elif places is not None and decimals > places:
            self.error(
                path,
                gettext("%(name)s must have at most %(places)d decimal places (got %(value)s).")
                % {"name": name, "places": places, "value": value},
            )
        elif len(digits) > integer_digits:
            self.error(
                path,
                gettext(
                    "%(name)s is too large (at most %(digits)d digits before the decimal point)."
                )
                % {"name": name, "digits": integer_digits},
            )
        else:
            return number
        return None

    def percent(self, obj: dict, key: str, path: str) -> Decimal | None:
        """An optional discount percent: decimal string 0–100 with at most 2 decimal places
        (Optima's TrN_Rabat / TrE_Rabat are decimal(5, 2): 12.345 would be rounded)."""
        return self.decimal(obj, key, path, minimum=Decimal(0), maximum=Decimal(100), places=2)

    def date(self, obj: dict, key: str, path: str, *, required: bool = False) -> date | None:
        """A ``YYYY-MM-DD`` string naming a real calendar date."""
        value = self._get(obj, key, path, required)
        if value is MISSING:
            return None
        name = self._name(path)
        if not isinstance(value, str):
            self._wrong_type(path, gettext("a date string (YYYY-MM-DD)"), value)
            return None
        if _DATE_RE.match(value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.error(
            path,
            gettext('%(name)s must be a valid date in the form YYYY-MM-DD (got "%(value)s").')
            % {"name": name, "value": value[:40]},
        )
        return None

    def _in_range(self, path: str, name: str, value: str, moment: datetime) -> datetime | None:
        """``moment`` if its offset is a real one (at most ±14:00) and it falls within
        `TIMESTAMP_YEARS` (in UTC), else reported (the databases cannot all store the rest)."""
        offset = moment.utcoffset()
        if offset is not None and abs(offset) > MAX_OFFSET:
            self.error(
                path,
                gettext(
                    '%(name)s has the offset of "%(value)s", beyond ±14:00 (no time zone has one).'
                )
                % {"name": name, "value": value[:40]},
            )
            return None
        first, last = TIMESTAMP_YEARS
        try:
            year = moment.astimezone(UTC).year
        except OverflowError:
            year = moment.year
        if not first <= year <= last:
            self.error(
                path,
                gettext(
                    '%(name)s must lie between the years %(first)d and %(last)d (got "%(value)s").'
                )
                % {"name": name, "first": first, "last": last, "value": value[:40]},
            )
            return None
        return moment

    def timestamp(self, obj: dict, key: str, path: str) -> datetime | None:
        """A required RFC 3339 timestamp with an offset (``Z`` allowed) → aware datetime."""
        value = self._get(obj, key, path, True)
        if value is MISSING:
            return None
        name = self._name(path)
        if not isinstance(value, str):
            self._wrong_type(path, gettext("an RFC 3339 timestamp string"), value)
            return None
        match = _TIMESTAMP_RE.match(value)
        if match and not match.group("offset"):
            self.error(
                path,
                gettext(
                    "%(name)s must be an RFC 3339 timestamp with an offset; "
                    "the offset is missing (e.g. 2026-11-27T10:15:00+01:00 or "
                    '2026-11-27T09:15:00Z), got "%(value)s".'
                )
                % {"name": name, "value": value[:40]},
            )
            return None
        if match:
            try:
                moment = datetime.fromisoformat(value.upper())
            except ValueError:
                pass
            else:
                return self._in_range(path, name, value, moment)
        self.error(
            path,
            gettext(
                "%(name)s must be an RFC 3339 timestamp with an offset, e.g. "
                '2026-11-27T10:15:00+01:00 (got "%(value)s").'
            )
            % {"name": name, "value": value[:40]},
        )
        return None

    def reference(
        self,
        obj: dict,
        key: str,
        path: str,
        allowed_types: frozenset[str],
        *,
        required: bool = False,
    ) -> str | None:
        """A guid of another document (resolved later); returns its canonical form."""
        value = self._get(obj, key, path, required)
        if value is MISSING:
            return None
        target = normalize_uuid(value)
        if target is None:
            if isinstance(value, str):
                self.error(
                    path,
                    gettext('%(name)s must be a UUID (got "%(value)s").')
                    % {"name": self._name(path), "value": value[:40]},
                )
            else:
                self._wrong_type(path, gettext("a UUID string"), value)
            return None
        self.references.append(Reference(self.index, self.guid, path, target, allowed_types))
        return target


_MULTILINE_CONTROLS = ("\t", "\n", "\r")
#: Timestamps a document may carry (UTC years, inclusive) and the largest UTC offset.
TIMESTAMP_YEARS = (2000, 2099)
MAX_OFFSET = timedelta(hours=14)


def _fits_cp1250(char: str) -> bool:
    try:
        char.encode("cp1250")
    except UnicodeEncodeError:
        return False
    return True
