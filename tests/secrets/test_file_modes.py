"""syncadmin's data files are its own: the data directory 0700, the SQLite files 0600."""

import stat
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection


def test_the_data_directory_is_private():
    assert stat.S_IMODE(Path(settings.DATA_DIR).stat().st_mode) == 0o700


@pytest.mark.django_db
def test_the_sqlite_database_files_are_readable_by_syncadmin_only():
    if connection.vendor != "sqlite":
        pytest.skip("Django runs on PostgreSQL in this pass")
    name = connection.settings_dict["NAME"]
    if not name or name == ":memory:" or str(name).startswith("file:"):
        pytest.skip("the test database is in memory")
    with connection.cursor() as cursor:  # connection_created ran when it was opened
        cursor.execute("SELECT 1")
    for suffix in ("", "-wal", "-shm"):
        path = Path(str(name) + suffix)
        if path.exists():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
