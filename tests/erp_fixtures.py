"""An import target for the engine tests: the demo Optima (SQLite files through ODBC)."""

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


@pytest.fixture
def demo_company(db, tmp_path):
    """A CompanyDatabase pointing at a freshly built demo Optima, with the default operator."""
    from harmonogramy.models import CompanyDatabase, Schedule
    from importer.erp.demo import build_demo
    from operators.models import Operator

    demo = build_demo(tmp_path / "optima")
    company = CompanyDatabase.objects.create(
        name="Demo",
        dialect="sqlite",
        odbc_driver="SQLite3",
        database=str(demo.company_path),
        default_warehouse="MAGAZYN",
        retail_customer_code="DETAL",
        default_cash_register="KASA",
    )
    Schedule.objects.create(company_database=company, interval_minutes=1)
    Operator.objects.create(
        acronym=demo.operator_acronym, password=demo.operator_password, is_default=True
    )
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
    from importer.erp.adapter import ErpConnectionSettings, connect

    def query(sql, params=()):
        with connect(ErpConnectionSettings.for_company(demo_company)) as conn:
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
