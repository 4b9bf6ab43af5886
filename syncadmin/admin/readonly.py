"""Read-only admin pages (runs and log entries are written by the automat, pruned by retention)."""


class ReadOnlyAdminMixin:
    """No add or change; delete only for superusers (e.g. to drop a test run)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser
