"""The dashboard's own URLs, mounted on the admin site (all behind the admin login)."""

from django.urls import path
from django.views.decorators.http import require_POST


def site_urls(site) -> list:
    """URL patterns for `SyncAdminSite.get_urls`; names are in the ``admin`` namespace."""
    from devicedata import views as device_views
    from syncadmin.dashboard import views

    def wrap(view, post_only=False):
        def bound(request, *args, **kwargs):
            return view(site, request, *args, **kwargs)

        return site.admin_view(require_POST(bound) if post_only else bound)

    return [
        # every device in view, and "Refresh device data" (devicedata)
        path("devices/", wrap(device_views.devices_page), name="devices"),
        path(
            "devices/<int:company_id>/refresh/",
            wrap(device_views.refresh_now, post_only=True),
            name="device_data_refresh",
        ),
        path(
            "dashboard/<int:company_id>/sync/",
            wrap(views.sync_now, post_only=True),
            name="dashboard_sync",
        ),
        path(
            "dashboard/<int:company_id>/pause/",
            wrap(views.pause, post_only=True),
            name="dashboard_pause",
        ),
        path(
            "dashboard/<int:company_id>/resume/",
            wrap(views.resume, post_only=True),
            name="dashboard_resume",
        ),
        path(
            "dashboard/<int:company_id>/logs/<str:filename>",
            wrap(views.download_log_file),
            name="dashboard_log_file",
        ),
    ]
