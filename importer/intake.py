"""Storing a validated batch in the inbox (contract, "POST /api/mobile/v1/documents").

The batch is all-or-nothing: one database transaction stores every new document or none.
A GUID already in the inbox with the same content is a harmless re-send (a duplicate);
the same GUID with different content, or a GUID another device sent, is a conflict.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from importer.contract import ValidDocument
from importer.models import Device, DocumentStatus, MobileDocument


class Conflict(Exception):
    """A GUID of the batch is already used by different content (→ 409, nothing stored).

    ``guid`` is the offending GUID, ``message`` a user-facing (translated) text.
    """

    def __init__(self, guid: str, message: str):
        super().__init__(message)
        self.guid = guid
        self.message = message


def known_documents_for(device: Device):
    """The ``known_documents`` lookup `validate_batch` needs, for the device's company DB.

    Returns a callable ``guids -> {guid: doc_type}`` over the inbox of
    ``device.company_database`` (any device of it, any status).
    """

    def lookup(guids: set[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        ordered = sorted(guids)
        for start in range(0, len(ordered), 500):  # stay under SQLite's parameter limit
            found.update(
                MobileDocument.objects.filter(
                    company_database_id=device.company_database_id,
                    guid__in=ordered[start : start + 500],
                ).values_list("guid", "doc_type")
            )
        return found

    return lookup


def _existing(guids: list[str]) -> dict[str, MobileDocument]:
    found: dict[str, MobileDocument] = {}
    for start in range(0, len(guids), 500):
        for doc in MobileDocument.objects.filter(guid__in=guids[start : start + 500]).only(
            "guid", "device_id", "company_database_id", "content_hash"
        ):
            found[doc.guid] = doc
    return found


def _store(device: Device, documents: list[ValidDocument]) -> tuple[list[str], list[str]]:
    with transaction.atomic():
        existing = _existing([d.guid for d in documents])
        accepted, duplicates, new = [], [], []
        for doc in documents:
            old = existing.get(doc.guid)
            if old is None:
                new.append(doc)
                accepted.append(doc.guid)
            elif (
                old.device_id != device.pk or old.company_database_id != device.company_database_id
            ):
                raise Conflict(
                    doc.guid,
                    # Says nothing of where: another company's documents are not this
                    # device's business.
                    gettext(
                        "The GUID %(guid)s cannot be used; give this document a new GUID. "
                        "Nothing of this batch was stored."
                    )
                    % {"guid": doc.guid},
                )
            elif old.content_hash != doc.content_hash:
                raise Conflict(
                    doc.guid,
                    gettext(
                        "The GUID %(guid)s was already sent with different content; a GUID cannot "
                        "be reused. Nothing of this batch was stored."
                    )
                    % {"guid": doc.guid},
                )
            else:
                duplicates.append(doc.guid)
        now = timezone.now()
        # One by one, in batch order: primary keys (the import order) follow the batch.
        for doc in new:
            MobileDocument.objects.create(
                guid=doc.guid,
                device=device,
                company_database_id=device.company_database_id,
                doc_type=doc.doc_type,
                number=doc.number,
                issued_at=doc.issued_at,
                payload=doc.payload,
                content_hash=doc.content_hash,
                customer_guid=doc.customer_guid,
                settles_guid=doc.settles_guid,
                status=DocumentStatus.RECEIVED,
                received_at=now,
            )
        Device.objects.filter(pk=device.pk).update(last_seen_at=now)
        device.last_seen_at = now
    return accepted, duplicates


def store_batch(device: Device, documents: list[ValidDocument]) -> tuple[list[str], list[str]]:
    """Store a validated batch for ``device``; return ``(accepted, duplicates)`` GUID lists.

    In one transaction: a GUID already in the inbox from this device with the same
    ``content_hash`` is a duplicate (not stored again); a new GUID becomes a ``received``
    `MobileDocument` of ``device.company_database``, created in batch order. Updates
    ``device.last_seen_at``. Raises `Conflict` (and stores nothing) for a GUID already used
    with different content or by another device. If a concurrent request stores one of the
    GUIDs first (unique constraint), the batch is re-examined once against what is now there.
    """
    try:
        return _store(device, documents)
    except IntegrityError:
        return _store(device, documents)
