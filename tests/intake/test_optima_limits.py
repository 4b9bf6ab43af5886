"""Text limits at intake are the real lengths of Optima's columns (importer/erp/optima_tables).

A value that cannot fit its ERP column is refused with a 400 naming the field and the limit,
never cut later; a ``varchar`` column (code page 1250 in Optima) refuses characters it would
store as "?"; discounts have at most the two decimals of decimal(5, 2).
"""

import pytest

from importer.erp.shape import column_length
from tests.intake.helpers import errors_of, fs_by_code, sample_doc, stored_count

pytestmark = pytest.mark.django_db


def knt_address(**changes):
    doc = sample_doc("KNT")
    doc["address"].update(changes)
    return doc


CASES = [
    ("street", lambda n: knt_address(street="u" * n), "address.street", "Knt_Ulica"),
    ("city", lambda n: knt_address(city="m" * n), "address.city", "Knt_Miasto"),
    ("house", lambda n: knt_address(house_no="1" * n), "address.house_no", "Knt_NrDomu"),
    ("flat", lambda n: knt_address(flat_no="1" * n), "address.flat_no", "Knt_NrLokalu"),
    ("country", lambda n: knt_address(country="k" * n), "address.country", "Knt_Kraj"),
    (
        "email",
        lambda n: sample_doc("KNT", email="a" * (n - 12) + "@example.com"),
        "email",
        "Knt_Email",
    ),
    ("phone", lambda n: sample_doc("KNT", phone="1" * n), "phone", "Knt_Telefon1"),
    ("payment-form", lambda n: fs_by_code(payment={"form": "p" * n}), "payment.form", "FPl_Nazwa"),
    (
        "unit",
        lambda n: fs_by_code(
            lines=[
                {
                    "product_code": "KAWA-250",
                    "quantity": "1",
                    "unit": "j" * n,
                    "unit_price": "1",
                    "vat_rate": "23",
                }
            ]
        ),
        "lines[0].unit",
        "TrE_Jm",
    ),
]


def _column(name):
    table = {"FPl": "FormyPlatnosci", "TrE": "TraElem"}.get(name.split("_")[0], "Kontrahenci")
    return column_length(table, name)


@pytest.mark.parametrize("case, build, field, column", CASES, ids=[c[0] for c in CASES])
def test_the_column_length_is_the_limit(api, case, build, field, column):
    limit = _column(column)
    assert api.post_docs(build(limit)).status_code == 200
    response = api.post_docs(build(limit + 1))
    assert response.status_code == 400
    [error] = [e for e in errors_of(response) if e["field"] == field]
    assert str(limit) in error["message"]


def test_cash_register_symbol_holds_five_characters(api):
    kp = sample_doc("KP", customer={"code": "HURT-ABC"}, cash_register="KASA12")
    kp.pop("settles")
    response = api.post_docs(kp)
    assert response.status_code == 400
    assert [e["field"] for e in errors_of(response)] == ["cash_register"]


@pytest.mark.parametrize(
    "doc, field",
    [
        (lambda: fs_by_code(number="FS/1/😀"), "number"),
        (lambda: sample_doc("KNT", code="КОД"), "code"),
        (lambda: sample_doc("KNT", phone="+48 ☎ 600"), "phone"),
    ],
)
def test_varchar_fields_refuse_what_code_page_1250_cannot_hold(api, doc, field):
    before = stored_count()
    response = api.post_docs(doc())
    assert response.status_code == 400
    [error] = [e for e in errors_of(response) if e["field"] == field]
    assert "1250" in error["message"]
    assert stored_count() == before


def test_polish_letters_pass_in_varchar_fields(api):
    assert api.post_docs(fs_by_code(number="FS/Łódź/ąęśćżźńół")).status_code == 200


@pytest.mark.parametrize("where", ["line", "header"])
def test_a_discount_with_three_decimals_is_refused(api, where):
    doc = fs_by_code()
    if where == "line":
        doc["lines"][0]["discount_percent"] = "12.345"
        field = "lines[0].discount_percent"
    else:
        doc["discount_percent"] = "12.345"
        field = "discount_percent"
    response = api.post_docs(doc)
    assert response.status_code == 400
    [error] = [e for e in errors_of(response) if e["field"] == field]
    assert "2 decimal places" in error["message"]
