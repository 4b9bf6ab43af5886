"""SIGKILL the importing worker at 20 points of a run over 500 documents, restart it, let it
finish: every GUID is in the ERP exactly once, the inbox agrees with the ERP, numbering has
no duplicates and no gaps.

The worker is a real ``manage.py sync_now`` process on the file-based SQLite test database
and the demo Optima (SQLite through ODBC). The kill points are chosen by polling, not by a
hook inside the product: after the inbox shows N documents imported, wait a few more
milliseconds (so the kill also lands between a group's ERP commit and its inbox update, or
inside an open ERP transaction) and SIGKILL. The killed run's lock expires after
SYNCADMIN_RUN_LOCK_SECONDS (1 s here); until then the restart is recorded as skipped.
"""

import signal
import time

import pytest

from importer.models import DocumentStatus, MobileDocument
from tests.faults.helpers import assert_consistent, fill_inbox, start_sync_now

pytestmark = pytest.mark.django_db(transaction=True)

DOCUMENTS = 500
LOCK_SECONDS = 1
# (documents marked imported before the kill, extra delay in ms): from "still starting" to
# "almost done", with delays that land inside groups and between commit and mark.
KILL_POINTS = [
    (-1, 300), (-1, 900), (0, 0), (0, 15), (1, 0), (2, 5), (6, 3), (10, 20), (20, 7),
    (40, 0), (60, 11), (100, 2), (130, 25), (180, 9), (250, 0), (300, 17), (380, 4),
    (420, 30), (470, 1), (495, 6),
]


def _imported(company) -> int:
    return MobileDocument.objects.filter(
        company_database=company, status=DocumentStatus.IMPORTED).count()


def _kill_at(company, after: int, delay_ms: int) -> str:
    worker = start_sync_now(company, SYNCADMIN_RUN_LOCK_SECONDS=LOCK_SECONDS)
    deadline = time.monotonic() + 60
    try:
        if after < 0:  # a moment after the process started (loading Django, connecting…)
            time.sleep(delay_ms / 1000)
        else:
            while _imported(company) < after and worker.poll() is None:
                assert time.monotonic() < deadline, "the worker made no progress"
                time.sleep(0.002)
            time.sleep(delay_ms / 1000)
        outcome = "finished first" if worker.poll() is not None else "killed"
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.communicate(timeout=30)
    return outcome


def _finish(company) -> str:
    deadline = time.monotonic() + 90
    while True:
        worker = start_sync_now(company, SYNCADMIN_RUN_LOCK_SECONDS=LOCK_SECONDS)
        output, _ = worker.communicate(timeout=120)
        text = output.decode(errors="replace")
        if worker.returncode == 0 and "skipped" not in text:
            return text
        assert time.monotonic() < deadline, text
        time.sleep(0.3)  # the killed run's lock has not expired yet


def _kill_restart_check(company, erp, after, delay_ms):
    guids = fill_inbox(company, DOCUMENTS)
    _kill_at(company, after, delay_ms)
    assert_consistent(erp, company, guids, finished=False)
    output = _finish(company)
    assert_consistent(erp, company, guids, finished=True)
    assert "succeeded" in output


@pytest.mark.parametrize("erp_dialect", ["sqlite"])
@pytest.mark.parametrize("after,delay_ms", KILL_POINTS)
def test_a_killed_worker_loses_and_doubles_nothing(demo_company, erp, after, delay_ms):
    _kill_restart_check(demo_company, erp, after, delay_ms)


# The same on PostgreSQL at a few points: the server rolls back the dead session's open
# transaction and releases its numbering lock.
@pytest.mark.parametrize("erp_dialect", ["postgresql"])
@pytest.mark.parametrize("after,delay_ms", [(0, 15), (20, 7), (130, 25), (420, 30)])
def test_a_killed_worker_loses_and_doubles_nothing_on_postgresql(demo_company, erp, after,
                                                                 delay_ms):
    _kill_restart_check(demo_company, erp, after, delay_ms)

