"""The device intake API (contract, ``/shared/contract/mobile-api.md``): thin JSON views.

* ``POST documents`` — validate a batch (`importer.contract`) and store it
  (`importer.intake.store_batch`): 200 / 400 / 401 / 403 / 409 / 413 / 415;
* ``GET documents/<guid>`` — the inbox state of one of the device's own documents.

Every answer, errors included, is JSON. Tokens are never logged.
"""

from __future__ import annotations

import functools
import logging

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt

from importer.arrival import notify_batch_accepted
from importer.contract import BodyError, normalize_uuid, parse_body, validate_batch
from importer.intake import Conflict, known_documents_for, store_batch
from importer.models import Device, MobileDocument

logger = logging.getLogger(__name__)

_JSON_PARAMS = {"ensure_ascii": False}


def _json(data: dict, status: int = 200, **headers: str) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params=_JSON_PARAMS)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _message(status: int, message: str, **headers: str) -> JsonResponse:
    return _json({"message": message}, status=status, **headers)


def _body_error(message: str) -> JsonResponse:
    return _json(
        {"errors": [{"index": None, "guid": None, "field": "body", "message": message}]}, status=400
    )


def api_view(*methods: str):
    """JSON-only view: csrf-exempt, ``methods`` or 405, any unexpected error → JSON 500."""

    def decorate(view):
        @csrf_exempt
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            if request.method not in methods:
                return _message(
                    405,
                    gettext("Method %(method)s is not allowed here.") % {"method": request.method},
                    Allow=", ".join(methods),
                )
            try:
                return view(request, *args, **kwargs)
            except Exception:
                logger.exception("mobile API: unexpected error in %s", view.__name__)
                return _message(500, gettext("Internal error; the request was not processed."))

        return wrapper

    return decorate


def authenticate(request: HttpRequest) -> Device | JsonResponse:
    """The device of the request's bearer token, or the 401/403 answer to return."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return _message(
            401,
            gettext("Authentication required: send Authorization: Bearer <token>."),
            WWW_Authenticate='Bearer realm="syncadmin"',
        )
    device = Device.for_token(token)
    if device is None:
        return _message(
            401,
            gettext("Unknown token."),
            WWW_Authenticate='Bearer realm="syncadmin", error="invalid_token"',
        )
    if not device.is_active:
        return _message(403, gettext("This device has been deactivated."))
    return device


def _read_body(request: HttpRequest) -> bytes | JsonResponse:
    """The body, at most ``SYNCADMIN_MAX_BODY_BYTES``; 413/415 answers otherwise."""
    limit = settings.SYNCADMIN_MAX_BODY_BYTES
    too_large = _message(
        413, gettext("The body is larger than %(limit)d bytes.") % {"limit": limit}
    )
    if request.content_type != "application/json":
        return _message(415, gettext("Content-Type must be application/json."))
    charset = request.content_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        return _message(415, gettext("The body must be UTF-8 JSON (charset=utf-8)."))
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        return too_large
    body = request.read(limit + 1)  # the stream, not request.body: never read unbounded
    if len(body) > limit:
        return too_large
    return body


@api_view("POST")
def documents(request: HttpRequest) -> JsonResponse:
    """POST a batch: 200 {"accepted", "duplicates"}, 400 {"errors"}, 409 {"message", "guid"}."""
    device = authenticate(request)
    if isinstance(device, JsonResponse):
        return device
    body = _read_body(request)
    if isinstance(body, JsonResponse):
        return body
    try:
        data = parse_body(body)
    except BodyError as exc:
        return _body_error(exc.message)
    valid, errors = validate_batch(data, known_documents=known_documents_for(device))
    if errors:
        return _json({"errors": [e.as_dict() for e in errors]}, status=400)
    try:
        accepted, duplicates = store_batch(device, valid)
    except Conflict as exc:
        return _json({"message": exc.message, "guid": exc.guid}, status=409)
    logger.info(
        "mobile API: device %s sent %d documents (%d new, %d duplicates)",
        device.pk,
        len(valid),
        len(accepted),
        len(duplicates),
    )
    company, new_count = device.company_database, len(accepted)
    transaction.on_commit(lambda: notify_batch_accepted(company, new_count), robust=True)
    return _json({"accepted": accepted, "duplicates": duplicates})


def _timestamp(value) -> str | None:
    return value.isoformat() if value else None


@api_view("GET", "HEAD")
def document_detail(request: HttpRequest, guid: str) -> JsonResponse:
    """GET the state of one of this device's documents; 404 for others' or unknown GUIDs."""
    device = authenticate(request)
    if isinstance(device, JsonResponse):
        return device
    canonical = normalize_uuid(guid)
    doc = (
        MobileDocument.objects.filter(device=device, guid=canonical).first() if canonical else None
    )
    if doc is None:
        return _message(404, gettext("No document with this GUID was sent by this device."))
    return _json(
        {
            "guid": doc.guid,
            "type": doc.doc_type,
            "status": doc.status,
            "erp_number": doc.erp_number or None,
            "error": doc.error or None,
            "received_at": _timestamp(doc.received_at),
            "imported_at": _timestamp(doc.imported_at),
        }
    )


@api_view("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Any other path under the API: a JSON 404 instead of Django's HTML page."""
    return _message(404, gettext("Not found."))
