"""syncadmin's admin site: the dashboard is its home page; its own views hang under it."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class SyncAdminSite(admin.AdminSite):
    """The admin served at the site root, with the dashboard as its index page."""

    site_header = _("syncadmin — sync service for Comarch ERP Optima")
    site_title = _("syncadmin")
    index_title = _("Dashboard")
    site_url = None  # the admin is the whole site: no "View site" link

    def index(self, request, extra_context=None):
        from syncadmin.dashboard.views import dashboard

        return dashboard(self, request, extra_context)

    def get_urls(self):
        from syncadmin.dashboard.urls import site_urls

        return site_urls(self) + super().get_urls()
