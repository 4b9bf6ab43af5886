"""Reads of Optima's configuration database: the company databases listed in ``CDN.Bazy``.

Source: /work/shared/domain/optima-schema.md ("CDN.Bazy"). ``Baz_Dostep`` has the form
``NET:<database>,<server>,NT=<0/1>``; it is parsed here (`parse_access`) rather than read
from the computed ``Baz_NazwaBazy`` / ``Baz_NazwaSerwera`` columns, so that a database part
containing a comma (an SQLite path in the demo) still comes out whole.
"""

import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from importer.erp.adapter import ErpConnection, ErpConnectionSettings, ErpError, connect

_OPTION = re.compile(r"^\s*[A-Za-z_]\w*\s*=.*$")


@dataclass(frozen=True)
class Access:
    """``Baz_Dostep`` parsed: the company's database name (SQLite: file path), its server
    ("" when not given) and the NT flag (True = Optima's clients use Windows
    authentication)."""

    database: str
    server: str
    integrated_security: bool


@dataclass(frozen=True)
class CompanyEntry:
    """One ``CDN.Bazy`` row. ``guid`` is upper-case ("" when NULL); ``access`` is None when
    ``Baz_Dostep`` cannot be parsed (``raw_access`` keeps the text for the message)."""

    id: int
    name: str
    raw_access: str
    access: Access | None
    inactive: bool
    guid: str


def parse_access(text: str) -> Access:
    """Parse ``NET:<database>,<server>,NT=<0/1>`` (the ``NET:`` prefix and the options
    are optional; options are the trailing ``Key=Value`` parts).

    Raises ValueError, naming the value, when no database part is there.
    """
    body = (text or "").strip()
    if body[:4].upper() == "NET:":
        body = body[4:]
    parts = body.split(",")
    options = {}
    while len(parts) > 1 and _OPTION.match(parts[-1]):
        key, _, value = parts.pop().partition("=")
        options[key.strip().upper()] = value.strip()
    server = parts.pop().strip() if len(parts) > 1 else ""
    database = ",".join(parts).strip()
    if not database:
        raise ValueError(
            f"Baz_Dostep {text!r} has no database part (expected NET:<database>,<server>,NT=<0/1>)"
        )
    return Access(
        database=database, server=server, integrated_security=options.get("NT", "0") == "1"
    )


def _guid(value) -> str:
    if value is None:
        return ""
    text = str(value).strip()
    try:
        return str(uuid.UUID(text)).upper()
    except ValueError:
        return text.upper()


def connect_configuration(settings: ErpConnectionSettings) -> ErpConnection:
    """`connect` for a configuration database. An SQLite file that does not exist is refused
    (`ErpError`, kind "connection") instead of being created empty by the driver."""
    if settings.dialect == "sqlite" and not Path(settings.database).is_file():
        raise ErpError(
            f"Cannot connect to {settings.describe()}: the file does not exist.",
            kind="connection",
            transient=False,
        )
    return connect(settings)


class OptimaConfiguration:
    """Reads of one Optima configuration database over an `ErpConnection`.

    Database failures raise `ErpError`; a database without ``CDN.Bazy`` (not a
    configuration database) raises it with kind "schema".
    """

    _COMPANIES = (
        "SELECT Baz_BazID, Baz_Nazwa, Baz_Dostep, Baz_Nieaktywna, Baz_GUID "
        "FROM {Bazy} ORDER BY Baz_BazID"
    )

    def __init__(self, conn: ErpConnection):
        self.conn = conn

    def companies(self) -> list[CompanyEntry]:
        """Every company database listed in ``CDN.Bazy``, active or not, by Baz_BazID."""
        rows = self.conn.fetch_all(self._COMPANIES.format(Bazy=self.conn.table("Bazy")))
        entries = []
        for row in rows:
            raw = "" if row[2] is None else str(row[2])
            try:
                access = parse_access(raw)
            except ValueError:
                access = None
            entries.append(
                CompanyEntry(
                    id=int(row[0]),
                    name=str(row[1] or "").strip(),
                    raw_access=raw,
                    access=access,
                    inactive=bool(int(row[3] or 0)),
                    guid=_guid(row[4]),
                )
            )
        return entries
