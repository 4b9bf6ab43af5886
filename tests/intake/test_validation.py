"""Every contract rule at intake: 400, the field path of each problem, nothing stored."""

import uuid

import pytest

from tests.intake.helpers import errors_of, fields_of, fs_by_code, sample_doc, stored_count

pytestmark = pytest.mark.django_db


def with_line(**changes):
    doc = fs_by_code()
    doc["lines"][2].update(changes)
    return doc


def without(doc, *keys):
    for key in keys:
        doc.pop(key)
    return doc


def knt(**changes):
    return sample_doc("KNT", **changes)


def knt_address(**changes):
    doc = knt()
    doc["address"].update(changes)
    return doc


def kp(**changes):
    doc = sample_doc("KP", customer={"code": "HURT-ABC"})
    doc.pop("settles")
    doc.update(changes)
    return doc


# (id, document, field path, part of the message or None)
CASES = [
    # every document
    ("guid-missing", lambda: without(fs_by_code(), "guid"), "guid", "required"),
    ("guid-not-uuid", lambda: fs_by_code(guid="FS-12"), "guid", "UUID"),
    ("guid-number", lambda: fs_by_code(guid=12), "guid", "UUID"),
    ("type-unknown", lambda: fs_by_code(type="FZ"), "type", '"FZ"'),
    ("type-missing", lambda: without(fs_by_code(), "type"), "type", "required"),
    ("number-missing", lambda: without(fs_by_code(), "number"), "number", "required"),
    ("number-empty", lambda: fs_by_code(number=""), "number", "empty"),
    ("number-61", lambda: fs_by_code(number="N" * 61), "number", "60"),
    ("number-json-number", lambda: fs_by_code(number=12), "number", "JSON number"),
    (
        "issued-at-no-offset",
        lambda: fs_by_code(issued_at="2026-11-27T10:15:00"),
        "issued_at",
        "offset is missing",
    ),
    ("issued-at-date-only", lambda: fs_by_code(issued_at="2026-11-27"), "issued_at", "RFC 3339"),
    (
        "issued-at-invalid",
        lambda: fs_by_code(issued_at="2026-13-27T10:15:00Z"),
        "issued_at",
        "RFC 3339",
    ),
    ("issued-at-missing", lambda: without(fs_by_code(), "issued_at"), "issued_at", "required"),
    # trade documents
    (
        "customer-both",
        lambda: fs_by_code(customer={"code": "A", "guid": str(uuid.uuid4())}),
        "customer",
        "exactly one",
    ),
    ("customer-neither", lambda: fs_by_code(customer={}), "customer", "exactly one"),
    ("customer-string", lambda: fs_by_code(customer="HURT-ABC"), "customer", "object"),
    ("customer-code-21", lambda: fs_by_code(customer={"code": "K" * 21}), "customer.code", "20"),
    ("customer-guid-bad", lambda: fs_by_code(customer={"guid": "nope"}), "customer.guid", "UUID"),
    ("sale-date-format", lambda: fs_by_code(sale_date="27.11.2026"), "sale_date", "YYYY-MM-DD"),
    ("sale-date-invalid", lambda: fs_by_code(sale_date="2026-02-30"), "sale_date", "YYYY-MM-DD"),
    ("warehouse-21", lambda: fs_by_code(warehouse="W" * 21), "warehouse", "20"),
    (
        "payment-no-form",
        lambda: fs_by_code(payment={"due_date": "2026-12-11"}),
        "payment.form",
        "required",
    ),
    (
        "payment-due-date",
        lambda: fs_by_code(payment={"form": "przelew", "due_date": "jutro"}),
        "payment.due_date",
        "YYYY-MM-DD",
    ),
    ("prices-other", lambda: fs_by_code(prices="brutto"), "prices", '"net"'),
    ("discount-101", lambda: fs_by_code(discount_percent="101"), "discount_percent", "100"),
    ("discount-negative", lambda: fs_by_code(discount_percent="-1"), "discount_percent", "0"),
    (
        "discount-number",
        lambda: fs_by_code(discount_percent=5),
        "discount_percent",
        "must be a decimal string, not a JSON number",
    ),
    ("lines-0", lambda: fs_by_code(lines=[]), "lines", "1 to 1000"),
    (
        "lines-1001",
        lambda: fs_by_code(lines=[fs_by_code()["lines"][0]] * 1001),
        "lines",
        "1 to 1000",
    ),
    ("lines-missing", lambda: without(fs_by_code(), "lines"), "lines", "required"),
    ("line-not-object", lambda: fs_by_code(lines=["KAWA"]), "lines[0]", "object"),
    ("note-1001", lambda: fs_by_code(note="n" * 1001), "note", "1000"),
    (
        "totals-number",
        lambda: fs_by_code(totals={"net": 293.94, "vat": "57.36", "gross": "351.30"}),
        "totals.net",
        "must be a decimal string, not a JSON number",
    ),
    (
        "totals-3-places",
        lambda: fs_by_code(totals={"net": "293.940", "vat": "57.36", "gross": "351.30"}),
        "totals.net",
        "2",
    ),
    (
        "totals-missing-gross",
        lambda: fs_by_code(totals={"net": "293.94", "vat": "57.36"}),
        "totals.gross",
        "required",
    ),
    # lines
    (
        "quantity-number",
        lambda: with_line(quantity=1),
        "lines[2].quantity",
        "must be a decimal string, not a JSON number",
    ),
    (
        "quantity-float",
        lambda: with_line(quantity=1.5),
        "lines[2].quantity",
        "must be a decimal string, not a JSON number",
    ),
    ("quantity-bool", lambda: with_line(quantity=True), "lines[2].quantity", "boolean"),
    (
        "quantity-negative",
        lambda: with_line(quantity="-1"),
        "lines[2].quantity",
        "quantities must be positive: corrections and returns are not part of v1",
    ),
    (
        "quantity-zero",
        lambda: with_line(quantity="0"),
        "lines[2].quantity",
        "quantities must be positive",
    ),
    (
        "quantity-5-places",
        lambda: with_line(quantity="1.00001"),
        "lines[2].quantity",
        "4 decimal places",
    ),
    ("quantity-exponent", lambda: with_line(quantity="1e3"), "lines[2].quantity", "exponent"),
    ("quantity-nan", lambda: with_line(quantity="NaN"), "lines[2].quantity", "NaN"),
    ("quantity-infinity", lambda: with_line(quantity="Infinity"), "lines[2].quantity", None),
    ("quantity-comma", lambda: with_line(quantity="1,5"), "lines[2].quantity", None),
    ("quantity-spaces", lambda: with_line(quantity=" 1"), "lines[2].quantity", None),
    (
        "quantity-missing",
        lambda: (
            without(with_line(), "lines")
            | {"lines": [{"product_code": "X", "unit_price": "1", "vat_rate": "23"}]}
        ),
        "lines[0].quantity",
        "required",
    ),
    ("quantity-huge", lambda: with_line(quantity="123456789012"), "lines[2].quantity", "too large"),
    ("unit-price-negative", lambda: with_line(unit_price="-0.01"), "lines[2].unit_price", "0"),
    (
        "unit-price-5-places",
        lambda: with_line(unit_price="15.00001"),
        "lines[2].unit_price",
        "4 decimal places",
    ),
    (
        "unit-price-number",
        lambda: with_line(unit_price=15),
        "lines[2].unit_price",
        "must be a decimal string, not a JSON number",
    ),
    (
        "line-discount-101",
        lambda: with_line(discount_percent="100.5"),
        "lines[2].discount_percent",
        "100",
    ),
    ("vat-rate-22", lambda: with_line(vat_rate="22"), "lines[2].vat_rate", '"22"'),
    ("vat-rate-number", lambda: with_line(vat_rate=23), "lines[2].vat_rate", None),
    (
        "product-code-missing",
        lambda: fs_by_code(lines=[{"quantity": "1", "unit_price": "1", "vat_rate": "23"}]),
        "lines[0].product_code",
        "required",
    ),
    ("product-code-51", lambda: with_line(product_code="P" * 51), "lines[2].product_code", "50"),
    ("unit-21", lambda: with_line(unit="u" * 21), "lines[2].unit", "20"),
    # KP
    ("kp-amount-zero", lambda: kp(amount="0.00"), "amount", "greater than 0"),
    ("kp-amount-3-places", lambda: kp(amount="100.001"), "amount", "2 decimal places"),
    (
        "kp-amount-number",
        lambda: kp(amount=100),
        "amount",
        "must be a decimal string, not a JSON number",
    ),
    ("kp-amount-missing", lambda: without(kp(), "amount"), "amount", "required"),
    ("kp-register-6", lambda: kp(cash_register="K" * 6), "cash_register", "5"),
    ("kp-settles-not-uuid", lambda: kp(settles="FS/12"), "settles", "UUID"),
    # KNT
    ("knt-name-missing", lambda: without(knt(), "name"), "name", "required"),
    ("knt-name-251", lambda: knt(name="N" * 251), "name", "250"),
    ("knt-code-21", lambda: knt(code="C" * 21), "code", "20"),
    ("knt-bad-nip", lambda: knt(nip="5260250275"), "nip", "NIP"),
    ("knt-short-nip", lambda: knt(nip="526025027"), "nip", "NIP"),
    ("knt-nip-number", lambda: knt(nip=5260250274), "nip", "JSON number"),
    ("knt-nip-country", lambda: knt(nip_country="POL"), "nip_country", None),
    ("knt-postal-code", lambda: knt_address(postal_code="90001"), "address.postal_code", "NN-NNN"),
    (
        "knt-postal-code-default-country",
        lambda: knt_address(postal_code="9-0001", country=""),
        "address.postal_code",
        "NN-NNN",
    ),
    ("knt-city-long", lambda: knt_address(city="C" * 41), "address.city", "40"),
    ("knt-address-string", lambda: knt(address="Polna 12"), "address", "object"),
    ("knt-email", lambda: knt(email="biuro@"), "email", "e-mail"),
    ("knt-phone-long", lambda: knt(phone="1" * 21), "phone", "20"),
]


