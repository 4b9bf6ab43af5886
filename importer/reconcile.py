"""Reconcile after a restore: documents marked imported that the ERP no longer holds.

When an Optima database is restored from a backup taken before some imports, the inbox still
says "imported" for documents that are gone from the ERP, and nothing would bring them back.
`find_missing` compares the company database's imported documents with the ERP's import keys
(``TrN_ImportRowId``, ``BZp_ImportRowId``, ``Knt_ImportRowId``; a KNT linked to an existing
customer by its NIP is looked up by that customer's id); `requeue` puts the missing ones back
in the queue (status ``received``), recorded in a run of its own with one log line each, so
the next run imports them again (with new ERP numbers).

Used by ``manage.py reconcile --database NAME`` and the company databases' admin action.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from importer import doctypes
from importer.erp.adapter import connect
from importer.erp.optima import OptimaCompany
from importer.models import DocumentStatus, MobileDocument, RunStatus, RunTrigger, SyncRun
from importer.runlog import RunLog

CHUNK = 500


def find_missing(company) -> list[MobileDocument]:
    """The documents of ``company`` marked imported whose row the ERP does not hold, oldest
    first. Opens one ERP connection; raises `ErpError` when the ERP cannot be read."""
    imported = list(
        MobileDocument.objects.filter(company_database=company, status=DocumentStatus.IMPORTED)
        .order_by("id")
        .only("id", "guid", "doc_type", "number", "erp_id", "erp_number", "status")
    )
    missing = []
    with connect(company.erp_settings()) as conn:
        erp = OptimaCompany(conn)
        trade = [d for d in imported if doctypes.get(d.doc_type).is_trade]
        for start in range(0, len(trade), CHUNK):
            chunk = trade[start : start + CHUNK]
            found = erp.trade_documents_by_import_ids([d.guid for d in chunk])
            missing += [d for d in chunk if d.guid not in found]
        for document in imported:
            table = doctypes.get(document.doc_type).table
            if table == "BnkZapisy" and erp.cash_entry_by_import_id(document.guid) is None:
                missing.append(document)
            elif table == "Kontrahenci" and not _customer_there(erp, document):
                missing.append(document)
    return sorted(missing, key=lambda d: d.pk)


def _customer_there(erp: OptimaCompany, document) -> bool:
    if erp.customer_by_import_id(document.guid) is not None:
        return True
    # linked to a customer already in the ERP (same NIP): that customer must still be there
    return document.erp_id is not None and erp.customer_by_id(int(document.erp_id)) is not None


def requeue(company, documents: list[MobileDocument], *, trigger: str = RunTrigger.COMMAND):
    """Put ``documents`` (from `find_missing`) back in the queue and record it: a run of
    ``company`` with one warning per document. Returns that `SyncRun`."""
    now = timezone.now()
    with transaction.atomic():
        run = SyncRun.objects.create(
            company_database=company,
            trigger=trigger,
            status=RunStatus.SUCCEEDED,
            finished_at=now,
            waiting_count=len(documents),
        )
        log = RunLog(run)
        log.info(
            _(
                "reconcile: %(count)d imported document(s) are no longer in the ERP (restored "
                "from a backup?); they are back in the queue"
            )
            % {"count": len(documents)}
        )
        for document in documents:
            log.warning(
                _("was imported as %(number)s but is not in the ERP: back in the queue")
                % {"number": document.erp_number or "—"},
                document,
            )
        MobileDocument.objects.filter(pk__in=[d.pk for d in documents]).update(
            status=DocumentStatus.RECEIVED,
            erp_number="",
            erp_id=None,
            imported_at=None,
            updated_at=now,
        )
    return run
