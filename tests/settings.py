"""Settings for the test suite: the project's settings over a throwaway data directory.

Each pytest process gets its own ``SYNCADMIN_DATA_DIR`` (SQLite test database, key files, log
files), so test runs never touch ``./var`` and two runs never share a database file.
"""

import atexit
import os
import shutil
import tempfile

if not os.environ.get("SYNCADMIN_TEST_DATA_DIR"):
    os.environ["SYNCADMIN_TEST_DATA_DIR"] = tempfile.mkdtemp(prefix="syncadmin-test-")
    # Removed when the test run ends (only a directory this process made).
    atexit.register(shutil.rmtree, os.environ["SYNCADMIN_TEST_DATA_DIR"], ignore_errors=True)
os.environ["SYNCADMIN_DATA_DIR"] = os.environ["SYNCADMIN_TEST_DATA_DIR"]
os.environ.pop("SYNCADMIN_LOG_DIR", None)

from syncadmin.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast logins in tests

# The suite asserts English source text; code outside a request (runs, commands, mails) and
# requests without Accept-Language use this. The product default (syncadmin.settings: "pl")
# and both catalogs are tested in tests/i18n/.
LANGUAGE_CODE = "en"