@pytest.mark.parametrize("build, field, message", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rule_is_enforced(api, build, field, message):
    response = api.post_docs(build())

    errors = errors_of(response)
    assert [e["field"] for e in errors] == [field], errors
    assert errors[0]["index"] == 0
    if message:
        assert message.lower() in errors[0]["message"].lower()
    assert stored_count() == 0


def test_error_names_the_document_guid(api):
    doc = with_line(quantity="-2")

    (error,) = errors_of(api.post_docs(doc))

    assert error == {
        "index": 0,
        "guid": doc["guid"],
        "field": "lines[2].quantity",
        "message": error["message"],
    }


def test_a_valid_document_with_an_invalid_one_stores_nothing(api):
    response = api.post_docs(fs_by_code(), with_line(vat_rate="22"))

    assert fields_of(response) == {(1, "lines[2].vat_rate")}
    assert stored_count() == 0


def test_all_problems_of_the_batch_are_reported_at_once(api):
    bad_fs = with_line(quantity="-1")
    bad_knt = knt(nip="123")
    bad_kp = kp(amount=5)

    response = api.post_docs(fs_by_code(), bad_fs, bad_knt, bad_kp)

    assert fields_of(response) == {(1, "lines[2].quantity"), (2, "nip"), (3, "amount")}
    assert stored_count() == 0


def test_several_problems_of_one_document_are_all_reported(api):
    doc = fs_by_code(number="", issued_at="2026-11-27T10:15:00", prices="x")
    doc["lines"][0]["quantity"] = 3
    doc["lines"][1]["vat_rate"] = "7"

    assert fields_of(api.post_docs(doc)) == {
        (0, "number"),
        (0, "issued_at"),
        (0, "prices"),
        (0, "lines[0].quantity"),
        (0, "lines[1].vat_rate"),
    }


@pytest.mark.parametrize("value", ["12", "12.30", "0.5", "1.2345"])
def test_plain_decimal_strings_are_accepted(api, value):
    assert api.post_docs(with_line(quantity=value)).status_code == 200


def test_1000_lines_are_accepted(api):
    doc = fs_by_code(lines=[fs_by_code()["lines"][0]] * 1000)
    doc.pop("totals")

    assert api.post_docs(doc).status_code == 200


def test_note_of_1000_characters_is_accepted(api):
    assert api.post_docs(fs_by_code(note="ż" * 1000)).status_code == 200


@pytest.mark.parametrize(
    "stamp", ["2026-11-27T09:15:00Z", "2026-11-27T10:15:00.123+01:00", "2026-11-27t09:15:00z"]
)
def test_offsets_and_z_are_accepted(api, stamp):
    assert api.post_docs(fs_by_code(issued_at=stamp)).status_code == 200


@pytest.mark.parametrize("count", [0, 501])
def test_batch_of_0_or_501_documents_is_400(api, count):
    docs = [fs_by_code() for _ in range(count)]

    response = api.post_docs(*docs)

    assert errors_of(response) == [
        {
            "index": None,
            "guid": None,
            "field": "documents",
            "message": errors_of(response)[0]["message"],
        }
    ]
    assert stored_count() == 0


def test_batch_of_500_documents_is_accepted(api):
    assert api.post_docs(*[fs_by_code() for _ in range(500)]).status_code == 200
    assert stored_count() == 500


@pytest.mark.parametrize("body", [[], {"docs": []}, {"documents": {}}, {"documents": "x"}])
def test_body_without_a_documents_list_is_400(api, body):
    (error,) = errors_of(api.post(body))
    assert error["field"] in ("body", "documents") and error["index"] is None


def test_document_that_is_not_an_object_is_400(api):
    assert fields_of(api.post_docs(fs_by_code(), "FS")) == {(1, "documents[1]")}


def test_foreign_address_does_not_need_a_polish_postal_code(api):
    doc = knt(nip="DE123456789", nip_country="DE")
    doc["address"].update(postal_code="10115", country="Deutschland")

    assert api.post_docs(doc).status_code == 200
