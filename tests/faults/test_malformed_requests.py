"""Every request of the malformed corpus gets the right 4xx, names the field, and leaves the
database exactly as it was: the inbox, devices, runs and log rows (every column), and the
SQLite database file's bytes (main file and write-ahead log)."""

import json
from pathlib import Path

import pytest
from django.db import connection

from importer.models import Device, MobileDocument, RunLogEntry, SyncRun
from tests.faults.malformed_requests import CASES, World, _fs

pytestmark = pytest.mark.django_db(transaction=True)


def _send(client, request, token):
    headers = {"HTTP_ACCEPT_LANGUAGE": "en"}
    if request.token is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {request.token or token}"
    if request.method == "GET":
        return client.get(request.path, **headers)
    headers["CONTENT_TYPE"] = request.content_type
    return client.generic(
        request.method, request.path, request.body, content_type=request.content_type, **headers
    )


@pytest.fixture
def world(client, device_and_token):
    device, token = device_and_token
    other = Device(name="REP02", company_database=device.company_database)
    other_token = other.issue_token()
    other.save()
    inactive = Device(name="REP03", company_database=device.company_database, is_active=False)
    inactive_token = inactive.issue_token()
    inactive.save()
    stored, theirs = _fs(), _fs(number="FS/1/REP02")
    for doc, bearer in ((stored, token), (theirs, other_token)):
        answer = client.post(
            "/api/mobile/v1/documents",
            json.dumps({"documents": [doc]}),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {bearer}",
        )
        assert answer.status_code == 200, answer.content
    return World(
        token=token, inactive_token=inactive_token, stored=stored, other_device_guid=theirs["guid"]
    )


def _state() -> tuple:
    rows = tuple(
        tuple(model.objects.order_by("pk").values_list())
        for model in (MobileDocument, Device, SyncRun, RunLogEntry)
    )
    files = ()
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite" and name and Path(name).exists():
        connection.close()  # nothing cached on our side; the bytes are what is on disk
        files = tuple(
            Path(name + suffix).read_bytes() if Path(name + suffix).exists() else b""
            for suffix in ("", "-wal")
        )
    return rows, files


def _names_the_field(response, case) -> bool:
    body = response.json()
    if response.status_code == 400:
        if not case.field:
            return bool(body.get("errors") or body.get("message"))
        return any((e.get("field") or "").startswith(case.field) for e in body.get("errors", []))
    text = body.get("message", "") + json.dumps(body.get("errors", ""))
    return case.field.lower() in text.lower()


def test_the_corpus_has_at_least_40_requests():
    assert len(CASES) >= 40
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_malformed_request_is_refused_and_changes_nothing(client, world, case):
    request = case.build(world)
    before = _state()
    response = _send(client, request, world.token)
    after = _state()
    assert response.status_code == case.status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    assert _names_the_field(response, case), response.content[:500]
    assert after[0] == before[0], "database rows changed"
    assert after[1] == before[1], "database file bytes changed"


def test_the_state_dump_sees_an_accepted_request(client, world):
    """The detector itself: a valid request does change the rows and the file bytes."""
    before = _state()
    request = CASES[0].build(world)
    request.body = json.dumps({"documents": [_fs()]}).encode()
    assert _send(client, request, world.token).status_code == 200
    after = _state()
    assert after[0] != before[0]
    if connection.vendor == "sqlite":
        assert before[1] and any(before[1]) and after[1] != before[1]
