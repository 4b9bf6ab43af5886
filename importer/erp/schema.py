"""DDL of the Optima subset syncadmin reads and writes, for SQL Server, PostgreSQL and SQLite.

Source of every table and column: /work/shared/domain/optima-schema.md (names exactly as
there). syncadmin's additions, all present in real Optima as far as public sources show:
``TrN_Opis`` (the device's note), ``BZp_Opis``, the ``TrV_TrVID`` key of TraVat,
``Knt_Nazwa2/3`` (continuation of the name). Lengths the document does not give
(addresses, names of payment forms...) are syncadmin's choice.

The definitions are data (`COMPANY_TABLES`, `CONFIGURATION_TABLES`), rendered per dialect by
`ddl`; the importer asks `column_length` before writing text, so that a too-long value is
refused with a clear error instead of being cut.
"""

import re
from dataclasses import dataclass, field

from importer.erp.dialects import get_dialect


@dataclass(frozen=True)
class Column:
    """One column. ``type`` in SQL Server notation ("nvarchar(50)", "decimal(15,2)",
    "datetime", "tinyint", "uniqueidentifier"...). ``computed``: dialect -> expression."""

    name: str
    type: str
    null: bool = True
    default: str | None = None  # SQL literal
    identity: bool = False
    references: str | None = None  # "Table(Column)"
    computed: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple
    primary_key: tuple = ()  # composite key when no identity column
    unique: tuple = ()  # tuples of column names (plain unique indexes)
    unique_not_null: tuple = ()  # single import keys: unique where not null


def C(name, type, *flags, default=None, ref=None, computed=None):
    """Short constructor: flags "pk" (identity primary key), "notnull"."""
    return Column(name, type, null="notnull" not in flags and "pk" not in flags,
                  default=default, identity="pk" in flags, references=ref,
                  computed=computed or {})


_NUMER_PELNY = {
    "sqlite": "REPLACE(TrN_NumerString, '@numerS', CAST(TrN_NumerNr AS TEXT))",
    "postgresql": "REPLACE(TrN_NumerString, '@numerS', CAST(TrN_NumerNr AS varchar(11)))",
    "mssql": "CAST(REPLACE(TrN_NumerString, '@numerS', CAST(TrN_NumerNr AS varchar(11))) "
             "AS nvarchar(30))",
}
# Baz_Dostep has the form 'NET:<database>,<server>,NT=<0/1>'.
_COMMA1 = {"sqlite": "INSTR(Baz_Dostep, ',')", "mssql": "CHARINDEX(',', Baz_Dostep)"}
_BAZY_DATABASE = {
    "sqlite": "CASE WHEN Baz_Dostep LIKE 'NET:%,%' "
              "THEN SUBSTR(Baz_Dostep, 5, INSTR(Baz_Dostep, ',') - 5) END",
    "postgresql": "CASE WHEN Baz_Dostep LIKE 'NET:%,%' "
                  "THEN SUBSTR(SPLIT_PART(Baz_Dostep, ',', 1), 5) END",
    "mssql": "CASE WHEN Baz_Dostep LIKE 'NET:%,%' "
             "THEN SUBSTRING(Baz_Dostep, 5, CHARINDEX(',', Baz_Dostep) - 5) END",
}
_BAZY_SERVER = {
    "sqlite": "CASE WHEN Baz_Dostep LIKE 'NET:%,%,%' THEN SUBSTR(Baz_Dostep, "
              "INSTR(Baz_Dostep, ',') + 1, INSTR(SUBSTR(Baz_Dostep, INSTR(Baz_Dostep, ',') + 1), "
              "',') - 1) END",
    "postgresql": "CASE WHEN Baz_Dostep LIKE 'NET:%,%,%' "
                  "THEN SPLIT_PART(Baz_Dostep, ',', 2) END",
    "mssql": "CASE WHEN Baz_Dostep LIKE 'NET:%,%,%' THEN SUBSTRING(Baz_Dostep, "
             "CHARINDEX(',', Baz_Dostep) + 1, CHARINDEX(',', Baz_Dostep, "
             "CHARINDEX(',', Baz_Dostep) + 1) - CHARINDEX(',', Baz_Dostep) - 1) END",
}

