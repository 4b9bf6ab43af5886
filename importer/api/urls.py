"""URLs of the device intake API, included at ``api/mobile/v1/``.

``documents`` is registered with and without a trailing slash so that APPEND_SLASH never
redirects a POST; anything else under the prefix is a JSON 404.
"""

from django.urls import path, re_path

from importer.api import views

app_name = "mobile_api"

urlpatterns = [
    path("documents", views.documents, name="documents"),
    path("documents/", views.documents),
    path("documents/<str:guid>", views.document_detail, name="document"),
    path("documents/<str:guid>/", views.document_detail),
    re_path(r"^(?P<rest>.*)$", views.not_found),
]
