"""E-mail alerts: a company database's runs started failing, and later, that they recovered.

Called once after every run (`importer.engine.run_import`). The state lives on the company
database (``alert_state``, ``failing_since``), so exactly one mail goes out per change:

* a failed run of a database in state ``ok`` → state ``failing``, mail "failing" with the error;
* further failed runs of a failing database → no mail;
* a succeeded run of a failing database → state ``ok``, mail "recovered";
* skipped and running runs change nothing.

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
    return kind


def _run_url(run) -> str:
    try:
        path = reverse("admin:importer_syncrun_change", args=[run.pk])
    except NoReverseMatch:
        return ""
    base = getattr(settings, "SYNCADMIN_BASE_URL", "").rstrip("/")
    return f"{base}{path}"


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
