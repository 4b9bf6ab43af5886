"""Read the target database's own catalog and hold it against what syncadmin writes.

Before the first write of a run, the engine reads the columns of every table it may write
(``INFORMATION_SCHEMA.COLUMNS`` with ``COLUMNPROPERTY`` on SQL Server,
``information_schema.columns`` on PostgreSQL, ``pragma_table_xinfo`` on SQLite; once per
connection) and compares them with syncadmin's copy of Optima's shape (`importer.erp.shape`):

* a column syncadmin writes that the target lacks, is computed there, or has another type
  family or a shorter text / smaller decimal → a `CatalogConflict`: the run stops **before
  any write**, naming the table, the column and what differs;
* a NOT NULL column of the target without a default that syncadmin's shape does not know
  (a newer Optima release) → filled with the neutral value of its type
  (`neutral_value`) and named once in the run log as a warning.

So the next Optima release, which adds columns, keeps importing and says what it filled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from importer.erp import shape
from importer.erp.adapter import ErpConnection

#: The neutral value of each type family for a NOT NULL column syncadmin has no rule for.
#: Datetimes: 1900-01-01, SQL Server's zero date, which Optima uses for "no date".
NEUTRAL = {
    "text": "",
    "integer": 0,
    "decimal": Decimal(0),
    "datetime": datetime(1900, 1, 1),
    "guid": "00000000-0000-0000-0000-000000000000",
}

_PG_FAMILIES = {
    "character varying": "text",
    "character": "text",
    "text": "text",
    "integer": "integer",
    "smallint": "integer",
    "bigint": "integer",
    "boolean": "integer",
    "numeric": "decimal",
    "money": "decimal",
    "timestamp without time zone": "datetime",
    "timestamp with time zone": "datetime",
    "date": "datetime",
    "uuid": "guid",
}


@dataclass(frozen=True)
class TargetColumn:
    """A column as the target database declares it. ``length`` in characters (None:
    unlimited or not text); ``precision``/``scale`` of a decimal."""

    name: str
    family: str
    nullable: bool
    has_default: bool
    computed: bool = False
    identity: bool = False
    length: int | None = None
    precision: int | None = None
    scale: int | None = None
    declared: str = ""

    @property
    def required(self) -> bool:
        return (
            not self.nullable and not self.has_default and not self.computed and not self.identity
        )


class CatalogConflict(Exception):
    """The target's tables cannot take what syncadmin writes. ``problems`` lists one
    sentence per column ("CDN.TraNag.TrN_PodNazwa1: nvarchar(40) in the database, syncadmin
    writes up to 50 characters")."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class TableCatalog:
    """What a run learnt of one target table (see `compare`)."""

    name: str
    columns: dict[str, TargetColumn]
    neutral: tuple[str, ...] = ()
    extra_required: tuple[TargetColumn, ...] = ()

    def filler(self) -> dict:
        """{column: neutral value} of every required column no rule sets: the shape's
        (`neutral`) and the target's own (`extra_required`)."""
        known = shape.table(self.name)
        values = {name: neutral_value(known.column(name).family) for name in self.neutral}
        values.update({c.name: neutral_value(c.family) for c in self.extra_required})
        return values


@dataclass
class Catalog:
    """The compared catalog of every table a run may write: ``tables`` by bare name;
    ``warnings`` one sentence per filled column (the engine logs them once)."""

    tables: dict[str, TableCatalog] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def neutral_value(family: str):
    """The neutral value of a type family ("text" -> "", "integer" -> 0, ...)."""
    return NEUTRAL[family]


# --- reading -------------------------------------------------------------------------------


def _family_of_declared(declared: str) -> tuple[str, int | None, int | None, int | None]:
    try:
        base, length, precision, scale = shape.parse_type(declared)
    except shape.ShapeError:
        base, length, precision, scale = declared.lower(), None, None, None
    column = shape.Column(declared, declared, base, True, "", "", length, precision, scale)
    try:
        return column.family, length, precision, scale
    except shape.ShapeError:
        return "unknown", None, None, None


def _sqlite_columns(conn: ErpConnection, table: str) -> list[TargetColumn]:
    rows = conn.fetch_all(
        'SELECT name, type, "notnull", dflt_value, pk, hidden FROM pragma_table_xinfo(?)', (table,)
    )
    columns = []
    for name, declared, notnull, default, pk, hidden in rows:
        family, length, precision, scale = _family_of_declared(str(declared or ""))
        columns.append(
            TargetColumn(
                name=str(name),
                family=family,
                nullable=not int(notnull or 0) and not int(pk or 0),
                has_default=default is not None,
                computed=int(hidden or 0) in (2, 3),
                identity=bool(int(pk or 0)) and str(declared).upper() == "INTEGER",
                length=length,
                precision=precision,
                scale=scale,
                declared=str(declared or ""),
            )
        )
    return columns


def _postgresql_columns(conn: ErpConnection, table: str) -> list[TargetColumn]:
    rows = conn.fetch_all(
        "SELECT column_name, data_type, is_nullable, column_default, is_generated, "
        "is_identity, character_maximum_length, numeric_precision, numeric_scale "
        "FROM information_schema.columns WHERE table_schema = ? AND table_name = ? "
        "ORDER BY ordinal_position",
        (conn.dialect.schema.lower(), table.lower()),
    )
    return [
        TargetColumn(
            name=str(name),
            family=_PG_FAMILIES.get(str(data_type), "unknown"),
            nullable=nullable == "YES",
            has_default=default is not None,
            computed=generated == "ALWAYS",
            identity=identity == "YES",
            length=int(length) if length is not None else None,
            precision=int(precision) if precision is not None and data_type == "numeric" else None,
            scale=int(scale) if scale is not None and data_type == "numeric" else None,
            declared=str(data_type),
        )
        for (
            name,
            data_type,
            nullable,
            default,
            generated,
            identity,
            length,
            precision,
            scale,
        ) in rows
    ]


MSSQL_CATALOG_SQL = (
    "SELECT c.COLUMN_NAME, c.DATA_TYPE, c.IS_NULLABLE, c.COLUMN_DEFAULT, "
    "COLUMNPROPERTY(OBJECT_ID(c.TABLE_SCHEMA + '.' + c.TABLE_NAME), c.COLUMN_NAME, "
    "'IsComputed'), "
    "COLUMNPROPERTY(OBJECT_ID(c.TABLE_SCHEMA + '.' + c.TABLE_NAME), c.COLUMN_NAME, "
    "'IsIdentity'), "
    "c.CHARACTER_MAXIMUM_LENGTH, c.NUMERIC_PRECISION, c.NUMERIC_SCALE "
    "FROM INFORMATION_SCHEMA.COLUMNS c WHERE c.TABLE_SCHEMA = ? AND c.TABLE_NAME = ? "
    "ORDER BY c.ORDINAL_POSITION"
)


def _mssql_columns(conn: ErpConnection, table: str) -> list[TargetColumn]:
    rows = conn.fetch_all(MSSQL_CATALOG_SQL, (conn.dialect.schema, table))
    columns = []
    for name, data_type, nullable, default, computed, identity, length, precision, scale in rows:
        data_type = str(data_type).lower()
        declared = data_type
        if data_type in shape.TEXT_TYPES:
            declared = f"{data_type}({'max' if length in (None, -1) else int(length)})"
        elif data_type in ("decimal", "numeric"):
            declared = f"decimal({int(precision)}, {int(scale)})"
        family, text_length, dec_precision, dec_scale = _family_of_declared(declared)
        columns.append(
            TargetColumn(
                name=str(name),
                family=family,
                nullable=nullable == "YES",
                has_default=default is not None,
                computed=bool(int(computed or 0)),
                identity=bool(int(identity or 0)),
                length=text_length,
                precision=dec_precision,
                scale=dec_scale,
                declared=declared,
            )
        )
    return columns


_READERS = {"sqlite": _sqlite_columns, "postgresql": _postgresql_columns, "mssql": _mssql_columns}


def read_columns(conn: ErpConnection, table: str) -> dict[str, TargetColumn]:
    """The target's columns of bare ``table``, keyed by the shape's spelling when the
    target folds case (PostgreSQL) and by the target's own spelling otherwise. An empty dict
    when the table does not exist. Raises `ErpError` on ODBC failures."""
    columns = _READERS[conn.dialect.name](conn, table)
    try:
        spelling = {c.name.lower(): c.name for c in shape.table(table).columns}
    except KeyError:
        spelling = {}
    result = {}
    for column in columns:
        name = spelling.get(column.name.lower(), column.name)
        result[name] = TargetColumn(**{**column.__dict__, "name": name})
    return result


# --- comparing -----------------------------------------------------------------------------


def _conflict(table: str, known: shape.Column, target: TargetColumn | None) -> str | None:
    where = f"CDN.{table}.{known.name}"
    if target is None:
        return f"{where}: the column is missing in the database (syncadmin writes it)"
    if target.computed:
        return f"{where}: computed in the database, so it cannot be written"
    if target.family != known.family and not {target.family, known.family} <= {"text", "guid"}:
        return (
            f"{where}: {target.declared or target.family} in the database, syncadmin "
            f"writes {known.sql_type}"
        )
    if (
        known.family == "text"
        and target.length is not None
        and (known.length is None or target.length < known.length)
    ):
        return (
            f"{where}: {target.declared} in the database holds {target.length} "
            f"characters, syncadmin writes up to {known.length or 'unlimited'}"
        )
    if known.family == "decimal" and _smaller_decimal(target, known):
        return f"{where}: {target.declared} in the database, syncadmin writes {known.sql_type}"
    return None


def _smaller_decimal(target: TargetColumn, known: shape.Column) -> bool:
    """Does the target's decimal hold fewer decimals or fewer integer digits than the shape's?
    (Unknown precision on either side: no.)"""
    if None in (target.precision, target.scale, known.precision, known.scale):
        return False
    t_precision, t_scale = int(target.precision or 0), int(target.scale or 0)
    k_precision, k_scale = int(known.precision or 0), int(known.scale or 0)
    return t_scale < k_scale or t_precision - t_scale < k_precision - k_scale


def compare(table: str, target: dict[str, TargetColumn], writes: set[str]) -> TableCatalog:
    """Hold the target's columns of ``table`` against the columns syncadmin ``writes`` by
    rule (the values it means).

    Raises `CatalogConflict` listing every conflicting column (the table missing
    altogether is one problem). Returns the table's catalog: the shape's other required
    columns that the target has (`TableCatalog.neutral`, written with their neutral value;
    one the target lacks is simply not written) and the target's own NOT NULL columns
    without a default that nothing sets (`TableCatalog.extra_required`: filled and warned).
    """
    known = shape.table(table)
    if not target:
        raise CatalogConflict([f"CDN.{table}: the table does not exist in the database"])
    problems = [
        p
        for name in sorted(writes)
        if (p := _conflict(table, known.column(name), target.get(name)))
    ]
    neutral = tuple(
        c.name
        for c in known.required
        if c.name not in writes
        and c.name in target
        and not target[c.name].computed
        and not target[c.name].identity
    )
    extra = tuple(
        c for name, c in target.items() if c.required and name not in writes and name not in neutral
    )
    problems += [
        f"CDN.{table}.{c.name}: NOT NULL without a default in the database and of "
        f"a type syncadmin cannot fill ({c.declared})"
        for c in extra
        if c.family not in NEUTRAL
    ]
    if problems:
        raise CatalogConflict(problems)
    return TableCatalog(table, target, neutral, extra)


def probe(conn: ErpConnection, writes: dict[str, set[str]]) -> Catalog:
    """Read and compare the catalog of every table in ``writes`` ({bare table: columns
    syncadmin writes there}). Raises `CatalogConflict` with the problems of all tables;
    `ErpError` on ODBC failures."""
    catalog, problems = Catalog(), []
    for table, columns in writes.items():
        try:
            found = compare(table, read_columns(conn, table), columns)
        except CatalogConflict as exc:
            problems += exc.problems
            continue
        catalog.tables[table] = found
        for column in found.extra_required:
            catalog.warnings.append(
                f"CDN.{table}.{column.name} ({column.declared}) is NOT NULL without a default "
                f"in this database and syncadmin has no rule for it: it is written as "
                f"{_show(neutral_value(column.family))}"
            )
    if problems:
        raise CatalogConflict(problems)
    return catalog


def _show(value) -> str:
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d")
    return str(value)
