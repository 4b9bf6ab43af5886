"""DDL of Optima's tables for SQL Server, PostgreSQL and SQLite, generated from the real shape.

Source: syncadmin's copy of the facts (`importer.erp.shape`, ``optima_tables/*.tsv``). Every
column with its type, nullability and recorded default, the computed columns, the primary
key and the unique indexes are generated; nothing is invented:

* **Strict reading.** A NOT NULL column gets a default only where the facts record one, so a
  numeric NOT NULL column without a recorded default has **none** (a real Optima may have a
  ``DEFAULT 0`` the facts cannot show; syncadmin writes such columns itself). The demo and
  the test suite both use this strict replica. Defaults recorded only in part (``(byte``,
  ``(short``: the facts cut EF's ``(byte)N``) become ``DEFAULT 1``, the one such value public
  sources confirm (``Twr_Mobile``); syncadmin writes those columns explicitly anyway.
* **Computed columns** keep Optima's T-SQL expression on SQL Server. PostgreSQL and SQLite
  emulate it: ``CDN.FN_NUMERPELNY(nr, string)`` puts the number into the template
  (``REPLACE(string, '@numerS', nr)``); ``FNTRNSTATUSSTRING`` and the purchase-value
  functions are Comarch's own code, not public, and are emulated as NULL.
* **Unique indexes keep SQL Server's rule that NULL equals NULL** (one NULL per key):
  ``NULLS NOT DISTINCT`` on PostgreSQL (15 or newer), an index on ``IFNULL(column, X'00')``
  on SQLite. That is why every row Optima (or the demo) writes carries an import id.
* **Types and lengths are enforced** where the dialect would not: SQLite gets CHECK
  constraints for text lengths, integer ranges and decimal precision and scale; PostgreSQL
  gets them for ``tinyint`` (0–255).
* Non-unique indexes, triggers and the functions behind computed columns are not generated
  (the triggers' code is not in the facts); SQLite and PostgreSQL get plain lookup indexes
  where a unique index cannot serve lookups.
"""

from __future__ import annotations

from importer.erp import shape
from importer.erp.dialects import check_identifier, get_dialect

# --- computed columns: per-dialect emulations ----------------------------------------------


def _numer_pelny(prefix: str, dialect: str) -> str:
    text_type = "TEXT" if dialect == "sqlite" else "varchar"
    return f"REPLACE({prefix}_NumerString, '@numerS', CAST({prefix}_NumerNr AS {text_type}))"


def _kierunek_org() -> str:
    minus = (650, 600, 313, 307, 301, 224, 201, 117, 114, 102)
    plus = (314, 308, 306, 305, 302, 221, 202, 101)
    return (
        f"CASE WHEN DDf_Klasa IN ({', '.join(map(str, minus))}) THEN -1 "
        f"WHEN DDf_Klasa IN ({', '.join(map(str, plus))}) THEN 1 ELSE 0 END"
    )


def _baz_database(dialect: str) -> str:
    if dialect == "postgresql":
        return (
            "CASE WHEN strpos(Baz_Dostep, ',') > strpos(Baz_Dostep, ':') THEN "
            "substr(Baz_Dostep, strpos(Baz_Dostep, ':') + 1, "
            "strpos(Baz_Dostep, ',') - strpos(Baz_Dostep, ':') - 1) END"
        )
    return (
        "CASE WHEN instr(Baz_Dostep, ',') > instr(Baz_Dostep, ':') THEN "
        "substr(Baz_Dostep, instr(Baz_Dostep, ':') + 1, "
        "instr(Baz_Dostep, ',') - instr(Baz_Dostep, ':') - 1) END"
    )


def _baz_server(dialect: str) -> str:
    if dialect == "postgresql":
        return (
            "CASE WHEN split_part(Baz_Dostep, ',', 3) <> '' THEN split_part(Baz_Dostep, ',', 2) END"
        )
    rest = "substr(Baz_Dostep, instr(Baz_Dostep, ',') + 1)"
    return (
        f"CASE WHEN instr(Baz_Dostep, ',') > 0 AND instr({rest}, ',') > 0 "
        f"THEN substr({rest}, 1, instr({rest}, ',') - 1) END"
    )


