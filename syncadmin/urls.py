from django.contrib import admin
from django.urls import include, path

from syncadmin.health import health

urlpatterns = [
    path("health", health, name="health"),  # no login: load balancers and monitoring
    path("api/mobile/v1/", include("importer.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", admin.site.urls),
]
