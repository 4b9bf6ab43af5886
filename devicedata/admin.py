"""Admin of the download direction: the copy devices read (read only) and, per company
database, the device data settings (refresh interval, silent-device threshold) with the
"Refresh device data" action."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from devicedata.models import DeviceDataState, MasterRecord
from devicedata.refresh import refresh


@admin.register(MasterRecord)
class MasterRecordAdmin(admin.ModelAdmin):
    """What the devices download, as syncadmin holds it: never edited here (it comes from
    the ERP)."""

    list_display = ["kind", "key", "label", "company_database", "version", "removed", "changed_at"]
    list_filter = ["company_database", "kind", "removed"]
    search_fields = ["key", "data__code", "data__name"]
    readonly_fields = [
        "company_database",
        "kind",
        "key",
        "version",
        "removed",
        "data",
        "changed_at",
    ]
    exclude = ["digest"]
    list_per_page = 100
    show_full_result_count = False

    @admin.display(description=_("code or name"))
    def label(self, obj):
        return obj.data.get("code") or obj.data.get("symbol") or obj.data.get("name") or "—"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DeviceDataState)
class DeviceDataStateAdmin(admin.ModelAdmin):
    list_display = [
        "company_database",
        "last_success_at",
        "last_attempt_at",
        "refresh_state",
        "refresh_minutes",
        "silent_after_hours",
    ]
    fields = [
        "company_database",
        "refresh_minutes",
        "silent_after_hours",
        "version",
        "last_attempt_at",
        "last_success_at",
        "last_error",
        "last_duration_ms",
        "counts",
    ]
    readonly_fields = [
        "version",
        "last_attempt_at",
        "last_success_at",
        "last_error",
        "last_duration_ms",
        "counts",
    ]
    actions = ["refresh_device_data"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return ["company_database", *self.readonly_fields]
        return self.readonly_fields

    @admin.display(description=_("last refresh"))
    def refresh_state(self, obj):
        if obj.failing:
            return _("failed: %(error)s") % {"error": obj.last_error[:120]}
        return _("works") if obj.last_success_at else _("never refreshed")

    @admin.action(description=_("Refresh device data"), permissions=["change"])
    def refresh_device_data(self, request, queryset):
        for state in queryset.select_related("company_database"):
            result = refresh(state.company_database)
            level = messages.SUCCESS if result.ok else messages.ERROR
            self.message_user(request, f"{state.company_database}: {result.summary()}", level)
