"""The replica of Optima's tables is the real shape: generated from the facts, checked against them.

* syncadmin's own copy (``importer/erp/optima_tables``) is identical to the facts files of the
  project's shared folder (the only test that reads them: a user's clone has no shared folder);
* the generated DDL, created through ODBC on SQLite and PostgreSQL and read back from each
  database's own catalog, has every column with the facts' type, length, nullability,
  default (strict: none where the facts record none), computed expression, the primary key
  and every unique index (SQL Server's one-NULL rule included);
* the T-SQL DDL parses (sqlglot: no SQL Server here) and keeps Optima's computed expressions.
"""

import filecmp
from pathlib import Path

import pytest

from importer.erp import catalog, ddl, shape
from importer.erp.adapter import ErpError, connect

REPO = Path(__file__).resolve().parents[2]
FACTS = REPO.parent / "shared" / "domain" / "optima-tables"
ALL_TABLES = shape.COMPANY_TABLES + shape.CONFIGURATION_TABLES


def test_the_copy_is_identical_to_the_facts_files():
    if not FACTS.is_dir():
        pytest.skip(f"no facts folder at {FACTS} (a user's clone has none)")
    facts = sorted(p.name for p in FACTS.glob("*.tsv"))
    copy = sorted(p.name for p in shape.TABLES_DIR.glob("*.tsv"))
    assert copy == facts
    for name in facts:
        assert filecmp.cmp(FACTS / name, shape.TABLES_DIR / name, shallow=False), name
    assert filecmp.cmp(FACTS / "README.md", shape.TABLES_DIR / "FACTS.md", shallow=False)
    assert sorted(ALL_TABLES) == sorted(Path(n).stem for n in facts)


def test_shape_reads_every_file():
    nag = shape.table("TraNag")
    assert len(nag.columns) == 264
    assert nag.primary_key == "TrN_TrNID" and nag.column("TrN_TrNID").identity
    assert (
        len([c for c in nag.columns if not c.nullable and not c.default and not c.computed]) == 115
    )
    assert nag.column("TrN_PodNazwa1").length == 50
    assert nag.column("TrN_NumerPelny").computed.startswith("([CDN].[FN_NUMERPELNY]")
    unique = {i.name: i.columns for i in nag.unique_indexes}
    assert unique["TrNNumer"] == ("TrN_NumerString", "TrN_NumerNr", "TrN_Anulowany")
    assert shape.column_length("Kontrahenci", "Knt_Email") == 127
    assert shape.column_length("Kontrahenci", "Knt_Opis") is None  # nvarchar(max)
    with pytest.raises(KeyError):
        shape.table("TraNag").column("TrN_Nope")


def _created(conn, which):
    with conn.transaction():
        for statement in ddl.ddl(conn.dialect.name, which):
            conn.execute(statement)


@pytest.fixture
def replica(erp_settings):
    """Every company and configuration table created on the dialect under test."""
    with connect(erp_settings) as conn:
        if conn.dialect.name == "postgresql":
            conn.execute("DROP SCHEMA IF EXISTS cdn CASCADE")
        _created(conn, "company")
        _created(conn, "configuration")
        yield conn


@pytest.mark.parametrize("table_name", ALL_TABLES)
def test_created_tables_match_the_facts(replica, table_name):
    known = shape.table(table_name)
    found = catalog.read_columns(replica, table_name)
    assert sorted(found) == sorted(c.name for c in known.columns)
    for column in known.columns:
        target = found[column.name]
        where = f"{table_name}.{column.name}"
        assert target.computed == bool(column.computed), where
        if column.identity:
            assert not target.nullable, where
            continue
        assert target.family == column.family or {target.family, column.family} == {
            "text",
            "guid",
        }, where
        if not column.computed:
            assert target.nullable == column.nullable, where
            # strict: a default only where the facts record one
            assert target.has_default == column.has_default, where
        if column.family == "text" and column.length:
            assert target.length == column.length, where
        if column.family == "decimal" and replica.dialect.name == "postgresql":
            assert (target.precision, target.scale) == (column.precision, column.scale), where


def test_numeric_not_null_without_a_recorded_default_is_refused(replica):
    """The strict reading: an INSERT that forgets TrN_RazemNetto (decimal, NOT NULL, no
    recorded default) fails, as it would on an Optima without a DEFAULT 0."""
    with pytest.raises(ErpError) as caught:
        with replica.transaction():
            replica.insert(
                "TraVat",
                {
                    "TrV_Flaga": 2,
                    "TrV_Netto": 1,
                    "TrV_NettoWal": 1,
                    "TrV_Stawka": 23,
                    "TrV_TrNID": 1,
                    "TrV_Typ": 0,
                    "TrV_VAT": 0,
                    "TrV_VATWal": 0,
                },
            )  # no TrV_Zrodlowa
    assert caught.value.kind in ("integrity", "data", "other")


def test_unique_indexes_follow_sql_servers_one_null_rule(replica):
    row = {
        "FPl_Nazwa": "gotówka",
        "FPl_Typ": 1,
        "FPl_Termin": 0,
        "FPl_NieAktywny": 0,
        "FPl_KSeFId": 0,
        "FPl_Rabat": 0,
        "FPl_TerminalPlatniczy": 0,
    }
    with replica.transaction():
        replica.insert("FormyPlatnosci", row)  # FPl_ImportRowId NULL
    with pytest.raises(ErpError) as caught:
        with replica.transaction():
            replica.insert("FormyPlatnosci", {**row, "FPl_Nazwa": "przelew"})  # a second NULL
    assert caught.value.kind == "integrity"


