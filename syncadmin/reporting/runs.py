"""Admin of the runs (uruchomienia) and their log on the run page; read-only."""

from django.contrib import admin, messages
from django.contrib.admin.filters import DateFieldListFilter
from django.db.models import Q
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from importer.models import (
    LogLevel,
    RunLogEntry,
    SyncRun,
)
from operators.roles import is_administrator
from syncadmin.admin.readonly import ReadOnlyAdminMixin
from syncadmin.dashboard.formatting import (
    first_line,
    folded_details,
    format_duration,
    local_datetime,
)
from syncadmin.reporting.export import CsvExportMixin, run_rows
from syncadmin.reporting.filters import DateRangeFilter

# A run of 10,000 documents has 10,000 "imported as" lines: its page shows the first ones
# and every warning and error, and links to the paginated log list for all of them.
RUN_PAGE_FIRST_ENTRIES = 300
RUN_PAGE_MAX_ENTRIES = 1000


class RunPageLogFormSet(BaseInlineFormSet):
    """The run page's log: the first `RUN_PAGE_FIRST_ENTRIES` entries and every warning and
    error after them, at most `RUN_PAGE_MAX_ENTRIES` in all."""

    def get_queryset(self):
        if not hasattr(self, "_shortened"):  # the formset asks again for every form
            entries = super().get_queryset()
            cutoff = entries.values_list("id", flat=True)[
                RUN_PAGE_FIRST_ENTRIES - 1 : RUN_PAGE_FIRST_ENTRIES
            ].first()
            if cutoff is not None:  # more than the first entries
                entries = entries.filter(Q(id__lte=cutoff) | Q(level__gte=LogLevel.WARNING))[
                    :RUN_PAGE_MAX_ENTRIES
                ]
            self._shortened = entries
        return self._shortened


class RunLogEntryInline(ReadOnlyAdminMixin, admin.TabularInline):
    """A run's log, in order, tracebacks folded (long logs shortened: `RunPageLogFormSet`)."""

    model = RunLogEntry
    formset = RunPageLogFormSet
    extra = 0
    can_delete = False
    fields = [
        "local_time",
        "level",
        "document_guid",
        "document_number",
        "message",
        "folded_details",
    ]
    readonly_fields = fields
    ordering = ["created_at", "id"]

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("company_database")

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if not is_administrator(request.user):  # tracebacks are for administrators
            fields.remove("folded_details")
        return fields

    @admin.display(description=_("time"))
    def local_time(self, obj):
        return local_datetime(obj.created_at, obj.company_database.time_zone, seconds=True)

    @admin.display(description=_("details"))
    def folded_details(self, obj):
        return folded_details(obj.details)


@admin.register(SyncRun)
class SyncRunAdmin(CsvExportMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Uruchomienia: what each run did, with its log; CSV export; run a database again."""

    csv_filename = "runs"
    show_full_result_count = False
    actions = ["run_again"]
    list_display = [
        "started_local",
        "company_database",
        "trigger",
        "status",
        "imported_count",
        "failed_count",
        "waiting_count",
        "duration_display",
        "short_first_error",
    ]
    list_filter = [
        "company_database",
        "status",
        "trigger",
        ("started_at", DateRangeFilter),
        ("started_at", DateFieldListFilter),
    ]
    list_select_related = ["company_database"]
    # no date_hierarchy: its "which years/months exist" scan took seconds on a million rows;
    # the from–to filter does the job through the index
    search_fields = ["company_database__name", "first_error", "worker"]
    fields = [
        "company_database",
        "trigger",
        "status",
        "started_at",
        "finished_at",
        "duration_display",
        "imported_count",
        "failed_count",
        "waiting_count",
        "first_error",
        "worker",
        "log_entries_link",
    ]
    readonly_fields = ["duration_display", "log_entries_link"]
    inlines = [RunLogEntryInline]

    @admin.display(description=_("duration"))
    def duration_display(self, obj):
        return format_duration(obj.duration)

    @admin.display(description=_("started (company time)"), ordering="started_at")
    def started_local(self, obj):
        return local_datetime(obj.started_at, obj.company_database.time_zone, seconds=True)

    def csv_rows(self, request, queryset):
        return run_rows(queryset)

    def has_rerun_permission(self, request):
        """Queueing a run is the right of whoever may change company databases."""
        return request.user.has_perm("harmonogramy.change_companydatabase")

    @admin.action(
        description=_("Run again (queue a manual run of the database)"), permissions=["rerun"]
    )
    def run_again(self, request, queryset):
        """One manual run per company database of the selected runs (no-overlap rule applies)."""
        from harmonogramy.models import CompanyDatabase
        from importer.models import RunTrigger
        from importer.tasks import queue_import

        companies = CompanyDatabase.objects.filter(
            pk__in=queryset.values("company_database"), is_active=True
        )
        names = []
        for company in companies:
            queue_import(company, RunTrigger.MANUAL)
            names.append(company.name)
        if names:
            self.message_user(
                request,
                _("Runs queued for: %(names)s.") % {"names": ", ".join(names)},
                messages.SUCCESS,
            )
        else:
            self.message_user(request, _("No active company database to run."), messages.WARNING)

    @admin.display(description=_("first error"))
    def short_first_error(self, obj):
        return first_line(obj.first_error)

    @admin.display(description=_("log"))
    def log_entries_link(self, obj):
        url = reverse("admin:importer_runlogentry_changelist")
        link = format_html(
            '<a href="{}?run__id__exact={}">{}</a>', url, obj.pk, _("Log entries of this run")
        )
        count = obj.entries.count()
        if count <= RUN_PAGE_FIRST_ENTRIES:
            return link
        return format_html(
            '{}<div class="help">{}</div>',
            link,
            gettext(
                "This run has %(count)s log entries: below are the first %(first)s and "
                "every warning and error; the link shows them all."
            )
            % {"count": localize(count), "first": RUN_PAGE_FIRST_ENTRIES},
        )
