"""Admin of the devices: the bearer token is shown once when issued; only its hash is stored."""

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from importer.models import (
    Device,
)


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
            obj._issued_token = token  # shown by response_add, kept nowhere else

    def response_add(self, request, obj, post_url_continue=None):
        token = getattr(obj, "_issued_token", None)
        if token:
            return self._tokens_page(request, [(obj, token)])
        return super().response_add(request, obj, post_url_continue)

    def _tokens_page(self, request, issued: list) -> TemplateResponse:
        """The page that shows new tokens once. It is the response itself: a token never
        passes through the session (the messages framework would keep it in the session
        table, and SQLite's WAL file after that), and the page is not cached."""
        response = TemplateResponse(
            request,
            "admin/importer/device/tokens_issued.html",
            {
                **self.admin_site.each_context(request),
                "title": _("New device tokens"),
                "opts": self.opts,
                "issued": issued,
            },
        )
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description=_("Issue a new token"), permissions=["change"])
    def issue_new_token(self, request, queryset):
        """Give each selected device a new token (the old one stops working) and show it once."""
        issued = []
        for device in queryset:
            token = device.issue_token()
            device.save(update_fields=["token_hash", "token_hint"])
            issued.append((device, token))
        return self._tokens_page(request, issued)

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
