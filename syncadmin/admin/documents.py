"""Admin of the inbox (dokumenty wysłane): never edited by hand; a failed document is sent
back to be tried again or ignored with a reason."""

import json

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from importer import handling
from importer.forms import IgnoreDocumentsForm
from importer.models import (
    MobileDocument,
)
from syncadmin.dashboard.documents import DocumentPageMixin
from syncadmin.dashboard.formatting import (
    first_line,
)


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
        sent_back, skipped = handling.send_back(queryset)
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
            ignored, skipped = handling.ignore(queryset, form.cleaned_data["reason"])
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
