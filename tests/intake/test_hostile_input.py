"""Inputs that got through before: repeated keys, control characters, impossible timestamps.

Each is a 400 naming the field (or the body), and nothing of the batch is stored.
"""

import json

import pytest

from tests.intake.helpers import errors_of, fs_by_code, sample_doc, stored_count

pytestmark = pytest.mark.django_db


def _body_message(response) -> str:
    [error] = errors_of(response)
    assert error["field"] == "body"
    return error["message"]


def test_a_key_repeated_in_one_object_is_refused(api):
    doc = fs_by_code()
    body = json.dumps({"documents": [doc]})
    # the same "guid" twice in the document object: the last would silently win
    body = body.replace('"guid": ', f'"guid": "{doc["guid"]}", "guid": ', 1)
    before = stored_count()
    response = api.post_raw(body.encode())
    assert response.status_code == 400
    assert '"guid" twice' in _body_message(response)
    assert stored_count() == before


@pytest.mark.parametrize(
    "value, field",
    [
        ("FS/1\x00", "number"),
        ("FS/\x1b[31m1", "number"),
    ],
)
def test_control_characters_are_refused_naming_the_field(api, value, field):
    response = api.post_docs(fs_by_code(number=value))
    assert response.status_code == 400
    if "\x00" in value:  # refused for the whole body: no column can store a NUL
        assert "NUL" in _body_message(response)
    else:
        [error] = [e for e in errors_of(response) if e["field"] == field]
        assert "U+001B" in error["message"]


def test_a_note_may_hold_line_breaks_and_tabs(api):
    assert api.post_docs(fs_by_code(note="Dostawa:\n\tpiętro 2\r\n")).status_code == 200
    response = api.post_docs(fs_by_code(note="bell\x07"))
    assert response.status_code == 400
    assert [e["field"] for e in errors_of(response)] == ["note"]


def test_a_nul_in_an_extension_field_is_refused_too(api):
    response = api.post_docs(sample_doc("KNT", x_device_note="a\x00b"))
    assert response.status_code == 400 and "NUL" in _body_message(response)


@pytest.mark.parametrize(
    "stamp, part",
    [
        ("9999-12-31T23:59:59-23:59", "14:00"),
        ("0001-01-01T00:00:00+00:00", "2000"),
        ("2026-11-27T10:15:00+16:00", "14:00"),
        ("1999-12-31T23:59:59+00:00", "2000"),
    ],
)
def test_timestamps_outside_the_stated_range_are_refused(api, stamp, part):
    before = stored_count()
    response = api.post_docs(fs_by_code(issued_at=stamp))
    assert response.status_code == 400
    [error] = [e for e in errors_of(response) if e["field"] == "issued_at"]
    assert part in error["message"]
    assert stored_count() == before


def test_the_edges_of_the_range_are_accepted(api):
    assert api.post_docs(fs_by_code(issued_at="2000-01-01T00:00:00+14:00")).status_code == 400
    assert api.post_docs(fs_by_code(issued_at="2000-01-01T00:00:00Z")).status_code == 200
    assert api.post_docs(fs_by_code(issued_at="2099-12-31T23:59:59-14:00")).status_code == 400
    assert api.post_docs(fs_by_code(issued_at="2099-12-31T09:59:59-14:00")).status_code == 200


def test_a_line_value_the_erp_columns_cannot_hold_is_refused(api):
    doc = fs_by_code(
        lines=[
            {
                "product_code": "KAWA-250",
                "quantity": "99999999999",
                "unit_price": "99999999999",
                "vat_rate": "23",
            }
        ]
    )
    response = api.post_docs(doc)
    assert response.status_code == 400
    [error] = [e for e in errors_of(response) if e["field"] == "lines[0]"]
    assert "decimal(15, 2)" in error["message"]
    fits = fs_by_code(
        lines=[
            {
                "product_code": "KAWA-250",
                "quantity": "1000000",
                "unit_price": "1000000",
                "vat_rate": "23",
            }
        ]
    )
    assert api.post_docs(fits).status_code == 200


def test_a_body_of_millions_of_tiny_values_is_refused_before_parsing(api):
    body = '{"documents": [{"x": [' + ",".join(["0"] * 600_000) + "]}]}"
    before = stored_count()
    response = api.post_raw(body.encode())
    assert response.status_code == 400
    assert "more than 500000 JSON values" in _body_message(response)
    assert stored_count() == before


def test_a_document_swollen_by_extension_fields_is_refused(api):
    doc = fs_by_code(x_extra="a" * (600 * 1024))
    response = api.post_docs(doc)
    assert response.status_code == 400
    [error] = [e for e in errors_of(response) if e["field"] == "document"]
    assert "512 KiB" in error["message"]
