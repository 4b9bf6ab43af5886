"""The "download" step of a run: refresh the device data when it is due, logged in the run.

Called once per run by the engine (`importer.engine.ImportRun._finish`), after the import and
before the run's last log line, still under the company database's run lock (so two
refreshes of one database never overlap with the schedule). A run that failed as a whole
(the ERP went away or is unreachable, the operator was refused, a catalog conflict: failed
with no document failed) skips it, so an ERP that is not there is not asked twice.
Due when the company database has an active device and its last refresh attempt is at least
``refresh_minutes`` old (`DeviceDataState.refresh_due`): a company database without devices
costs no ERP connection for it. A failed refresh is a warning in the run's log; it does not
change the run's result (the import's), keeps the last good copy served, and shows on the
dashboard.
"""

from __future__ import annotations

import logging

from django.utils.translation import gettext as _

from devicedata.models import DeviceDataState
from devicedata.refresh import RefreshResult, refresh
from importer.models import RunStatus

logger = logging.getLogger(__name__)


def download_due(company, now=None) -> bool:
    """Should this run refresh ``company``'s device data?"""
    if not company.devices.filter(is_active=True).exists():
        return False
    state = DeviceDataState.objects.filter(company_database=company).first()
    return state is None or state.refresh_due(now)


def download_step(company, run) -> RefreshResult | None:
    """Refresh ``company``'s device data if due and write the outcome to ``run``'s log.

    Returns the `RefreshResult`, or None when nothing was due. Never raises: an unexpected
    error is logged on the run and the process logger.
    """
    from importer.runlog import RunLog

    if run.status == RunStatus.FAILED and not run.failed_count:
        return None  # the run itself failed (ERP, operator, catalog), not one of its documents
    try:
        if not download_due(company):
            return None
        result = refresh(company)
    except Exception as exc:  # a bug here must not cost the run its record
        logger.exception("device data step of run %s crashed", run.pk)
        RunLog(run).warning(_("device data: internal error: %(error)s") % {"error": exc})
        return None
    log = RunLog(run)
    (log.info if result.ok else log.warning)(result.summary())
    return result
