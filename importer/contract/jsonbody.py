"""Parsing a request body into JSON without losing the distinction the contract needs.

The contract says amounts travel as decimal strings, never as JSON numbers, and a JSON number
in an amount field is a 400. ``json.loads`` would turn ``12.30`` into a float, so numbers are
parsed into `JsonNumber` markers instead: the validator can tell them apart and reject them,
and nothing is ever a float on the way.
"""

from __future__ import annotations

import json
import math
import re

from django.utils.translation import gettext

# Extension fields (which the contract allows and we ignore) cannot nest anywhere near this.
MAX_DEPTH = 64
# The most JSON values (strings, numbers, objects, arrays …) a body may hold. A full legitimate
# batch of 5 MiB has well under 400,000; a body of tiny values could have millions, and each
# costs parsing time and memory. Counted cheaply before the body is parsed.
MAX_VALUES = 500_000

_INTEGER_RE = re.compile(r"-?[0-9]+\Z")


class BodyError(ValueError):
    """The body is not UTF-8 JSON we can work with; ``message`` is user-facing."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class JsonNumber:
    """A JSON number literal as it appeared in the body (``text``), never converted to float.

    It only survives in ``payload`` inside unknown extension fields, where `to_plain` turns it
    into an ``int`` (integer literals) or a ``float`` (the only JSON-storable form of other
    numbers; such fields are not money, since every amount field refuses numbers).
    """

    __slots__ = ("_plain", "text")

    def __init__(self, text: str):
        self.text = text
        if _INTEGER_RE.match(text):
            self._plain: int | float = int(text)  # ValueError beyond Python's digit limit
        else:
            value = float(text)
            if not math.isfinite(value):
                raise ValueError("number out of range")
            self._plain = value

    @property
    def plain(self) -> int | float:
        return self._plain

    def __repr__(self) -> str:
        return f"JsonNumber({self.text!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, JsonNumber) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)


def _reject_constant(name: str):
    raise ValueError(f"{name} is not allowed in JSON")


class DuplicateKey(ValueError):
    """A JSON object names the same key twice (RFC 8259 leaves it undefined which wins)."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _object_without_duplicates(pairs: list[tuple[str, object]]) -> dict:
    result: dict = {}
    for key, value in pairs:
        if key in result:
            raise DuplicateKey(key)
        result[key] = value
    return result


def _check_structure(value: object) -> None:
    """Refuse lone surrogates (``"\\ud800"``, not storable as UTF-8), NUL characters (no
    database column holds them) and absurd nesting."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise BodyError(gettext("The JSON body is nested too deeply."))
        if isinstance(item, str):
            strings = [item]
        elif isinstance(item, dict):
            strings = list(item.keys())
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            strings = []
            stack.extend((v, depth + 1) for v in item)
        else:
            continue
        for text in strings:
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                raise BodyError(
                    gettext("The body contains an invalid Unicode escape (a lone surrogate).")
                ) from None
            if "\x00" in text:  # no database column (nor PostgreSQL's jsonb) can hold it
                raise BodyError(
                    gettext("The body contains a NUL character (\\u0000), which cannot be stored.")
                )


def parse_body(raw: bytes) -> object:
    """Parse a request body: strict UTF-8, RFC 8259 JSON, numbers as `JsonNumber`.

    ``NaN``/``Infinity`` literals, numbers out of float range, a key repeated in one object,
    lone surrogates and nesting deeper than `MAX_DEPTH` are refused. Raises `BodyError` with a user-facing message.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BodyError(
            gettext("The body is not valid UTF-8 (byte %(position)d).") % {"position": exc.start}
        ) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise BodyError(gettext("The body is empty; a JSON object was expected."))
    # Every value after the first is preceded by "," or ":" (or "[" for a first element):
    # their count bounds the values, at C speed, before anything is built.
    if text.count(",") + text.count(":") + text.count("[") > MAX_VALUES:
        raise BodyError(
            gettext("The body holds more than %(max)d JSON values; send fewer documents per batch.")
            % {"max": MAX_VALUES}
        )
    try:
        data = json.loads(
            text,
            parse_float=JsonNumber,
            parse_int=JsonNumber,
            parse_constant=_reject_constant,
            object_pairs_hook=_object_without_duplicates,
        )
    except DuplicateKey as exc:
        raise BodyError(
            gettext(
                'The body names the key "%(key)s" twice in one JSON object; each key may '
                "appear once."
            )
            % {"key": exc.key[:60]}
        ) from None
    except json.JSONDecodeError as exc:
        raise BodyError(
            gettext("The body is not valid JSON: %(error)s (line %(line)d, column %(column)d).")
            % {"error": exc.msg, "line": exc.lineno, "column": exc.colno}
        ) from None
    except (ValueError, RecursionError) as exc:
        raise BodyError(
            gettext("The body is not valid JSON: %(error)s.") % {"error": exc}
        ) from None
    _check_structure(data)
    return data


def to_plain(value: object) -> object:
    """A copy of parsed JSON with every `JsonNumber` replaced by its int/float value."""
    if isinstance(value, JsonNumber):
        return value.plain
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_plain(v) for v in value]
    return value
