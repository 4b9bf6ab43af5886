"""E-mail alerts: a company database's runs started failing, and later, that they recovered.

Called once after every run (`importer.engine.run_import`). The state lives on the company
database (``alert_state``, ``failing_since``), so exactly one mail goes out per change:

* a failed run of a database in state ``ok`` → state ``failing``, mail "failing" with the error;
* further failed runs of a failing database → no mail;
* a succeeded run of a failing database → state ``ok``, mail "recovered";
* skipped and running runs change nothing.

Devices silent for longer than their company database's threshold (`devicedata.silence`) are
named in the failure mail, once per incident; when no failure mail goes out, a run that finds
newly silent devices sends a mail about them alone.

The change of state is a conditional UPDATE, so two processes finishing runs of the same
database at once cannot both send the mail. Recipients: ``SYNCADMIN_ALERT_EMAILS``, else every
active administrator with an e-mail (`operators.roles`). A mail that cannot be sent
is logged and never breaks the run.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from harmonogramy.models import AlertState, CompanyDatabase
from importer.models import RunStatus
from operators.roles import administrator_emails

logger = logging.getLogger(__name__)


def recipients() -> list[str]:
    """Where alerts go: ``SYNCADMIN_ALERT_EMAILS`` if set, else the administrators' e-mails."""

    return list(settings.SYNCADMIN_ALERT_EMAILS) or administrator_emails()


def after_run(run) -> str | None:
    """Update the alert state after ``run`` (a finished `SyncRun`); send a mail on a change.

    Returns "failing" or "recovered" when a mail was due (sent or not), else None.
    """
    company = run.company_database
    if run.status == RunStatus.FAILED:
        changed = CompanyDatabase.objects.filter(pk=company.pk, alert_state=AlertState.OK).update(
            alert_state=AlertState.FAILING, failing_since=run.finished_at or timezone.now()
        )
        kind = "failing" if changed else None
    elif run.status == RunStatus.SUCCEEDED:
        changed = CompanyDatabase.objects.filter(
            pk=company.pk, alert_state=AlertState.FAILING
        ).update(alert_state=AlertState.OK, failing_since=None)
        kind = "recovered" if changed else None
    else:
        return None
    if kind:
        _send(kind, run)
    if kind != "failing":  # devicedata: newly silent devices get a mail of their own
        _silent_devices(company)
    return kind


def _silent_devices(company) -> None:
    from devicedata.silence import send_silent_alert

    try:
        with override(settings.LANGUAGE_CODE):
            send_silent_alert(company, recipients())
    except Exception:  # never break the run for it
        logger.exception("silent devices check of %s failed", company)


def _run_url(run) -> str:
    try:
        path = reverse("admin:importer_syncrun_change", args=[run.pk])
    except NoReverseMatch:
        return ""
    base = getattr(settings, "SYNCADMIN_BASE_URL", "").rstrip("/")
    return f"{base}{path}"


def _silent_devices_section(company) -> str:
    """devicedata: the failure mail names newly silent devices, once per incident."""
    from devicedata.silence import failure_mail_section

    try:
        return failure_mail_section(company)
    except Exception:
        logger.exception("silent devices of %s could not be listed", company)
        return ""


def _send(kind: str, run) -> None:
    to = recipients()
    if not to:
        logger.warning("alert %s for %s: no recipients", kind, run.company_database)
        return
    company = run.company_database.name
    with override(settings.LANGUAGE_CODE):
        if kind == "failing":
            subject = _("[syncadmin] %(database)s: synchronization failed") % {"database": company}
            body = _(
                "The synchronization of %(database)s failed.\n\nError: %(error)s\n\n"
                "Run: %(url)s\n\nYou will get one more message when it works again."
            ) % {"database": company, "error": run.first_error or "—", "url": _run_url(run)}
            body += _silent_devices_section(run.company_database)
        else:
            subject = _("[syncadmin] %(database)s: synchronization works again") % {
                "database": company
            }
            body = _(
                "The synchronization of %(database)s works again: imported %(imported)d.\n\n"
                "Run: %(url)s"
            ) % {"database": company, "imported": run.imported_count, "url": _run_url(run)}
    try:
        send_mail(subject, body, None, to)
    except Exception:  # a mail server problem must not fail the run
        logger.exception("cannot send the %s alert for %s", kind, company)
