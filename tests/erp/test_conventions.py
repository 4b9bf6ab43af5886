"""Optima value conventions: numbering template, VAT codes, names, the demo verifier."""

from datetime import date
from decimal import Decimal

import pytest

from importer.erp import conventions as cv

NOV = date(2026, 11, 27)


@pytest.mark.parametrize(
    "template, series, expected",
    [
        ("@symbol/@numerS/@rok_kal", "", "FS/@numerS/2026"),
        ("@symbol/@numerS/@miesiac/@rok_kal", "", "FS/@numerS/11/2026"),
        ("@symbol/@numerS/@rejestr/@rok_kal", "KASA", "FS/@numerS/KASA/2026"),
        ("@symbol/@numerS/@rejestr/@rok_kal", "", "FS/@numerS/2026"),
        ("@symbol/@brak/@numerS", "", "FS/@numerS"),
        ("@numerS/@symbol", "", "@numerS/FS"),
    ],
)
def test_render_numbering_fills_every_token_but_the_number(template, series, expected):
    assert cv.render_numbering(template, symbol="FS", doc_date=NOV, series=series) == expected


def test_month_is_two_digits_and_year_four():
    numer = cv.render_numbering(
        "@symbol/@numerS/@miesiac/@rok_kal", symbol="WZ", doc_date=date(987, 3, 1)
    )
    assert numer == "WZ/@numerS/03/0987"


def test_unknown_token_is_named():
    with pytest.raises(ValueError, match="@rok"):
        cv.render_numbering("@symbol/@numerS/@rok", symbol="FS", doc_date=NOV)


def test_template_without_running_number_is_refused():
    with pytest.raises(ValueError, match="@numerS"):
        cv.render_numbering("@symbol/@rok_kal", symbol="FS", doc_date=NOV)


def test_too_long_number_string_is_refused():
    with pytest.raises(ValueError, match="TrN_NumerString"):
        cv.render_numbering(
            "@symbol/@numerS/@rejestr/@rok_kal", symbol="FS", doc_date=NOV, series="X" * 20
        )


def test_full_number_replaces_the_token_and_checks_length():
    assert cv.full_number("FS/@numerS/11/2026", 15) == "FS/15/11/2026"
    numer = "A" * 20 + "/@numerS"  # 28 characters: fits varchar(31)
    assert cv.full_number(numer, 12345678) == "A" * 20 + "/12345678"
    with pytest.raises(ValueError, match="TrN_NumerPelny"):
        cv.full_number(numer, 1234567890)


@pytest.mark.parametrize(
    "code, flag, rate",
    [
        ("23", 2, "23.00"),
        ("8", 2, "8.00"),
        ("5", 2, "5.00"),
        ("0", 2, "0.00"),
        ("zw", 1, "0.00"),
        ("np", 4, "0.00"),
    ],
)
def test_vat_codes_map_to_flag_and_rate_and_back(code, flag, rate):
    assert cv.vat_flag_and_rate(code) == (flag, Decimal(rate))
    assert cv.vat_code(flag, Decimal(rate)) == code


def test_unknown_vat_code_is_refused():
    with pytest.raises(ValueError, match="7"):
        cv.vat_flag_and_rate("7")


def test_kind_is_class_times_thousand():
    assert cv.plain_kind(cv.CLASS_FS) == 302000
    assert (cv.CLASS_FS, cv.CLASS_PA, cv.CLASS_WZ, cv.CLASS_RO) == (302, 305, 306, 308)


def test_to_decimal_never_goes_through_float_arithmetic():
    assert cv.to_decimal(0.1 + 0.2) == Decimal("0.30")
    assert cv.to_decimal("12.3") == Decimal("12.30")
    assert cv.to_decimal(None) is None


@pytest.mark.parametrize(
    "text",
    [
        "Sklep Zielony Kąt Sp. z o.o.",
        "Przedsiębiorstwo Handlowo-Usługowe „Zażółć gęślą jaźń” Spółka Komandytowa",
        "X" * 150,
        "",
    ],
)
def test_split_name_round_trips_exactly(text):
    parts = cv.split_name(text)
    assert len(parts) == 3 and all(len(p) <= 50 for p in parts)
    assert cv.join_name(*parts) == text


def test_split_name_refuses_what_does_not_fit():
    with pytest.raises(ValueError):
        cv.split_name("X" * 151)


def test_password_verifier_fits_ope_haslo_and_checks():
    verifier = cv.make_password_verifier("Hasło-ąę")
    assert verifier.startswith("pbkdf2_sha256$") and len(verifier) <= 64
    assert "Hasło" not in verifier
    assert cv.check_password_verifier("Hasło-ąę", verifier)
    assert not cv.check_password_verifier("haslo", verifier)
    assert not cv.check_password_verifier("x", "")
    assert not cv.check_password_verifier("x", "comarch-own-encoding")
