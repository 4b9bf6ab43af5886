from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path

from syncadmin.health import health

urlpatterns = [
    path("health", health, name="health"),  # no login: load balancers and monitoring
    # Browsers ask for it on every page: an empty answer instead of a 404 in the logs.
    path("favicon.ico", lambda request: HttpResponse(status=204)),
    path("api/mobile/v1/", include("importer.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", admin.site.urls),
]
