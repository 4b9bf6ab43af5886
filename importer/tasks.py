"""django-q2 task functions of the importer; plain functions the commands may call too.

At most one automatic run (schedule or arrival) of a company database is queued or running
at a time: `queue_import` marks the database (``CompanyDatabase.run_queued_at``, one
conditional UPDATE, so it holds across processes and machines) and `import_company` clears
the mark when its run ends. A batch arriving meanwhile adds nothing: its documents are
taken by that run or the next one. A mark left by a lost task expires after the run lock's
lifetime. Runs asked for by a person ("Synchronizuj teraz") are always queued.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django_q.tasks import async_task

from harmonogramy.models import CompanyDatabase
from importer.inbox import waiting_documents
from importer.models import RunTrigger

AUTOMATIC = (RunTrigger.SCHEDULE, RunTrigger.ARRIVAL)


def import_company(company_id: int, trigger: str) -> str:
    """Run the import of one company database (by primary key); return the run's summary.

    An automatic run (schedule, arrival) with nothing waiting records no run."""
    from importer.engine import run_import

    company = CompanyDatabase.objects.get(pk=company_id)
    try:
        if trigger in AUTOMATIC and not waiting_documents(company).exists():
            return f"{company.name}: nothing waiting"
        return run_import(company, trigger).summary()
    finally:
        if trigger in AUTOMATIC:
            CompanyDatabase.objects.filter(pk=company.pk).update(run_queued_at=None)


def queue_import(company, trigger: str) -> str | None:
    """Queue `import_company` on the cluster; returns the django-q2 task id, or None when
    an automatic run of this database is already queued or running (see the module).

    The run itself takes the database's run lock, so a queued run that meets a running one
    is recorded as skipped.
    """
    if trigger in AUTOMATIC:
        now = timezone.now()
        stale = now - timedelta(seconds=settings.SYNCADMIN_RUN_LOCK_SECONDS)
        marked = CompanyDatabase.objects.filter(
            Q(run_queued_at__isnull=True) | Q(run_queued_at__lt=stale), pk=company.pk
        ).update(run_queued_at=now)
        if not marked:
            return None
    return async_task(
        "importer.tasks.import_company",
        company.pk,
        trigger,
        task_name=f"import {company.name} ({trigger})"[:100],
        group=f"import-{company.pk}",
    )
