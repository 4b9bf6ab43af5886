"""The import run for one company database: the automat's workflow.

    lock the database ─ operator ─ connect (pyodbc, through importer.erp) ─ for each waiting
    document, oldest first (a customer or settled document it needs goes first), in groups
    sharing one ERP transaction (see GROUP_MAX_DOCUMENTS below):
        already there by its GUID? → mark it; else map and write
        → imported | failed (the first failure stops the run, or is skipped by policy)
    ─ record the run and its log ─ release the lock

Rules (shared/DESIGN.md, "Import semantics"; the mobile contract, "The inbox lifecycle"):
* waiting documents are those ``received`` and those ``failed`` earlier (the automat tries a
  failed document again on its next run; an administrator may ignore it instead);
* each document is atomic in the ERP; its GUID is the import key, so a crash between the ERP
  commit and the inbox update is healed by the next run, which finds the GUID and marks it;
* two runs of one database never overlap (`CompanyDatabase.acquire_run_lock`): the second
  one is recorded as skipped.
"""

import logging
import os
import socket
import time
import traceback

from django.utils import timezone
from django.utils.translation import gettext as _

from importer import doctypes
from importer.alerts import after_run
from importer.doctypes import TRADE_TYPES, find_in_erp
from importer.erp.adapter import ErpError, connect
from importer.erp.catalog import CatalogConflict
from importer.erp.optima import OptimaCompany
from importer.group import ImportGroup
from importer.inbox import (
    QueuedDocument,
    WaitingQueue,
    load_waiting,
    waiting_documents,
)
from importer.mapping import DocumentError, ImportContext, ImportResult, declared_writes
from importer.models import DocumentStatus, LogLevel, MobileDocument, RunStatus, SyncRun
from importer.runlog import RunLog
from operators.checks import check_operator

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 20
# Documents share an ERP transaction in groups; the group commits, then its inbox rows are
# marked. Groups grow 1, 2, 4… up to GROUP_MAX_DOCUMENTS (a run of a few documents commits
# each one at once) and close after GROUP_MAX_SECONDS, so the ERP's write and numbering
# locks are never held long.
GROUP_MAX_DOCUMENTS = 512
GROUP_MAX_SECONDS = 1.0
# A group is first tried fast: no savepoint per document; the headers, lines and VAT rows of
# the whole group kept and written at its end in multi-row INSERTs (the headers' ids read
# back by their import key), the numbering lock and last number remembered within the
# transaction. If any document of it fails, the whole transaction rolls back and the same
# group is done again carefully, one savepoint per document, each written at once, so only
# the failing document fails.


def run_import(company, trigger: str, *, worker: str = "") -> SyncRun:
    """Run the import of ``company`` (a `CompanyDatabase`) now and return its `SyncRun`.

    ``trigger`` is a `RunTrigger` value. Never raises for ERP or data problems: they end up in
    the run (status ``failed``, ``first_error``) and its log. If another run of the same
    database holds the lock, the returned run has status ``skipped`` and says why.
    """
    worker = worker or f"{socket.gethostname()}:{_pid()}"
    token = company.acquire_run_lock()
    if token is None:
        run = SyncRun.objects.create(
            company_database=company,
            trigger=trigger,
            status=RunStatus.SKIPPED,
            finished_at=timezone.now(),
            first_error=_("another run of this company database is in progress"),
            worker=worker,
            waiting_count=_still_waiting(company),
        )
        RunLog(run).warning(run.first_error)
        logger.info("run %s: %s", run.pk, run.summary())
        return run
    run = SyncRun.objects.create(company_database=company, trigger=trigger, worker=worker)
    _close_stale_runs(company, run)
    try:
        ImportRun(company, run, token).execute()
    except Exception as exc:  # a bug: record it on the run rather than lose it
        logger.exception("import run %s crashed", run.pk)
        _fail_run(run, _("internal error: %(error)s") % {"error": exc}, traceback.format_exc())
    except BaseException as exc:  # stopped from outside: django-q2's timeout, Ctrl-C, exit
        _fail_run(
            run,
            _(
                "the run was stopped before it ended (%(reason)s); what it imported "
                "is counted, the rest waits for the next run"
            )
            % {"reason": type(exc).__name__},
        )
        raise
    finally:
        company.release_run_lock(token)
    after_run(run)  # e-mail when the database starts failing / recovers
    log = logger.warning if run.status == RunStatus.FAILED else logger.info
    log("run %s: %s", run.pk, run.summary())  # what `qcluster` prints on its console
    return run


