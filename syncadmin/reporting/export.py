"""CSV export of the run list and the log list, keeping the filters and search in use.

The file is UTF-8 with a byte order mark and ``;`` between fields, which is what Excel with
Polish regional settings opens directly (Polish letters intact, one value per column). Times
are the company's wall-clock time (``YYYY-MM-DD HH:MM:SS``) with the time zone in its own
column. Rows are streamed, so a list of a million log entries is not held in memory.
"""

import csv
from datetime import date

from django.http import StreamingHttpResponse
from django.urls import path
from django.utils.translation import gettext as _

from syncadmin.dashboard.formatting import in_zone

BOM = "\ufeff"


class _Echo:
    def write(self, value):
        return value


def _time(moment, tz: str) -> str:
    local = in_zone(moment, tz)
    return f"{local:%Y-%m-%d %H:%M:%S}" if local else ""


def run_rows(queryset):
    """Header and one row per `SyncRun` (``company_database`` selected with it)."""
    yield [
        _("run"),
        _("company database"),
        _("trigger"),
        _("status"),
        _("started"),
        _("finished"),
        _("time zone"),
        _("duration (s)"),
        _("imported"),
        _("failed"),
        _("still waiting"),
        _("first error"),
        _("worker"),
    ]
    for run in queryset.iterator(chunk_size=2000):
        tz = run.company_database.time_zone
        duration = run.duration
        yield [
            run.pk,
            run.company_database.name,
            run.get_trigger_display(),
            run.get_status_display(),
            _time(run.started_at, tz),
            _time(run.finished_at, tz),
            tz,
            f"{duration.total_seconds():.1f}" if duration else "",
            run.imported_count,
            run.failed_count,
            run.waiting_count,
            run.first_error,
            run.worker,
        ]


def log_entry_rows(queryset, with_details: bool):
    """Header and one row per `RunLogEntry`; ``details`` only when ``with_details``."""
    header = [
        _("time"),
        _("time zone"),
        _("level"),
        _("company database"),
        _("run"),
        _("document GUID"),
        _("device number"),
        _("message"),
    ]
    yield header + ([_("details")] if with_details else [])
    for entry in queryset.iterator(chunk_size=2000):
        tz = entry.company_database.time_zone
        row = [
            _time(entry.created_at, tz),
            tz,
            entry.get_level_display(),
            entry.company_database.name,
            entry.run_id,
            entry.document_guid,
            entry.document_number,
            entry.message,
        ]
        yield row + ([entry.details] if with_details else [])


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A cell Excel would run as a formula (text starting with =, +, -, @, tab or CR: values a
    device sent, such as a document number) gets a leading apostrophe, so it stays text
    (OWASP, "CSV Injection"). Numbers and other values are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_response(rows, filename: str) -> StreamingHttpResponse:
    """Stream ``rows`` (lists) as a CSV download: UTF-8 with BOM, ``;``-separated, every
    text cell neutralised against formula injection (`neutralise`)."""
    writer = csv.writer(_Echo(), delimiter=";")

    def lines():
        yield BOM
        for row in rows:
            yield writer.writerow([neutralise(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{filename}-{date.today():%Y-%m-%d}.csv"'
    )
    return response


class CsvExportMixin:
    """For a ModelAdmin: ``export/`` answers the change list's current filters as CSV.

    The subclass defines ``csv_rows(request, queryset)`` and ``csv_filename``. The button is
    in ``admin/syncadmin/change_list_export.html`` (set as ``change_list_template``).
    """

    change_list_template = "admin/syncadmin/change_list_export.html"
    csv_filename = "export"

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "export/",
                self.admin_site.admin_view(self.export_csv_view),
                name=f"{info[0]}_{info[1]}_export",
            ),
        ] + super().get_urls()

    def export_csv_view(self, request):
        from django.core.exceptions import PermissionDenied

        if not self.has_view_permission(request):
            raise PermissionDenied
        changelist = self.get_changelist_instance(request)
        queryset = changelist.get_queryset(request)
        return csv_response(self.csv_rows(request, queryset), self.csv_filename)
