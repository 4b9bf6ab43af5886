"""Read-only admin pages (runs and log entries are written by the automat, pruned by retention)."""


class ReadOnlyAdminMixin:
    """No add, no change, no delete by hand: runs and log entries are the record of what the
    automat did; retention (`importer.retention`, `manage.py prune_logs`) deletes old ones."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
