"""The ERP adapter: the ONLY module of syncadmin that imports pyodbc.

It connects to an Optima database (SQL Server in production, PostgreSQL in tests, SQLite in
the demo) through ODBC, runs statements with ``?`` parameters, manages transactions,
savepoints and locks, and turns every ``pyodbc.Error`` into an `ErpError` that says whether
retrying makes sense. Dialect differences live in `importer.erp.dialects`.

Parameters may be ``str`` (Polish letters round-trip exactly), ``int``, ``decimal.Decimal``,
``datetime.date``, ``datetime.datetime`` (naive local wall-clock time, as Optima stores it)
and ``None``. Read types depend on the driver: SQLite returns decimals as ``str`` (or
``float``/``int``) and dates as ``datetime``; PostgreSQL and SQL Server return ``Decimal``
and ``datetime``. `importer.erp.optima` normalizes them.

Secrets: the password is revealed only inside `ErpConnectionSettings.connection_string`;
no exception message, ``repr`` or ``describe`` ever contains it.
"""

import re
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter

import pyodbc

from importer.erp.dialects import Dialect, check_identifier, get_dialect

ERROR_KINDS = (
    "connection",
    "login",
    "timeout",
    "deadlock",
    "offline",
    "integrity",
    "data",
    "driver",
    "schema",
    "other",
)
_TRANSIENT_KINDS = {"connection", "timeout", "deadlock", "offline"}


class ErpError(Exception):
    """An ERP (ODBC) failure with a message that is safe to show and log.

    ``kind`` is one of `ERROR_KINDS`: "connection", "login", "timeout", "deadlock",
    "offline", "integrity", "data", "driver", plus "schema" (missing table/column, SQL
    syntax: wrong database or a bug) and "other". ``transient`` is True when retrying later
    makes sense (network, timeout, deadlock, database offline), False otherwise (login
    failed, bad data, constraint violation, missing driver). ``sqlstate`` is the ODBC
    SQLSTATE ("" when unknown). The message never contains a password or connection string.
    """

    def __init__(
        self,
        message: str,
        *,
        kind: str = "other",
        transient: bool | None = None,
        sqlstate: str = "",
    ):
        super().__init__(message)
        self.kind = kind
        self.transient = kind in _TRANSIENT_KINDS if transient is None else transient
        self.sqlstate = sqlstate

    @property
    def message(self) -> str:
        return self.args[0] if self.args else ""

    def __repr__(self) -> str:
        return (
            f"ErpError({self.message!r}, kind={self.kind!r}, "
            f"transient={self.transient!r}, sqlstate={self.sqlstate!r})"
        )


# --- classification ------------------------------------------------------------------------

_SECRET_PAIR = re.compile(r"(?i)\b(pwd|password|passwd)\s*=\s*(\{(?:[^}]|\}\})*\}?|[^;\s]*)")
_ODBC_PREFIX = re.compile(r"^(\s*\[[^\]]*\])+\s*")
_ODBC_SUFFIX = re.compile(r"(\s*\(-?\d+\))*\s*\(SQL\w+\)\s*$")

