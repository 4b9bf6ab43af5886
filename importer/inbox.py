"""The inbox as an import run reads and marks it, in bulk.

A run reads its waiting documents a group at a time and marks a group imported in one
statement; at thousands of documents a second, Django model instances and per-row saves
cost more than the ERP writes themselves. The rules about one document (what "failed"
means, who may ignore it) stay on `importer.models.MobileDocument`; this module only reads
and writes many of them at once.
"""

from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from importer.bulk import update_rows
from importer.models import DocumentStatus, MobileDocument

WAITING = (DocumentStatus.RECEIVED, DocumentStatus.FAILED)


@dataclass(slots=True, eq=False)
class QueuedDocument:
    """A waiting inbox row as an import run sees it: the `MobileDocument` fields a run
    reads (``payload`` is the document exactly as the device sent it, a dict). A snapshot,
    not a model instance: changes go through `mark_failed` and `mark_imported_many`."""

    pk: int
    guid: str
    doc_type: str
    number: str
    payload: dict
    customer_guid: str
    settles_guid: str
    status: str
    attempts: int

    label = property(MobileDocument.label.fget)

    def mark_failed(self, error: str) -> None:
        """`MobileDocument.mark_failed` on the row (one more query: failures are rare)."""
        MobileDocument.objects.get(pk=self.pk).mark_failed(error)
        self.status = DocumentStatus.FAILED


_FIELDS = ("pk", "guid", "doc_type", "number", "payload", "customer_guid", "settles_guid",
           "status", "attempts")


def load_waiting(pks: list[int]) -> dict[int, QueuedDocument]:
    """{pk: `QueuedDocument`} of those ``pks`` still waiting (received or failed), in one
    query; a document ignored or imported meanwhile is left out."""
    rows = MobileDocument.objects.filter(pk__in=pks, status__in=WAITING).values_list(*_FIELDS)
    return {row[0]: QueuedDocument(*row) for row in rows}


def mark_imported_many(imported: list[tuple]) -> None:
    """`MobileDocument.mark_imported` for many (document, `ImportResult`) pairs, and one more
    attempt counted on each: the same fields, one prepared UPDATE run with executemany
    (`importer.bulk`; Django's bulk_update builds a CASE per row and costs more than the ERP
    writes themselves). ``document`` is anything with a ``pk``."""
    now = timezone.now()
    attempts = connection.ops.quote_name(MobileDocument._meta.get_field("attempts").column)
    update_rows(
        MobileDocument, ["status", "erp_number", "erp_id", "error", "imported_at", "updated_at"],
        [(DocumentStatus.IMPORTED.value, result.erp_number or "", result.erp_id, "", now, now,
          document.pk) for document, result in imported],
        extra=f"{attempts} = {attempts} + 1",
    )
    for document, _result in imported:
        document.status = DocumentStatus.IMPORTED