def test_text_longer_than_its_column_is_refused(replica):
    """SQLite gets CHECK constraints, so the demo refuses what SQL Server refuses."""
    row = {
        "FPl_Nazwa": "x" * 21,
        "FPl_Typ": 1,
        "FPl_Termin": 0,
        "FPl_NieAktywny": 0,
        "FPl_KSeFId": 0,
        "FPl_Rabat": 0,
        "FPl_TerminalPlatniczy": 0,
        "FPl_ImportRowId": "A" * 36,
    }
    with pytest.raises(ErpError):
        with replica.transaction():
            replica.insert("FormyPlatnosci", row)


def test_computed_full_number_is_emulated(replica):
    with replica.transaction():
        replica.insert(
            "BnkRaporty",
            {
                "BRp_DataDok": "2026-01-01 00:00:00",
                "BRp_NumerNr": 7,
                "BRp_NumerObcy": "",
                "BRp_NumerString": "RK/@numerS/KASA",
                "BRp_Przychody": 0,
                "BRp_PrzychodySys": 0,
                "BRp_Rozchody": 0,
                "BRp_RozchodySys": 0,
                "BRp_RoznicaKursowaSysMW": 0,
                "BRp_SaldoBO": 0,
                "BRp_SaldoBOSys": 0,
                "BRp_TS_Mod": "2026-01-01 00:00:00",
                "BRp_TS_Zal": "2026-01-01 00:00:00",
                "BRp_Zamkniety": 0,
                "BRp_ImportRowId": "B" * 36,
            },
        )
    number = replica.fetch_value(f"SELECT BRp_NumerPelny FROM {replica.table('BnkRaporty')}")
    assert number == "RK/7/KASA"


@pytest.mark.parametrize("which", ["company", "configuration"])
def test_tsql_ddl_parses_and_keeps_optimas_expressions(which):
    sqlglot = pytest.importorskip("sqlglot", reason="sqlglot is not installed")
    statements = ddl.ddl("mssql", which)
    for statement in statements:
        assert sqlglot.parse_one(statement, read="tsql") is not None, statement[:200]
    text = "\n".join(statements)
    if which == "company":
        assert "TrN_NumerPelny AS ([CDN].[FN_NUMERPELNY]([TRN_NUMERNR],[TRN_NUMERSTRING]))" in text
        assert "TrN_TrNID int IDENTITY(1,1) NOT NULL" in text
        assert "TrN_PodNazwa1 nvarchar(50) NOT NULL" in text
        assert "TrN_RazemNetto decimal(15,2) NOT NULL" in text
        assert "TrN_NrKSeF nvarchar(128) NOT NULL DEFAULT N''" in text
        assert (
            "CREATE UNIQUE INDEX TrNNumer ON CDN.TraNag (TrN_NumerString, TrN_NumerNr, "
            "TrN_Anulowany)" in text
        )
        assert "CREATE UNIQUE INDEX TrNGUID ON CDN.TraNag (TrN_ImportRowId)" in text


def test_every_facts_column_is_in_the_tsql_ddl():
    """Column by column, the T-SQL keeps the facts' type and nullability."""
    for table in shape.tables("company") + shape.tables("configuration"):
        (create, *_indexes) = ddl.table_sql("mssql", table)
        for column in table.columns:
            if column.computed:
                assert f"{column.name} AS {column.computed}" in create
                continue
            expected = (
                f"{column.name} {column.sql_type.replace(', ', ',')} "
                f"{'NULL' if column.nullable and not column.identity else 'NOT NULL'}"
            )
            if column.identity:
                expected = f"{column.name} int IDENTITY(1,1) NOT NULL"
            assert expected in create, expected


def test_tsql_of_the_complete_rows_and_the_catalog_probe_parses():
    """What the writer sends to SQL Server: an INSERT of every declared and every other
    required column of each table it writes, and the catalog query (sqlglot: no SQL Server
    can run here)."""
    sqlglot = pytest.importorskip("sqlglot", reason="sqlglot is not installed")
    from importer.erp.dialects import get_dialect
    from importer.mapping import declared_writes

    mssql = get_dialect("mssql")
    for table, columns in declared_writes().items():
        known = shape.table(table)
        assert columns <= {c.name for c in known.columns if c.writable}, table
        everything = sorted(columns | {c.name for c in known.required})
        for sql in (
            mssql.insert_sql(table, everything, known.primary_key),
            mssql.insert_rows_sql(table, everything, 3),
        ):
            assert sqlglot.parse(sql, read="tsql"), table
    assert sqlglot.parse_one(catalog.MSSQL_CATALOG_SQL, read="tsql") is not None


def test_the_customer_snapshot_fits_the_document_columns():
    """Kontrahenci's name and address are copied onto TraNag (payer, receiver) and BnkZapisy:
    every target column holds at least what its source holds."""
    from importer.erp.optima import CUSTOMER_SNAPSHOT

    for suffix in CUSTOMER_SNAPSHOT:
        source = shape.table("Kontrahenci").column(f"Knt_{suffix}")
        for table, prefix in (("TraNag", "TrN_Pod"), ("TraNag", "TrN_Odb"), ("BnkZapisy", "BZp_")):
            target = shape.table(table).column(prefix + suffix)
            assert target.length >= source.length, target.name
