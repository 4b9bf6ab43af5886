from django.contrib.admin.apps import AdminConfig


class SyncAdminConfig(AdminConfig):
    """django.contrib.admin with `syncadmin.dashboard.site.SyncAdminSite` as the default site."""

    default_site = "syncadmin.dashboard.site.SyncAdminSite"