def _emulation(column: shape.Column, dialect: str) -> str:
    """The PostgreSQL/SQLite expression standing in for Optima's computed ``column``."""
    name = column.name
    concat = "||"
    if name in ("TrN_NumerPelny", "BZp_NumerPelny", "BRp_NumerPelny"):
        return _numer_pelny(name.split("_")[0], dialect)
    if name == "BZp_Numer":
        return (
            f"CASE WHEN BZp_NumerObcy <> '' THEN BZp_NumerObcy "
            f"ELSE {_numer_pelny('BZp', dialect)} END"
        )
    if name == "BZd_Numer":
        return (
            "CASE WHEN BZd_NumerObcy <> '' THEN BZd_NumerObcy "
            "WHEN BZd_NumerPelny <> '' THEN BZd_NumerPelny "
            "ELSE substr(BZd_Opis, 1, 256) END"
        )
    if name == "DDf_KierunekOrg":
        return _kierunek_org()
    if name == "Knt_NipPelny":
        return f"Knt_NipKraj {concat} Knt_Nip"
    if name == "Knt_RachunekNr0":
        return "REPLACE(REPLACE(Knt_RachunekNr, '-', ''), ' ', '')"
    if name == "BZp_TypDokumentuKB":
        return "2"
    if name == "BZd_TypDokumentuKB":
        return "1"
    if name == "Baz_NazwaBazy":
        return _baz_database(dialect)
    if name == "Baz_NazwaSerwera":
        return _baz_server(dialect)
    if name in ("TrN_StatusString", "TrN_WartoscZakupu", "TrE_WartoscZakupu"):
        # Comarch's FNTRNSTATUSSTRING / FNTR?_WARTOSCZAKUPU are not public.
        return f"CAST(NULL AS {_type_sql(dialect, column)})"
    raise ValueError(f"No {dialect} emulation of the computed column {name}")


# --- types, defaults, checks ---------------------------------------------------------------


def _type_sql(dialect: str, column: shape.Column) -> str:
    if dialect == "mssql":
        return column.sql_type.replace(", ", ",")
    base = column.base
    if dialect == "postgresql":
        if column.family == "text":
            return f"varchar({column.length})" if column.length else "text"
        if base == "decimal" or base == "numeric":
            return f"numeric({column.precision},{column.scale})"
        return {
            "int": "integer",
            "smallint": "smallint",
            "tinyint": "smallint",
            "bit": "smallint",
            "bigint": "bigint",
            "datetime": "timestamp(3)",
            "uniqueidentifier": "varchar(36)",
        }[base]
    if column.family == "text":
        return f"{base}({column.length})" if column.length else "text"
    if base == "decimal" or base == "numeric":
        return f"decimal({column.precision},{column.scale})"
    return {"int": "INTEGER", "uniqueidentifier": "varchar(36)"}.get(base, base)


def _default_sql(dialect: str, column: shape.Column) -> str | None:
    """The DEFAULT clause's expression, or None (the facts record none)."""
    text = column.default
    if not text:
        return None
    if text == '""':
        return "N''" if dialect == "mssql" and column.base.startswith("n") else "''"
    if text == "(getdate())":
        return {
            "mssql": "getdate()",
            "postgresql": "LOCALTIMESTAMP",
            "sqlite": "CURRENT_TIMESTAMP",
        }[dialect]
    if text == "(newid())":
        return {
            "mssql": "newid()",
            "postgresql": "(gen_random_uuid()::varchar(36))",
            "sqlite": "(lower(hex(randomblob(16))))",
        }[dialect]
    if text.startswith(("(byte", "(short")):
        return "1"
    number = text.removesuffix("m")
    if number.lstrip("-").replace(".", "", 1).isdigit():
        return number
    raise ValueError(f"Unreadable default {text!r} of {column.name}")


def _checks(dialect: str, column: shape.Column) -> list[str]:
    """CHECK constraints that make the dialect refuse what SQL Server refuses."""
    name = column.name
    if dialect == "postgresql":
        if column.base == "tinyint":
            return [f"CHECK ({name} BETWEEN 0 AND 255)"]
        return []
    if dialect != "sqlite":
        return []
    family = column.family
    if family == "text" and column.length:
        return [f"CHECK (length({name}) <= {column.length})"]
    if family == "integer":
        low, high = shape.INTEGER_RANGES[column.base]
        return [f"CHECK ({name} BETWEEN {low} AND {high})"]
    if family == "decimal" and column.precision is not None and column.scale is not None:
        limit = 10 ** (column.precision - column.scale)
        return [f"CHECK (abs({name}) < {limit} AND round({name}, {column.scale}) = {name})"]
    if family == "guid":
        return [f"CHECK (length({name}) = 36)"]
    return []