def _still_waiting(company) -> int:
    """A run's "waiting" count: the documents still received (not yet tried; the failed
    ones are counted as failed)."""
    return waiting_documents(company).filter(status=DocumentStatus.RECEIVED).count()


def _close_stale_runs(company, run: SyncRun) -> None:
    """``run`` holds the database's run lock, so any other run of it still "running" has
    stopped without ending (its worker was killed: the task timeout, a crash, a reboot) and
    its lock expired: end it as failed, with the counts it saved after each group."""
    message = _(
        "the run did not end (its worker stopped: task timeout or crash); its lock expired and "
        "run %(run)d took over"
    ) % {"run": run.pk}
    stale = SyncRun.objects.filter(company_database=company, status=RunStatus.RUNNING).exclude(
        pk=run.pk
    )
    for old in stale:
        RunLog(old).error(message)
        SyncRun.objects.filter(pk=old.pk, status=RunStatus.RUNNING).update(
            status=RunStatus.FAILED,
            finished_at=timezone.now(),
            first_error=old.first_error or message,
            waiting_count=_still_waiting(company),
        )


def _pid() -> int:
    return os.getpid()


def _fail_run(run: SyncRun, message: str, details: str = "") -> None:
    RunLog(run).error(message, details=details)
    run.status = RunStatus.FAILED
    run.first_error = run.first_error or message
    run.finished_at = timezone.now()
    run.waiting_count = _still_waiting(run.company_database)
    run.save()


class RetryCarefully(Exception):
    """A document failed in a group's fast pass: redo the group one savepoint per document."""


class StopRun(Exception):
    """Raised inside a run to end it early (the message is already logged)."""


