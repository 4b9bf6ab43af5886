"""Refresh syncadmin's copy of a company database's device data from the ERP.

    connect (pyodbc, through importer.erp) ─ read every kind (importer.erp.masterdata)
    ─ close the ERP ─ one transaction of syncadmin's database: compare each row with the
    copy by its digest; new or changed rows get the next versions, rows gone from the ERP
    become tombstones; the state records the refresh.

The ERP is only read. A refresh that cannot read the ERP changes no row: devices go on
getting the last good copy, and the state keeps the error for the dashboard.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from devicedata import serialize
from devicedata.models import DeviceDataState, Kind, MasterRecord
from importer.erp.adapter import ErpError, connect
from importer.erp.masterdata import MasterDataReader

logger = logging.getLogger(__name__)

BATCH = 500  # rows per bulk INSERT / UPDATE of syncadmin's database


@dataclass
class RefreshResult:
    """What a refresh did. ``counts``: {kind: {"rows": n, "changed": c, "removed": r}};
    ``error`` the message when the ERP could not be read (then nothing changed);
    ``seconds`` wall time of the whole refresh, ``read_seconds`` of the ERP part."""

    ok: bool
    counts: dict = field(default_factory=dict)
    error: str = ""
    seconds: float = 0.0
    read_seconds: float = 0.0

    def summary(self) -> str:
        """One line for the run log, the admin message and the command."""
        if not self.ok:
            return _("device data refresh failed, devices keep the last good copy: %(error)s") % {
                "error": self.error
            }
        parts = ", ".join(
            _("%(kind)s %(rows)d (changed %(changed)d, removed %(removed)d)")
            % {"kind": Kind(kind).label, **counts}
            for kind, counts in self.counts.items()
        )
        return _("device data refreshed in %(seconds).1f s: %(parts)s") % {
            "seconds": self.seconds,
            "parts": parts,
        }


def digest(data: dict) -> str:
    """SHA-1 hex of the canonical JSON of one row (keys sorted, no spaces)."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def read_erp(company) -> dict[str, dict[str, dict]]:
    """{kind: {key: row data}} of every kind, read from ``company``'s ERP in one connection.

    Raises `ErpError` when the ERP cannot be reached or read.
    """
    with connect(company.erp_settings()) as conn:
        reader = MasterDataReader(conn)
        products, stock = reader.products(), reader.stock()
        customers, forms = reader.customers(), reader.payment_forms()
        warehouses = reader.warehouses()
    return {
        Kind.PRODUCTS: dict(serialize.keyed(serialize.product(p) for p in products)),
        Kind.STOCK: dict(serialize.keyed(serialize.stock(s) for s in stock)),
        Kind.CUSTOMERS: dict(serialize.keyed(serialize.customer(c) for c in customers)),
        Kind.PAYMENT_FORMS: dict(serialize.keyed(serialize.payment_form(f) for f in forms)),
        Kind.WAREHOUSES: dict(serialize.keyed(serialize.warehouse(w) for w in warehouses)),
    }


def refresh(company) -> RefreshResult:
    """Refresh the device data of ``company`` (a `CompanyDatabase`) from its ERP now.

    Never raises for ERP problems: they are returned (``ok=False``) and kept on the
    company's `DeviceDataState` (``last_error``), and the copy stays as it was.
    """
    started = time.monotonic()
    now = timezone.now()
    try:
        fresh = read_erp(company)
    except ErpError as exc:
        message = str(exc)
        DeviceDataState.objects.get_or_create(company_database=company)
        DeviceDataState.objects.filter(company_database=company).update(
            last_attempt_at=now,
            last_error=message,
            last_duration_ms=int((time.monotonic() - started) * 1000),
        )
        logger.warning("device data of %s: refresh failed: %s", company, message)
        return RefreshResult(ok=False, error=message, seconds=time.monotonic() - started)
    read_seconds = time.monotonic() - started
    counts = apply(company, fresh, now=now)
    seconds = time.monotonic() - started
    DeviceDataState.objects.filter(company_database=company).update(
        last_attempt_at=now,
        last_success_at=now,
        last_error="",
        last_duration_ms=int(seconds * 1000),
        counts=counts,
    )
    return RefreshResult(ok=True, counts=counts, seconds=seconds, read_seconds=read_seconds)


def apply(company, fresh: dict[str, dict[str, dict]], *, now=None) -> dict:
    """Bring the copy of ``company`` to ``fresh`` ({kind: {key: data}}) in one transaction.

    A new or changed row (by its digest) and a row that came back get the next version; a
    row missing from ``fresh`` becomes a tombstone (``removed``, empty data) with the next
    version; an unchanged row keeps its version. Returns the counts per kind.
    """
    now = now or timezone.now()
    counts = {}
    with transaction.atomic():
        DeviceDataState.objects.get_or_create(company_database=company)
        # one refresh of a company database writes at a time: versions follow commit order
        state = DeviceDataState.objects.select_for_update().get(company_database=company)
        version = state.version
        for kind in Kind.values:
            rows = fresh.get(kind, {})
            held = {
                key: (pk, sha, removed)
                for pk, key, sha, removed in MasterRecord.objects.filter(
                    company_database=company, kind=kind
                )
                .values_list("pk", "key", "digest", "removed")
                .iterator(chunk_size=2000)
            }
            created, updated, changed, removed = [], [], 0, 0
            for key, data in rows.items():
                sha = digest(data)
                old = held.get(key)
                if old is not None and old[1] == sha and not old[2]:
                    continue
                version += 1
                changed += 1
                record = MasterRecord(
                    company_database=company,
                    kind=kind,
                    key=key,
                    version=version,
                    data=data,
                    digest=sha,
                    changed_at=now,
                )
                if old is None:
                    created.append(record)
                else:
                    record.pk = old[0]
                    updated.append(record)
            for key, (pk, _sha, was_removed) in held.items():
                if key in rows or was_removed:
                    continue
                version += 1
                removed += 1
                updated.append(
                    MasterRecord(
                        pk=pk,
                        company_database=company,
                        kind=kind,
                        key=key,
                        version=version,
                        data={},
                        digest="",
                        removed=True,
                        changed_at=now,
                    )
                )
            MasterRecord.objects.bulk_create(created, batch_size=BATCH)
            MasterRecord.objects.bulk_update(
                updated, ["version", "data", "digest", "removed", "changed_at"], batch_size=BATCH
            )
            counts[kind] = {"rows": len(rows), "changed": changed, "removed": removed}
        state.version = version
        state.save(update_fields=["version"])
    return counts
