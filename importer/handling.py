"""What an administrator does with sent documents: send failed ones back, ignore others.

One service for every page that offers it (the inbox's list actions and a document's own
page): each document changes through its model (`MobileDocument.send_back`,
`MobileDocument.ignore`), and the caller is told how many changed and how many were skipped
(a document in a state that does not allow it), to say so in words.
"""

from typing import NamedTuple

from django.db import transaction

from importer.models import DocumentStatus


class Handled(NamedTuple):
    """How many documents changed (``done``) and how many were left as they were
    (``skipped``: only failed documents can be sent back; imported ones cannot be ignored)."""

    done: int
    skipped: int


def send_back(documents) -> Handled:
    """Send the failed ones of ``documents`` (an iterable of `MobileDocument`) back to
    ``received``, so the next run tries them again; the others are skipped."""
    done = skipped = 0
    with transaction.atomic():
        for document in documents:
            if document.status == DocumentStatus.FAILED:
                document.send_back()
                done += 1
            else:
                skipped += 1
    return Handled(done, skipped)


def ignore(documents, reason: str) -> Handled:
    """Mark ``documents`` ignored with ``reason`` (they will never be imported); imported
    ones are skipped. Raises ValueError for an empty reason (nothing changes)."""
    if not reason.strip():
        raise ValueError("a reason is required to ignore a document")
    done = skipped = 0
    with transaction.atomic():
        for document in documents:
            if document.status == DocumentStatus.IMPORTED:
                skipped += 1
            else:
                document.ignore(reason)
                done += 1
    return Handled(done, skipped)