# (kind, transient, SQLSTATE prefixes, lower-case message fragments); first match wins.
_RULES = (
    (
        "driver",
        False,
        ("IM002", "IM003", "IM004"),
        ("can't open lib", "data source name not found", "driver not found"),
    ),
    (
        "offline",
        True,
        (),
        (
            "is offline",
            "cannot open database",
            "database system is starting up",
            "database system is shutting down",
            "in recovery mode",
            "is being recovered",
            "the database system is in recovery mode",
        ),
    ),
    (
        "login",
        False,
        ("28",),
        (
            "password authentication failed",
            "login failed",
            "no pg_hba.conf entry",
            "authentication failed",
        ),
    ),
    # 57P01-57P03: the server terminated the session (shutdown, pg_terminate_backend);
    # psqlODBC then reports the lost link inside a transaction as "internal SAVEPOINT failed".
    (
        "connection",
        True,
        ("08", "57P01", "57P02", "57P03"),
        (
            "communication link failure",
            "connection refused",
            "could not connect",
            "server closed the connection",
            "connect failed",
            "tcp provider",
            "connection has been lost",
            "connection lost",
            "internal savepoint failed",
        ),
    ),
    (
        "timeout",
        True,
        ("HYT00", "HYT01", "HY008", "57014"),
        (
            "timeout expired",
            "statement timeout",
            "database is locked",
            "lock request time out",
            "database table is locked",
        ),
    ),
    ("deadlock", True, ("40001", "40P01"), ("deadlock", "could not serialize")),
    ("integrity", False, ("23",), ("constraint failed", "constraint violation")),
    ("data", False, ("22",), ("datatype mismatch", "string or blob too big", "too long")),
    ("schema", False, ("42",), ("no such table", "no such column", "syntax error")),
)


def sanitize(text: str, secrets=()) -> str:
    """``text`` with ``PWD=...``/``Password=...`` values and any of ``secrets`` masked."""
    text = _SECRET_PAIR.sub(lambda m: f"{m.group(1)}=***", str(text))
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


def _sqlstate_and_message(exc) -> tuple[str, str]:
    args: tuple = tuple(getattr(exc, "args", ()))
    if len(args) >= 2 and isinstance(args[0], str) and len(args[0]) == 5:
        return args[0], str(args[1])
    return "", str(exc)


def classify(exc, *, secrets=()) -> ErpError:
    """Turn an exception (normally a ``pyodbc.Error``) into an `ErpError`.

    Uses the SQLSTATE (08xxx connection, 28xxx login, HYT00/HYT01/57014 timeout,
    40001/40P01 deadlock, 23xxx integrity, 22xxx data, 42xxx schema, IM002 driver missing)
    and, for drivers that report everything as HY000 (SQLite), the message. The message is
    cleaned of ODBC noise and of anything like ``PWD=...`` (and of ``secrets``).
    """
    if isinstance(exc, ErpError):
        return exc
    sqlstate, raw = _sqlstate_and_message(exc)
    message = _ODBC_SUFFIX.sub("", _ODBC_PREFIX.sub("", raw.strip()))
    message = sanitize(" ".join(message.split()), secrets)
    lowered = message.lower()
    kind, transient = "other", False
    if 'database "' in lowered and "does not exist" in lowered:
        # a missing database on a reachable server: a configuration error, not a network one
        kind = "connection"
    elif 'role "' in lowered and "does not exist" in lowered:
        kind = "login"
    else:
        for rule_kind, rule_transient, states, fragments in _RULES:
            if any(sqlstate.startswith(s) for s in states) or any(f in lowered for f in fragments):
                kind, transient = rule_kind, rule_transient
                break
    suffix = f" [{sqlstate}]" if sqlstate else ""
    return ErpError(
        f"{message or type(exc).__name__}{suffix}",
        kind=kind,
        transient=transient,
        sqlstate=sqlstate,
    )


# --- connection settings -------------------------------------------------------------------


def _braced(value) -> str:
    """An ODBC connection-string value, in braces with ``}`` doubled when it needs them
    (``;``, braces, ``=`` or surrounding spaces). Plain otherwise: some drivers (psqlODBC for
    Server and Uid, the SQLite driver) take braces literally."""
    text = str(value)
    if text != text.strip() or any(ch in text for ch in ";{}="):
        return "{" + text.replace("}", "}}") + "}"
    return text


