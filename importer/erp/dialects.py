"""SQL differences between the ERP dialects: SQL Server (Optima), PostgreSQL (tests), SQLite
(demo). Pure text: no pyodbc here, so every statement can be unit-tested without a database.

All statements use ODBC ``?`` parameter markers. Table names are the bare Optima names
("TraNag"); `Dialect.table` qualifies them (schema ``CDN`` in Optima, optima-schema.md).
"""

import re
from datetime import datetime
from decimal import Decimal

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,127}$")


def check_identifier(name: str) -> str:
    """Return ``name`` if it is a plain SQL identifier, else raise ValueError.

    Column and table names are spliced into SQL text, so only ``[A-Za-z_][A-Za-z0-9_]*``
    is accepted (values always travel as parameters).
    """
    if not isinstance(name, str) or not _IDENTIFIER.match(name):
        raise ValueError(f"Not a valid SQL identifier: {name!r}")
    return name


class Dialect:
    """What differs per dialect. Subclasses: `SqliteDialect`, `PostgresqlDialect`,
    `MssqlDialect`; get one with `get_dialect`."""

    name = ""
    schema = ""  # schema prefix of the Optima tables ("" = none)
    #: True: the ODBC connection stays in autocommit and transactions are begun explicitly
    #: with `begin_sql` (SQLite). False: pyodbc's autocommit is switched off for a transaction.
    explicit_begin = False
    begin_sql: str | None = None
    #: pyodbc fast_executemany (array binding) is reliable with Microsoft's driver only.
    fast_executemany = False
    #: Use pyodbc's connection ``timeout`` (SQL_ATTR_QUERY_TIMEOUT per statement).
    query_timeout_attribute = False
    #: True when `adapt_param` changes some values (False: parameters are bound as given).
    adapts_params = False
    #: Many rows go in multi-row ``INSERT ... VALUES (...), (...)`` statements of at most this
    #: many parameters (one statement instead of one execution per row; the README's
    #: benchmarks compare the two).
    #: None: executemany.
    multirow_max_params: int | None = None

    def table(self, name: str) -> str:
        """Bare Optima table name -> qualified name for this dialect ("TraNag" -> "CDN.TraNag")."""
        check_identifier(name)
        return f"{self.schema}.{name}" if self.schema else name

    def session_setup(self, query_timeout: int) -> list[str]:
        """Statements run once after connecting (``query_timeout`` in seconds)."""
        return []

    def insert_sql(self, table: str, columns: list[str], id_column: str | None) -> str:
        """INSERT of one row into bare ``table``; with ``id_column`` the statement itself
        returns the new identity as its only result set, except in SQLite, where
        `identity_sql` must be run next on the same connection."""
        cols = ", ".join(check_identifier(c) for c in columns)
        marks = ", ".join("?" for _ in columns)
        return f"INSERT INTO {self.table(table)} ({cols}) VALUES ({marks})"

    identity_sql: str | None = None

    def insert_rows_sql(self, table: str, columns: list[str], rows: int) -> str:
        """INSERT of ``rows`` rows into bare ``table`` in one statement (multi-row VALUES)."""
        cols = ", ".join(check_identifier(c) for c in columns)
        one = "(" + ", ".join("?" for _ in columns) + ")"
        return f"INSERT INTO {self.table(table)} ({cols}) VALUES " + ", ".join([one] * rows)

    def lock_sql(self, timeout_ms: int) -> str | None:
        """Statement taking a transaction-scoped exclusive lock on one ``?`` resource name;
        None when the dialect needs none (SQLite: BEGIN IMMEDIATE holds the write lock)."""
        return None

    def savepoint_sql(self, name: str) -> str:
        return f"SAVEPOINT {check_identifier(name)}"

    def release_savepoint_sql(self, name: str) -> str | None:
        return f"RELEASE SAVEPOINT {check_identifier(name)}"

    def rollback_to_savepoint_sql(self, name: str) -> str:
        return f"ROLLBACK TO SAVEPOINT {check_identifier(name)}"

    def limit_one(self, select_sql: str) -> str:
        """A SELECT limited to its first row (LIMIT 1 / TOP 1)."""
        return f"{select_sql} LIMIT 1"

    def adapt_param(self, value):
        """A Python parameter value as this dialect's driver binds it best."""
        return value

    def adapt_params(self, values: list) -> list:
        """`adapt_param` of each value (dialects override it with one comprehension: a run
        binds hundreds of thousands of values)."""
        return [self.adapt_param(value) for value in values]

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"


