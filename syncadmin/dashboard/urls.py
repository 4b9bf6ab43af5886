"""The dashboard's own URLs, mounted on the admin site (all behind the admin login)."""

from django.urls import path


def site_urls(site) -> list:
    """URL patterns for `SyncAdminSite.get_urls`; names are in the ``admin`` namespace."""
    from syncadmin.dashboard import views

    def wrap(view):
        return site.admin_view(lambda request, *a, **kw: view(site, request, *a, **kw))

    return [
        path("dashboard/<int:company_id>/sync/", wrap(views.sync_now), name="dashboard_sync"),
        path("dashboard/<int:company_id>/pause/", wrap(views.pause), name="dashboard_pause"),
        path("dashboard/<int:company_id>/resume/", wrap(views.resume), name="dashboard_resume"),
        path(
            "dashboard/<int:company_id>/logs/<str:filename>",
            wrap(views.download_log_file),
            name="dashboard_log_file",
        ),
    ]