@dataclass(frozen=True)
class ErpConnectionSettings:
    """How to reach one ERP database: plain values (the caller decrypts the password and
    chooses the timeouts; this module knows nothing of Django or of syncadmin's key).
    Immutable; ``repr`` and `describe` never show the password, only `connection_string`
    contains it. Timeouts are in seconds."""

    dialect: str
    driver: str
    database: str
    server: str = ""
    port: int | None = None
    username: str = ""
    password: str = field(default="", repr=False, compare=False)
    trusted_connection: bool = False
    options: str = ""
    login_timeout: int = 15
    query_timeout: int = 60

    def _password(self) -> str:
        return self.password or ""

    def connection_string(self) -> str:
        """The ODBC connection string. CONTAINS THE PASSWORD: never log or show it.

        Values are braced (``{...}``, ``}`` doubled) only when they need it.
        sqlite: ``Driver={SQLite3};Database=<path>;Timeout=<busy timeout ms>;`` (the SQLite
        driver does not understand braces, so a path needing them is refused, ValueError);
        postgresql: Driver, Server, Port, Database, Uid, Pwd, connect_timeout;
        mssql: Driver, Server (``server,port``), Database, Trusted_Connection=yes or
        UID/PWD. ``options`` ("Key=Value;...") is appended as given.
        """
        get_dialect(self.dialect)
        parts = [f"Driver={{{self.driver.replace('}', '}}')}}}"]
        if self.dialect == "sqlite":
            if _braced(self.database) != self.database:
                raise ValueError(
                    "The SQLite database path must not contain ';', '=', braces "
                    "or surrounding spaces (the SQLite ODBC driver cannot quote)."
                )
            parts += [f"Database={self.database}", f"Timeout={int(self.query_timeout) * 1000}"]
        elif self.dialect == "postgresql":
            parts += [
                f"Server={_braced(self.server or 'localhost')}",
                f"Port={int(self.port or 5432)}",
                f"Database={_braced(self.database)}",
                f"Uid={_braced(self.username)}",
                f"Pwd={_braced(self._password())}",
                f"pqopt={{connect_timeout={int(self.login_timeout)}}}",
            ]
        else:
            server = self.server or "localhost"
            if self.port:
                server = f"{server},{int(self.port)}"
            parts += [f"Server={_braced(server)}", f"Database={_braced(self.database)}"]
            if self.trusted_connection:
                parts.append("Trusted_Connection=yes")
            else:
                parts += [f"UID={_braced(self.username)}", f"PWD={_braced(self._password())}"]
        text = ";".join(parts) + ";"
        if self.options.strip():
            text += self.options.strip().strip(";") + ";"
        return text

    def describe(self) -> str:
        """A safe one-line description, e.g.
        ``postgresql://127.0.0.1:5432/optima_demo (PostgreSQL Unicode)``."""
        if self.dialect == "sqlite":
            return f"sqlite:///{self.database.lstrip('/')} ({self.driver})"
        host = self.server or "localhost"
        port = f":{self.port}" if self.port else ""
        user = f"{self.username}@" if self.username and not self.trusted_connection else ""
        return f"{self.dialect}://{user}{host}{port}/{self.database} ({self.driver})"

    def __repr__(self) -> str:
        masked = "'********'" if self.password else "None"
        return (
            f"ErpConnectionSettings(dialect={self.dialect!r}, driver={self.driver!r}, "
            f"database={self.database!r}, server={self.server!r}, port={self.port!r}, "
            f"username={self.username!r}, password={masked}, "
            f"trusted_connection={self.trusted_connection!r}, options=<{len(self.options)} "
            f"chars>, login_timeout={self.login_timeout!r}, "
            f"query_timeout={self.query_timeout!r})"
        )

    __str__ = describe


def available_drivers() -> list[str]:
    """Names of the installed ODBC drivers (``pyodbc.drivers()``)."""
    return list(pyodbc.drivers())


