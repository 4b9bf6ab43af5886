"""Fixtures of the ERP layer tests: real ODBC connections only.

- ``erp_settings`` / ``erp_conn`` / ``optima``: parametrized over SQLite (a file in
  ``tmp_path`` through the SQLite3 driver) and PostgreSQL (psqlODBC, a throwaway database
  ``syncadmin_test_<random>`` created for the session and dropped at its end; skipped with
  the reason when the server or the driver is not there).
- ``demo_erp``: the demo Optima (`importer.erp.demo.build_demo`) built in ``tmp_path``.

The builders are importable for other test packages: `pg_test_database`, `fresh_settings`.
"""

import getpass
import os
import uuid
from contextlib import contextmanager

import pytest

from importer.erp.adapter import ErpConnectionSettings, ErpError, available_drivers, connect
from importer.erp.demo import build_company_database, build_demo
from importer.erp.optima import OptimaCompany

PG_DRIVER = os.environ.get("SYNCADMIN_TEST_PG_DRIVER", "PostgreSQL Unicode")
# The Unix socket with the OS user's own role: peer (or trust) authentication works on a fresh
# Debian PostgreSQL without any password; scripts/services.sh creates the role.
PG_HOST = os.environ.get("SYNCADMIN_TEST_PG_HOST", "/var/run/postgresql")
PG_PORT = int(os.environ.get("SYNCADMIN_TEST_PG_PORT", "5432"))
PG_USER = os.environ.get("SYNCADMIN_TEST_PG_USER", getpass.getuser())
SQLITE_DRIVER = os.environ.get("SYNCADMIN_TEST_SQLITE_DRIVER", "SQLite3")


def pg_settings(database: str, **overrides) -> ErpConnectionSettings:
    """Settings for a database on the test PostgreSQL server."""
    values = dict(
        dialect="postgresql",
        driver=PG_DRIVER,
        server=PG_HOST,
        port=PG_PORT,
        database=database,
        username=PG_USER,
        login_timeout=5,
        query_timeout=30,
    )
    values.update(overrides)
    return ErpConnectionSettings(**values)


def services_required() -> bool:
    """True when the environment demands PostgreSQL/Redis (SYNCADMIN_TEST_REQUIRE_SERVICES=1)."""
    return os.environ.get("SYNCADMIN_TEST_REQUIRE_SERVICES", "") not in ("", "0")


def _skip_or_fail(reason: str):
    if services_required():
        pytest.fail(f"{reason} (required: SYNCADMIN_TEST_REQUIRE_SERVICES=1)", pytrace=False)
    pytest.skip(reason)


@contextmanager
def pg_test_database():
    """Create a throwaway PostgreSQL database, yield its settings, drop it afterwards.

    Raises pytest's Skipped (with the reason) if the driver or the server is missing; with
    SYNCADMIN_TEST_REQUIRE_SERVICES=1 (CI, scripts/test.sh) it fails the test instead.
    """
    if PG_DRIVER not in available_drivers():
        _skip_or_fail(f"ODBC driver {PG_DRIVER!r} is not installed")
    try:
        admin = connect(pg_settings("postgres"))
    except ErpError as exc:
        _skip_or_fail(f"PostgreSQL at {PG_HOST}:{PG_PORT} is unreachable: {exc}")
    name = f"syncadmin_test_{uuid.uuid4().hex[:12]}"
    with admin:
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield pg_settings(name)
    finally:
        with connect(pg_settings("postgres")) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="session")
def pg_database():
    """Settings of the session's throwaway PostgreSQL database (skips if unavailable)."""
    with pg_test_database() as settings:
        yield settings


def fresh_settings(dialect: str, tmp_path, request) -> ErpConnectionSettings:
    """Settings of an empty ERP database of ``dialect`` for one test."""
    if dialect == "sqlite":
        if SQLITE_DRIVER not in available_drivers():
            pytest.skip(f"ODBC driver {SQLITE_DRIVER!r} is not installed")
        return ErpConnectionSettings(
            dialect="sqlite",
            driver=SQLITE_DRIVER,
            database=str(tmp_path / "company.sqlite"),
            query_timeout=30,
        )
    settings = request.getfixturevalue("pg_database")
    with connect(settings) as conn:
        conn.execute("DROP SCHEMA IF EXISTS cdn CASCADE")
    return settings


@pytest.fixture(params=["sqlite", "postgresql"])
def erp_settings(request, tmp_path) -> ErpConnectionSettings:
    """Settings of an empty ERP database, once per dialect."""
    return fresh_settings(request.param, tmp_path, request)


@pytest.fixture
def erp_conn(erp_settings):
    """An open `ErpConnection` to the empty database of ``erp_settings``."""
    with connect(erp_settings) as conn:
        yield conn


@pytest.fixture
def company_conn(erp_conn):
    """``erp_conn`` with the Optima company tables and the demo master data."""
    build_company_database(erp_conn)
    return erp_conn


@pytest.fixture
def optima(company_conn) -> OptimaCompany:
    return OptimaCompany(company_conn)


@pytest.fixture
def demo_erp(tmp_path):
    """The demo Optima (configuration + company SQLite files) built in ``tmp_path``."""
    return build_demo(tmp_path / "demo_erp")