COMPANY_TABLES = (
    Table("Magazyny", (
        C("Mag_MagId", "int", "pk"),
        C("Mag_Symbol", "varchar(20)", "notnull"),
        C("Mag_Nazwa", "nvarchar(50)", "notnull"),
        C("Mag_NieAktywny", "tinyint", "notnull", default="0"),
    ), unique=(("Mag_Symbol",),)),
    Table("FormyPlatnosci", (
        C("FPl_FPlId", "int", "pk"),
        C("FPl_Nazwa", "nvarchar(40)", "notnull"),
        C("FPl_Typ", "smallint", "notnull"),
        C("FPl_Termin", "smallint", "notnull", default="0"),
    )),
    Table("DokDefinicje", (
        C("DDf_DDfID", "int", "pk"),
        C("DDf_Klasa", "int", "notnull"),
        C("DDf_Symbol", "varchar(5)", "notnull"),
        C("DDf_Nazwa", "nvarchar(50)", "notnull"),
        C("DDf_Numeracja", "nvarchar(50)", "notnull"),
        C("DDf_Nieaktywna", "smallint", "notnull", default="0"),
    )),
    Table("Kontrahenci", (
        C("Knt_KntId", "int", "pk"),
        C("Knt_Kod", "varchar(20)", "notnull"),
        C("Knt_Nazwa1", "nvarchar(50)", "notnull"),
        C("Knt_Nazwa2", "nvarchar(50)"),
        C("Knt_Nazwa3", "nvarchar(50)"),
        C("Knt_NipKraj", "varchar(2)", "notnull", default="''"),
        C("Knt_Nip", "nvarchar(20)", "notnull", default="''"),
        C("Knt_Ulica", "nvarchar(60)"),
        C("Knt_NrDomu", "nvarchar(10)"),
        C("Knt_NrLokalu", "nvarchar(10)"),
        C("Knt_Miasto", "nvarchar(40)"),
        C("Knt_KodPocztowy", "nvarchar(10)"),
        C("Knt_Kraj", "nvarchar(40)"),
        C("Knt_Email", "nvarchar(255)"),
        C("Knt_Telefon1", "nvarchar(40)"),
        C("Knt_Nieaktywny", "tinyint", "notnull", default="0"),
        C("Knt_ImportRowId", "varchar(36)"),
        C("Knt_OpeZalKod", "varchar(20)"),
        C("Knt_TS_Zal", "datetime"),
    ), unique=(("Knt_Kod",),), unique_not_null=("Knt_ImportRowId",)),
    Table("Towary", (
        C("Twr_TwrId", "int", "pk"),
        C("Twr_Kod", "varchar(50)", "notnull"),
        C("Twr_Nazwa", "nvarchar(255)", "notnull"),
        C("Twr_EAN", "varchar(40)"),
        C("Twr_JM", "nvarchar(20)", "notnull", default="''"),
        C("Twr_Typ", "tinyint", "notnull", default="1"),
        C("Twr_Stawka", "decimal(5,2)", "notnull"),
        C("Twr_Flaga", "smallint", "notnull"),
        C("Twr_NieAktywny", "tinyint", "notnull", default="0"),
        C("Twr_Mobile", "tinyint", "notnull", default="1"),
    ), unique=(("Twr_Kod",),)),
    Table("BnkRachunki", (
        C("BRa_BRaID", "int", "pk"),
        C("BRa_Symbol", "varchar(20)", "notnull"),
        C("BRa_Nazwa", "nvarchar(50)", "notnull"),
    ), unique=(("BRa_Symbol",),)),
    Table("TraNag", (
        C("TrN_TrNID", "int", "pk"),
        C("TrN_TypDokumentu", "int", "notnull"),
        C("TrN_Rodzaj", "int", "notnull"),
        C("TrN_DDfId", "int", "notnull", ref="DokDefinicje(DDf_DDfID)"),
        C("TrN_NumerNr", "int", "notnull"),
        C("TrN_NumerString", "varchar(31)", "notnull"),
        C("TrN_NumerPelny", "nvarchar(30)", computed=_NUMER_PELNY),
        C("TrN_NumerObcy", "varchar(256)"),
        C("TrN_Bufor", "smallint", "notnull"),
        C("TrN_Anulowany", "int", "notnull", default="0"),
        C("TrN_DataDok", "datetime", "notnull"),
        C("TrN_DataWys", "datetime"),
        C("TrN_DataOpe", "datetime"),
        C("TrN_Termin", "datetime"),
        C("TrN_PodmiotTyp", "smallint", "notnull"),
        C("TrN_PodID", "int", "notnull"),
        C("TrN_PodNazwa1", "nvarchar(255)"),
        C("TrN_PodNipE", "nvarchar(20)"),
        C("TrN_MagZrdId", "int", ref="Magazyny(Mag_MagId)"),
        C("TrN_FPlId", "int", ref="FormyPlatnosci(FPl_FPlId)"),
        C("TrN_RazemNetto", "decimal(15,2)", "notnull", default="0"),
        C("TrN_RazemVAT", "decimal(15,2)", "notnull", default="0"),
        C("TrN_RazemBrutto", "decimal(15,2)", "notnull", default="0"),
        C("TrN_Waluta", "varchar(3)", "notnull", default="''"),
        C("TrN_Rabat", "decimal(5,2)", "notnull", default="0"),
        C("TrN_OpeZalKod", "varchar(20)"),
        C("TrN_TS_Zal", "datetime"),
        C("TrN_ImportRowId", "varchar(36)"),
        C("TrN_ImportAppId", "varchar(5)"),
        C("TrN_Opis", "nvarchar(1024)"),
    ), unique=(("TrN_DDfId", "TrN_NumerString", "TrN_NumerNr"),),
       unique_not_null=("TrN_ImportRowId",)),
    Table("TraElem", (
        C("TrE_TrEID", "int", "pk"),
        C("TrE_TrNId", "int", "notnull", ref="TraNag(TrN_TrNID)"),
        C("TrE_Lp", "int", "notnull"),
        C("TrE_TypDokumentu", "int", "notnull"),
        C("TrE_TwrId", "int", "notnull", ref="Towary(Twr_TwrId)"),
        C("TrE_TwrKod", "varchar(50)", "notnull"),
        C("TrE_TwrNazwa", "nvarchar(255)", "notnull"),
        C("TrE_Ilosc", "decimal(15,4)", "notnull"),
        C("TrE_Jm", "nvarchar(20)", "notnull", default="''"),
        C("TrE_Cena0", "decimal(17,4)", "notnull"),
        C("TrE_CenaT", "decimal(17,4)", "notnull"),
        C("TrE_Rabat", "decimal(5,2)", "notnull", default="0"),
        C("TrE_Stawka", "decimal(5,2)", "notnull"),
        C("TrE_Flaga", "smallint", "notnull"),
        C("TrE_WartoscNetto", "decimal(15,2)", "notnull"),
        C("TrE_WartoscBrutto", "decimal(15,2)", "notnull"),
        C("TrE_MagId", "int", ref="Magazyny(Mag_MagId)"),
    ), unique=(("TrE_TrNId", "TrE_Lp"),)),
    Table("TraVat", (
        C("TrV_TrVID", "int", "pk"),
        C("TrV_TrNID", "int", "notnull", ref="TraNag(TrN_TrNID)"),
        C("TrV_Stawka", "decimal(5,2)", "notnull"),
        C("TrV_Flaga", "smallint", "notnull"),
        C("TrV_Netto", "decimal(15,2)", "notnull"),
        C("TrV_VAT", "decimal(15,2)", "notnull"),
    )),
    Table("BnkZapisy", (
        C("BZp_BZpID", "int", "pk"),
        C("BZp_BRaID", "int", "notnull", ref="BnkRachunki(BRa_BRaID)"),
        C("BZp_DDfID", "int", "notnull", ref="DokDefinicje(DDf_DDfID)"),
        C("BZp_NumerNr", "int", "notnull"),
        C("BZp_NumerString", "varchar(31)", "notnull"),
        C("BZp_NumerPelny", "nvarchar(30)", "notnull"),
        C("BZp_Kwota", "decimal(15,2)", "notnull"),
        C("BZp_Kierunek", "smallint", "notnull"),
        C("BZp_Waluta", "varchar(3)", "notnull", default="''"),
        C("BZp_PodmiotTyp", "smallint", "notnull"),
        C("BZp_PodmiotID", "int", "notnull"),
        C("BZp_DataDok", "datetime", "notnull"),
        C("BZp_ImportRowId", "varchar(36)"),
        C("BZp_OpeZalKod", "varchar(20)"),
        C("BZp_TS_Zal", "datetime"),
        C("BZp_Opis", "nvarchar(1024)"),
    ), unique=(("BZp_DDfID", "BZp_NumerString", "BZp_NumerNr"),),
       unique_not_null=("BZp_ImportRowId",)),
)

