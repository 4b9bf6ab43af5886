"""The benchmark workload: FS documents of 5 lines for the demo master data, put straight
into the inbox (the intake API is measured by its own benchmark), and the company database
rows pointing at a demo Optima on SQLite or PostgreSQL."""

import hashlib
import json
import uuid
from datetime import UTC, datetime

LINES = (
    ("KAWA-250", "2", "10.00", "23"),
    ("HERBATA-100", "3", "7.50", "5"),
    ("KAWA-250", "1", "10.00", "23"),
    ("DOSTAWA", "1", "15.00", "23"),
    ("HERBATA-100", "4", "7.25", "5"),
)


def fs_document(i: int) -> dict:
    """A valid FS of 5 lines for HURT-ABC with a fresh GUID (net prices)."""
    return {
        "guid": str(uuid.uuid4()),
        "type": "FS",
        "number": f"FS/{i}/BENCH",
        "issued_at": "2026-11-27T10:15:00+01:00",
        "customer": {"code": "HURT-ABC"},
        "lines": [
            {"product_code": c, "quantity": q, "unit_price": p, "vat_rate": v}
            for c, q, p, v in LINES
        ],
    }


def make_company(name: str, erp_settings=None, demo_dir=None):
    """A CompanyDatabase (+ schedule, default operator, device) on a demo Optima.

    SQLite: ``demo_dir`` gets a fresh demo (`build_demo`); PostgreSQL: ``erp_settings`` of an
    empty database gets the company tables and master data. Returns (company, device).
    """
    from harmonogramy.models import CompanyDatabase
    from importer.erp.adapter import connect
    from importer.erp.demo import (
        OPERATOR_ACRONYM,
        OPERATOR_PASSWORD,
        build_company_database,
        build_demo,
    )
    from importer.models import Device
    from operators.models import Operator

    if erp_settings is None:
        demo = build_demo(demo_dir)
        fields = {"dialect": "sqlite", "odbc_driver": "SQLite3", "database": str(demo.company_path)}
    else:
        with connect(erp_settings) as conn:
            build_company_database(conn)
        fields = {
            "dialect": "postgresql",
            "odbc_driver": erp_settings.driver,
            "server": erp_settings.server,
            "port": erp_settings.port,
            "database": erp_settings.database,
            "username": erp_settings.username,
        }
    company = CompanyDatabase.objects.create(
        name=name,
        default_warehouse="MAGAZYN",
        retail_customer_code="DETAL",
        default_cash_register="KASA",
        **fields,
    )
    if not Operator.objects.filter(acronym=OPERATOR_ACRONYM).exists():
        Operator.objects.create(
            acronym=OPERATOR_ACRONYM, password=OPERATOR_PASSWORD, is_default=True
        )
    device = Device(name=f"BENCH {company.pk}", company_database=company)
    device.issue_token()
    device.save()
    return company, device


def fill_inbox(company, device, count: int, chunk: int = 2000) -> None:
    """Put ``count`` FS documents in the inbox as received (bulk_create, no API)."""
    from importer.models import MobileDocument

    issued = datetime(2026, 11, 27, 9, 15, tzinfo=UTC)
    for start in range(0, count, chunk):
        rows = []
        for i in range(start, min(count, start + chunk)):
            doc = fs_document(i)
            digest = hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()
            rows.append(
                MobileDocument(
                    guid=doc["guid"],
                    device=device,
                    company_database=company,
                    doc_type="FS",
                    number=doc["number"],
                    issued_at=issued,
                    payload=doc,
                    content_hash=digest,
                )
            )
        MobileDocument.objects.bulk_create(rows)
