"""A run's log: rows in `RunLogEntry` and the same lines in a plain-text daily file.

Optima users read the automat's errors in log files; syncadmin keeps one file per company
database per day, ``<SYNCADMIN_LOG_DIR>/<database id>-<slug>/<YYYY-MM-DD>.log`` (the day in
the company's time zone), with the same entries as the database log. Writing a log line never
breaks the run: a failure to write the file is reported on the process logger and ignored.
"""

import logging
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify

from importer.models import LogLevel, RunLogEntry

logger = logging.getLogger(__name__)


def log_dir_for(company) -> Path:
    """The folder of a company database's daily log files."""
    return Path(settings.LOG_DIR) / f"{company.pk}-{slugify(company.name) or 'db'}"


def log_file_for(company, day) -> Path:
    """The daily log file of ``company`` for ``day`` (a date in the company's time zone)."""
    return log_dir_for(company) / f"{day:%Y-%m-%d}.log"


class RunLog:
    """Writes the log entries of one `SyncRun`."""

    def __init__(self, run):
        self.run = run
        self.company = run.company_database
        self.zone = ZoneInfo(self.company.time_zone)

    def info(self, message: str, document=None, details: str = "") -> None:
        self.write(LogLevel.INFO, message, document, details)

    def warning(self, message: str, document=None, details: str = "") -> None:
        self.write(LogLevel.WARNING, message, document, details)

    def error(self, message: str, document=None, details: str = "") -> None:
        self.write(LogLevel.ERROR, message, document, details)

    def write(self, level: int, message: str, document=None, details: str = "") -> RunLogEntry:
        """Store one entry (``document`` is a `MobileDocument` or None) and append it to the file."""
        entry = RunLogEntry.objects.create(
            run=self.run,
            company_database=self.company,
            created_at=timezone.now(),
            level=level,
            document_guid=getattr(document, "guid", "") or "",
            document_number=getattr(document, "number", "") or "",
            message=message,
            details=details,
        )
        self._append_to_file(entry)
        return entry

    def _append_to_file(self, entry: RunLogEntry) -> None:
        local = entry.created_at.astimezone(self.zone)
        doc = ""
        if entry.document_guid:
            doc = f" [{entry.document_number} {entry.document_guid}]"
        line = (
            f"{local:%Y-%m-%d %H:%M:%S} {LogLevel(entry.level).label:<7} run {self.run.pk}"
            f"{doc} {entry.message}\n"
        )
        if entry.details:
            line += "".join(f"    {d}\n" for d in entry.details.rstrip().splitlines())
        try:
            path = log_file_for(self.company, local.date())
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as fh:
                fh.write(line)
        except OSError:
            logger.exception("cannot write the daily log file of %s", self.company)
