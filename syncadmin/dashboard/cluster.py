"""Is a django-q2 cluster alive? Without one, nothing is imported: the dashboard says so.

Two signs, either is enough ("seen recently" = within `SEEN_WITHIN`):

1. django-q2's own cluster stats (`django_q.status.Stat.get_all`): every cluster saves one
   each guard cycle (0.5 s) into the ``Q_CLUSTER["cache"]`` cache with a 3-second lifetime,
   so a stat present now means a cluster is alive now. The cache must be shared by every
   process (settings: Redis, else files in the data directory) — with a per-process cache
   the web app would never see one.
2. The last task a cluster finished (`django_q.models.Task.stopped`, one SQL query): the
   scheduler tick runs every minute, so a working cluster leaves a fresh one each minute.
   This also covers a cluster on another machine when the stats cache is not shared.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

logger = logging.getLogger(__name__)

SEEN_WITHIN = timedelta(minutes=2)


@dataclass(frozen=True)
class ClusterStatus:
    """``alive``: seen within `SEEN_WITHIN`; ``last_seen`` (UTC) or None; ``clusters`` now."""

    alive: bool
    last_seen: datetime | None
    clusters: int


def running_clusters() -> int:
    """How many clusters have a live stat in the shared cache (0 if the cache fails)."""
    from django_q.status import Stat

    try:
        return len(Stat.get_all())
    except Exception:  # a cache outage must not break the dashboard
        logger.warning("cannot read the django-q2 cluster stats", exc_info=True)
        return 0


def last_task_finished_at() -> datetime | None:
    """When a cluster last finished a task (UTC), from django-q2's result table."""
    from django_q.models import Task

    return Task.objects.order_by("-stopped").values_list("stopped", flat=True).first()


def cluster_status(now: datetime | None = None) -> ClusterStatus:
    """The cluster's status at ``now`` (aware, default the current time); one SQL query."""
    now = now or timezone.now()
    clusters = running_clusters()
    last_task = last_task_finished_at()  # always asked: the page's query count stays fixed
    last_seen = now if clusters else last_task
    alive = bool(clusters) or (last_seen is not None and now - last_seen <= SEEN_WITHIN)
    return ClusterStatus(alive=alive, last_seen=last_seen, clusters=clusters)
