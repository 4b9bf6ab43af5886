"""A run's log: rows in `RunLogEntry` and the same lines in a plain-text daily file.

Optima users read the automat's errors in log files; syncadmin keeps one file per company
database per day, ``<SYNCADMIN_LOG_DIR>/<database id>-<slug>/<YYYY-MM-DD>.log`` (the day in
the company's time zone), with the same entries as the database log. Writing a log line never
breaks the run: a failure to write the file is reported on the process logger and ignored.
"""

import logging
import re
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify

from importer.bulk import insert_rows
from importer.models import LogLevel, RunLogEntry

logger = logging.getLogger(__name__)


LOG_FILE_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})\.log$")


def day_of(name: str) -> date | None:
    """The day a log file name stands for, or None if it is not a daily log file name."""
    match = LOG_FILE_NAME.match(name)
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def log_dir_for(company) -> Path:
    """The folder of a company database's daily log files."""
    return Path(settings.LOG_DIR) / f"{company.pk}-{slugify(company.name) or 'db'}"


def log_file_for(company, day) -> Path:
    """The daily log file of ``company`` for ``day`` (a date in the company's time zone)."""
    return log_dir_for(company) / f"{day:%Y-%m-%d}.log"


_ENTRY_FIELDS = ("created_at", "level", "document_guid", "document_number", "message", "details")


class HeldEntry:
    """A log entry kept in memory between `RunLog.hold` and `RunLog.flush`: the fields of a
    `RunLogEntry` without a model instance (an import group holds one per document)."""

    __slots__ = _ENTRY_FIELDS

    def __init__(self, *values):
        for name, value in zip(_ENTRY_FIELDS, values, strict=True):
            setattr(self, name, value)


class RunLog:
    """Writes the log entries of one `SyncRun`.

    Entries are written at once, or, between `hold` and `flush`, kept in memory and written
    together (one executemany and one append to the daily file): the engine holds the
    entries of a group of documents until the group's ERP transaction has committed.
    """

    def __init__(self, run):
        self.run = run
        self.company = run.company_database
        self.zone = ZoneInfo(self.company.time_zone)
        self._held: list[HeldEntry] | None = None

    def hold(self) -> None:
        """Keep the following entries in memory until `flush` (idempotent)."""
        if self._held is None:
            self._held = []

    def discard(self) -> None:
        """Forget the held entries and stop holding."""
        self._held = None

    def flush(self, drop=()) -> None:
        """Write the held entries, except those in ``drop`` (entries returned by `write`,
        e.g. "imported" lines of a group whose transaction rolled back), and stop holding."""
        held, self._held = self._held or [], None
        dropped = {id(entry) for entry in drop}
        entries = [entry for entry in held if id(entry) not in dropped]
        now = timezone.now()
        for entry in entries:
            if entry.created_at is None:  # written with at_flush=True
                entry.created_at = now
        if entries:
            run_id, company_id = self.run.pk, self.company.pk
            insert_rows(
                RunLogEntry,
                ["run_id", "company_database_id", *_ENTRY_FIELDS],
                [
                    (run_id, company_id, *(getattr(entry, name) for name in _ENTRY_FIELDS))
                    for entry in entries
                ],
            )
            self._append_to_file(entries)

    def info(self, message: str, document=None, details: str = "") -> None:
        self.write(LogLevel.INFO, message, document, details)

    def warning(self, message: str, document=None, details: str = "") -> None:
        self.write(LogLevel.WARNING, message, document, details)

    def error(self, message: str, document=None, details: str = "") -> None:
        self.write(LogLevel.ERROR, message, document, details)

    def write(
        self, level: int, message: str, document=None, details: str = "", *, at_flush: bool = False
    ):
        """Store one entry (``document`` is a `MobileDocument` or None) and append it to the
        file; returns the `RunLogEntry`, or while holding the `HeldEntry` to pass to
        `flush` in ``drop``. ``at_flush``: while holding, the entry's time is the moment of
        `flush` (the engine's "imported as" line: a document is imported when its group's
        ERP transaction commits, and the entries are flushed right after)."""
        if self._held is not None:
            entry = HeldEntry(
                None if at_flush else timezone.now(),
                level,
                getattr(document, "guid", "") or "",
                getattr(document, "number", "") or "",
                message,
                details,
            )
            self._held.append(entry)
            return entry
        entry = RunLogEntry(
            run=self.run,
            company_database=self.company,
            created_at=timezone.now(),
            level=level,
            document_guid=getattr(document, "guid", "") or "",
            document_number=getattr(document, "number", "") or "",
            message=message,
            details=details,
        )
        entry.save()
        self._append_to_file([entry])
        return entry

    def _append_to_file(self, entries: list[RunLogEntry]) -> None:
        by_day: dict = {}
        labels = {level.value: f"{level.label:<7}" for level in LogLevel}
        stamps: dict = {}  # created_at -> (local day, "YYYY-MM-DD HH:MM:SS"), formatted once
        for entry in entries:
            stamp = stamps.get(entry.created_at)
            if stamp is None:
                local = entry.created_at.astimezone(self.zone)
                stamp = stamps[entry.created_at] = (local.date(), f"{local:%Y-%m-%d %H:%M:%S}")
            doc = ""
            if entry.document_guid:
                doc = f" [{entry.document_number} {entry.document_guid}]"
            line = f"{stamp[1]} {labels[entry.level]} run {self.run.pk}{doc} {entry.message}\n"
            if entry.details:
                line += "".join(f"    {d}\n" for d in entry.details.rstrip().splitlines())
            by_day.setdefault(stamp[0], []).append(line)
        try:
            for day, lines in by_day.items():
                path = log_file_for(self.company, day)
                path.parent.mkdir(parents=True, exist_ok=True)
                with path.open("a", encoding="utf-8") as fh:
                    fh.write("".join(lines))
        except OSError:
            logger.exception("cannot write the daily log file of %s", self.company)
