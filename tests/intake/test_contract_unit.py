"""importer.contract without HTTP: body parsing, NIP normalisation, references, hashes."""

import json
from decimal import Decimal

import pytest
from django.utils import translation

from importer.contract import (
    BodyError,
    JsonNumber,
    content_hash,
    normalize_nip,
    normalize_uuid,
    parse_body,
    validate_batch,
)
from tests.intake.helpers import load_sample, sample_doc


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def nothing_known(guids):
    return {}


def test_numbers_are_parsed_into_markers_never_floats():
    data = parse_body(b'{"a": 12.30, "b": 7, "c": "12.30"}')
    assert data == {"a": JsonNumber("12.30"), "b": JsonNumber("7"), "c": "12.30"}


@pytest.mark.parametrize("body", [b'{"a": NaN}', b'{"a": -Infinity}', b"\xc3(", b"nul"])
def test_parse_body_refuses(body):
    with pytest.raises(BodyError):
        parse_body(body)


def test_parse_body_tolerates_a_bom():
    assert parse_body("\ufeff{}".encode()) == {}


@pytest.mark.parametrize(
    "raw, country, expected",
    [
        ("PL 526-025-02-74", "PL", "5260250274"),
        ("pl5260250274", "PL", "5260250274"),
        ("526 025 02 74", "PL", "5260250274"),
        ("5260250275", "PL", None),
        ("PL", "PL", None),
        ("", "PL", ""),
        ("DE 123-456-789", "DE", "123456789"),
        ("de123456789", "DE", "123456789"),
        ("!!", "DE", None),
    ],
)
def test_normalize_nip(raw, country, expected):
    assert normalize_nip(raw, country) == expected


def test_normalize_uuid():
    assert normalize_uuid("{3F0C2A4E-8D51-4C7B-9A7E-1B2C3D4E5F60}") == (
        "3f0c2a4e-8d51-4c7b-9a7e-1b2c3d4e5f60"
    )
    assert normalize_uuid("3f0c2a4e") is None
    assert normalize_uuid(None) is None


def test_sample_is_valid_and_normalised():
    documents, errors = validate_batch(
        parse_body(json.dumps(load_sample()).encode()), known_documents=nothing_known
    )
    assert errors == []
    assert [d.doc_type for d in documents] == ["KNT", "FS", "KP", "PA", "RO"]
    assert all(d.issued_at.tzinfo is not None for d in documents)
    original = load_sample()["documents"][1]
    assert documents[1].content_hash == content_hash(original)
    assert documents[1].payload == original


def test_known_documents_is_asked_only_for_references_outside_the_batch():
    knt_guid = "3f0c2a4e-8d51-4c7b-9a7e-1b2c3d4e5f60"
    asked = []

    def known(guids):
        asked.append(set(guids))
        return {knt_guid: "KNT"}

    fs = sample_doc("FS", customer={"guid": knt_guid.upper()})
    local_knt = sample_doc("KNT")
    ro = sample_doc("RO", customer={"guid": local_knt["guid"]})
    documents, errors = validate_batch({"documents": [fs, local_knt, ro]}, known_documents=known)

    assert errors == []
    assert asked == [{knt_guid}]
    assert documents[0].customer_guid == knt_guid
    assert documents[0].payload["customer"]["guid"] == knt_guid


def test_reference_to_an_inbox_document_of_the_wrong_type_is_refused():
    fs = sample_doc("FS", customer={"guid": "3f0c2a4e-8d51-4c7b-9a7e-1b2c3d4e5f60"})
    _, errors = validate_batch({"documents": [fs]}, known_documents=lambda g: {next(iter(g)): "RO"})
    assert [(e.field, "RO" in e.message) for e in errors] == [("customer.guid", True)]


def test_python_numbers_are_refused_like_json_numbers():
    fs = sample_doc("FS", customer={"code": "A"})
    fs["lines"][0]["quantity"] = Decimal(12)
    _, errors = validate_batch({"documents": [fs]}, known_documents=nothing_known)
    assert [e.field for e in errors] == ["lines[0].quantity"]
    assert "must be a decimal string, not a JSON number" in errors[0].message


def test_number_in_an_extension_field_is_stored_as_plain_json():
    fs = sample_doc("FS", customer={"code": "A"})
    body = json.dumps({"documents": [dict(fs, ext={"n": 7, "x": 0.5})]}).encode()
    documents, errors = validate_batch(parse_body(body), known_documents=nothing_known)
    assert errors == []
    assert documents[0].payload["ext"] == {"n": 7, "x": 0.5}
    json.dumps(documents[0].payload)  # storable


def test_null_in_an_optional_field_is_refused():
    fs = sample_doc("FS", customer={"code": "A"}, warehouse=None)
    _, errors = validate_batch({"documents": [fs]}, known_documents=nothing_known)
    assert [(e.field, "null" in e.message) for e in errors] == [("warehouse", True)]
