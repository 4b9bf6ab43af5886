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
# "almost done". Groups of 1, 2, 4 … 256 documents commit together, so the inbox shows
# 0, 1, 3, 7 … 255, 500 imported; the delays land inside a group's open ERP transaction and
# between its commit and its inbox update (the last group, 245 documents, takes a few tens
# of milliseconds, so it gets several points).
KILL_POINTS = [
    (-1, 300),
    (0, 0),
    (0, 15),
    (1, 0),
    (3, 2),
    (7, 0),
    (15, 1),
    (31, 0),
    (31, 3),
    (63, 0),
    (63, 5),
    (127, 0),
    (127, 4),
    (127, 12),
    (255, 0),
    (255, 6),
    (255, 15),
    (255, 25),
    (255, 40),
    (255, 60),
]


def _imported(company) -> int:
    return MobileDocument.objects.filter(
        company_database=company, status=DocumentStatus.IMPORTED
    ).count()


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
@pytest.mark.parametrize("after,delay_ms", [(0, 15), (15, 3), (127, 4), (255, 15)])
def test_a_killed_worker_loses_and_doubles_nothing_on_postgresql(
    demo_company, erp, after, delay_ms
):
    _kill_restart_check(demo_company, erp, after, delay_ms)
