"""Every device in view: what the devices page and the dashboard panel show, and who is silent.

A device's **last contact** is the later of its last batch (`Device.last_seen_at`, set by the
intake and by downloads) and its last master data download. An active device is **silent**
when that contact is older than its company database's threshold
(`DeviceDataState.silent_after_hours`, default `DEFAULT_SILENT_HOURS`), or when it never made
contact and was registered longer ago than that: the usual answer to "nothing came in".
Both functions cost a fixed number of queries however many devices there are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Max, Q
from django.utils import timezone

from devicedata.models import DeviceDataState
from harmonogramy.models import CompanyDatabase
from importer.models import Device, DocumentStatus

DEFAULT_SILENT_HOURS = DeviceDataState._meta.get_field("silent_after_hours").default


@dataclass
class DeviceRow:
    """One device as the devices page shows it; times aware (UTC), None when never."""

    device: Device
    company: CompanyDatabase
    last_contact: datetime | None
    last_batch_at: datetime | None
    last_download_at: datetime | None
    waiting: int
    failed: int
    silent: bool
    silent_hours: int


@dataclass
class CompanyPanel:
    """One company database in the dashboard's devices panel."""

    company: CompanyDatabase
    state: DeviceDataState | None
    devices: int
    silent: list[DeviceRow]


def _later(*moments):
    found = [m for m in moments if m is not None]
    return max(found) if found else None


def is_silent(device: Device, last_contact, hours: int, now: datetime) -> bool:
    """Is an active ``device`` silent at ``now`` with a threshold of ``hours``?"""
    if not device.is_active:
        return False
    since = last_contact or device.created_at
    return now - since > timedelta(hours=hours)


def device_rows(
    company: CompanyDatabase | None = None,
    now: datetime | None = None,
    *,
    active_only: bool = False,
) -> list[DeviceRow]:
    """The devices (of ``company``, or all), ordered by company database and name (2 queries)."""
    now = now or timezone.now()
    devices = (
        Device.objects.select_related("company_database", "activity")
        .annotate(
            last_batch=Max("documents__received_at"),
            waiting=Count("documents", filter=Q(documents__status=DocumentStatus.RECEIVED)),
            failed_count=Count("documents", filter=Q(documents__status=DocumentStatus.FAILED)),
        )
        .order_by("company_database__name", "name")
    )
    if company is not None:
        devices = devices.filter(company_database=company)
    if active_only:
        devices = devices.filter(is_active=True)
    thresholds = dict(
        DeviceDataState.objects.values_list("company_database_id", "silent_after_hours")
    )
    rows = []
    for device in devices:
        activity = getattr(device, "activity", None)
        download = activity.last_download_at if activity else None
        contact = _later(device.last_seen_at, download)
        hours = thresholds.get(device.company_database_id, DEFAULT_SILENT_HOURS)
        rows.append(
            DeviceRow(
                device=device,
                company=device.company_database,
                last_contact=contact,
                last_batch_at=device.last_batch,
                last_download_at=download,
                waiting=device.waiting,
                failed=device.failed_count,
                silent=is_silent(device, contact, hours, now),
                silent_hours=hours,
            )
        )
    return rows


def company_panels(now: datetime | None = None) -> list[CompanyPanel]:
    """Company databases that have devices or device data, with their silent devices
    (3 queries)."""
    now = now or timezone.now()
    rows = device_rows(now=now, active_only=True)
    states = {s.company_database_id: s for s in DeviceDataState.objects.all()}
    with_devices = {r.company.pk for r in rows}
    by_company: dict[int, CompanyPanel] = {}
    for company in CompanyDatabase.objects.order_by("name"):
        if company.pk in states or company.pk in with_devices:
            by_company[company.pk] = CompanyPanel(company, states.get(company.pk), 0, [])
    for row in rows:
        panel = by_company[row.company.pk]
        panel.devices += 1
        if row.silent:
            panel.silent.append(row)
    return list(by_company.values())
