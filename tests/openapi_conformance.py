"""Every device API response the suite produces is held against the OpenAPI document.

A pytest plugin (listed in ``tests/conftest.py``): it wraps ``django.test.Client.request``
for the whole session, so each response to a path under ``/api/mobile/v1/`` that the
document describes (path and method) is checked: its status is one the operation lists, a
JSON body validates against that answer's schema (JSON Schema 2020-12), the headers it marks
required are there. A response that does not conform fails the test that produced it. Paths
and methods the document does not describe (the JSON 404 of unknown paths, 405s) are counted
and left alone. The totals are printed at the end of the run.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache

import jsonschema
import pytest

PREFIX = "/api/mobile/v1"
COUNTS: Counter = Counter()


class Conformance:
    """The checks of one OpenAPI 3.1 document (a dict)."""

    def __init__(self, doc: dict):
        self.doc = doc
        self.routes = []
        for template, item in doc["paths"].items():
            pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template))
            self.routes.append((re.compile(f"^{pattern}/?$"), template, item))

    def operation(self, method: str, path: str) -> dict | None:
        """The operation of ``method`` on ``path`` (relative to the server), or None."""
        for regex, _template, item in self.routes:
            if regex.match(path):
                return item.get(method.lower())
        return None

    def _validator(self, schema: dict):
        root = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "components": self.doc["components"],
            "allOf": [schema],
        }
        return jsonschema.Draft202012Validator(
            root, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )

    def problems(self, operation: dict, status: int, headers, body: bytes) -> list[str]:
        """What is wrong with one response to ``operation`` ([] when it conforms)."""
        answers = operation["responses"]
        answer = answers.get(str(status)) or answers.get("default")
        if answer is None:
            return [f"status {status} is not one of {sorted(answers)}"]
        found = []
        for name, header in answer.get("headers", {}).items():
            if header.get("required") and name not in headers:
                found.append(f"header {name} missing")
        content = answer.get("content")
        if not content:
            return found
        media = headers.get("Content-Type", "").split(";")[0].strip()
        if media not in content:
            return found + [f"content type {media!r} is not one of {sorted(content)}"]
        try:
            data = json.loads(body)
        except ValueError as exc:
            return found + [f"body is not JSON: {exc}"]
        validator = self._validator(content[media]["schema"])
        found += [
            f"body{''.join(f'[{p!r}]' for p in e.absolute_path)}: {e.message}"
            for e in validator.iter_errors(data)
        ]
        return found

    def check(self, method: str, path: str, status: int, headers, body: bytes) -> list[str] | None:
        """Problems of a response to ``method path`` (full path), or None if undescribed."""
        if not path.startswith(PREFIX + "/"):
            return None
        operation = self.operation(method, path[len(PREFIX) :])
        if operation is None:
            return None
        return self.problems(operation, status, headers, body)


@lru_cache(maxsize=1)
def conformance() -> Conformance:
    from devicedata.openapi import document

    return Conformance(document())


def check_response(response) -> None:
    """Fail (AssertionError) if a Django test client response of the device API does not
    conform; count it either way."""
    request = response.request
    path, method = request.get("PATH_INFO", ""), request.get("REQUEST_METHOD", "GET")
    if not path.startswith(PREFIX + "/"):
        return
    body = b"" if getattr(response, "streaming", False) else response.content
    problems = conformance().check(method, path, response.status_code, response.headers, body)
    if problems is None:
        COUNTS["not described"] += 1
        return
    COUNTS["checked"] += 1
    assert not problems, (
        f"{method} {path} → {response.status_code} does not conform to the "
        f"OpenAPI document: {problems}"
    )


@pytest.fixture(autouse=True, scope="session")
def _device_api_conforms():
    from django.test import Client

    original = Client.request

    def request(self, **request):
        response = original(self, **request)
        check_response(response)
        return response

    Client.request = request
    yield
    Client.request = original


def pytest_terminal_summary(terminalreporter):
    if COUNTS:
        terminalreporter.write_line(
            f"device API responses checked against the OpenAPI document: {COUNTS['checked']} "
            f"(not described there: {COUNTS['not described']})"
        )
