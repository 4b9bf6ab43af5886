"""Per-dialect SQL text, without a database."""

from datetime import datetime

import pytest

from importer.erp.dialects import check_identifier, get_dialect


@pytest.mark.parametrize(
    "dialect, expected",
    [
        ("mssql", "CDN.TraNag"),
        ("postgresql", "cdn.TraNag"),
        ("sqlite", "TraNag"),
    ],
)
def test_table_qualification(dialect, expected):
    assert get_dialect(dialect).table("TraNag") == expected


def test_unknown_dialect_is_refused():
    with pytest.raises(ValueError, match="oracle"):
        get_dialect("oracle")


@pytest.mark.parametrize("name", ["TrN; DROP TABLE x", "a b", "", "1abc", "x'"])
def test_identifiers_are_checked(name):
    with pytest.raises(ValueError):
        check_identifier(name)


def test_insert_returning_identity_per_dialect():
    cols = ["TrN_NumerNr", "TrN_ImportRowId"]
    assert get_dialect("sqlite").insert_sql("TraNag", cols, "TrN_TrNID") == (
        "INSERT INTO TraNag (TrN_NumerNr, TrN_ImportRowId) VALUES (?, ?)"
    )
    assert get_dialect("sqlite").identity_sql == "SELECT last_insert_rowid()"
    assert (
        get_dialect("postgresql")
        .insert_sql("TraNag", cols, "TrN_TrNID")
        .endswith("VALUES (?, ?) RETURNING TrN_TrNID")
    )
    mssql = get_dialect("mssql").insert_sql("TraNag", cols, "TrN_TrNID")
    assert (
        "INSERT INTO CDN.TraNag (TrN_NumerNr, TrN_ImportRowId) OUTPUT INSERTED.TrN_TrNID" in mssql
    )
    assert mssql.count("?") == 2


def test_lock_sql_per_dialect():
    assert get_dialect("sqlite").lock_sql(5000) is None
    assert "pg_advisory_xact_lock(hashtext(?))" in get_dialect("postgresql").lock_sql(5000)
    mssql = get_dialect("mssql").lock_sql(5000)
    assert "sp_getapplock @Resource = ?" in mssql and "@LockOwner = 'Transaction'" in mssql
    assert "@LockTimeout = 5000" in mssql


def test_savepoints_per_dialect():
    pg, ms = get_dialect("postgresql"), get_dialect("mssql")
    assert (
        pg.savepoint_sql("sp1"),
        pg.release_savepoint_sql("sp1"),
        pg.rollback_to_savepoint_sql("sp1"),
    ) == ("SAVEPOINT sp1", "RELEASE SAVEPOINT sp1", "ROLLBACK TO SAVEPOINT sp1")
    assert (
        ms.savepoint_sql("sp1"),
        ms.release_savepoint_sql("sp1"),
        ms.rollback_to_savepoint_sql("sp1"),
    ) == ("SAVE TRANSACTION sp1", None, "ROLLBACK TRANSACTION sp1")


def test_limit_one():
    assert get_dialect("sqlite").limit_one("SELECT a FROM t") == "SELECT a FROM t LIMIT 1"
    assert get_dialect("mssql").limit_one("SELECT a FROM t ORDER BY a") == (
        "SELECT TOP 1 a FROM t ORDER BY a"
    )


def test_mssql_drops_microseconds_that_datetime_cannot_hold():
    value = datetime(2026, 11, 27, 10, 15, 0, 123456)
    assert get_dialect("mssql").adapt_param(value) == datetime(2026, 11, 27, 10, 15, 0)
    assert get_dialect("postgresql").adapt_param(value) == value
