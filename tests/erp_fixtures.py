"""An import target for the engine tests: the demo Optima, once per ERP dialect.

``demo_company`` is parametrised over ``sqlite`` (the demo's SQLite file through the SQLite3
ODBC driver) and ``postgresql`` (schema ``cdn`` in a throwaway database of the local server,
through psqlODBC; rebuilt for every test, skipped with the reason when the server is not
there). Every test that uses it — the engine tests, the cluster tests — runs on both.
``erp(sql, params)`` reads back through ODBC with bare Optima table names on both dialects.
"""

import copy
import json
import uuid
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parents[1] / "importer" / "demo_data" / "batch-valid.json"


@pytest.fixture
def sample_documents():
    """The contract's sample batch (a fresh deep copy): KNT, FS, KP, PA, RO."""
    return copy.deepcopy(json.loads(SAMPLE.read_text(encoding="utf-8"))["documents"])


ERP_DIALECTS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def erp_pg_database():
    """Settings of the session's throwaway PostgreSQL ERP database (skips if unavailable;
    fails instead under SYNCADMIN_TEST_REQUIRE_SERVICES=1)."""
    from tests.erp.conftest import pg_test_database

    with pg_test_database() as settings:
        yield settings


def fresh_pg_company(settings) -> None:
    """Drop and rebuild schema ``cdn`` with the demo master data (about 0.1 s)."""
    from importer.erp.adapter import connect
    from importer.erp.demo import build_company_database

    with connect(settings) as conn:
        conn.execute("DROP SCHEMA IF EXISTS cdn CASCADE")
        build_company_database(conn)


def erp_target(dialect: str, tmp_path, request) -> dict:
    """CompanyDatabase connection fields of a freshly built demo company database."""
    if dialect == "sqlite":
        from importer.erp.demo import build_demo

        demo = build_demo(tmp_path / "optima")
        return {"dialect": "sqlite", "odbc_driver": "SQLite3", "database": str(demo.company_path)}
    settings = request.getfixturevalue("erp_pg_database")
    fresh_pg_company(settings)
    return {
        "dialect": "postgresql",
        "odbc_driver": settings.driver,
        "server": settings.server,
        "port": settings.port,
        "database": settings.database,
        "username": settings.username,
    }


@pytest.fixture(params=ERP_DIALECTS)
def erp_dialect(request) -> str:
    """The ERP dialect of this test run: "sqlite" or "postgresql"."""
    return request.param


@pytest.fixture
def demo_company(db, tmp_path, request, erp_dialect):
    """A CompanyDatabase pointing at a freshly built demo Optima (SQLite file or PostgreSQL
    schema ``cdn``, see ``erp_dialect``), with the default operator."""
    from harmonogramy.models import CompanyDatabase, Schedule
    from importer.erp.demo import OPERATOR_ACRONYM, OPERATOR_PASSWORD
    from operators.models import Operator

    company = CompanyDatabase.objects.create(
        name="Demo",
        default_warehouse="MAGAZYN",
        retail_customer_code="DETAL",
        default_cash_register="KASA",
        **erp_target(erp_dialect, tmp_path, request),
    )
    Schedule.objects.create(company_database=company, interval_minutes=1)
    Operator.objects.create(acronym=OPERATOR_ACRONYM, password=OPERATOR_PASSWORD, is_default=True)
    return company


@pytest.fixture
def demo_device(demo_company):
    from importer.models import Device

    device = Device(name="REP01", company_database=demo_company)
    token = device.issue_token()
    device.save()
    return device, token


@pytest.fixture
def send(client, demo_device):
    """send(documents) -> response: POST a batch as the demo device through the real API."""
    _, token = demo_device

    def _send(documents):
        return client.post(
            "/api/mobile/v1/documents",
            data=json.dumps({"documents": documents}, ensure_ascii=False),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )

    return _send


@pytest.fixture
def erp(demo_company):
    """query(sql, params=()) -> list of row tuples, read back from the ERP through ODBC."""
    from importer.erp.adapter import connect

    def query(sql, params=()):
        with connect(demo_company.erp_settings()) as conn:
            if conn.dialect.schema:
                # bare names ("FROM TraNag") find the tables in schema cdn; PostgreSQL folds
                # the unquoted mixed-case names, as the DDL did
                conn.execute(f"SET search_path TO {conn.dialect.schema}")
            return [tuple(r) for r in conn.fetch_all(sql, params)]

    return query


def fs(number="FS/1/REP01", lines=None, **extra):
    """A valid FS for HURT-ABC (net prices) with a fresh GUID."""
    doc = {
        "guid": str(uuid.uuid4()),
        "type": "FS",
        "number": number,
        "issued_at": "2026-11-27T10:15:00+01:00",
        "customer": {"code": "HURT-ABC"},
        "lines": lines
        or [{"product_code": "KAWA-250", "quantity": "2", "unit_price": "10.00", "vat_rate": "23"}],
    }
    doc.update(extra)
    return doc
