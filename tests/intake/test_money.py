"""importer.money: the contract's computation rules (half-up to 0.01, VAT per rate)."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from importer.money import (
    MONEY,
    compute_amounts,
    document_basis,
    round_money,
    totals_mismatch,
)
from tests.intake.helpers import load_sample

D = Decimal


def sample(doc_type):
    return next(d for d in load_sample()["documents"] if d["type"] == doc_type)


def doc(lines, prices=None, doc_type="FS", **extra):
    document = {"type": doc_type, "lines": lines, **extra}
    if prices:
        document["prices"] = prices
    return document


def line(quantity, price, rate="23", **extra):
    return {
        "product_code": "X",
        "quantity": quantity,
        "unit_price": price,
        "vat_rate": rate,
        **extra,
    }


def test_sample_invoice_totals():
    amounts = compute_amounts(sample("FS"))

    assert (amounts.net, amounts.vat, amounts.gross) == (D("293.94"), D("57.36"), D("351.30"))
    assert amounts.basis == "net"
    assert [(r.vat_rate, r.net, r.vat, r.gross) for r in amounts.rates] == [
        ("23", D("237.00"), D("54.51"), D("291.51")),
        ("5", D("56.94"), D("2.85"), D("59.79")),
    ]
    assert [ln.value for ln in amounts.lines] == [D("222.00"), D("56.94"), D("15.00")]
    assert amounts.lines[1].discount == D("5")
    assert amounts.lines[1].price_after_discount == D("9.4905")
    assert totals_mismatch(sample("FS"), amounts) == []


def test_sample_receipt_totals_on_gross_basis():
    amounts = compute_amounts(sample("PA"))

    assert amounts.basis == "gross"
    assert (amounts.net, amounts.vat, amounts.gross) == (D("52.00"), D("9.26"), D("61.26"))
    assert [(r.vat_rate, r.net, r.vat, r.gross) for r in amounts.rates] == [
        ("23", D("37.01"), D("8.51"), D("45.52")),
        ("5", D("14.99"), D("0.75"), D("15.74")),
    ]
    assert amounts.lines[1].value == D("15.74")  # 1.5 × 10.49 = 15.735 → half up
    assert totals_mismatch(sample("PA"), amounts) == []


@pytest.mark.parametrize(
    "value, expected",
    [
        ("0.005", "0.01"),
        ("0.004", "0.00"),
        ("2.675", "2.68"),
        ("1.0049999", "1.00"),
        ("-0.005", "-0.01"),
        ("12", "12.00"),
    ],
)
def test_round_money_is_half_up(value, expected):
    assert round_money(D(value)) == D(expected)


def test_round_money_refuses_floats():
    with pytest.raises(TypeError):
        round_money(0.005)


def test_line_value_rounds_half_up():
    amounts = compute_amounts(doc([line("1", "0.005", "0")]))
    assert amounts.lines[0].value == D("0.01")


def test_vat_is_computed_per_rate_not_per_line():
    # Per line it would be 3 × round(0.10 × 0.05 = 0.005) = 0.03; on the rate's sum it is
    # round(0.30 × 0.05 = 0.015) = 0.02.
    amounts = compute_amounts(doc([line("1", "0.10", "5")] * 3))
    assert amounts.vat == D("0.02")
    assert amounts.gross == D("0.32")


@pytest.mark.parametrize("rate", ["zw", "np", "0"])
def test_exempt_not_subject_and_zero_carry_no_vat(rate):
    for prices in ("net", "gross"):
        amounts = compute_amounts(doc([line("3", "33.33", rate)], prices))
        assert (amounts.net, amounts.vat, amounts.gross) == (D("99.99"), D("0.00"), D("99.99"))
        assert amounts.lines[0].rate == 0


def test_gross_basis_vat_comes_out_of_the_gross():
    amounts = compute_amounts(doc([line("1", "123.00", "23")], "gross"))
    assert (amounts.net, amounts.vat, amounts.gross) == (D("100.00"), D("23.00"), D("123.00"))
    assert amounts.lines[0].net == D("100.00") and amounts.lines[0].gross == D("123.00")


def test_rates_are_in_order_of_first_appearance():
    amounts = compute_amounts(
        doc([line("1", "1", "8"), line("1", "1", "zw"), line("1", "1", "8"), line("1", "1", "23")])
    )
    assert [r.vat_rate for r in amounts.rates] == ["8", "zw", "23"]


def test_document_discount_applies_to_lines_without_their_own():
    amounts = compute_amounts(
        doc([line("2", "10.00"), line("1", "10.00", discount_percent="0")], discount_percent="10")
    )
    assert [ln.discount for ln in amounts.lines] == [D("10"), D("0")]
    assert [ln.value for ln in amounts.lines] == [D("18.00"), D("10.00")]
    assert amounts.lines[0].price_after_discount == D("9.0000")


def test_line_discount_rounds_the_value_half_up():
    # 3 × 9.99 × 0.85 = 25.4745 → 25.47; 1 × 0.03 × 0.5 = 0.015 → 0.02
    amounts = compute_amounts(
        doc(
            [
                line("3", "9.99", discount_percent="15"),
                line("1", "0.03", "0", discount_percent="50"),
            ]
        )
    )
    assert [ln.value for ln in amounts.lines] == [D("25.47"), D("0.02")]


def test_document_basis_defaults():
    assert document_basis({"type": "PA"}) == "gross"
    assert document_basis({"type": "FS"}) == "net"
    assert document_basis({"type": "PA", "prices": "net"}) == "net"
    with pytest.raises(ValueError):
        document_basis({"type": "FS", "prices": "brutto"})


def test_totals_within_a_grosz_are_fine_beyond_are_reported():
    fs = sample("FS")
    amounts = compute_amounts(fs)
    fs["totals"] = {"net": "293.95", "vat": "57.36", "gross": "351.40"}

    assert totals_mismatch(fs, amounts) == ["totals.gross: device says 351.40, computed 351.30"]
    fs.pop("totals")
    assert totals_mismatch(fs, amounts) == []


def test_floats_are_refused():
    with pytest.raises(TypeError):
        compute_amounts(doc([line(1.5, "1.00")]))


decimal_text = st.decimals(
    min_value=D("0"), max_value=D("99999"), places=4, allow_nan=False, allow_infinity=False
).map(str)
quantity_text = st.decimals(
    min_value=D("0.0001"), max_value=D("9999"), places=4, allow_nan=False, allow_infinity=False
).map(str)
percent_text = st.decimals(
    min_value=D("0"), max_value=D("100"), places=2, allow_nan=False, allow_infinity=False
).map(str)
random_line = st.fixed_dictionaries(
    {
        "product_code": st.just("X"),
        "quantity": quantity_text,
        "unit_price": decimal_text,
        "vat_rate": st.sampled_from(["23", "8", "5", "0", "zw", "np"]),
    },
    optional={"discount_percent": percent_text},
)


@settings(max_examples=300, deadline=None)
@given(
    lines=st.lists(random_line, min_size=1, max_size=20),
    prices=st.sampled_from(["net", "gross"]),
    discount=st.one_of(st.none(), percent_text),
)
def test_property_totals_add_up(lines, prices, discount):
    document = doc(lines, prices)
    if discount is not None:
        document["discount_percent"] = discount
    amounts = compute_amounts(document)

    assert amounts.gross == amounts.net + amounts.vat
    assert amounts.net == sum(r.net for r in amounts.rates)
    assert amounts.vat == sum(r.vat for r in amounts.rates)
    assert amounts.gross == sum(r.gross for r in amounts.rates)
    for summary in amounts.rates:
        assert summary.gross == summary.net + summary.vat
        values = sum(ln.value for ln in amounts.lines if ln.vat_rate == summary.vat_rate)
        assert values == (summary.net if prices == "net" else summary.gross)
        if summary.vat_rate in ("0", "zw", "np"):
            assert summary.vat == 0
    for value in (amounts.net, amounts.vat, amounts.gross, *(ln.value for ln in amounts.lines)):
        assert value == value.quantize(MONEY)
    assert sorted({ln.vat_rate for ln in amounts.lines}) == sorted(
        r.vat_rate for r in amounts.rates
    )
    assert (
        totals_mismatch(
            dict(
                document,
                totals={
                    "net": str(amounts.net),
                    "vat": str(amounts.vat),
                    "gross": str(amounts.gross),
                },
            ),
            amounts,
        )
        == []
    )