def connect(settings: ErpConnectionSettings) -> "ErpConnection":
    """Open a connection. Raises `ErpError` (kinds connection, login, driver, offline...).

    Sets the login timeout, the per-query timeout (SQL Server: ODBC query timeout;
    PostgreSQL: statement_timeout; SQLite: busy timeout) and leaves the connection in
    autocommit between transactions (see `ErpConnection.transaction`).
    """
    dialect = get_dialect(settings.dialect)
    secret = settings._password()
    try:
        raw = pyodbc.connect(
            settings.connection_string(), autocommit=True, timeout=int(settings.login_timeout)
        )
    except pyodbc.Error as exc:
        error = classify(exc, secrets=(secret,))
        # `from None`: the driver's original text is not kept in the chain, in case it
        # echoes parts of the connection string.
        raise ErpError(
            f"Cannot connect to {settings.describe()}: {error.message}",
            kind=error.kind,
            transient=error.transient,
            sqlstate=error.sqlstate,
        ) from None
    conn = ErpConnection(raw, settings, dialect)
    try:
        if dialect.query_timeout_attribute:
            raw.timeout = int(settings.query_timeout)
        for sql in dialect.session_setup(int(settings.query_timeout)):
            conn.execute(sql)
    except (pyodbc.Error, ErpError) as exc:
        conn.close()
        raise classify(exc, secrets=(secret,)) from None
    return conn


# --- the connection ------------------------------------------------------------------------


