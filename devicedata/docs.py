"""The device API described: the OpenAPI document as JSON and as a page for integrators.

Both need no login and no token (they describe the API, they hold no data).
"""

from __future__ import annotations

import json

from django.http import HttpRequest, JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from devicedata.openapi import document

_METHODS = ("get", "post", "put", "patch", "delete")


def _server(request: HttpRequest) -> str:
    return request.build_absolute_uri("/api/mobile/v1").rstrip("/")


@require_safe
def openapi_json(request: HttpRequest) -> JsonResponse:
    """GET ``/api/mobile/v1/openapi.json``: the OpenAPI 3.1 document."""
    response = JsonResponse(
        document(_server(request)), json_dumps_params={"ensure_ascii": False, "indent": 1}
    )
    response["Access-Control-Allow-Origin"] = "*"  # readable by any API tool
    return response


def _resolve(doc: dict, schema: dict) -> str:
    """The JSON text of a response's schema, its top-level $ref followed once."""
    ref = schema.get("$ref", "")
    if ref.startswith("#/components/schemas/"):
        return ref.rsplit("/", 1)[1]
    return json.dumps(schema, ensure_ascii=False)


@require_safe
def openapi_page(request: HttpRequest) -> TemplateResponse:
    """GET ``/api/mobile/v1/docs``: the same document as a readable page (no JavaScript)."""
    doc = document(_server(request))
    operations = []
    for path, item in doc["paths"].items():
        for method in _METHODS:
            op = item.get(method)
            if op is None:
                continue
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "anchor": op["operationId"],
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "parameters": [
                        {**p, "schema": json.dumps(p.get("schema", {}), ensure_ascii=False)}
                        for p in op.get("parameters", [])
                    ],
                    "body": _resolve(doc, body["schema"]) if body else "",
                    "responses": [
                        {
                            "status": status,
                            "description": answer.get("description", ""),
                            "schema": _resolve(doc, answer["content"]["application/json"]["schema"])
                            if "content" in answer
                            else "",
                            "headers": sorted(answer.get("headers", {})),
                        }
                        for status, answer in op["responses"].items()
                    ],
                }
            )
    schemas = [
        {"name": name, "json": json.dumps(schema, ensure_ascii=False, indent=2)}
        for name, schema in doc["components"]["schemas"].items()
    ]
    return TemplateResponse(
        request,
        "devicedata/api_docs.html",
        {
            "info": doc["info"],
            "server": doc["servers"][0]["url"],
            "operations": operations,
            "schemas": schemas,
        },
    )
