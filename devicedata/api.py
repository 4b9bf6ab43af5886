"""The download direction of the device API: ``GET /api/mobile/v1/<kind>?since=<cursor>``.

Devices read syncadmin's copy (`MasterRecord`), never the ERP. An answer is one page of the
rows of ``kind`` changed since the cursor, in version order::

    {"kind": "products", "changed": [{…}, …], "removed": ["12", …],
     "cursor": "1234", "has_more": false, "next": null}

* no ``since`` (a first download): every row there is now, no removed ids;
* ``cursor`` is what to send as ``since`` next time (also when ``has_more``: ``next`` is the
  URL of the following page with it); it only moves past rows the answer carried;
* ``limit`` rows per page (default `DEFAULT_LIMIT`, at most `MAX_LIMIT`);
* the ``ETag`` depends only on the rows, so an unchanged set answers 304 to
  ``If-None-Match``; ``X-Data-As-Of`` is the time of the last good refresh, and
  ``X-Data-Stale: true`` says the last refresh from the ERP failed (the copy is older);
* a device sees the rows of its own company database only. Errors are JSON as in the rest
  of the API (400 with ``errors[].field`` = ``since`` or ``limit``, 401, 403).
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.db.models import Max
from django.http import HttpRequest, HttpResponseNotModified, JsonResponse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext

from devicedata.models import DeviceActivity, DeviceDataState, Kind, MasterRecord
from importer.api.views import api_view, authenticate
from importer.models import Device

DEFAULT_LIMIT = 1000
MAX_LIMIT = 5000
#: A device's contact is written at most this often (a download of many pages is one).
CONTACT_EVERY = timedelta(seconds=30)


def _error(field: str, message: str) -> JsonResponse:
    return JsonResponse(
        {"errors": [{"index": None, "guid": None, "field": field, "message": message}]},
        status=400,
        json_dumps_params={"ensure_ascii": False},
    )


def _number(raw: str | None, default: int, low: int, high: int | None) -> int | None:
    """A query parameter as an integer in [low, high], ``default`` when absent, else None."""
    if raw is None:
        return default
    if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
        return None
    value = int(raw)
    if value < low or (high is not None and value > high):
        return None
    return value


def etag_for(company_id: int, kind: str, since: int | None, limit: int, head: int) -> str:
    """The strong ETag of a page: the same while no row of ``kind`` changed."""
    text = f"{company_id}/{kind}/{since}/{limit}/{head}"
    return '"' + hashlib.sha1(text.encode()).hexdigest()[:32] + '"'


def _matches(header: str, etag: str) -> bool:
    tags = [t.strip().removeprefix("W/") for t in header.split(",")]
    return "*" in tags or etag in tags


def record_contact(device: Device, kind: str, now=None) -> None:
    """Note that ``device`` downloaded ``kind`` at ``now`` (at most every `CONTACT_EVERY`)."""
    now = now or timezone.now()
    activity, created = DeviceActivity.objects.get_or_create(
        device=device, defaults={"last_download_at": now, "last_download_kind": kind}
    )
    if not created and (
        activity.last_download_at is None
        or now - activity.last_download_at >= CONTACT_EVERY
        or activity.last_download_kind != kind
    ):
        DeviceActivity.objects.filter(pk=device.pk).update(
            last_download_at=now, last_download_kind=kind
        )
    if device.last_seen_at is None or now - device.last_seen_at >= CONTACT_EVERY:
        Device.objects.filter(pk=device.pk).update(last_seen_at=now)


@api_view("GET", "HEAD")
def master_data(request: HttpRequest, kind: str) -> JsonResponse:
    """GET one page of ``kind`` changed since ``since``: 200, 304, 400, 401, 403."""
    device = authenticate(request)
    if isinstance(device, JsonResponse):
        return device
    raw_since = request.GET.get("since")
    since = _number(raw_since or None, 0, 0, None)
    if since is None:
        return _error(
            "since",
            gettext("since must be a cursor returned by an earlier answer (a whole number >= 0)."),
        )
    limit = _number(request.GET.get("limit"), DEFAULT_LIMIT, 1, MAX_LIMIT)
    if limit is None:
        return _error(
            "limit", gettext("limit must be a whole number from 1 to %(max)d.") % {"max": MAX_LIMIT}
        )
    company = device.company_database
    first = not raw_since or since == 0
    rows = MasterRecord.objects.filter(company_database=company, kind=kind)
    head = rows.aggregate(head=Max("version"))["head"] or 0
    etag = etag_for(company.pk, kind, None if first else since, limit, head)
    state = DeviceDataState.objects.filter(company_database=company).first()
    headers = {
        "ETag": etag,
        "Cache-Control": "private, no-cache",
        "X-Data-Stale": "true" if state and state.failing else "false",
    }
    if state and state.last_success_at:
        headers["X-Data-As-Of"] = state.last_success_at.isoformat()
    record_contact(device, kind)
    if _matches(request.headers.get("If-None-Match", ""), etag):
        response = HttpResponseNotModified()
        for name, value in headers.items():
            response[name] = value
        return response
    page = rows.filter(version__gt=since)
    if first:
        page = page.filter(removed=False)
    found = list(
        page.order_by("version").values_list("key", "version", "removed", "data")[: limit + 1]
    )
    has_more = len(found) > limit
    found = found[:limit]
    cursor = found[-1][1] if found else since
    if not has_more and first:
        cursor = max(cursor, head)  # tombstones left out of a first download are not owed
    body = {
        "kind": kind,
        "changed": [data for _key, _version, removed, data in found if not removed],
        "removed": [key for key, _version, removed, _data in found if removed],
        "cursor": str(cursor),
        "has_more": has_more,
        "next": (
            request.build_absolute_uri(
                f"{request.path}?{urlencode({'since': cursor, 'limit': limit})}"
            )
            if has_more
            else None
        ),
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    for name, value in headers.items():
        response[name] = value
    return response


KINDS_PATTERN = "|".join(Kind.values)
