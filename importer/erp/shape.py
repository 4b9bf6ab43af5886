"""The real shape of Optima's tables, as syncadmin carries it.

``importer/erp/optima_tables/*.tsv`` is syncadmin's own copy of the facts read off a live,
recent Comarch ERP Optima (one file per table: every column with its SQL Server type,
nullability, default and computed expression, the primary key and the indexes; how to read
them: ``optima_tables/FACTS.md``). The product reads only this copy; the test
``tests/erp/test_shape_copy.py`` checks that it is identical to the facts files of the
project's shared folder. Where ``optima-schema.md`` and these files disagree on a type, a
length or a NULL, these files win.

Pure data and parsing: no database, no Django.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

TABLES_DIR = Path(__file__).with_name("optima_tables")

#: The tables of a company database and of the configuration database, in creation order.
COMPANY_TABLES = (
    "Magazyny",
    "FormyPlatnosci",
    "DokDefinicje",
    "Kontrahenci",
    "Towary",
    "TwrJMZ",
    "DefCeny",
    "TwrCeny",
    "TwrIlosci",
    "BnkRachunki",
    "BnkRaporty",
    "TraNag",
    "TraElem",
    "TraVat",
    "BnkZapisy",
    "BnkZdarzenia",
)
CONFIGURATION_TABLES = ("Bazy", "Operatorzy", "BazZakazy")

_TYPE_RE = re.compile(r"^(\w+)(?:\((max|\d+)(?:,\s*(\d+))?\))?$")
TEXT_TYPES = frozenset({"nvarchar", "varchar", "nchar", "char", "text", "ntext"})
INTEGER_TYPES = frozenset({"int", "integer", "smallint", "tinyint", "bigint", "bit"})
#: Inclusive value ranges of SQL Server's integer types.
INTEGER_RANGES = {
    "bit": (0, 1),
    "tinyint": (0, 255),
    "smallint": (-32768, 32767),
    "int": (-2147483648, 2147483647),
    "bigint": (-9223372036854775808, 9223372036854775807),
}


class ShapeError(ValueError):
    """A facts file that cannot be read (names the file and the line)."""


@dataclass(frozen=True)
class Column:
    """One column as the facts record it.

    ``sql_type`` in SQL Server notation ("nvarchar(50)", "decimal(15, 2)", "datetime");
    ``base`` is its name without arguments; ``length`` the characters of a text type
    (None for ``max`` and non-text types); ``precision``/``scale`` of a decimal.
    ``default`` is the facts' text as recorded (``""`` is the empty-string default; the
    column "default" is empty when there is none); ``computed`` the T-SQL expression.
    """

    name: str
    sql_type: str
    base: str
    nullable: bool
    default: str
    computed: str
    length: int | None = None
    precision: int | None = None
    scale: int | None = None
    identity: bool = False

    @property
    def family(self) -> str:
        """ "text", "integer", "decimal", "datetime" or "guid"."""
        if self.base in TEXT_TYPES:
            return "text"
        if self.base in INTEGER_TYPES:
            return "integer"
        if self.base in ("decimal", "numeric", "money"):
            return "decimal"
        if self.base in ("datetime", "datetime2", "date", "smalldatetime"):
            return "datetime"
        if self.base == "uniqueidentifier":
            return "guid"
        raise ShapeError(f"{self.name}: unknown SQL type {self.sql_type!r}")

    @property
    def has_default(self) -> bool:
        return bool(self.default)

    @property
    def default_is_known(self) -> bool:
        """False for defaults the facts record only in part (``(byte``, ``(short``: EF's
        ``(byte)N`` cut off; the value is not in the facts)."""
        return self.has_default and not self.default.startswith(("(byte", "(short"))

    @property
    def writable(self) -> bool:
        """May an INSERT name it? Not the identity key, not a computed column (SQL Server
        error 271)."""
        return not self.identity and not self.computed

    @property
    def required(self) -> bool:
        """Must every INSERT set it? NOT NULL, writable and without a default whose value is
        known (the strict reading of the facts, FACTS.md "How to read a file")."""
        return not self.nullable and self.writable and not self.default_is_known


@dataclass(frozen=True)
class Index:
    """An index: ``name``, ``unique``, ``columns`` (in key order)."""

    name: str
    unique: bool
    columns: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """One Optima table: ``database`` is "company" or "configuration"; ``columns`` in the
    facts' order (alphabetical by name, as scaffolded)."""

    name: str
    database: str
    columns: tuple[Column, ...]
    primary_key: str
    indexes: tuple[Index, ...]
    triggers: tuple[str, ...]

    @functools.cached_property
    def by_name(self) -> dict[str, Column]:
        return {c.name: c for c in self.columns}

    def column(self, name: str) -> Column:
        """The column ``name`` (exact spelling). Raises KeyError naming the table."""
        try:
            return self.by_name[name]
        except KeyError:
            raise KeyError(f"CDN.{self.name} has no column {name!r}") from None

    @property
    def required(self) -> tuple[Column, ...]:
        """The columns every INSERT must set (`Column.required`)."""
        return tuple(c for c in self.columns if c.required)

    @property
    def unique_indexes(self) -> tuple[Index, ...]:
        return tuple(i for i in self.indexes if i.unique)


def parse_type(text: str) -> tuple[str, int | None, int | None, int | None]:
    """ "nvarchar(50)" -> ("nvarchar", 50, None, None); "decimal(15, 2)" -> ("decimal",
    None, 15, 2); "nvarchar(max)" -> ("nvarchar", None, None, None). Raises ShapeError."""
    match = _TYPE_RE.match(text.strip())
    if not match:
        raise ShapeError(f"unreadable SQL type {text!r}")
    base, first, second = match.group(1).lower(), match.group(2), match.group(3)
    if base in TEXT_TYPES:
        return base, (None if first in (None, "max") else int(first)), None, None
    if base in ("decimal", "numeric"):
        return base, None, int(first or 18), int(second or 0)
    return base, None, None, None


def _parse(path: Path) -> Table:
    name = database = primary_key = ""
    indexes: list[Index] = []
    triggers: list[str] = []
    columns: list[Column] = []
    header_seen = False
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{path.name}:{number}"
        if not raw.strip():
            continue
        if raw.startswith("#"):
            text = raw[1:].strip()
            if match := re.match(r"CDN\.(\w+) \((\w+) database\)", text):
                name, database = match.group(1), match.group(2)
            elif text.startswith("primary key:"):
                primary_key = text.split(":", 1)[1].strip()
            elif match := re.match(r"index (\w+)( unique)? \(([^)]*)\)", text):
                indexes.append(
                    Index(
                        match.group(1),
                        bool(match.group(2)),
                        tuple(c.strip() for c in match.group(3).split(",")),
                    )
                )
            elif text.startswith("trigger "):
                triggers.append(text.split(" ", 1)[1].strip())
            continue
        fields = raw.split("\t")
        if not header_seen:
            if fields[:3] != ["column", "sql_type", "nullable"]:
                raise ShapeError(f"{where}: expected the column header")
            header_seen = True
            continue
        fields += [""] * (5 - len(fields))
        column, sql_type, nullable, default, computed = fields[:5]
        if nullable not in ("YES", "NO"):
            raise ShapeError(f"{where}: nullable must be YES or NO, not {nullable!r}")
        try:
            base, length, precision, scale = parse_type(sql_type)
        except ShapeError as exc:
            raise ShapeError(f"{where}: {exc}") from None
        columns.append(
            Column(
                name=column,
                sql_type=sql_type,
                base=base,
                nullable=nullable == "YES",
                default=default,
                computed=computed,
                length=length,
                precision=precision,
                scale=scale,
                identity=column == primary_key,
            )
        )
    if not name or not primary_key or not columns:
        raise ShapeError(f"{path.name}: no table name, primary key or columns")
    return Table(name, database, tuple(columns), primary_key, tuple(indexes), tuple(triggers))


@functools.cache
def table(name: str) -> Table:
    """The shape of ``CDN.<name>`` ("TraNag"). Raises KeyError for a table syncadmin does not
    carry, ShapeError for an unreadable file."""
    path = TABLES_DIR / f"{name}.tsv"
    if not path.is_file():
        raise KeyError(f"syncadmin carries no shape of CDN.{name}")
    return _parse(path)


def tables(database: str) -> tuple[Table, ...]:
    """Every table of "company" or "configuration", in creation order. ValueError else."""
    names = {"company": COMPANY_TABLES, "configuration": CONFIGURATION_TABLES}.get(database)
    if names is None:
        raise ValueError(f"Unknown table set {database!r}; expected 'company' or 'configuration'.")
    return tuple(table(n) for n in names)


def column_length(table_name: str, column: str) -> int | None:
    """Characters a text column holds ("Knt_Nazwa1" -> 50); None for ``max`` and non-text.

    Raises KeyError for an unknown table or column.
    """
    return table(table_name).column(column).length