class SqliteDialect(Dialect):
    """SQLite through the SQLite3 ODBC driver: one file per database, no schema prefix.

    A transaction is ``BEGIN IMMEDIATE`` on an autocommit connection: the database write lock
    is taken up front, so two importers serialize (waiting up to the busy timeout) instead of
    deadlocking on a read-then-write upgrade.
    """

    name = "sqlite"
    multirow_max_params = 999  # SQLITE_MAX_VARIABLE_NUMBER before SQLite 3.32
    explicit_begin = True
    begin_sql = "BEGIN IMMEDIATE"
    identity_sql = "SELECT last_insert_rowid()"

    def session_setup(self, query_timeout: int) -> list[str]:
        return ["PRAGMA foreign_keys = ON"]

    # A Decimal is bound as its text: SQLite stores the same value either way (NUMERIC
    # affinity), and pyodbc binds text about three times faster than a Decimal.
    adapts_params = True

    def adapt_param(self, value):
        return str(value) if type(value) is Decimal else value

    def adapt_params(self, values: list) -> list:
        return [str(value) if type(value) is Decimal else value for value in values]


class PostgresqlDialect(Dialect):
    """PostgreSQL through psqlODBC (tests): schema ``cdn``, unquoted (lower-cased) names."""

    name = "postgresql"
    schema = "cdn"
    multirow_max_params = 4000  # far below the protocol's 65535

    def session_setup(self, query_timeout: int) -> list[str]:
        # psqlODBC does not support SQL_ATTR_QUERY_TIMEOUT; the server enforces it instead.
        return [f"SET statement_timeout = {int(query_timeout) * 1000}"]

    def insert_sql(self, table, columns, id_column):
        sql = super().insert_sql(table, columns, id_column)
        return f"{sql} RETURNING {check_identifier(id_column)}" if id_column else sql

    def lock_sql(self, timeout_ms: int) -> str:
        # Waiting is bounded by statement_timeout (session_setup).
        return "SELECT pg_advisory_xact_lock(hashtext(?))"


class MssqlDialect(Dialect):
    """Microsoft SQL Server (Comarch ERP Optima): schema ``CDN``."""

    name = "mssql"
    schema = "CDN"
    fast_executemany = True  # array binding: already one round trip per batch
    query_timeout_attribute = True
    adapts_params = True

    def insert_sql(self, table, columns, id_column):
        if not id_column:
            return super().insert_sql(table, columns, id_column)
        cols = ", ".join(check_identifier(c) for c in columns)
        marks = ", ".join("?" for _ in columns)
        # OUTPUT ... INTO a table variable: a bare OUTPUT clause is refused on tables with
        # triggers, and Optima's tables have triggers.
        return (
            "SET NOCOUNT ON; DECLARE @syncadmin_ids TABLE (id int); "
            f"INSERT INTO {self.table(table)} ({cols}) "
            f"OUTPUT INSERTED.{check_identifier(id_column)} INTO @syncadmin_ids "
            f"VALUES ({marks}); SELECT id FROM @syncadmin_ids;"
        )

    def lock_sql(self, timeout_ms: int) -> str:
        # sp_getapplock returns >= 0 when granted, -1 timeout, -2 cancelled, -3 deadlock victim.
        return (
            "SET NOCOUNT ON; DECLARE @syncadmin_result int; "
            "EXEC @syncadmin_result = sp_getapplock @Resource = ?, @LockMode = 'Exclusive', "
            f"@LockOwner = 'Transaction', @LockTimeout = {int(timeout_ms)}; "
            "SELECT @syncadmin_result;"
        )

    def savepoint_sql(self, name: str) -> str:
        return f"SAVE TRANSACTION {check_identifier(name)}"

    def release_savepoint_sql(self, name: str) -> None:
        return None  # T-SQL has no RELEASE; the savepoint ends with the transaction

    def rollback_to_savepoint_sql(self, name: str) -> str:
        return f"ROLLBACK TRANSACTION {check_identifier(name)}"

    def limit_one(self, select_sql: str) -> str:
        head, _, rest = select_sql.lstrip().partition(" ")
        if head.upper() != "SELECT":
            raise ValueError("limit_one expects a SELECT statement")
        if rest.upper().startswith("DISTINCT "):
            return f"SELECT DISTINCT TOP 1 {rest[len('DISTINCT ') :]}"
        return f"SELECT TOP 1 {rest}"

    def adapt_param(self, value):
        # Optima's columns are `datetime` (1/300 s); binding microseconds overflows them
        # ("Datetime field overflow"). Optima keeps wall-clock seconds anyway.
        if isinstance(value, datetime) and value.microsecond:
            return value.replace(microsecond=0)
        return value


_DIALECTS = {d.name: d for d in (SqliteDialect(), PostgresqlDialect(), MssqlDialect())}
DIALECT_NAMES = tuple(_DIALECTS)


def get_dialect(name: str) -> Dialect:
    """The `Dialect` for "sqlite", "postgresql" or "mssql"; ValueError for anything else."""
    try:
        return _DIALECTS[name]
    except KeyError:
        raise ValueError(
            f"Unknown ERP dialect {name!r}; expected one of {', '.join(DIALECT_NAMES)}."
        ) from None
