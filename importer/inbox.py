"""The inbox as an import run reads and marks it, in bulk.

A run reads its waiting documents a group at a time and marks a group imported in one
statement; at thousands of documents a second, Django model instances and per-row saves
cost more than the ERP writes themselves. The rules about one document (what "failed"
means, who may ignore it) stay on `importer.models.MobileDocument`; this module only reads
and writes many of them at once.
"""

import json
from collections import deque
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Max
from django.utils import timezone

from importer.bulk import update_rows
from importer.models import DocumentStatus, MobileDocument

WAITING = (DocumentStatus.RECEIVED, DocumentStatus.FAILED)


def waiting_documents(company):
    """The company database's documents the automat will try (received, or failed earlier:
    the contract's lifecycle retries them), in received order."""
    return MobileDocument.objects.filter(company_database=company, status__in=WAITING).order_by(
        "id"
    )


class WaitingQueue:
    """The documents a run will try, in received order, read a page at a time, so a run's
    memory does not grow with the number of documents waiting.

    Only documents waiting when the queue is made belong to it (primary key up to
    ``last_pk``); a document sent during the run waits for the next one. ``count`` is how
    many were waiting then. Rows are tuples (pk, guid, customer_guid, settles_guid).
    """

    PAGE = 1000

    def __init__(self, company):
        self.company = company
        totals = waiting_documents(company).aggregate(count=Count("id"), last=Max("id"))
        self.count: int = totals["count"]
        self.last_pk: int = totals["last"] or 0
        self._after = 0  # rows up to this pk have been read
        self._rows: deque = deque()

    def take(self, n: int) -> list[tuple]:
        """The next ``n`` rows (fewer at the end of the queue; [] when it is done)."""
        if len(self._rows) < n:
            self._read(n - len(self._rows))
        return [self._rows.popleft() for _ in range(min(n, len(self._rows)))]

    def put_back(self, rows: list[tuple]) -> None:
        """Return rows taken but not tried: they come first again, in the same order."""
        self._rows.extendleft(reversed(rows))

    def _read(self, at_least: int) -> None:
        while at_least > 0 and self._after < self.last_pk:
            page = list(
                waiting_documents(self.company)
                .filter(pk__gt=self._after, pk__lte=self.last_pk)
                .values_list("pk", "guid", "customer_guid", "settles_guid")[: self.PAGE]
            )
            if not page:
                self._after = self.last_pk
                break
            self._after = page[-1][0]
            self._rows.extend(page)
            at_least -= len(page)

    def waiting_among(self, guids) -> dict[str, int]:
        """{guid: pk} of those ``guids`` that belong to the queue and still wait (a customer
        or invoice a document depends on, which may be later in the queue)."""
        if not guids:
            return {}
        return dict(
            waiting_documents(self.company)
            .filter(guid__in=list(guids), pk__lte=self.last_pk)
            .values_list("guid", "pk")
        )


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


_FIELDS = (
    "pk",
    "guid",
    "doc_type",
    "number",
    "payload",
    "customer_guid",
    "settles_guid",
    "status",
    "attempts",
)


def load_waiting(company, pks: list[int]) -> dict[int, QueuedDocument]:
    """{pk: `QueuedDocument`} of those ``pks`` (documents of ``company``) still waiting
    (received or failed), in one query; a document ignored or imported meanwhile is left out.

    The ORM writes the query, over the range of primary keys rather than a list of 512 of
    them (an IN list costs Django microseconds per value); its rows are read straight from
    the cursor (the payload column arrives as JSON text on SQLite and, as Django configures
    psycopg, on PostgreSQL). Together that is a third of the cost of a model query."""
    if not pks:
        return {}
    query = MobileDocument.objects.filter(
        company_database=company,
        status__in=WAITING,
        pk__gte=min(pks),
        pk__lte=max(pks),
    ).values_list(*_FIELDS)
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    payload = _FIELDS.index("payload")
    wanted = set(pks)
    return {
        row[0]: QueuedDocument(*row[:payload], _json(row[payload]), *row[payload + 1 :])
        for row in rows
        if row[0] in wanted
    }


def _json(value):
    return json.loads(value) if isinstance(value, (str, bytes)) else value


def mark_imported_many(imported: list[tuple]) -> None:
    """`MobileDocument.mark_imported` for many (document, `ImportResult`) pairs, and one more
    attempt counted on each: the same fields, one prepared UPDATE run with executemany
    (`importer.bulk`; Django's bulk_update builds a CASE per row and costs more than the ERP
    writes themselves). ``document`` is anything with a ``pk``."""
    now = timezone.now()
    attempts = connection.ops.quote_name(MobileDocument._meta.get_field("attempts").column)
    update_rows(
        MobileDocument,
        ["status", "erp_number", "erp_id", "error", "imported_at", "updated_at"],
        [
            (
                DocumentStatus.IMPORTED.value,
                result.erp_number or "",
                result.erp_id,
                "",
                now,
                now,
                document.pk,
            )
            for document, result in imported
        ],
        extra=f"{attempts} = {attempts} + 1",
    )
    for document, _result in imported:
        document.status = DocumentStatus.IMPORTED
