from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class SyncadminConfig(AppConfig):
    name = "syncadmin"
    verbose_name = _("Sync service")

    def ready(self):
        from django.db.models.signals import post_migrate

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
