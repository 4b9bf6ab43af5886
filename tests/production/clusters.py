"""Start real ``manage.py qcluster`` processes against the test's own Django database.

The child process must see the rows the test committed, so it gets a ``DATABASE_URL`` naming
the *test* database (SQLite file or PostgreSQL ``test_<name>``), the same data directory and
the same broker (``SYNCADMIN_REDIS_URL`` is inherited; empty = ORM broker on that database).
"""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote, urlencode

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def test_database_url() -> str:
    """A DATABASE_URL for the database this test process is using right now."""
    params = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{params['NAME']}"
    if connection.vendor != "postgresql":
        raise RuntimeError(f"no DATABASE_URL for a {connection.vendor} test database")
    user = quote(params.get("USER") or "")
    password = quote(params.get("PASSWORD") or "")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = params.get("HOST") or ""
    port = f":{params['PORT']}" if params.get("PORT") else ""
    query = {k: v for k, v in (params.get("OPTIONS") or {}).items() if isinstance(v, str)}
    if host.startswith("/"):  # a Unix socket directory goes in the query, not the netloc
        query["host"], host = host, ""
    suffix = f"?{urlencode(query)}" if query else ""
    return f"postgres://{credentials}{host}{port}/{quote(params['NAME'])}{suffix}"


def purge_broker() -> None:
    """Drop tasks other tests queued but nobody ran (Redis keeps them between tests)."""
    from django_q.brokers import get_broker

    get_broker().purge_queue()


def start_cluster(**extra_env) -> subprocess.Popen:
    """A ``manage.py qcluster`` child on the test database; stdout+stderr piped."""
    env = dict(os.environ)
    env["DATABASE_URL"] = test_database_url()
    env["SYNCADMIN_DATA_DIR"] = str(settings.DATA_DIR)
    env.update(extra_env)
    return subprocess.Popen(
        [sys.executable, "manage.py", "qcluster"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def stop_cluster(process: subprocess.Popen) -> str:
    """Stop a cluster child (SIGTERM, then SIGKILL after 60 s); return its output."""
    process.terminate()
    try:
        output, _ = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate(timeout=10)
    return output.decode(errors="replace")


def take_queued_task(timeout: float = 5.0) -> dict:
    """Take the one task waiting in the configured broker (ORM or Redis) off the queue, as a
    worker would, and return it (``task["func"]``, ``task["args"]``). Call `purge_broker`
    before the action that queues it. Raises AssertionError if none arrives in ``timeout``."""
    import time

    from django_q.brokers import get_broker
    from django_q.signing import SignedPackage

    broker = get_broker()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for ack_id, payload in broker.dequeue() or []:
            if ack_id is not None:
                broker.acknowledge(ack_id)
            return SignedPackage.loads(payload)
    raise AssertionError("no task was queued")


def queued_tasks(timeout: float = 10.0) -> list[dict]:
    """Take *every* task waiting in the configured broker (ORM or Redis) off the queue, as a
    worker would (dequeue + acknowledge), and return them in queue order, each the unsigned
    package (``task["func"]``, ``task["args"]``, ``task["name"]``…). ``[]`` when nothing waits.
    Call `purge_broker` before the action that queues (Redis keeps tasks between tests).

    The ORM broker only hands out rows whose ``lock`` is in the past, and ``enqueue`` stamps
    ``lock`` with ``timezone.now()``: a task queued under ``time_machine`` at a later moment
    than the real clock would stay invisible. Nobody else takes tasks in these tests (no
    cluster runs), so every row of the queue is made visible first; nothing may be left
    locked at the end. Its ``dequeue`` also returns only ``Q_CLUSTER["bulk"]`` tasks at a
    time and sleeps ``poll`` seconds when empty, so the loop asks ``queue_size`` first."""
    import time
    from datetime import timedelta

    from django.utils import timezone
    from django_q.brokers import get_broker
    from django_q.brokers.orm import ORM
    from django_q.signing import SignedPackage

    broker = get_broker()
    if isinstance(broker, ORM):
        waiting = broker.get_connection().filter(key=broker.list_key)
        waiting.update(lock=timezone.now() - timedelta(seconds=1))
    tasks = []
    deadline = time.monotonic() + timeout
    while broker.queue_size():
        if time.monotonic() > deadline:
            raise AssertionError(f"the broker still reports {broker.queue_size()} waiting tasks")
        for ack_id, payload in broker.dequeue() or []:
            if ack_id is not None:
                broker.acknowledge(ack_id)
            tasks.append(SignedPackage.loads(payload))
    assert not broker.lock_size(), "tasks left locked in the broker"  # Redis: None
    return tasks


def queued_calls() -> list[tuple[str, tuple]]:
    """`queued_tasks` as ``[(func, args), …]``: what the workers would call."""
    return [(task["func"], task["args"]) for task in queued_tasks()]
