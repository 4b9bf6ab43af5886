"""Admin for devices, the inbox (dokumenty wysłane), runs (uruchomienia) and their logs.

Devices: the bearer token is shown once, in a success message, when it is issued; only its
hash is stored. Documents are never edited by hand: an administrator sends a failed one back
to be tried again or ignores it with a reason. Runs and log entries are read-only.
"""

import json

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.filters import DateFieldListFilter
from django.db.models import Q
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from importer.forms import IgnoreDocumentsForm
from importer.models import (
    Device,
    DocumentStatus,
    LogLevel,
    MobileDocument,
    RunLogEntry,
    SyncRun,
)
from syncadmin.dashboard.documents import DocumentPageMixin
from syncadmin.dashboard.export import CsvExportMixin, log_entry_rows, run_rows
from syncadmin.dashboard.filters import DateRangeFilter
from syncadmin.dashboard.formatting import local_datetime
from syncadmin.dashboard.roles import is_administrator

SHORT_TEXT = 80


def first_line(text: str, length: int = SHORT_TEXT) -> str:
    """The first line of ``text``, cut to ``length`` characters with an ellipsis."""
    if not text:
        return ""
    return Truncator(text.strip().splitlines()[0]).chars(length)


def format_duration(delta) -> str:
    """A run's duration for people: "4.2 s", "3 min 05 s", "1 h 02 min"."""
    if delta is None:
        return "—"
    seconds = delta.total_seconds()
    if seconds < 60:
        return gettext("%(seconds).1f s") % {"seconds": seconds}
    minutes, seconds = divmod(int(seconds), 60)
    if minutes < 60:
        return gettext("%(minutes)d min %(seconds)02d s") % {"minutes": minutes, "seconds": seconds}
    hours, minutes = divmod(minutes, 60)
    return gettext("%(hours)d h %(minutes)02d min") % {"hours": hours, "minutes": minutes}


def folded_details(details: str):
    """Long details (a traceback) folded in a <details> element."""
    if not details:
        return ""
    return format_html(
        '<details><summary>{}</summary><pre style="white-space: pre-wrap">{}</pre></details>',
        _("Details"),
        details,
    )


# --- devices --------------------------------------------------------------------------


@admin.register(Device)
class DeviceAdmin(admin.ModelAdmin):
    """Registered devices. A token is issued on add and by an action, and shown only once."""

    list_display = [
        "name",
        "sales_rep",
        "company_database",
        "is_active",
        "token_starts_with",
        "last_seen_at",
    ]
    list_filter = ["is_active", "company_database"]
    search_fields = ["name", "sales_rep", "token_hint"]
    list_select_related = ["company_database"]
    fields = [
        "name",
        "sales_rep",
        "company_database",
        "is_active",
        "token_starts_with",
        "created_at",
        "last_seen_at",
    ]
    readonly_fields = ["token_starts_with", "created_at", "last_seen_at"]
    actions = ["issue_new_token", "deactivate"]

    @admin.display(description=_("token starts with"))
    def token_starts_with(self, obj):
        if obj is None or not obj.token_hint:
            return "—"
        return f"{obj.token_hint}…"

    def save_model(self, request, obj, form, change):
        token = None if change else obj.issue_token()
        super().save_model(request, obj, form, change)
        if token:
            self._show_token_once(request, obj, token)

    def _show_token_once(self, request, device, token: str) -> None:
        messages.success(
            request,
            format_html(
                "{} <code>{}</code><br>{}",
                _("The token of device “%(device)s”:") % {"device": device.name},
                token,
                _("Copy it into the device now: it is not stored and will not be shown again."),
            ),
        )

    @admin.action(description=_("Issue a new token"), permissions=["change"])
    def issue_new_token(self, request, queryset):
        """Give each selected device a new token (the old one stops working) and show it once."""
        for device in queryset:
            token = device.issue_token()
            device.save(update_fields=["token_hash", "token_hint"])
            self._show_token_once(request, device, token)

    @admin.action(description=_("Deactivate (revoke the token)"), permissions=["change"])
    def deactivate(self, request, queryset):
        """Deactivated devices are refused by the intake API."""
        count = queryset.filter(is_active=True).update(is_active=False)
        self.message_user(
            request,
            ngettext("%(count)d device deactivated.", "%(count)d devices deactivated.", count)
            % {"count": count},
            messages.SUCCESS,
        )


# --- the inbox --------------------------------------------------------------------------