CONFIGURATION_TABLES = (
    Table("Bazy", (
        C("Baz_BazID", "int", "pk"),
        C("Baz_Nazwa", "varchar(120)", "notnull"),
        C("Baz_Dostep", "varchar(254)", "notnull"),
        C("Baz_NazwaBazy", "varchar(254)", computed=_BAZY_DATABASE),
        C("Baz_NazwaSerwera", "varchar(254)", computed=_BAZY_SERVER),
        C("Baz_Nieaktywna", "smallint", "notnull", default="0"),
        C("Baz_GUID", "uniqueidentifier"),
    ), unique=(("Baz_Nazwa", "Baz_Nieaktywna"),)),
    Table("Operatorzy", (
        C("Ope_OpeID", "int", "pk"),
        C("Ope_Kod", "varchar(20)", "notnull"),
        C("Ope_Nazwisko", "nvarchar(50)", "notnull", default="''"),
        C("Ope_Nieaktywny", "smallint", "notnull", default="0"),
        C("Ope_Administrator", "tinyint", "notnull", default="0"),
        C("Ope_Haslo", "nvarchar(64)"),
    ), unique=(("Ope_Kod",),)),
    Table("BazZakazy", (
        C("BZa_BazID", "int", "notnull", ref="Bazy(Baz_BazID)"),
        C("BZa_OpeID", "int", "notnull", ref="Operatorzy(Ope_OpeID)"),
    ), primary_key=("BZa_BazID", "BZa_OpeID")),
)

