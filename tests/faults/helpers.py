"""Shared by the fault-injection tests: a company database with a full inbox, the
``sync_now`` subprocess on the same test database (SQLite file or PostgreSQL), and the invariants
the ERP and the inbox must keep whatever happens."""

import hashlib
import json
import os
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def fill_inbox(company, count: int, prefix: str = "K") -> list[str]:
    """``count`` valid FS documents (2 lines) put into the inbox as received; their GUIDs."""
    from importer.models import Device, MobileDocument
    from tests.erp_fixtures import fs

    device = Device(name=f"{prefix}-dev-{company.pk}", company_database=company)
    device.issue_token()
    device.save()
    lines = [
        {"product_code": "KAWA-250", "quantity": "2", "unit_price": "10.00", "vat_rate": "23"},
        {"product_code": "HERBATA-100", "quantity": "1", "unit_price": "7.50", "vat_rate": "5"},
    ]
    rows = []
    for i in range(count):
        doc = fs(f"FS/{i}/{prefix}", lines=lines)
        digest = hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()
        rows.append(
            MobileDocument(
                guid=doc["guid"],
                device=device,
                company_database=company,
                doc_type="FS",
                number=doc["number"],
                issued_at=datetime(2026, 11, 27, 9, 15, tzinfo=UTC),
                payload=doc,
                content_hash=digest,
            )
        )
    MobileDocument.objects.bulk_create(rows)
    return [r.guid for r in rows]


def subprocess_env(**extra) -> dict:
    """The environment of a ``manage.py`` subprocess sharing this test database (SQLite
    file or PostgreSQL: the tests using it commit their data, ``transaction=True``)."""
    from tests.production.clusters import test_database_url

    env = dict(os.environ)
    env["DATABASE_URL"] = test_database_url()
    env["SYNCADMIN_DATA_DIR"] = str(settings.DATA_DIR)
    env.update({k: str(v) for k, v in extra.items()})
    return env


def start_sync_now(company, **env) -> subprocess.Popen:
    """``python manage.py sync_now --database NAME`` in a new process."""
    return subprocess.Popen(
        [sys.executable, "manage.py", "sync_now", "--database", company.name],
        cwd=ROOT,
        env=subprocess_env(**env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def erp_rows(erp) -> list[tuple]:
    """(GUID, TrN_TrNID, TrN_NumerPelny, TrN_DDfId, TrN_NumerString, TrN_NumerNr) of every
    trade document in the ERP."""
    return erp(
        "SELECT TrN_ImportRowId, TrN_TrNID, TrN_NumerPelny, TrN_DDfId, "
        "TrN_NumerString, TrN_NumerNr FROM TraNag"
    )


def assert_consistent(
    erp, company, guids: list[str], *, finished: bool, may_fail: bool = False
) -> None:
    """Every GUID at most once in the ERP (exactly once when ``finished``), lines and VAT rows
    only with their header, the inbox agreeing with the ERP, numbering unique and gap-free.

    A document not marked imported is still waiting: ``received``, or with ``may_fail`` also
    ``failed`` (the automat tries a failed document again on its next run)."""
    from importer.models import DocumentStatus, MobileDocument

    allowed = {DocumentStatus.RECEIVED}
    if may_fail:
        allowed.add(DocumentStatus.FAILED)

    rows = erp_rows(erp)
    counts = Counter(r[0] for r in rows)
    doubled = [g for g, n in counts.items() if n > 1]
    assert not doubled, f"GUIDs written twice: {doubled[:5]}"
    assert set(counts) <= set(guids)
    orphans = erp(
        "SELECT COUNT(*) FROM TraElem WHERE TrE_TrNId NOT IN (SELECT TrN_TrNID FROM TraNag)"
    )[0][0]
    assert orphans == 0
    assert erp("SELECT COUNT(*) FROM TraElem")[0][0] == 2 * len(rows)
    by_guid = {r[0]: r for r in rows}
    inbox = MobileDocument.objects.filter(company_database=company)
    for guid, status, number, erp_id in inbox.values_list("guid", "status", "erp_number", "erp_id"):
        if status == DocumentStatus.IMPORTED:
            assert guid in by_guid, f"{guid} marked imported but not in the ERP"
            assert (number, erp_id) == (by_guid[guid][2], by_guid[guid][1])
        else:
            # not yet marked: the ERP may hold it (killed between commit and mark), but the
            # document must still be waiting, never lost
            assert status in allowed, (guid, status)
    numbering = Counter((r[3], r[4]) for r in rows)
    for (ddf, series), n in numbering.items():
        taken = sorted(r[5] for r in rows if (r[3], r[4]) == (ddf, series))
        assert taken == list(range(1, n + 1)), f"numbering of {series}: {taken[:10]}…"
    if finished:
        assert set(counts) == set(guids)
        assert inbox.filter(status=DocumentStatus.IMPORTED).count() == len(guids)
