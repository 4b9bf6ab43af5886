"""``GET /health``: web, Django database, django-q2 broker and cluster, for load balancers."""

import socket
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from django_q.conf import Conf

from syncadmin.health import CLUSTER_SILENCE, broker_kind
from syncadmin.qschedule import TICK_FUNC
from tests.production.clusters import purge_broker, start_cluster, stop_cluster

pytestmark = pytest.mark.django_db(transaction=True)


def _tick_finished(ago: timedelta) -> None:
    """The row django-q2 writes when the scheduler tick task finished ``ago``."""
    from django_q.models import Success

    stopped = timezone.now() - ago
    Success.objects.create(
        id="tick" + str(int(ago.total_seconds())),
        name="tick",
        func=TICK_FUNC,
        started=stopped - timedelta(seconds=1),
        stopped=stopped,
        success=True,
    )


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_health_needs_no_login_and_says_503_without_a_running_cluster(client):
    response = client.get("/health")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["web"] == {"ok": True}
    assert body["checks"]["database"] == {"ok": True, "engine": connection.vendor}
    assert body["checks"]["broker"] == {"ok": True, "kind": broker_kind()}
    assert body["checks"]["cluster"]["ok"] is False
    assert "no-cache" in response["Cache-Control"]


def test_health_refuses_writes(client):
    assert client.post("/health").status_code == 405


def test_health_is_200_when_a_cluster_reported_within_two_minutes(client):
    if broker_kind() == "redis":  # a real qcluster writes its Stat to Redis when it starts
        purge_broker()
        cluster = start_cluster(SYNCADMIN_Q_WORKERS="1")
        try:
            for _ in range(120):
                response = client.get("/health")
                if response.status_code == 200:
                    break
                assert cluster.poll() is None, stop_cluster(cluster)
                time.sleep(0.25)
        finally:
            output = stop_cluster(cluster)
        assert response.status_code == 200, (response.json(), output[-2000:])
        assert response.json()["checks"]["cluster"]["clusters"] == 1
    else:  # ORM broker: the cluster's Stats are process-local; its tick record is the proof
        _tick_finished(ago=timedelta(seconds=50))
        response = client.get("/health")
        assert response.status_code == 200, response.json()
        assert response.json() == {
            "status": "ok",
            "checks": {
                "web": {"ok": True},
                "database": {"ok": True, "engine": connection.vendor},
                "broker": {"ok": True, "kind": "orm"},
                "cluster": {
                    "ok": True,
                    "clusters": 1,
                    "last_seen": response.json()["checks"]["cluster"]["last_seen"],
                },
            },
        }


def test_health_calls_a_cluster_silent_for_more_than_two_minutes_dead(client):
    if broker_kind() == "redis":
        pytest.skip("Redis drops a stopped cluster's Stat after 3 s; silence is the 503 test")
    _tick_finished(ago=CLUSTER_SILENCE + timedelta(seconds=5))
    response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["checks"]["cluster"]["ok"] is False
    assert response.json()["checks"]["cluster"]["last_seen"] is not None


def test_health_reports_an_unreachable_redis_broker(client, monkeypatch):
    monkeypatch.setattr(Conf, "ORM", None)
    monkeypatch.setattr(Conf, "REDIS", f"redis://127.0.0.1:{_closed_port()}/0")
    response = client.get("/health")
    assert response.status_code == 503
    broker = response.json()["checks"]["broker"]
    assert broker == {"ok": False, "kind": "redis", "error": "ConnectionError"}


def test_health_reports_a_lost_database_connection(client):
    if connection.vendor != "postgresql":
        pytest.skip(
            "cutting Django's database connection needs PostgreSQL "
            "(pg_terminate_backend); the second pass of scripts/test.sh runs it"
        )
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    import psycopg

    params = connection.get_connection_params()
    with psycopg.connect(**{**params, "autocommit": True}) as killer:
        killer.execute("SELECT pg_terminate_backend(%s)", (pid,))
    try:
        response = client.get("/health")
        assert response.status_code == 503
        database = response.json()["checks"]["database"]
        assert database["ok"] is False and database["engine"] == "postgresql"
        assert database["error"] in ("OperationalError", "InterfaceError")
    finally:
        connection.close()
