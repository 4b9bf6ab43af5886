"""Admin for company databases (bazy firmowe) with their schedule (harmonogram) inline."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from harmonogramy.describe import describe_schedule
from harmonogramy.discovery import DiscoveryError, discover
from harmonogramy.forms import (
    CompanyDatabaseAdminForm,
    ConfigurationDatabaseAdminForm,
    ScheduleForm,
    ScheduleInlineFormSet,
)
from harmonogramy.models import CompanyDatabase, ConfigurationDatabase, Schedule
from harmonogramy.nextrun import format_in_zone
from harmonogramy.timetable import TimetableError
from importer.connection_check import check_connection
from importer.erp.adapter import ErpError
from importer.models import RunTrigger
from importer.reconcile import find_missing, requeue
from syncadmin.dashboard.company_page import CompanyPageMixin

UPCOMING_RUNS = 5


# The ODBC connection fields shared by company and configuration databases (`OdbcConnection`),
# with the write-only password of `harmonogramy.forms`.
ODBC_CONNECTION_FIELDS = [
    "dialect",
    "odbc_driver",
    ("server", "port"),
    "database",
    "trusted_connection",
    "username",
    "new_password",
    "clear_password",
    "odbc_options",
]


class ScheduleInline(admin.StackedInline):
    """The one schedule of a company database, with its summary and next runs."""

    model = Schedule
    form = ScheduleForm
    formset = ScheduleInlineFormSet
    extra = 1
    max_num = 1
    can_delete = False
    fields = [
        "enabled",
        "interval_minutes",
        "weekdays",
        ("active_from", "active_to"),
        "import_on_arrival",
        "summary",
        "upcoming_runs",
    ]
    readonly_fields = ["summary", "upcoming_runs"]

    @admin.display(description=_("schedule in words"))
    def summary(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return describe_schedule(obj)

    @admin.display(description=_("next runs (company time zone)"))
    def upcoming_runs(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        if not obj.enabled:
            return _("The schedule is disabled.")
        tz = obj.company_database.time_zone
        try:
            runs = obj.timetable.next_runs(timezone.now(), UPCOMING_RUNS)
        except TimetableError as exc:
            return _("No runs: %(reason)s") % {"reason": exc}
        items = format_html_join("", "<li>{}</li>", ((format_in_zone(r, tz),) for r in runs))
        return format_html("<ul>{}</ul><p>{}</p>", items, tz)


class ConnectionCheckMixin:
    """The "Test connection" button of a database's page: ``<id>/test-connection/`` answers
    each question (driver, server and login, Optima's tables) as a message on the page
    (`importer.connection_check`)."""

    company_database = True

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<int:object_id>/test-connection/",
                self.admin_site.admin_view(self.connection_check_view),
                name=f"{info[0]}_{info[1]}_test_connection",
            ),
            *super().get_urls(),
        ]

    def connection_check_view(self, request, object_id):
        database = self.get_object(request, str(object_id))
        if database is None or not self.has_view_permission(request, database):
            raise PermissionDenied
        for step in check_connection(database, company=self.company_database):
            (messages.success if step.ok else messages.error)(request, step.message)
        info = self.opts.app_label, self.opts.model_name
        return HttpResponseRedirect(reverse(f"admin:{info[0]}_{info[1]}_change", args=[object_id]))

    @admin.display(description=_("connection"))
    def connection_check(self, obj):
        if obj is None or obj.pk is None:
            return _("Save first, then test the connection.")
        info = self.opts.app_label, self.opts.model_name
        url = reverse(f"admin:{info[0]}_{info[1]}_test_connection", args=[obj.pk])
        return format_html(
            '<a class="button" href="{}">{}</a> <span class="help">{}</span>',
            url,
            _("Test connection"),
            _(
                "Is the driver installed, does the server accept the login, are Optima's tables "
                "there? (the saved settings)"
            ),
        )


@admin.register(CompanyDatabase)
class CompanyDatabaseAdmin(ConnectionCheckMixin, CompanyPageMixin, admin.ModelAdmin):
    """Company databases: connection, import settings, schedule, inbox counts."""

    form = CompanyDatabaseAdminForm
    inlines = [ScheduleInline]
    list_display = [
        "name",
        "dialect",
        "server",
        "database",
        "is_active",
        "schedule_in_words",
        "next_run",
        "waiting_count",
        "failed_count",
    ]
    list_filter = ["is_active", "dialect"]
    search_fields = ["name", "server", "database"]
    list_select_related = ["schedule", "operator"]
    readonly_fields = [
        "connection_check",
        "discovered_guid",
        "missing_since",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (
            _("Connection"),
            {
                "fields": [
                    "name",
                    "is_active",
                    "configuration",
                    *ODBC_CONNECTION_FIELDS,
                    "connection_check",
                ]
            },
        ),
        (
            _("Import settings"),
            {
                "fields": [
                    "time_zone",
                    "default_warehouse",
                    "retail_customer_code",
                    "default_cash_register",
                    "documents_as_drafts",
                    "inactive_nip_match",
                    "error_policy",
                    "operator",
                ]
            },
        ),
        (
            _("Discovery"),
            {
                "classes": ["collapse"],
                "fields": ["discovered_guid", "missing_since", "created_at", "updated_at"],
            },
        ),
    ]

    actions = ["reconcile"]

    @admin.action(description=_("Reconcile with the ERP (after a restore)"), permissions=["change"])
    def reconcile(self, request, queryset):
        """List the imported documents the ERP no longer holds; on confirmation, put them
        back in the queue (`importer.reconcile`)."""
        found, errors = [], []
        for company in queryset:
            try:
                found.append((company, find_missing(company)))
            except ErpError as exc:
                errors.append(
                    _("%(company)s: the ERP cannot be read: %(error)s")
                    % {"company": company, "error": exc}
                )
        for error in errors:
            self.message_user(request, error, messages.ERROR)
        if "apply" in request.POST:
            for company, missing in found:
                if missing:
                    requeue(company, missing, trigger=RunTrigger.MANUAL)
                    self.message_user(
                        request,
                        ngettext(
                            "%(company)s: %(count)d document is back in the queue.",
                            "%(company)s: %(count)d documents are back in the queue.",
                            len(missing),
                        )
                        % {"company": company, "count": len(missing)},
                        messages.SUCCESS,
                    )
            return None
        return TemplateResponse(
            request,
            "admin/harmonogramy/companydatabase/reconcile.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Reconcile with the ERP"),
                "opts": self.opts,
                "found": found,
                "any_missing": any(missing for _c, missing in found),
                "queryset": [company for company, _m in found],
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )

    def get_queryset(self, request):
        # Counted in the list query itself, so the page costs the same for 3 or 300 rows.
        return (
            super()
            .get_queryset(request)
            .annotate(
                documents_waiting=Count("documents", filter=Q(documents__status="received")),
                documents_failed=Count("documents", filter=Q(documents__status="failed")),
            )
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if {"operator", "configuration"} & set(form.changed_data):  # check the new operator
            from operators.admin import report_operator_checks

            company = form.instance
            report_operator_checks(request, company.effective_operator(), [company], saved=True)

    @admin.display(description=_("schedule"))
    def schedule_in_words(self, obj):
        return describe_schedule(getattr(obj, "schedule", None))

    @admin.display(description=_("next run"), ordering="schedule__next_run_at")
    def next_run(self, obj):
        schedule = getattr(obj, "schedule", None)
        if schedule is None or not obj.is_active:
            return "—"
        return format_in_zone(schedule.next_run_at, obj.time_zone)

    @admin.display(description=_("waiting"), ordering="documents_waiting")
    def waiting_count(self, obj):
        return obj.documents_waiting

    @admin.display(
        description=pgettext_lazy("document count", "failed"), ordering="documents_failed"
    )
    def failed_count(self, obj):
        if not obj.documents_failed:
            return 0
        url = reverse("admin:importer_mobiledocument_changelist")
        return format_html(
            '<a href="{}?company_database__id__exact={}&amp;status__exact=failed">{}</a>',
            url,
            obj.pk,
            obj.documents_failed,
        )


def run_discovery(request, configuration: ConfigurationDatabase) -> None:
    """Discover the company databases of ``configuration``; the outcome goes to messages."""
    try:
        result = discover(configuration)
    except DiscoveryError as exc:
        messages.error(request, exc.message)
        return
    messages.success(request, _("Discovery finished. %(summary)s") % {"summary": result.summary()})


@admin.register(ConfigurationDatabase)
class ConfigurationDatabaseAdmin(ConnectionCheckMixin, admin.ModelAdmin):
    """Optima's configuration database: its connection (write-only password) and discovery
    of the company databases it lists (the action, or "Save and discover" on the form)."""

    company_database = False
    form = ConfigurationDatabaseAdminForm
    change_form_template = "admin/harmonogramy/configurationdatabase/change_form.html"
    actions = ["discover_databases"]
    list_display = ["name", "dialect", "server", "database", "company_count", "last_discovery_at"]
    readonly_fields = ["connection_check", "last_discovery_at", "created_at", "updated_at"]
    fieldsets = [
        (
            _("Connection"),
            {"fields": ["name", *ODBC_CONNECTION_FIELDS, "connection_check"]},
        ),
        (_("Discovery"), {"fields": ["last_discovery_at", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(companies_count=Count("companies"))

    @admin.display(description=_("company databases"), ordering="companies_count")
    def company_count(self, obj):
        return obj.companies_count

    @admin.action(description=_("Discover company databases"), permissions=["change"])
    def discover_databases(self, request, queryset):
        for configuration in queryset:
            run_discovery(request, configuration)

    def _discover_after_save(self, request, obj, response):
        if "_discover" not in request.POST:
            return response
        run_discovery(request, obj)
        url = reverse("admin:harmonogramy_configurationdatabase_change", args=[obj.pk])
        return HttpResponseRedirect(url)

    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        return self._discover_after_save(request, obj, response)

    def response_change(self, request, obj):
        return self._discover_after_save(request, obj, super().response_change(request, obj))
