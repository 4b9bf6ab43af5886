"""Properties of the totals and VAT rules (contract, "Computation"), against an independent
oracle in exact rational arithmetic (fractions.Fraction, half-up rounding written out), with
no code shared with importer.money."""

import random
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from importer.money import compute_amounts, totals_mismatch

RATES = {"23": 23, "8": 8, "5": 5, "0": 0, "zw": 0, "np": 0}


def half_up(value: Fraction) -> Decimal:
    """Round an exact rational to 0.01, halves away from zero (amounts are ≥ 0 here)."""
    cents = value * 100
    whole = cents.numerator // cents.denominator
    if cents - whole >= Fraction(1, 2):
        whole += 1
    return Decimal(whole) / 100


def text(places: int, low: str, high: str):
    return st.decimals(
        min_value=Decimal(low),
        max_value=Decimal(high),
        places=places,
        allow_nan=False,
        allow_infinity=False,
    ).map(str)


line = st.fixed_dictionaries(
    {
        "product_code": st.just("P"),
        "quantity": text(4, "0.0001", "5000"),
        "unit_price": text(4, "0", "50000"),
        "vat_rate": st.sampled_from(sorted(RATES)),
    },
    optional={"discount_percent": text(2, "0", "100")},
)
document = st.fixed_dictionaries(
    {
        "type": st.sampled_from(["FS", "PA", "RO", "WZ"]),
        "lines": st.lists(line, min_size=1, max_size=12),
    },
    optional={"prices": st.sampled_from(["net", "gross"]), "discount_percent": text(2, "0", "100")},
)


def oracle(doc: dict) -> dict:
    """The contract's rules, computed independently: {"lines": [...], code: (net, vat, gross)}."""
    basis = doc.get("prices") or ("gross" if doc["type"] == "PA" else "net")
    doc_discount = Fraction(doc.get("discount_percent") or "0")
    values, sums = [], {}
    for ln in doc["lines"]:
        own = ln.get("discount_percent")
        discount = Fraction(own) if own is not None else doc_discount
        value = half_up(
            Fraction(ln["quantity"]) * Fraction(ln["unit_price"]) * (1 - discount / 100)
        )
        values.append(value)
        sums[ln["vat_rate"]] = sums.get(ln["vat_rate"], Decimal(0)) + value
    rates = {}
    for code, total in sums.items():
        rate = RATES[code]
        if basis == "net":
            vat = half_up(Fraction(total) * rate / 100)
            rates[code] = (total, vat, total + vat)
        else:
            vat = half_up(Fraction(total) * rate / (100 + rate))
            rates[code] = (total - vat, vat, total)
    return {"basis": basis, "lines": values, "rates": rates}


@settings(max_examples=300, deadline=None)
@given(document)
def test_line_values_vat_per_rate_and_totals_follow_the_contract(doc):
    amounts = compute_amounts(doc)
    expected = oracle(doc)
    assert amounts.basis == expected["basis"]
    assert [ln.value for ln in amounts.lines] == expected["lines"]
    got = {r.vat_rate: (r.net, r.vat, r.gross) for r in amounts.rates}
    assert got == expected["rates"]
    assert amounts.net == sum(v[0] for v in expected["rates"].values())
    assert amounts.vat == sum(v[1] for v in expected["rates"].values())
    assert amounts.gross == sum(v[2] for v in expected["rates"].values())
    for value in (amounts.net, amounts.vat, amounts.gross):
        assert isinstance(value, Decimal) and value == value.quantize(Decimal("0.01"))


@settings(max_examples=200, deadline=None)
@given(document, st.randoms(use_true_random=False))
def test_the_order_of_lines_does_not_change_the_totals(doc, rnd: random.Random):
    shuffled = dict(doc, lines=list(doc["lines"]))
    rnd.shuffle(shuffled["lines"])
    a, b = compute_amounts(doc), compute_amounts(shuffled)
    assert (a.net, a.vat, a.gross) == (b.net, b.vat, b.gross)
    assert {r.vat_rate: r for r in a.rates}.keys() == {r.vat_rate: r for r in b.rates}.keys()


@settings(max_examples=200, deadline=None)
@given(doc=document, part=st.sampled_from(["net", "vat", "gross"]), off_by=st.integers(-300, 300))
def test_device_totals_within_a_grosz_pass_and_beyond_fail(doc, part, off_by):
    amounts = compute_amounts(doc)
    totals = {"net": amounts.net, "vat": amounts.vat, "gross": amounts.gross}
    totals[part] += Decimal(off_by) / 100
    sent = dict(doc, totals={k: str(v) for k, v in totals.items()})
    problems = totals_mismatch(sent, amounts)
    if abs(off_by) <= 1:
        assert problems == []
    else:
        assert len(problems) == 1 and part in problems[0]


@settings(max_examples=100, deadline=None)
@given(doc=document)
def test_rates_without_vat_carry_none_and_a_full_discount_is_zero(doc):
    full = dict(
        doc,
        discount_percent="100",
        lines=[{k: v for k, v in ln.items() if k != "discount_percent"} for ln in doc["lines"]],
    )
    assert compute_amounts(full).gross == 0
    for summary in compute_amounts(doc).rates:
        if summary.vat_rate in ("0", "zw", "np"):
            assert summary.vat == 0 and summary.net == summary.gross
