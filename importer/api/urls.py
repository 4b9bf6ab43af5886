"""URLs of the device intake API, included at ``api/mobile/v1/``.

Master data (``products``, ``stock``, ``customers``, ``payment-forms``, ``warehouses``) and
the OpenAPI document (``openapi.json``, ``docs``) come from `devicedata`.
``documents`` is registered with and without a trailing slash so that APPEND_SLASH never
redirects a POST; anything else under the prefix is a JSON 404.
"""

from django.urls import path, re_path

from devicedata import api as device_data
from devicedata import docs as api_docs
from importer.api import views

app_name = "mobile_api"

urlpatterns = [
    path("documents", views.documents, name="documents"),
    path("documents/", views.documents),
    path("documents/<str:guid>", views.document_detail, name="document"),
    path("documents/<str:guid>/", views.document_detail),
    # the download direction and the API's description (devicedata)
    path("openapi.json", api_docs.openapi_json, name="openapi"),
    path("docs", api_docs.openapi_page, name="docs"),
    path("docs/", api_docs.openapi_page),
    re_path(
        rf"^(?P<kind>{device_data.KINDS_PATTERN})/?$", device_data.master_data, name="master_data"
    ),
    re_path(r"^(?P<rest>.*)$", views.not_found),
]
