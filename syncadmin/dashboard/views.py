"""The dashboard (the admin's home page) and its buttons: synchronize now, pause, resume.

Buttons are POST forms with the CSRF token; each checks a permission and comes back to the
dashboard with a message. A manual run is queued on the cluster (`importer.tasks.queue_import`)
and, like any run, is recorded as skipped if another run of the database is going.
"""

from datetime import datetime, timedelta

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from harmonogramy.models import CompanyDatabase, Schedule
from importer.models import RunTrigger
from syncadmin.dashboard.cluster import cluster_status
from syncadmin.dashboard.overview import load_rows
from syncadmin.dashboard.table import render_rows
from syncadmin.reporting.logfiles import open_log_file

REFRESH_SECONDS = 5
QUEUED_SESSION_KEY = "syncadmin_queued_runs"
QUEUED_WAIT = timedelta(minutes=5)  # after this a queued run no longer keeps the page refreshing


def _queued_runs(request) -> dict[int, datetime]:
    """Manual runs this session queued: {company id: when queued (UTC)}."""
    queued = {}
    for key, when in request.session.get(QUEUED_SESSION_KEY, {}).items():
        try:
            queued[int(key)] = datetime.fromisoformat(when)
        except (TypeError, ValueError):
            continue
    return queued


def _is_waiting_for_run(row, queued_at, now) -> bool:
    if queued_at is None or now - queued_at > QUEUED_WAIT:
        return False
    return row.last_run is None or row.last_run.started_at < queued_at


def dashboard(site: admin.AdminSite, request, extra_context=None):
    """The admin index: one row per company database (a fixed number of SQL queries).

    The table's rows are rendered here, by `table.render_rows`; the template places them.
    """
    now = timezone.now()
    cluster = cluster_status(now)
    rows = load_rows(cluster.alive, now)
    queued = _queued_runs(request)
    for row in rows:
        row.queued = _is_waiting_for_run(row, queued.get(row.company.pk), now)
    user = request.user
    context = {
        **site.each_context(request),
        "title": site.index_title,
        "subtitle": None,
        "app_list": site.get_app_list(request),
        "rows": rows,
        "cluster": cluster,
        "refresh_seconds": REFRESH_SECONDS if any(r.running or r.queued for r in rows) else None,
        "can_sync": user.has_perm("harmonogramy.change_companydatabase"),
        "can_pause": user.has_perm("harmonogramy.change_schedule"),
        **_device_panel(user, now),  # devicedata: devices and their data
        **(extra_context or {}),
    }
    # The rows are HTML built in Python (table.py): at 500 databases the template language
    # was most of the page's time.
    context["table_rows"] = render_rows(
        context["rows"],
        can_sync=context["can_sync"],
        can_pause=context["can_pause"],
        csrf_token=get_token(request),
    )
    request.current_app = site.name
    return TemplateResponse(request, "admin/dashboard/index.html", context)


def _device_panel(user, now) -> dict:
    """The dashboard's devices panel (`devicedata.overview`), for users who may see devices."""
    from devicedata.overview import company_panels

    if not user.has_perm("importer.view_device"):
        return {"device_panels": None}
    return {
        "device_panels": company_panels(now),
        "show_device_panel": True,
        "can_refresh_device_data": user.has_perm("devicedata.change_devicedatastate"),
    }


def _company_for(request, company_id: int, permission: str) -> CompanyDatabase:
    if not request.user.has_perm(permission):
        raise PermissionDenied
    return get_object_or_404(CompanyDatabase, pk=company_id)


def _back(site) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("admin:index", current_app=site.name))


def sync_now(site, request, company_id: int):
    """Queue a manual run of one company database ("Synchronizuj teraz")."""
    from importer.tasks import queue_import

    company = _company_for(request, company_id, "harmonogramy.change_companydatabase")
    if not company.is_active:
        messages.warning(
            request, _("%(name)s is inactive: it is never synchronized.") % {"name": company}
        )
        return _back(site)
    queue_import(company, RunTrigger.MANUAL)
    queued = request.session.get(QUEUED_SESSION_KEY, {})
    queued[str(company.pk)] = timezone.now().isoformat()
    request.session[QUEUED_SESSION_KEY] = queued
    if company.is_run_locked():
        messages.warning(
            request,
            _("A run of %(name)s is in progress: the queued run will be recorded as skipped.")
            % {"name": company},
        )
    else:
        messages.success(request, _("A run of %(name)s was queued.") % {"name": company})
    return _back(site)


def _set_schedule_enabled(site, request, company_id: int, enabled: bool):
    company = _company_for(request, company_id, "harmonogramy.change_schedule")
    schedule = Schedule.objects.filter(company_database=company).first()
    if schedule is None:
        messages.error(request, _("%(name)s has no schedule.") % {"name": company})
        return _back(site)
    schedule.enabled = enabled
    schedule.save()  # recomputes next_run_at
    if enabled:
        messages.success(request, _("The schedule of %(name)s was resumed.") % {"name": company})
    else:
        messages.success(request, _("The schedule of %(name)s was paused.") % {"name": company})
    return _back(site)


def pause(site, request, company_id: int):
    """Disable the schedule of one company database (manual runs still work)."""
    return _set_schedule_enabled(site, request, company_id, False)


def resume(site, request, company_id: int):
    """Enable the schedule again; its next slot is computed from now."""
    return _set_schedule_enabled(site, request, company_id, True)


def download_log_file(site, request, company_id: int, filename: str):
    """One daily log file of a company database, as a plain-text download."""
    company = _company_for(request, company_id, "harmonogramy.view_companydatabase")
    try:
        path = open_log_file(company, filename)
    except FileNotFoundError:
        raise Http404(_("No such log file.")) from None
    response = FileResponse(
        path.open("rb"), as_attachment=True, filename=f"{path.parent.name}-{filename}"
    )
    response["Content-Type"] = "text/plain; charset=utf-8"
    return response