_SETS = {"company": COMPANY_TABLES, "configuration": CONFIGURATION_TABLES}
_TABLES = {t.name: t for t in COMPANY_TABLES + CONFIGURATION_TABLES}


def _type_sql(dialect: str, type_: str) -> str:
    base, _, args = type_.partition("(")
    args = f"({args}" if args else ""
    if dialect == "mssql":
        return type_
    if dialect == "postgresql":
        return {
            "int": "integer", "tinyint": "smallint", "smallint": "smallint",
            "datetime": "timestamp", "uniqueidentifier": "varchar(36)",
            "nvarchar": f"varchar{args}", "varchar": f"varchar{args}",
            "decimal": f"numeric{args}",
        }[base]
    return {"int": "INTEGER", "uniqueidentifier": "varchar(36)"}.get(base, type_)


def _column_sql(dialect: str, column: Column) -> str:
    name = column.name
    if column.identity:
        return {
            "mssql": f"{name} int IDENTITY(1,1) NOT NULL PRIMARY KEY",
            "postgresql": f"{name} integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
            "sqlite": f"{name} INTEGER PRIMARY KEY",
        }[dialect]
    if column.computed:
        expr = column.computed[dialect]
        if dialect == "mssql":
            return f"{name} AS {expr}"
        kind = "STORED" if dialect == "postgresql" else "VIRTUAL"
        return f"{name} {_type_sql(dialect, column.type)} GENERATED ALWAYS AS ({expr}) {kind}"
    parts = [name, _type_sql(dialect, column.type), "NULL" if column.null else "NOT NULL"]
    if column.default is not None:
        default = column.default
        if dialect == "mssql" and default.startswith("'") and column.type.startswith("n"):
            default = "N" + default
        parts.append(f"DEFAULT {default}")
    if column.references:
        target, _, target_column = column.references.partition("(")
        parts.append(f"REFERENCES {get_dialect(dialect).table(target)} ({target_column}")
    return " ".join(parts)


