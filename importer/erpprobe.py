"""The periodic ERP probe: a company database whose ERP cannot be reached shows it at once.

A run with nothing waiting never connects, so a wrong setup (a driver not installed, a server
that does not exist, a refused login) would show "healthy" until real invoices fail. Every
`PROBE_MINUTES` the cluster calls `probe_all`: for every active company database with an
enabled schedule, one connection and one ``SELECT ... WHERE 1 = 0`` on CDN.TraNag (cheap; no
run, no log entry). The outcome is kept on the company database (``erp_probed_at``,
``erp_unreachable_since``, ``erp_probe_error``) and the dashboard shows "ERP unreachable"
with the reason.
"""

from __future__ import annotations

import logging

from django.utils import timezone
from django.utils.translation import gettext as _

from harmonogramy.models import CompanyDatabase
from importer.connection_check import DRIVER_PACKAGES
from importer.erp.adapter import ErpError, available_drivers, connect

logger = logging.getLogger(__name__)

PROBE_MINUTES = 5


def probe(company) -> str:
    """ "" when ``company``'s ERP answers (driver, server, login, CDN.TraNag), else a sentence
    saying what fails (never containing the password)."""
    if company.odbc_driver not in available_drivers():
        package = DRIVER_PACKAGES.get(company.odbc_driver)
        return _("the ODBC driver “%(driver)s” is not installed%(hint)s") % {
            "driver": company.odbc_driver,
            "hint": f" ({package})" if package else "",
        }
    try:
        with connect(company.erp_settings()) as conn:
            conn.fetch_all(f"SELECT 1 FROM {conn.table('TraNag')} WHERE 1 = 0")
    except ErpError as exc:
        return exc.message
    return ""


def probe_all(now=None) -> list[int]:
    """Probe every active, scheduled company database; returns the ids found unreachable."""
    now = now or timezone.now()
    unreachable = []
    companies = CompanyDatabase.objects.filter(is_active=True, schedule__enabled=True)
    for company in companies:
        error = probe(company)
        if error:
            unreachable.append(company.pk)
            logger.warning("ERP probe: %s cannot be reached: %s", company, error)
        CompanyDatabase.objects.filter(pk=company.pk).update(
            erp_probed_at=now,
            erp_probe_error=error,
            erp_unreachable_since=(company.erp_unreachable_since or now) if error else None,
        )
    return unreachable
