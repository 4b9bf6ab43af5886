"""The OpenAPI document: served, well formed, complete, readable as a page, and the check
that holds the suite's responses against it catches a response that does not conform."""

import json

import jsonschema
import pytest

from devicedata.models import Kind
from tests.openapi_conformance import Conformance


@pytest.fixture
def doc(client, db):
    answer = client.get("/api/mobile/v1/openapi.json")
    assert answer.status_code == 200 and answer["Content-Type"] == "application/json"
    return answer.json()


def test_it_is_served_as_openapi_3_1_with_every_device_endpoint(doc):
    assert doc["openapi"] == "3.1.0"
    assert doc["servers"][0]["url"] == "http://testserver/api/mobile/v1"
    operations = {(method.upper(), path) for path, item in doc["paths"].items() for method in item}
    assert operations == {
        ("POST", "/documents"),
        ("GET", "/documents/{guid}"),
        *(("GET", f"/{kind}") for kind in Kind.values),
    }
    assert doc["components"]["securitySchemes"]["device"] == {
        "type": "http",
        "scheme": "bearer",
        "description": doc["components"]["securitySchemes"]["device"]["description"],
    }


def test_every_schema_is_valid_json_schema_2020_12_and_every_ref_resolves(doc):
    for schema in doc["components"]["schemas"].values():
        jsonschema.Draft202012Validator.check_schema(schema)
    text = json.dumps(doc)
    for ref in {part.split('"')[0] for part in text.split('"$ref": "')[1:]}:
        assert ref.removeprefix("#/components/schemas/") in doc["components"]["schemas"], ref
    for item in doc["paths"].values():
        for op in item.values():
            assert op["operationId"] and "401" in op["responses"] and "500" in op["responses"]


def test_errors_are_described_with_their_field_paths(doc):
    errors = doc["components"]["schemas"]["FieldErrors"]["properties"]["errors"]["items"]
    assert errors["required"] == ["index", "guid", "field", "message"]
    assert doc["paths"]["/documents"]["post"]["responses"]["400"]["content"]["application/json"][
        "schema"
    ] == {"$ref": "#/components/schemas/FieldErrors"}


def test_the_check_catches_a_response_that_does_not_conform(doc):
    check = Conformance(doc)
    headers = {"Content-Type": "application/json"}
    assert (
        check.check(
            "POST", "/api/mobile/v1/documents", 200, headers, b'{"accepted": [], "duplicates": []}'
        )
        == []
    )
    assert check.check(
        "POST", "/api/mobile/v1/documents", 200, headers, b'{"accepted": [1]}'
    )  # a number, and duplicates missing
    assert check.check("POST", "/api/mobile/v1/documents", 418, headers, b"{}")
    assert check.check(
        "GET",
        "/api/mobile/v1/products",
        200,
        {"Content-Type": "application/json"},
        json.dumps(
            {
                "kind": "products",
                "changed": [],
                "removed": [],
                "cursor": "1",
                "has_more": False,
                "next": None,
            }
        ).encode(),
    ) == ["header ETag missing", "header X-Data-Stale missing"]
    assert check.check("GET", "/api/mobile/v1/nic-takiego", 404, headers, b"{}") is None


def test_the_page_for_integrators_lists_every_endpoint_and_schema(client, db, doc):
    page = client.get("/api/mobile/v1/docs", headers={"accept-language": "en"})
    assert page.status_code == 200
    html = page.content.decode()
    for path, item in doc["paths"].items():
        for method in item:
            assert f"{method.upper()}</span> <code>{path}</code>" in html
    for name in doc["components"]["schemas"]:
        assert f'id="schema-{name}"' in html
    assert "Machine-readable document (OpenAPI 3.1)" in html
    polish = client.get("/api/mobile/v1/docs", headers={"accept-language": "pl"})
    assert "Dokument do odczytu maszynowego (OpenAPI 3.1)" in polish.content.decode()