def _table_sql(dialect: str, table: Table) -> list[str]:
    qualified = get_dialect(dialect).table(table.name)
    lines = [_column_sql(dialect, c) for c in table.columns]
    if table.primary_key:
        lines.append(f"PRIMARY KEY ({', '.join(table.primary_key)})")
    body = ",\n    ".join(lines)
    statements = [f"CREATE TABLE {qualified} (\n    {body}\n)"]
    for columns in table.unique:
        index = f"UX_{table.name}_{'_'.join(c.split('_', 1)[1] for c in columns)}"
        statements.append(f"CREATE UNIQUE INDEX {index} ON {qualified} ({', '.join(columns)})")
    for column in table.unique_not_null:
        index = f"UX_{table.name}_{column.split('_', 1)[1]}"
        statements.append(
            f"CREATE UNIQUE INDEX {index} ON {qualified} ({column}) WHERE {column} IS NOT NULL"
        )
    return statements


def ddl(dialect: str, which: str) -> list[str]:
    """The DDL statements (without terminators) creating the ``which`` ("company" or
    "configuration") tables in ``dialect`` ("sqlite", "postgresql", "mssql"), schema first.

    Raises ValueError for an unknown dialect or set.
    """
    get_dialect(dialect)
    if which not in _SETS:
        raise ValueError(f"Unknown table set {which!r}; expected 'company' or 'configuration'.")
    statements = []
    if dialect == "postgresql":
        statements.append("CREATE SCHEMA IF NOT EXISTS cdn")
    elif dialect == "mssql":
        statements.append("IF SCHEMA_ID('CDN') IS NULL EXEC('CREATE SCHEMA CDN')")
    for table in _SETS[which]:
        statements.extend(_table_sql(dialect, table))
    return statements


def create_company_schema(conn) -> None:
    """Create the company database tables (TraNag, TraElem, ...) on an `ErpConnection`,
    in one transaction. Raises `ErpError` (e.g. kind "schema" if they already exist)."""
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
    return [t.name for t in _SETS[which]]


def column_names(table: str, *, writable: bool = False) -> list[str]:
    """Column names of an Optima table in DDL order; ``writable`` drops identity and
    computed columns (the ones an INSERT must not name)."""
    columns = _TABLES[table].columns
    if writable:
        columns = [c for c in columns if not c.identity and not c.computed]
    return [c.name for c in columns]


def column_length(table: str, column: str) -> int | None:
    """Maximum characters of a text column ("Knt_Nazwa1" -> 50), None for other types.

    Raises KeyError for an unknown table or column.
    """
    for c in _TABLES[table].columns:
        if c.name == column:
            match = re.fullmatch(r"n?varchar\((\d+)\)", c.type)
            return int(match.group(1)) if match else None
    raise KeyError(f"{table}.{column}")
