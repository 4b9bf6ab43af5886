"""``GET /health``: is this installation working? For load balancers and monitoring.

No login (a load balancer has none) and nothing secret in the answer: each check says ok or
not, and when not, only which kind of failure (the exception's class), never a host name,
login or message that could carry one. JSON, never cached:

    {"status": "ok" | "fail",
     "checks": {"web": {"ok": true},
                "database": {"ok": bool, "engine": "postgresql" | "sqlite"},
                "broker": {"ok": bool, "kind": "redis" | "orm"},
                "cluster": {"ok": bool, "clusters": int, "last_seen": ISO-8601 UTC | null}}}

HTTP 200 when every check is ok, 503 otherwise.

"Cluster alive" means a django-q2 cluster reported its status (``Stat``, written by every
running ``qcluster`` about twice a second into the "cluster-stats" cache: Redis, or a file
cache in the data directory with the ORM broker) within `CLUSTER_SILENCE` (2 minutes). With
the ORM broker, the scheduler tick task having finished within those 2 minutes (it runs every
minute) counts too: the file cache is per machine, the tick's record is in the database.
"""

from datetime import timedelta

from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

CLUSTER_SILENCE = timedelta(minutes=2)


def _failure(exc: Exception) -> dict:
    return {"ok": False, "error": type(exc).__name__}


def check_database() -> dict:
    """Django's own database answers ``SELECT 1``."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "down"; its class says which
        return {**_failure(exc), "engine": connection.vendor}
    return {"ok": True, "engine": connection.vendor}


def broker_kind() -> str:
    """ "orm" or "redis": the broker django-q2 was configured with (settings.Q_CLUSTER)."""
    from django_q.conf import Conf

    return "orm" if Conf.ORM else "redis"


def check_broker() -> dict:
    """The django-q2 broker answers: Redis PING, or (ORM broker) its queue table is readable."""
    from django_q.brokers import get_broker

    kind = broker_kind()
    try:
        broker = get_broker()
        if kind == "redis":
            ok = bool(broker.ping())
        else:
            broker.queue_size()  # a query on the OrmQ table in Django's database
            ok = True
    except Exception as exc:  # noqa: BLE001 - a health check reports, never raises
        return {**_failure(exc), "kind": kind}
    return {"ok": ok, "kind": kind}


def _last_cluster_report(now) -> tuple[int, object]:
    """(number of clusters reporting, the latest report time or None)."""
    from django_q.status import Stat

    stats = [s for s in Stat.get_all() if getattr(s, "timestamp", None)]
    if stats:
        return len(stats), max(s.timestamp for s in stats)
    if broker_kind() == "orm":
        from django_q.models import Success

        from syncadmin.qschedule import TICK_FUNC

        last_tick = (
            Success.objects.filter(func=TICK_FUNC)
            .order_by("-stopped")
            .values_list("stopped", flat=True)
            .first()
        )
        if last_tick is not None:
            return 1 if now - last_tick <= CLUSTER_SILENCE else 0, last_tick
    return 0, None


def check_cluster(now=None) -> dict:
    """At least one django-q2 cluster reported within `CLUSTER_SILENCE` of ``now`` (UTC)."""
    now = now or timezone.now()
    try:
        clusters, last_seen = _last_cluster_report(now)
    except Exception as exc:  # noqa: BLE001 - a health check reports, never raises
        return {**_failure(exc), "clusters": 0, "last_seen": None}
    ok = last_seen is not None and now - last_seen <= CLUSTER_SILENCE
    return {
        "ok": ok,
        "clusters": clusters if ok else 0,
        "last_seen": last_seen.isoformat() if last_seen else None,
    }


@never_cache
@require_safe
def health(request):
    """The health report described in the module docstring (200 all ok, 503 otherwise)."""
    checks = {
        "web": {"ok": True},
        "database": check_database(),
        "broker": check_broker(),
        "cluster": check_cluster(),
    }
    healthy = all(c["ok"] for c in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "fail", "checks": checks}, status=200 if healthy else 503
    )
