"""One import group: a slice of the queue written in one ERP transaction.

The engine (`importer.engine.ImportRun`) drives groups; a group owns everything that lives
exactly as long as its ERP transaction:

* the transaction itself (`begin`, `commit`, `rollback`);
* the company database as its documents see it (``erp``): in a **fast** group a
  `WriteBehind` that keeps the trade rows and writes them at the end, no savepoints (any
  failure rolls the whole group back and the engine does it again carefully); in a
  **careful** group the `OptimaCompany` itself, every write at once, one savepoint per
  document (`unit_of_work`), so only the failing document fails;
* the run log's entries of its documents, held until the ERP commit;
* its bookkeeping: the documents imported (with their results), those tried (one more
  attempt each), the GUIDs it took up.

`commit` writes what is kept, commits the ERP transaction, then marks the inbox rows imported,
counts the attempts and writes the log in one transaction of syncadmin's database (a crash in
between is healed by the next run, which finds the GUIDs in the ERP). `rollback` rolls back
and drops everything the group kept; a careful group still records its attempts and failures.
"""

from __future__ import annotations

from contextlib import nullcontext

from django.db import transaction
from django.db.models import F

from importer.erp.optima import OptimaCompany
from importer.erp.writebehind import WriteBehind
from importer.inbox import mark_imported_many
from importer.mapping import ImportResult
from importer.models import MobileDocument
from importer.runlog import RunLog


class ImportGroup:
    """One group of documents in one ERP transaction (see the module docstring).

    ``careful``: a savepoint per document and immediate writes; else fast (write-behind).
    """

    def __init__(self, company: OptimaCompany, log: RunLog, *, careful: bool):
        self.company = company
        self.log = log
        self.careful = careful
        self.erp: OptimaCompany | WriteBehind = company if careful else WriteBehind(company)
        self.imported: list[tuple] = []  # (document, ImportResult, log entry)
        self.tried: list[int] = []  # pks tried in the group (attempts += 1)
        self.taken: list[str] = []  # GUIDs taken up by the group
        self._savepoints = 0

    # --- the transaction ---------------------------------------------------------------

    def begin(self) -> None:
        """Open the ERP transaction and start holding the log. Raises `ErpError`."""
        self.company.conn.begin()
        self.log.hold()

    def unit_of_work(self):
        """One document's unit inside the group: a savepoint when careful, else nothing (a
        failure then rolls the whole fast group back)."""
        if not self.careful:
            return nullcontext()
        self._savepoints += 1
        return self.company.conn.savepoint(f"syncadmin_doc{self._savepoints}")

    def commit(self) -> list[str]:
        """Write the kept rows, commit the ERP transaction, then record the group in
        syncadmin's database (inbox marked imported, attempts, log). Returns the GUIDs of
        the documents it imported. Raises `ErpError` if the ERP refuses the kept rows or the
        commit (the transaction is then rolled back; call `rollback` for the bookkeeping)."""
        if isinstance(self.erp, WriteBehind):
            ids = self.erp.flush()
            for document, result, _entry in self.imported:
                if result.erp_id is None:  # known only once its header is written
                    result.erp_id = ids[document.guid]
        self.company.conn.commit()
        imported, self.imported = self.imported, []
        with transaction.atomic():
            if imported:
                mark_imported_many([(d, r) for d, r, _e in imported])
            self._count_attempts(imported)
            self.log.flush()
        return [document.guid for document, _r, _e in imported]

    def rollback(self) -> None:
        """Roll the ERP transaction back and drop what the group kept. A careful group still
        counts its attempts and writes its log (its failures are real), without the
        "imported" lines of the documents that were rolled back; a fast group forgets all
        (the engine does it again carefully)."""
        self.company.conn.rollback()
        if isinstance(self.erp, WriteBehind):
            self.erp = WriteBehind(self.company)  # kept rows are void
        imported, self.imported = self.imported, []
        if self.careful:
            with transaction.atomic():
                self._count_attempts()
                self.log.flush(drop=[entry for _d, _r, entry in imported])
        else:
            self.tried = []
            self.log.discard()

    # --- bookkeeping ---------------------------------------------------------------------

    def took(self, guid: str) -> None:
        self.taken.append(guid)

    def tries(self, document) -> None:
        """One more attempt on ``document`` (counted when the group ends)."""
        document.attempts += 1
        self.tried.append(document.pk)

    def succeeded(self, document, result: ImportResult, entry) -> None:
        self.imported.append((document, result, entry))

    def result_of(self, guid: str) -> ImportResult | None:
        """The result of a document imported in this (still open) group, by GUID."""
        return next((r for d, r, _e in self.imported if d.guid == guid), None)

    def _count_attempts(self, imported=()) -> None:
        """One more attempt on each document tried (those in ``imported`` are counted by
        `mark_imported_many`)."""
        tried, self.tried = self.tried, []
        if imported:
            counted = {document.pk for document, _result, _entry in imported}
            tried = [pk for pk in tried if pk not in counted]
        if tried:
            MobileDocument.objects.filter(pk__in=tried).update(attempts=F("attempts") + 1)
