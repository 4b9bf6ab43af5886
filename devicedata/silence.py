"""Silent devices in the alert mail, once per incident.

An incident is one stretch of silence of one device, named by its last contact (or, for a
device that never made contact, its registration time). The failure alert mail of a company
database lists the silent devices whose incident no mail has named yet
(`failure_mail_section`); when no failure mail goes out, a run that finds such devices sends
one "devices silent" alert mail of its own (`send_silent_alert`). Either way the incident is
marked reported (`DeviceActivity.silence_reported_for`) and never mailed again; a device that
makes contact and falls silent again is a new incident.
"""

from __future__ import annotations

import logging

from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext as _

from devicedata.models import DeviceActivity
from devicedata.overview import DeviceRow, device_rows
from syncadmin.dashboard.formatting import local_datetime

logger = logging.getLogger(__name__)


def _incident(row: DeviceRow):
    return row.last_contact or row.device.created_at


def unreported(company, now=None) -> list[DeviceRow]:
    """``company``'s silent devices whose current incident no mail has named yet."""
    if not company.devices.filter(is_active=True).exists():
        return []
    found = []
    for row in device_rows(company, now, active_only=True):
        activity = getattr(row.device, "activity", None)
        reported = activity.silence_reported_for if activity else None
        if row.silent and reported != _incident(row):
            found.append(row)
    return found


def mark_reported(rows: list[DeviceRow]) -> None:
    """Remember that these incidents were mailed."""
    for row in rows:
        DeviceActivity.objects.update_or_create(
            device=row.device, defaults={"silence_reported_for": _incident(row)}
        )


def describe(rows: list[DeviceRow]) -> str:
    """The mail's lines about silent devices (in the active language)."""
    lines = [
        _("Devices silent for longer than %(hours)d h (the sales rep may not have synchronized):")
        % {"hours": rows[0].silent_hours}
    ]
    for row in rows:
        contact = (
            local_datetime(row.last_contact, row.company.time_zone)
            if row.last_contact
            else _("never")
        )
        rep = f" ({row.device.sales_rep})" if row.device.sales_rep else ""
        lines.append(
            _("- %(device)s%(rep)s: last contact %(when)s")
            % {"device": row.device.name, "rep": rep, "when": contact}
        )
    return "\n".join(lines)


def failure_mail_section(company, now=None) -> str:
    """The silent-devices part of a failure mail ("" when none is new); marks them reported.
    Call it inside the mail's language."""
    rows = unreported(company, now or timezone.now())
    if not rows:
        return ""
    mark_reported(rows)
    return "\n\n" + describe(rows)


def send_silent_alert(company, recipients: list[str], now=None) -> bool:
    """Send one mail about ``company``'s newly silent devices, if any; True when one was due.
    A mail that cannot be sent is logged (the incident still counts as reported)."""
    rows = unreported(company, now or timezone.now())
    if not rows:
        return False
    mark_reported(rows)
    if not recipients:
        logger.warning("silent devices of %s: no recipients", company)
        return True
    subject = _("[syncadmin] %(database)s: devices silent") % {"database": company.name}
    body = (
        _("Some devices of %(database)s have not been in contact.") % {"database": company.name}
        + "\n\n"
        + describe(rows)
    )
    try:
        send_mail(subject, body, None, recipients)
    except Exception:  # a mail server problem must not fail the run
        logger.exception("cannot send the silent devices alert for %s", company)
    return True
