"""Admin of the run log entries (Raportowanie): read-only, filtered, exported to CSV."""

from django.contrib import admin
from django.contrib.admin.filters import DateFieldListFilter
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from importer.models import (
    LogLevel,
    RunLogEntry,
)
from operators.roles import is_administrator
from syncadmin.admin.readonly import ReadOnlyAdminMixin
from syncadmin.dashboard.formatting import (
    folded_details,
    local_datetime,
)
from syncadmin.reporting.export import CsvExportMixin, log_entry_rows
from syncadmin.reporting.filters import DateRangeFilter


@admin.register(RunLogEntry)
class RunLogEntryAdmin(CsvExportMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Raportowanie: every log line of every run; filter by level, date, company database."""

    csv_filename = "log"
    ordering = ["-created_at", "-id"]  # newest first (index log_time, read backwards)
    show_full_result_count = False  # one COUNT less on a million entries
    list_display = [
        "local_time",
        "level_display",
        "company_database",
        "run_link",
        "document_number",
        "short_message",
    ]
    list_filter = [
        "level",
        ("created_at", DateRangeFilter),
        ("created_at", DateFieldListFilter),
        "company_database",
    ]
    list_select_related = ["company_database", "run"]
    search_fields = ["message", "document_guid", "document_number"]
    # no date_hierarchy: its "which years/months exist" scan took seconds on a million rows;
    # the from–to filter does the job through the index
    fields = [
        "created_at",
        "level",
        "company_database",
        "run",
        "document_guid",
        "document_number",
        "message",
        "folded_details",
    ]
    readonly_fields = ["folded_details"]

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if not is_administrator(request.user):  # tracebacks are for administrators
            fields.remove("folded_details")
        return fields

    def csv_rows(self, request, queryset):
        return log_entry_rows(queryset, with_details=is_administrator(request.user))

    @admin.display(description=_("time (company time)"), ordering="created_at")
    def local_time(self, obj):
        return local_datetime(obj.created_at, obj.company_database.time_zone, seconds=True)

    @admin.display(description=_("level"), ordering="level")
    def level_display(self, obj):
        label = obj.get_level_display()
        if obj.level >= LogLevel.ERROR:
            return format_html('<strong style="color: #ba2121">{}</strong>', label)
        if obj.level >= LogLevel.WARNING:
            return format_html('<strong style="color: #b8860b">{}</strong>', label)
        return label

    @admin.display(description=_("run"), ordering="run__started_at")
    def run_link(self, obj):
        url = reverse("admin:importer_syncrun_change", args=[obj.run_id])
        return format_html('<a href="{}">#{}</a>', url, obj.run_id)

    @admin.display(description=_("message"))
    def short_message(self, obj):
        return Truncator(obj.message).chars(120)

    @admin.display(description=_("details"))
    def folded_details(self, obj):
        return folded_details(obj.details)
