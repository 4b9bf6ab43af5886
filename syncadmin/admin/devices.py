"""Admin of the devices: the bearer token is shown once when issued; only its hash is stored."""

from django.contrib import admin, messages
from django.utils.html import format_html
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
