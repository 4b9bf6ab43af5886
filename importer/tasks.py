"""django-q2 task functions of the importer; plain functions the commands may call too."""

from django_q.tasks import async_task


def import_company(company_id: int, trigger: str) -> str:
    """Run the import of one company database (by primary key); return the run's summary."""
    from harmonogramy.models import CompanyDatabase
    from importer.engine import run_import

    company = CompanyDatabase.objects.get(pk=company_id)
    return run_import(company, trigger).summary()


def queue_import(company, trigger: str) -> str:
    """Queue `import_company` on the cluster; returns the django-q2 task id.

    The run itself takes the database's run lock, so a queued run that meets a running one
    is recorded as skipped.
    """
    return async_task(
        "importer.tasks.import_company",
        company.pk,
        trigger,
        task_name=f"import {company.name} ({trigger})"[:100],
        group=f"import-{company.pk}",
    )
