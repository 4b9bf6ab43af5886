"""The daily log files of a company database (written by `importer.runlog`): list and open.

Only files named ``YYYY-MM-DD.log`` inside that database's own folder under
``settings.LOG_DIR`` are ever listed or served; any other name, a path that leaves the
folder (``..``, an absolute path, a symlink pointing elsewhere) is refused. Rotation is one
file per day (the day in the company's time zone); `importer.retention.prune` deletes files
older than ``SYNCADMIN_RETENTION_DAYS``.
"""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings

from importer.runlog import day_of, log_dir_for


@dataclass(frozen=True)
class LogFile:
    """One daily file: ``name`` ("2026-11-29.log"), ``day``, ``size`` in bytes, ``path``."""

    name: str
    day: date
    size: int
    path: Path


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def list_log_files(company) -> list[LogFile]:
    """The daily log files of ``company`` (a `CompanyDatabase`), newest first."""
    folder = log_dir_for(company)
    if not folder.is_dir() or not _inside(folder, Path(settings.LOG_DIR)):
        return []
    files = []
    for path in folder.iterdir():
        day = day_of(path.name)
        if day and path.is_file() and _inside(path, folder):
            files.append(LogFile(path.name, day, path.stat().st_size, path))
    return sorted(files, key=lambda f: f.day, reverse=True)


def open_log_file(company, filename: str) -> Path:
    """The path of ``company``'s daily log file ``filename``.

    Raises FileNotFoundError for anything but an existing daily file inside the company's
    own log folder (so a crafted name can never reach another file).
    """
    if day_of(filename) is None:
        raise FileNotFoundError(filename)
    folder = log_dir_for(company)
    path = folder / filename
    if not (path.is_file() and _inside(path, folder) and _inside(folder, Path(settings.LOG_DIR))):
        raise FileNotFoundError(filename)
    return path
