from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class SyncadminConfig(AppConfig):
    name = "syncadmin"
    verbose_name = _("Sync service")

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        connection_created.connect(_private_sqlite_files, dispatch_uid="syncadmin-0600")

        from syncadmin import checks  # noqa: F401  (registers the system checks)
        from syncadmin.qschedule import (
            ensure_probe_schedule,
            ensure_prune_schedule,
            ensure_tick_schedule,
        )

        # post_migrate is only sent for apps with models; harmonogramy owns the schedules.
        post_migrate.connect(
            ensure_tick_schedule,
            sender=apps.get_app_config("harmonogramy"),
            dispatch_uid="syncadmin-tick-schedule",
        )
        post_migrate.connect(
            ensure_probe_schedule,
            sender=apps.get_app_config("harmonogramy"),
            dispatch_uid="syncadmin-probe-schedule",
        )
        post_migrate.connect(
            ensure_prune_schedule,
            sender=apps.get_app_config("harmonogramy"),
            dispatch_uid="syncadmin-prune-schedule",
        )


def _private_sqlite_files(sender, connection, **kwargs) -> None:
    """Django's SQLite database, its WAL and shared-memory files: readable by syncadmin's
    own user only (0600), whatever the umask made them."""
    import os
    from pathlib import Path

    if connection.vendor != "sqlite":
        return
    name = str(connection.settings_dict.get("NAME") or "")
    if not name or name == ":memory:" or name.startswith("file:"):
        return
    for suffix in ("", "-wal", "-shm"):
        path = Path(name + suffix)
        try:
            if path.exists() and path.stat().st_mode & 0o077:
                os.chmod(path, 0o600)
        except OSError:
            pass  # another process's file, or gone: nothing to protect here