class ImportRun:
    """One run's state: the ERP session, counters and the order of work."""

    def __init__(self, company, run: SyncRun, lock_token: str):
        self.company = company
        self.run = run
        self.lock_token = lock_token
        self.log = RunLog(run)
        self.erp: OptimaCompany  # set once the run has connected to the ERP
        self.operator_acronym = ""
        self.operator_id: int | None = None
        self.operator_name = ""
        self.queue: WaitingQueue  # set when the run starts
        self.done: set[str] = set()  # tried in this run (imported ones only until committed)
        self.pending: dict[str, int] = {}  # guid -> pk of the open group and its dependencies
        self._checked: set[str] = set()  # dependencies of the open group already looked up
        self.last_heartbeat = time.monotonic()
        self._prefetched: dict[int, QueuedDocument] = {}
        self._in_erp: dict = {}  # trade GUID -> ErpDocumentRef | None, for the open group
        self._group: ImportGroup | None = None  # the open group
        self._imported_as = _("imported as %(number)s")  # the run's log line per document

    # --- the run ---------------------------------------------------------------------

    def execute(self) -> None:
        self.queue = WaitingQueue(self.company)
        self.log.info(
            _(
                "run started (%(trigger)s): %(count)d document(s) to import (received, or "
                "failed before and tried again)"
            )
            % {"trigger": self.run.get_trigger_display(), "count": self.queue.count}
        )
        if self.queue.count:
            if not self.company.documents_as_drafts:
                return self._finish_failed(self.company.confirmed_documents_refusal())
            operator = self.company.effective_operator()
            if operator is None:
                return self._finish_failed(
                    _(
                        "no Optima operator is configured: set the default operator or the "
                        "company database's operator"
                    )
                )
            verdict = check_operator(operator, self.company)  # before any ERP write
            if not verdict.ok:
                return self._finish_failed(verdict.reason)
            self.log.info(verdict.reason)
            self.operator_acronym = operator.acronym
            self.operator_id, self.operator_name = verdict.operator_id, verdict.operator_name
            target = self.company.name
            try:
                settings = self.company.erp_settings()
                target = settings.describe()
                with connect(settings) as conn:
                    self.erp = OptimaCompany(conn, cache_master_data=True, writes=declared_writes())
                    self.conn = conn
                    self._probe_catalog()
                    self._import_in_groups()
            except StopRun:
                if self.run.status == RunStatus.FAILED:
                    return self._finish(force_failed=True)
            except ErpError as exc:
                return self._finish_failed(
                    _("ERP error on %(target)s: %(error)s") % {"target": target, "error": exc}
                )
        self._finish()

    def _probe_catalog(self) -> None:
        """Hold the target's catalog against what the run writes, before the first write:
        a conflict ends the run with nothing written (`CatalogConflict`), a required column
        syncadmin has no rule for is named once as a warning (it gets its neutral value)."""
        try:
            found = self.erp.probe_catalog()
        except CatalogConflict as exc:
            self._finish_failed(
                _(
                    "the company database's tables do not match what syncadmin writes; nothing "
                    "was written: %(problems)s"
                )
                % {"problems": exc}
            )
            raise StopRun from exc
        for warning in found.warnings:
            self.log.warning(_("filled with a neutral value: %(column)s") % {"column": warning})

    def _finish_failed(self, message: str) -> None:
        self.log.error(message)
        self.run.first_error = self.run.first_error or message
        self.run.status = RunStatus.FAILED
        self._finish(force_failed=True)

    def _finish(self, force_failed: bool = False) -> None:
        run = self.run
        run.waiting_count = _still_waiting(self.company)
        if not force_failed:
            run.status = RunStatus.FAILED if run.failed_count else RunStatus.SUCCEEDED
        # --- hook: the "download" step of the run (devicedata/step.py), under the run lock ---
        from devicedata.step import download_step

        download_step(self.company, run)
        run.finished_at = timezone.now()
        run.save()
        self.log.info(
            _(
                "run finished: %(status)s, imported %(imported)d, failed %(failed)d, "
                "waiting %(waiting)d"
            )
            % {
                "status": run.get_status_display(),
                "imported": run.imported_count,
                "failed": run.failed_count,
                "waiting": run.waiting_count,
            }
        )

    # --- groups of documents ------------------------------------------------------------

    def _import_in_groups(self) -> None:
        """Import the queue in order, a group of documents per ERP transaction
        (`importer.group.ImportGroup`).

        Each group is tried fast first (see RetryCarefully); if a document fails there,
        the group rolls back and is done again carefully. There a document that fails rolls
        back to its own savepoint; the group still commits what came before it. Raises
        `StopRun` after committing when the run stops at a failed document; `ErpError` when
        the ERP fails (the open group rolled back: its documents stay waiting).
        """
        size, careful = 1, True
        while rows := self.queue.take(size):
            self._prefetch(rows)
            started, tried, stop = time.monotonic(), 0, None
            group = self._group = ImportGroup(self.erp, self.log, careful=careful)
            try:
                group.begin()
                for _pk, guid, _customer, _settles in rows:
                    tried += 1
                    try:
                        self._process(guid)
                    except StopRun as exc:
                        stop = exc
                        break
                    if time.monotonic() - started > GROUP_MAX_SECONDS:
                        break
                imported = group.commit()
            except (RetryCarefully, ErpError) as exc:
                group.rollback()
                if careful or (isinstance(exc, ErpError) and exc.transient):
                    raise
                self.done.difference_update(group.taken)  # go again carefully
                self.queue.put_back(rows)
                careful = True
                continue
            except BaseException:
                group.rollback()
                raise
            finally:
                self._group = None
            self.queue.put_back(rows[tried:])  # the group closed early (time, or a stop)
            self.run.imported_count += len(imported)
            # Saved after every group: a run killed later still shows what it imported.
            SyncRun.objects.filter(pk=self.run.pk).update(
                imported_count=self.run.imported_count, failed_count=self.run.failed_count
            )
            # An imported document no longer waits, so the run need not remember it was
            # done (`done` keeps only the failed ones: they wait, but not again this run).
            self.done.difference_update(imported)
            if stop is not None:
                raise stop
            size = min(size * 2, GROUP_MAX_DOCUMENTS)
            careful = False

    @property
    def group(self) -> ImportGroup:
        """The open group (RuntimeError outside one: documents are only imported in one)."""
        if self._group is None:
            raise RuntimeError("no import group is open")
        return self._group

    def _prefetch(self, rows: list[tuple]) -> None:
        """Load the group's documents in one query (those still waiting), find those of the
        queue they depend on (customer, settled invoice) in another, and ask the ERP in one
        query which of the trade documents among them it already holds."""
        self.pending = {guid: pk for pk, guid, _c, _s in rows}
        dependencies = {
            d
            for _pk, _g, customer, settles in rows
            for d in (customer, settles)
            if d and d not in self.pending and d not in self.done
        }
        self.pending.update(self.queue.waiting_among(dependencies))
        self._checked = dependencies
        self._prefetched = load_waiting(
            self.company, [pk for pk, guid, _c, _s in rows if guid not in self.done]
        )
        trade = [d.guid for d in self._prefetched.values() if d.doc_type in TRADE_TYPES]
        found = self.erp.trade_documents_by_import_ids(trade)
        self._in_erp = {guid: found.get(guid) for guid in trade}

    # --- one document ------------------------------------------------------------------

    def _waits(self, guid: str) -> bool:
        """Is ``guid`` a document of the queue still waiting? (Known for the open group and
        its dependencies; asked once for a dependency of a dependency.)"""
        if guid in self.pending:
            return True
        if guid in self._checked:
            return False
        self._checked.add(guid)
        found = self.queue.waiting_among([guid])
        self.pending.update(found)
        return bool(found)

    def _document(self, guid: str):
        pk = self.pending[guid]
        if pk in self._prefetched:
            return self._prefetched.pop(pk)
        return load_waiting(self.company, [pk]).get(pk)

    def _process(self, guid: str) -> bool:
        """Import the document ``guid`` (after what it depends on) inside the open group's
        transaction; True if it is in the ERP (or will be once the group commits)."""
        if guid in self.done:
            return True
        group = self.group
        self.done.add(guid)
        group.took(guid)
        self._heartbeat()
        document = self._document(guid)
        if document is None:  # an administrator ignored it meanwhile
            return False
        for dependency in (document.customer_guid, document.settles_guid):
            if dependency and dependency not in self.done and self._waits(dependency):
                self._process(dependency)
        group.tries(document)
        try:
            with group.unit_of_work():
                result = self._already_imported(document)
                if result is None:
                    result = doctypes.get(document.doc_type).import_document(
                        group.erp, document, self._context(document)
                    )
                else:
                    result.messages.append(_("already in the ERP (imported by an earlier run)"))
        except (StopRun, RetryCarefully):
            raise
        except Exception as exc:
            if group.careful or (isinstance(exc, ErpError) and exc.transient):
                return self._document_error(document, exc)
            raise RetryCarefully from exc
        message = self._imported_as % {"number": result.erp_number}
        if result.messages:
            message += "".join(f"; {m}" for m in result.messages)
        level = LogLevel.INFO
        if result.warnings:  # one entry per document, so a rollback drops all of it
            message += "".join(f"; {w}" for w in result.warnings)
            level = LogLevel.WARNING
        entry = self.log.write(level, message, document, at_flush=True)
        group.succeeded(document, result, entry)
        return True

    def _document_error(self, document, exc: Exception) -> bool:
        """Record the failure of ``document``; called while handling ``exc`` (so the
        traceback is at hand). A transient ERP error is raised again: the run ends and the
        document stays waiting."""
        if isinstance(exc, DocumentError):
            return self._document_failed(document, str(exc))
        if isinstance(exc, ErpError):
            if exc.transient:
                # The ERP went away: the document's transaction rolled back and it stays
                # waiting; the next run tries again.
                raise exc
            return self._document_failed(
                document, _("the ERP refused the document: %(error)s") % {"error": exc}
            )
        logger.exception("document %s", document.guid)
        return self._document_failed(
            document,
            _("internal error: %(error)s") % {"error": exc},
            traceback.format_exc(),
        )

    def _already_imported(self, document) -> ImportResult | None:
        if document.guid in self._in_erp:  # asked together with its group
            ref = self._in_erp.pop(document.guid)
            return ImportResult(ref.number, ref.id) if ref else None
        return find_in_erp(self.group.erp, document.doc_type, document.guid)

    def _document_failed(self, document, message: str, details: str = "") -> bool:
        error = _("%(document)s: %(error)s") % {"document": document.label, "error": message}
        document.mark_failed(message)
        self.run.failed_count += 1
        if not self.run.first_error:
            self.run.first_error = error
        self.log.error(message, document, details)
        if self.company.error_policy != "skip":
            self.log.error(_("the run stops at the first error (error policy of the database)"))
            raise StopRun
        return False

    def _heartbeat(self) -> None:
        if time.monotonic() - self.last_heartbeat < HEARTBEAT_SECONDS:
            return
        self.last_heartbeat = time.monotonic()
        if not self.company.renew_run_lock(self.lock_token):
            message = _("the run lock was lost (the run took longer than the lock lifetime)")
            self.run.first_error = self.run.first_error or message
            self.run.status = RunStatus.FAILED
            self.log.error(message)
            raise StopRun

    # --- references --------------------------------------------------------------------

    def _context(self, document) -> ImportContext:
        return ImportContext(
            company=self.company,
            operator_acronym=self.operator_acronym,
            operator_id=self.operator_id,
            operator_name=self.operator_name,
            now=timezone.now(),
            resolve_customer=lambda ref, field: self._resolve_customer(document, ref, field),
            resolve_settled=self._resolve_settled,
        )

    def _resolve_customer(self, document, ref, field: str):
        if not ref:
            code = self.company.retail_customer_code
            if document.doc_type != "PA" or not code:
                raise DocumentError(
                    field,
                    _(
                        "no customer was sent and the company database has no retail customer "
                        "configured"
                    ),
                )
            return self._customer_by_code(code, _("retail customer of the company database"))
        if ref.get("code"):
            return self._customer_by_code(ref["code"], f"{field}.code")
        guid = ref.get("guid", "")
        found = self.erp.customer_by_import_id(guid)
        if found is None:
            linked = self.group.result_of(guid)
            if linked is not None and linked.erp_id:  # its KNT is in this open group
                found = self.erp.customer_by_id(linked.erp_id)
        if found is None:
            knt = MobileDocument.objects.filter(guid=guid, doc_type="KNT").first()
            if knt and knt.status == DocumentStatus.IMPORTED and knt.erp_id:
                found = self.erp.customer_by_id(knt.erp_id)  # linked to an existing customer
            if found is None:
                state = knt.get_status_display() if knt else _("unknown")
                raise DocumentError(
                    f"{field}.guid",
                    _("the new customer %(guid)s is not in the ERP (its KNT document is %(state)s)")
                    % {"guid": guid, "state": state},
                )
        return found

    def _customer_by_code(self, code: str, field: str):
        found = self.erp.customer_by_code(code)
        if found is None:
            raise DocumentError(
                field, _("customer %(code)r does not exist in the ERP") % {"code": code}
            )
        if found.inactive:
            raise DocumentError(
                field, _("customer %(code)r is inactive in the ERP") % {"code": code}
            )
        return found

    def _resolve_settled(self, guid: str) -> str:
        ref = self.group.erp.trade_document_by_import_id(guid)  # sees the group's own rows
        if ref is None:
            raise DocumentError(
                "settles",
                _("the settled document %(guid)s is not in the ERP yet") % {"guid": guid},
            )
        return ref.number


def run_waiting(companies, trigger: str) -> list[SyncRun]:
    """Run `run_import` for each company database in turn (used by ``sync_now --all``)."""
    return [run_import(company, trigger) for company in companies]