@admin.register(MobileDocument)
class MobileDocumentAdmin(DocumentPageMixin, admin.ModelAdmin):
    """The inbox (dokumenty wysłane), read-only; failed documents can be sent back or ignored."""

    list_display = [
        "received_at",
        "company_database",
        "device",
        "doc_type",
        "number",
        "status",
        "erp_number",
        "short_error",
    ]
    list_filter = ["status", "doc_type", "company_database", "device"]
    search_fields = ["guid", "number", "erp_number"]
    list_select_related = ["company_database", "device"]
    date_hierarchy = "received_at"
    actions = ["send_back_to_received", "ignore_documents"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "guid",
                    "doc_type",
                    "number",
                    "issued_at",
                    "company_database",
                    "device",
                    "status",
                    "short_error_block",
                    "erp_number",
                    "erp_id",
                    "attempts",
                    "ignored_reason",
                    "received_at",
                    "imported_at",
                    "log_entries_link",
                ]
            },
        ),
        (
            _("Dependencies"),
            {"classes": ["collapse"], "fields": ["customer_guid", "settles_guid", "content_hash"]},
        ),
        (_("Payload"), {"fields": ["pretty_payload"]}),
    ]
    readonly_fields = ["short_error_block", "log_entries_link", "pretty_payload", "content_hash"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # documents are never edited by hand

    def has_delete_permission(self, request, obj=None):
        return False  # ignore a document instead: the inbox is the record of what arrived

    def has_handle_permission(self, request):
        """Whether the user may send back or ignore documents (the model's change right)."""
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")

    @admin.display(description=_("error"))
    def short_error(self, obj):
        return first_line(obj.error)

    @admin.display(description=_("error"))
    def short_error_block(self, obj):
        if not obj.error:
            return "—"
        return format_html('<pre style="white-space: pre-wrap">{}</pre>', obj.error)

    @admin.display(description=_("payload"))
    def pretty_payload(self, obj):
        text = json.dumps(obj.payload, indent=2, ensure_ascii=False, sort_keys=False)
        return format_html('<pre style="white-space: pre-wrap">{}</pre>', text)

    @admin.display(description=_("log"))
    def log_entries_link(self, obj):
        url = reverse("admin:importer_runlogentry_changelist")
        return format_html(
            '<a href="{}?document_guid={}">{}</a>', url, obj.guid, _("Log entries of this document")
        )

    @admin.action(description=_("Send back to received"), permissions=["handle"])
    def send_back_to_received(self, request, queryset):
        """Failed documents go back to ``received`` to be imported by the next run."""
        sent_back = skipped = 0
        for document in queryset:
            if document.status == DocumentStatus.FAILED:
                document.send_back()
                sent_back += 1
            else:
                skipped += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d document sent back to received.",
                "%(count)d documents sent back to received.",
                sent_back,
            )
            % {"count": sent_back},
            messages.SUCCESS if sent_back else messages.WARNING,
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d document was skipped: only failed documents can be sent back.",
                    "%(count)d documents were skipped: only failed documents can be sent back.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )

    @admin.action(description=_("Ignore (asks for a reason)"), permissions=["handle"])
    def ignore_documents(self, request, queryset):
        """Ask for a reason on an intermediate page, then mark the documents ignored."""
        form = IgnoreDocumentsForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            ignored = skipped = 0
            for document in queryset:
                try:
                    document.ignore(form.cleaned_data["reason"])
                    ignored += 1
                except ValueError:  # imported documents cannot be ignored
                    skipped += 1
            self.message_user(
                request,
                ngettext("%(count)d document ignored.", "%(count)d documents ignored.", ignored)
                % {"count": ignored},
                messages.SUCCESS if ignored else messages.WARNING,
            )
            if skipped:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d imported document was skipped.",
                        "%(count)d imported documents were skipped.",
                        skipped,
                    )
                    % {"count": skipped},
                    messages.WARNING,
                )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Ignore documents"),
            "opts": self.opts,
            "queryset": queryset.select_related("company_database"),
            "form": form,
            "action_name": "ignore_documents",
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request, "admin/importer/mobiledocument/ignore_confirmation.html", context
        )


# --- runs and their logs ------------------------------------------------------------------


class ReadOnlyAdminMixin:
    """No add or change; delete only for superusers (e.g. to drop a test run)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


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
                RUN_PAGE_FIRST_ENTRIES - 1:RUN_PAGE_FIRST_ENTRIES].first()
            if cutoff is not None:  # more than the first entries
                entries = entries.filter(
                    Q(id__lte=cutoff) | Q(level__gte=LogLevel.WARNING))[:RUN_PAGE_MAX_ENTRIES]
            self._shortened = entries
        return self._shortened


class RunLogEntryInline(ReadOnlyAdminMixin, admin.TabularInline):
    """A run's log, in order, tracebacks folded (long logs shortened: `RunPageLogFormSet`)."""

    model = RunLogEntry
    formset = RunPageLogFormSet
    extra = 0
    can_delete = False
    fields = [
        "local_time", "level", "document_guid", "document_number", "message", "folded_details"
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

    @admin.action(description=_("Run again (queue a manual run of the database)"),
                  permissions=["rerun"])
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
            '{}<div class="help">{}</div>', link,
            gettext("This run has %(count)s log entries: below are the first %(first)s and "
                    "every warning and error; the link shows them all.")
            % {"count": localize(count), "first": RUN_PAGE_FIRST_ENTRIES},
        )


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
