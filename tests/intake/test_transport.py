"""The HTTP side of the intake API: authentication, body limits, content type, JSON, methods."""

import json

import pytest
from django.test import override_settings

from importer.models import Device
from tests.intake.helpers import URL, errors_of, fs_by_code, stored_count

pytestmark = pytest.mark.django_db


def assert_message(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["message"]


@pytest.mark.parametrize("header", [None, "", "Bearer", "Bearer ", "Basic abc", "Token abc"])
def test_missing_token_is_401(api, header):
    extra = {} if header is None else {"HTTP_AUTHORIZATION": header}
    response = api.client.generic(
        "POST",
        URL,
        json.dumps({"documents": [fs_by_code()]}),
        content_type="application/json",
        **extra,
    )

    assert_message(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert stored_count() == 0


def test_wrong_token_is_401(api):
    response = api.post_docs(fs_by_code(), token="not-a-real-token")

    assert_message(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert stored_count() == 0


def test_deactivated_device_is_403(api, device):
    Device.objects.filter(pk=device.pk).update(is_active=False)

    assert_message(api.post_docs(fs_by_code()), 403)
    assert stored_count() == 0


def test_reissued_token_replaces_the_old_one(api, device):
    device.issue_token()
    device.save()

    assert_message(api.post_docs(fs_by_code()), 401)


def test_token_is_not_logged(api, caplog, sample):
    with caplog.at_level("DEBUG"):
        api.post(sample)
        api.post_docs(fs_by_code(), token="wrong-token-value")
    assert api.token not in caplog.text and "wrong-token-value" not in caplog.text


def test_6_mib_body_is_413(api):
    filler = "x" * (6 * 1024 * 1024)
    response = api.post({"documents": [fs_by_code(note=filler)]})

    assert_message(response, 413)
    assert stored_count() == 0


@override_settings(SYNCADMIN_MAX_BODY_BYTES=1000)
def test_body_longer_than_its_content_length_is_cut_at_the_limit(api):
    body = json.dumps({"documents": [fs_by_code(note="x" * 2000)]}).encode()
    # Claim a small body; the real one is longer and must not be read beyond the limit.
    response = api.post_raw(body, CONTENT_LENGTH="900")

    assert response.status_code == 400  # the first 900 bytes are not valid JSON
    assert errors_of(response)[0]["field"] == "body"


def test_body_just_under_the_limit_passes_the_size_check(api, settings):
    body = json.dumps({"documents": [fs_by_code()]}).encode()
    settings.SYNCADMIN_MAX_BODY_BYTES = len(body)

    assert api.post_raw(body).status_code == 200


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/xml",
        "application/json; charset=latin-1",
    ],
)
def test_wrong_content_type_is_415(api, content_type):
    response = api.post_raw(json.dumps({"documents": [fs_by_code()]}), content_type=content_type)

    assert_message(response, 415)
    assert stored_count() == 0


def test_json_with_charset_is_accepted(api):
    response = api.post_raw(
        json.dumps({"documents": [fs_by_code()]}), content_type="application/json; charset=UTF-8"
    )

    assert response.status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"{",
        b"{'documents': []}",
        b'{"documents": [1,]}',
        b"\xff\xfe{}",
        b'{"documents": [{"guid": "\xc5"}]}',
        b'{"documents": NaN}',
        b'{"a": Infinity}',
        b'{"documents": ["\\ud800"]}',
        b"[" * 100000,
        b'{"a": 1e999}',
    ],
    ids=[
        "empty",
        "truncated",
        "single-quotes",
        "trailing-comma",
        "utf16",
        "bad-utf8",
        "nan",
        "infinity",
        "lone-surrogate",
        "deep",
        "overflow",
    ],
)
def test_invalid_json_is_400_body(api, body):
    response = api.post_raw(body)

    (error,) = errors_of(response)
    assert error["index"] is None and error["guid"] is None and error["field"] == "body"
    assert error["message"]
    assert stored_count() == 0


def test_polish_text_arrives_intact(api):
    from importer.models import MobileDocument

    assert api.post_docs(fs_by_code(note="Zażółć gęślą jaźń")).status_code == 200
    assert MobileDocument.objects.get().payload["note"] == "Zażółć gęślą jaźń"


@pytest.mark.parametrize("url", [URL, URL + "/"])
def test_both_urls_accept_a_post_without_redirect(api, url):
    response = api.post({"documents": [fs_by_code()]}, url=url)

    assert response.status_code == 200


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE"])
def test_wrong_method_on_documents_is_405_json(api, method):
    response = api.client.generic(method, URL, **api.headers())

    assert_message(response, 405)
    assert "POST" in response["Allow"]


def test_post_on_a_document_is_405_json(api):
    response = api.post({"documents": []}, url=f"{URL}/3f0c2a4e-8d51-4c7b-9a7e-1b2c3d4e5f60")

    assert_message(response, 405)


def test_unknown_api_path_is_404_json(api):
    assert_message(api.client.get("/api/mobile/v1/nothing", **api.headers()), 404)


def test_content_type_is_case_insensitive(api):
    response = api.post_raw(
        json.dumps({"documents": [fs_by_code()]}), content_type="Application/JSON; Charset=utf-8"
    )

    assert response.status_code == 200


def test_unexpected_error_is_a_json_500(api, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("importer.api.views.store_batch", broken)

    assert_message(api.post_docs(fs_by_code()), 500)