def _column_sql(dialect: str, column: shape.Column) -> str:
    name = check_identifier(column.name)
    if column.identity:
        return {
            "mssql": f"{name} int IDENTITY(1,1) NOT NULL",
            "postgresql": f"{name} integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
            "sqlite": f"{name} INTEGER PRIMARY KEY",
        }[dialect]
    null = "NULL" if column.nullable else "NOT NULL"
    if column.computed:
        if dialect == "mssql":
            return f"{name} AS {column.computed}"
        kind = "STORED" if dialect == "postgresql" else "VIRTUAL"
        return (
            f"{name} {_type_sql(dialect, column)} GENERATED ALWAYS AS "
            f"({_emulation(column, dialect)}) {kind} {null}"
        )
    parts = [name, _type_sql(dialect, column), null]
    default = _default_sql(dialect, column)
    if default is not None:
        parts.append(f"DEFAULT {default}")
    parts += _checks(dialect, column)
    return " ".join(parts)


# --- tables and indexes --------------------------------------------------------------------


def _index_sql(dialect: str, table: shape.Table, index: shape.Index) -> list[str]:
    qualified = get_dialect(dialect).table(table.name)
    columns = list(index.columns)
    for column in columns:
        table.column(column)  # an index on a column the table lacks is a broken facts file
    if dialect == "mssql":
        return [
            f"CREATE UNIQUE INDEX {check_identifier(index.name)} "
            f"ON {qualified} ({', '.join(columns)})"
        ]
    name = check_identifier(f"{table.name}_{index.name}")
    if dialect == "postgresql":
        return [
            f"CREATE UNIQUE INDEX {name} ON {qualified} ({', '.join(columns)}) NULLS NOT DISTINCT"
        ]
    nullable = [c for c in columns if table.column(c).nullable]
    if not nullable:
        return [f"CREATE UNIQUE INDEX {name} ON {qualified} ({', '.join(columns)})"]
    keys = [f"IFNULL({c}, X'00')" if c in nullable else c for c in columns]
    statements = [f"CREATE UNIQUE INDEX {name} ON {qualified} ({', '.join(keys)})"]
    if table.column(columns[0]).nullable:  # the expression index cannot serve `c = ?`
        statements.append(f"CREATE INDEX {name}_lookup ON {qualified} ({', '.join(columns)})")
    return statements


def table_sql(dialect: str, table: shape.Table) -> list[str]:
    """CREATE TABLE and CREATE UNIQUE INDEX statements of one table in ``dialect``."""
    qualified = get_dialect(dialect).table(table.name)
    lines = [_column_sql(dialect, c) for c in table.columns]
    if dialect == "mssql":
        lines.append(f"CONSTRAINT PK_{table.name} PRIMARY KEY ({table.primary_key})")
    body = ",\n    ".join(lines)
    statements = [f"CREATE TABLE {qualified} (\n    {body}\n)"]
    for index in table.unique_indexes:
        statements += _index_sql(dialect, table, index)
    return statements


def ddl(dialect: str, which: str, *, tables: tuple[str, ...] | None = None) -> list[str]:
    """The DDL statements (without terminators) creating the ``which`` ("company" or
    "configuration") tables in ``dialect`` ("sqlite", "postgresql", "mssql"), schema first.
    ``tables`` limits them to those bare names (in creation order).

    Raises ValueError for an unknown dialect or set.
    """
    get_dialect(dialect)
    chosen = shape.tables(which)
    if tables is not None:
        chosen = tuple(t for t in chosen if t.name in tables)
    statements = []
    if dialect == "postgresql":
        statements.append("CREATE SCHEMA IF NOT EXISTS cdn")
    elif dialect == "mssql":
        statements.append("IF SCHEMA_ID('CDN') IS NULL EXEC('CREATE SCHEMA CDN')")
    for table in chosen:
        statements += table_sql(dialect, table)
    return statements


def create_company_schema(conn) -> None:
    """Create every company database table (TraNag, TraElem, ...) on an `ErpConnection`, in
    one transaction. Raises `ErpError` (e.g. kind "schema" if they already exist)."""
    _create(conn, "company")


def create_configuration_schema(conn) -> None:
    """Create the configuration database tables (Bazy, Operatorzy, BazZakazy)."""
    _create(conn, "configuration")


def _create(conn, which: str) -> None:
    with conn.transaction():
        for statement in ddl(conn.dialect.name, which):
            conn.execute(statement)


def table_names(which: str) -> list[str]:
    """Bare names of the tables of "company" or "configuration"."""
    return [t.name for t in shape.tables(which)]
