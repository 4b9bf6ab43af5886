"""Admin pages of the download direction: the devices page and "Refresh device data".

Mounted on the admin site (`syncadmin.dashboard.urls`), so behind the admin login. The page
needs ``importer.view_device``; the button ``devicedata.change_devicedatastate``. The button
refreshes at once (in the request: the ERP is only read, see `devicedata.refresh`) and comes
back with the outcome as a message.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from devicedata.overview import company_panels, device_rows
from devicedata.refresh import refresh
from harmonogramy.models import CompanyDatabase


def devices_page(site, request):
    """Every device: company database, last contact, last batch, last download, documents
    waiting and failed, silent flag; and the device data of each company database."""
    if not request.user.has_perm("importer.view_device"):
        raise PermissionDenied
    now = timezone.now()
    company = None
    if request.GET.get("company"):
        company = CompanyDatabase.objects.filter(pk=request.GET["company"]).first()
    rows = device_rows(company, now)
    context = {
        **site.each_context(request),
        "title": _("Devices"),
        "rows": rows,
        "panels": company_panels(now),
        "company": company,
        "silent_count": sum(row.silent for row in rows),
        "can_refresh": request.user.has_perm("devicedata.change_devicedatastate"),
    }
    request.current_app = site.name
    return TemplateResponse(request, "admin/devicedata/devices.html", context)


def refresh_now(site, request, company_id: int):
    """POST: refresh one company database's device data from the ERP now."""
    if not request.user.has_perm("devicedata.change_devicedatastate"):
        raise PermissionDenied
    company = get_object_or_404(CompanyDatabase, pk=company_id)
    result = refresh(company)
    text = f"{company}: {result.summary()}"
    (messages.success if result.ok else messages.error)(request, text)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("admin:devices", current_app=site.name)
    return HttpResponseRedirect(back)