class ErpConnection:
    """One open ERP connection; a context manager that closes it on exit.

    Every statement runs on its own cursor, which is closed before the method returns, so
    no result set is ever left unconsumed. Not thread-safe: use one connection per thread.
    """

    def __init__(self, raw, settings: ErpConnectionSettings, dialect: Dialect):
        self._raw = raw
        self.settings = settings
        self.dialect = dialect
        self._in_transaction = False
        self._owner = threading.get_ident()
        self._insert_sql_cache: dict[tuple, str] = {}

    def __enter__(self) -> "ErpConnection":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<ErpConnection {self.settings.describe()}>"

    @property
    def in_transaction(self) -> bool:
        """True inside `transaction`."""
        return self._in_transaction

    def table(self, name: str) -> str:
        """ "TraNag" -> "CDN.TraNag" (mssql) | "cdn.TraNag" (postgresql) | "TraNag" (sqlite)."""
        return self.dialect.table(name)

    # --- statements ------------------------------------------------------------------------

    def _params(self, params) -> list:
        if params is None:
            return []
        if isinstance(params, (str, bytes)) or not isinstance(params, (tuple, list)):
            params = (params,)
        if not self.dialect.adapts_params:
            return list(params)
        return self.dialect.adapt_params(list(params))

    def _insert_sql(self, table: str, columns: tuple, id_column: str | None) -> str:
        """`Dialect.insert_sql`, remembered per (table, columns, id column) for the life
        of the connection (a run writes the same few shapes thousands of times)."""
        key = (table, columns, id_column)
        sql = self._insert_sql_cache.get(key)
        if sql is None:
            sql = self._insert_sql_cache[key] = self.dialect.insert_sql(
                table, list(columns), id_column
            )
        return sql

    @contextmanager
    def _cursor(self):
        if self._raw is None:
            raise ErpError("The ERP connection is closed.", kind="connection", transient=True)
        try:
            cursor = self._raw.cursor()
        except pyodbc.Error as exc:
            raise classify(exc) from exc
        try:
            yield cursor
        except pyodbc.Error as exc:
            raise classify(exc) from exc
        finally:
            try:
                cursor.close()
            except pyodbc.Error:
                pass

    @staticmethod
    def _skip_to_rows(cursor) -> bool:
        """Advance past row counts of a batch to its first result set; False if none."""
        while cursor.description is None:
            if not cursor.nextset():
                return False
        return True

    def fetch_all(self, sql: str, params=()) -> list[tuple]:
        """All rows of a query as tuples (column order of the SELECT)."""
        with self._cursor() as cursor:
            cursor.execute(sql, self._params(params))
            if not self._skip_to_rows(cursor):
                return []
            return [tuple(row) for row in cursor.fetchall()]

    def fetch_one(self, sql: str, params=()) -> tuple | None:
        """The first row of a query, or None."""
        with self._cursor() as cursor:
            cursor.execute(sql, self._params(params))
            if not self._skip_to_rows(cursor):
                return None
            row = cursor.fetchone()
            return tuple(row) if row is not None else None

    def fetch_value(self, sql: str, params=()):
        """The first column of the first row, or None."""
        row = self.fetch_one(sql, params)
        return row[0] if row else None

    def execute(self, sql: str, params=()) -> int:
        """Run a statement; returns its row count (-1 when the driver does not know)."""
        with self._cursor() as cursor:
            cursor.execute(sql, self._params(params))
            return cursor.rowcount

    def execute_many(self, sql: str, rows: list) -> None:
        """Run one statement for every parameter tuple (fast_executemany on SQL Server)."""
        if self.dialect.adapts_params:
            rows = [self._params(row) for row in rows]
        if not rows:
            return
        with self._cursor() as cursor:
            cursor.fast_executemany = self.dialect.fast_executemany
            cursor.executemany(sql, rows)

    def insert(self, table: str, values: dict, id_column: str | None = None) -> int | None:
        """INSERT one row into bare ``table`` ("TraNag"); returns the new identity of
        ``id_column`` (None without one). SQLite: ``last_insert_rowid()`` on this
        connection; PostgreSQL: RETURNING; SQL Server: OUTPUT INSERTED ... INTO."""
        columns = tuple(values)
        if not columns:
            raise ValueError("insert() needs at least one column")
        sql = self._insert_sql(table, columns, id_column)
        params = list(values.values())
        if id_column is None:
            self.execute(sql, params)
            return None
        if self.dialect.identity_sql:
            with self._cursor() as cursor:
                cursor.execute(sql, self._params(params))
                cursor.execute(self.dialect.identity_sql)
                new_id = cursor.fetchone()[0]
        else:
            new_id = self.fetch_value(sql, params)
        if new_id is None:
            raise ErpError(
                f"The database returned no identity for the new {table} row.",
                kind="other",
                transient=False,
            )
        return int(new_id)

    def insert_many(self, table: str, rows: list[dict]) -> None:
        """INSERT many rows (same keys in every row): multi-row INSERT statements where the
        dialect has them (`Dialect.multirow_max_params`), else one executemany."""
        if not rows:
            return
        keys = rows[0].keys()
        if any(row.keys() != keys for row in rows):
            raise ValueError(f"insert_many({table}): every row needs the same columns")
        columns = tuple(keys)
        limit = self.dialect.multirow_max_params
        if not limit or len(rows) == 1:
            values = [tuple([row[c] for c in columns]) for row in rows]
            self.execute_many(self._insert_sql(table, columns, None), values)
            return
        per_statement = max(1, limit // len(columns))
        adapt = self.dialect.adapt_params if self.dialect.adapts_params else None
        values_of = itemgetter(*columns) if len(columns) > 1 else lambda row: (row[columns[0]],)
        with self._cursor() as cursor:
            for start in range(0, len(rows), per_statement):
                chunk = rows[start : start + per_statement]
                params = [value for row in chunk for value in values_of(row)]
                cursor.execute(
                    self._insert_rows_sql(table, columns, len(chunk)),
                    adapt(params) if adapt else params,
                )

    def _insert_rows_sql(self, table: str, columns: tuple, rows: int) -> str:
        key = ("rows", table, columns, rows)
        sql = self._insert_sql_cache.get(key)
        if sql is None:
            sql = self._insert_sql_cache[key] = self.dialect.insert_rows_sql(
                table, list(columns), rows
            )
        return sql

    # --- transactions ----------------------------------------------------------------------

    @contextmanager
    def transaction(self):
        """One ERP transaction: commit on success, rollback on any exception (re-raised;
        pyodbc errors as `ErpError`). SQLite: ``BEGIN IMMEDIATE`` (write lock up front);
        PostgreSQL/SQL Server: autocommit off for the duration. Not re-entrant: nested
        units of work use `savepoint`. `begin`/`commit`/`rollback` are the same steps for
        an owner that cannot use a ``with`` block (an import group)."""
        self.begin()
        try:
            yield self
        except BaseException as exc:
            self.rollback()
            if isinstance(exc, pyodbc.Error):
                raise classify(exc) from exc
            raise
        self.commit()

    def begin(self) -> None:
        """Open a transaction (RuntimeError if one is open; `ErpError` if refused)."""
        if self._in_transaction:
            raise RuntimeError("An ERP transaction is already open on this connection.")
        if self.dialect.begin_sql:
            self.execute(self.dialect.begin_sql)
        else:
            self._set_autocommit(False)
        self._in_transaction = True

    def commit(self) -> None:
        """Commit the open transaction; if the commit fails it is rolled back and
        `ErpError` raised."""
        self._in_transaction = False
        try:
            if self.dialect.explicit_begin:
                self.execute("COMMIT")
            else:
                self._raw.commit()
        except (pyodbc.Error, ErpError) as exc:
            self._rollback_quietly()
            raise classify(exc) from exc
        finally:
            if not self.dialect.explicit_begin:
                self._set_autocommit(True, quiet=True)

    def rollback(self) -> None:
        """Roll the open transaction back (quietly: a lost connection rolls back on the
        server). Safe to call when none is open."""
        was_open, self._in_transaction = self._in_transaction, False
        if was_open:
            self._rollback_quietly()
            if not self.dialect.explicit_begin:
                self._set_autocommit(True, quiet=True)

    def _set_autocommit(self, value: bool, quiet: bool = False) -> None:
        try:
            self._raw.autocommit = value
        except pyodbc.Error as exc:
            if not quiet:
                raise classify(exc) from exc

    def _rollback_quietly(self) -> None:
        if self._raw is None:
            return
        try:
            if self.dialect.explicit_begin:
                cursor = self._raw.cursor()
                try:
                    cursor.execute("ROLLBACK")
                finally:
                    cursor.close()
            else:
                self._raw.rollback()
        except pyodbc.Error:
            pass  # the connection is gone; the server rolls back on its own

    @contextmanager
    def savepoint(self, name: str):
        """A savepoint inside `transaction`: on an exception, roll back to it and re-raise
        (the outer transaction stays usable); on success, release it (T-SQL: kept)."""
        if not self._in_transaction:
            raise RuntimeError("savepoint() needs an open transaction()")
        check_identifier(name)
        self.execute(self.dialect.savepoint_sql(name))
        try:
            yield self
        except BaseException as exc:
            try:
                self.execute(self.dialect.rollback_to_savepoint_sql(name))
            except ErpError:
                pass
            if isinstance(exc, pyodbc.Error):
                raise classify(exc) from exc
            raise
        release = self.dialect.release_savepoint_sql(name)
        if release:
            self.execute(release)

    def lock(self, resource: str) -> None:
        """Take a transaction-scoped exclusive lock named ``resource`` (waits up to the
        query timeout). PostgreSQL: pg_advisory_xact_lock(hashtext(?)); SQL Server:
        sp_getapplock; SQLite: nothing (BEGIN IMMEDIATE already holds the write lock).
        Raises RuntimeError outside a transaction, `ErpError` (timeout/deadlock) if refused."""
        if not self._in_transaction:
            raise RuntimeError("lock() needs an open transaction()")
        sql = self.dialect.lock_sql(int(self.settings.query_timeout) * 1000)
        if sql is None:
            return
        result = self.fetch_value(sql, (resource,))
        if isinstance(result, int) and result < 0:
            kind = "deadlock" if result == -3 else "timeout"
            raise ErpError(
                f"Could not lock {resource!r} (sp_getapplock returned {result}).",
                kind=kind,
                transient=True,
            )

    def close(self) -> None:
        """Close the connection (an open transaction is rolled back). Idempotent."""
        raw, self._raw = self._raw, None
        if raw is None:
            return
        try:
            raw.close()
        except pyodbc.Error:
            pass
