"""A company database's state on the dashboard: one word an administrator acts on."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DatabaseState(models.TextChoices):
    """The dashboard's states, decided by `state_of` in this order of precedence:

    * **paused** — nothing is expected to run: the database is inactive, or it has no
      schedule, or its schedule is disabled ("pause" on the dashboard). Manual runs still work.
    * **service down** — the database is scheduled, but no django-q2 cluster was seen in the
      last two minutes (`syncadmin.dashboard.cluster`): no run will happen until it is started.
    * **ERP unreachable** — the periodic probe (`importer.erpprobe`) cannot reach its ERP
      (driver, server or login), whether or not documents wait.
    * **never run** — scheduled, the service is up, but no run of it has finished yet
      (skipped runs do not count).
    * **failing** — the last finished run (succeeded or failed; skipped ones do not count)
      failed: a document or the ERP connection needs attention.
    * **healthy** — the last finished run succeeded.
    """

    HEALTHY = "healthy", _("healthy")
    FAILING = "failing", _("failing")
    PAUSED = "paused", _("paused")
    NEVER_RUN = "never_run", _("never run")
    SERVICE_DOWN = "service_down", _("service down")
    ERP_UNREACHABLE = "erp_unreachable", _("ERP unreachable")


def state_of(
    *,
    is_active: bool,
    schedule_enabled: bool | None,
    last_outcome: str | None,
    cluster_alive: bool,
    erp_unreachable: bool = False,
) -> DatabaseState:
    """The `DatabaseState` of one company database.

    ``schedule_enabled`` is None when it has no schedule; ``last_outcome`` is the status
    (``succeeded`` / ``failed``) of its last finished run, or None if none finished.
    """
    if not is_active or not schedule_enabled:
        return DatabaseState.PAUSED
    if not cluster_alive:
        return DatabaseState.SERVICE_DOWN
    if erp_unreachable:
        return DatabaseState.ERP_UNREACHABLE
    if last_outcome is None:
        return DatabaseState.NEVER_RUN
    if last_outcome == "failed":
        return DatabaseState.FAILING
    return DatabaseState.HEALTHY
