"""The dashboard's rows: every company database with its state, in a fixed number of queries.

Three SQL queries whatever the number of databases and runs: the databases with their
schedule and the ids of their last run / last finished run / last failed run (subqueries),
the inbox counts per database (one GROUP BY), and the runs those ids name.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from harmonogramy.models import CompanyDatabase
from importer.models import DocumentStatus, MobileDocument, RunStatus, SyncRun
from syncadmin.dashboard.states import DatabaseState, state_of


@dataclass
class DatabaseRow:
    """One dashboard row. Times are aware (UTC); `table.RowRenderer` shows them in the
    company's zone (`formatting.LocalDatetimes`, the text of `formatting.local_datetime`)."""

    company: CompanyDatabase
    schedule: object  # harmonogramy.models.Schedule or None
    state: DatabaseState
    running: bool
    last_run: SyncRun | None
    last_failed_run: SyncRun | None
    waiting: int
    failed: int
    queued: bool = False  # a manual run this session queued has not started yet (views.py)
    urls: dict | None = None  # the row's links, see `_RowUrls`

    @property
    def next_run_at(self) -> datetime | None:
        if self.state == DatabaseState.PAUSED or self.schedule is None:
            return None
        return self.schedule.next_run_at


_PK = 2147483646  # a stand-in primary key, replaced in the reversed URL


class _RowUrls:
    """The links of every row, reversed once per page instead of six times per row (at 500
    databases the ``{% url %}`` tags were a large part of the dashboard's render time)."""

    NAMES = {
        "change": "admin:harmonogramy_companydatabase_change",
        "sync": "admin:dashboard_sync",
        "pause": "admin:dashboard_pause",
        "resume": "admin:dashboard_resume",
    }

    def __init__(self):
        self.patterns = {key: reverse(name, args=[_PK]) for key, name in self.NAMES.items()}
        self.run_pattern = reverse("admin:importer_syncrun_change", args=[_PK])
        self.documents = reverse("admin:importer_mobiledocument_changelist")

    def for_row(self, company_pk: int, run_pk: int | None) -> dict:
        urls = {key: p.replace(str(_PK), str(company_pk)) for key, p in self.patterns.items()}
        urls["run"] = self.run_pattern.replace(str(_PK), str(run_pk)) if run_pk else ""
        query = f"?company_database__id__exact={company_pk}&status__exact="
        urls["waiting"] = f"{self.documents}{query}received"
        urls["failed"] = f"{self.documents}{query}failed"
        return urls


def _last_run_id(*statuses):
    runs = SyncRun.objects.filter(company_database=OuterRef("pk"))
    if statuses:
        runs = runs.filter(status__in=statuses)
    return Subquery(runs.order_by("-started_at", "-id").values("pk")[:1])


def load_rows(cluster_alive: bool, now: datetime | None = None) -> list[DatabaseRow]:
    """Every company database as a `DatabaseRow`, ordered by name (three SQL queries)."""
    now = now or timezone.now()
    companies = list(
        CompanyDatabase.objects.select_related("schedule")
        .annotate(
            last_run_id=_last_run_id(),
            last_finished_id=_last_run_id(RunStatus.SUCCEEDED, RunStatus.FAILED),
            last_failed_id=_last_run_id(RunStatus.FAILED),
        )
        .order_by("name")
    )
    counts = {
        row["company_database"]: row
        for row in MobileDocument.objects.filter(
            status__in=[DocumentStatus.RECEIVED, DocumentStatus.FAILED]
        )
        .values("company_database")
        .annotate(
            waiting=Count("pk", filter=Q(status=DocumentStatus.RECEIVED)),
            failed=Count("pk", filter=Q(status=DocumentStatus.FAILED)),
        )
        .order_by()
    }
    run_ids = {
        pk
        for c in companies
        for pk in (c.last_run_id, c.last_finished_id, c.last_failed_id)
        if pk is not None
    }
    runs = SyncRun.objects.in_bulk(run_ids) if run_ids else {}
    links = _RowUrls()
    rows = []
    for company in companies:
        schedule = getattr(company, "schedule", None)
        finished = runs.get(company.last_finished_id)
        count = counts.get(company.pk, {})
        rows.append(
            DatabaseRow(
                company=company,
                schedule=schedule,
                state=state_of(
                    is_active=company.is_active,
                    schedule_enabled=schedule.enabled if schedule else None,
                    last_outcome=finished.status if finished else None,
                    cluster_alive=cluster_alive,
                    erp_unreachable=company.erp_unreachable_since is not None,
                ),
                running=company.is_run_locked(now),
                last_run=runs.get(company.last_run_id),
                last_failed_run=runs.get(company.last_failed_id),
                waiting=count.get("waiting", 0),
                failed=count.get("failed", 0),
                urls=links.for_row(company.pk, company.last_run_id),
            )
        )
    return rows
