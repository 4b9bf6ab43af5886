"""A company database's page (its admin change form): charts and the daily log files."""

from syncadmin.dashboard.charts import DAYS, RUNS, durations_chart, imported_chart
from syncadmin.reporting.logfiles import list_log_files


class CompanyPageMixin:
    """For `CompanyDatabaseAdmin`: adds the charts and the log file list below the form."""

    change_form_template = "admin/harmonogramy/companydatabase/company_page.html"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        company = self.get_object(request, object_id)
        context = dict(extra_context or {})
        if company is not None:
            context.update(
                log_files=list_log_files(company),
                imported_chart=imported_chart(company),
                durations_chart=durations_chart(company),
                chart_days=DAYS,
                chart_runs=RUNS,
            )
        return super().change_view(request, object_id, form_url, context)
