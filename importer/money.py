"""Money rules of the mobile contract: line values, VAT per rate, document totals.

Source of the rules: ``/shared/contract/mobile-api.md`` ("Computation"), which follows the
usual Polish invoice rounding: every rounding is half-up to 0.01 PLN, VAT is computed once
per VAT rate on the sum of the line values (not per line), and the document totals are the
sums over the rates.

Everything here is pure and works on ``decimal.Decimal`` only; amounts arrive as the
contract's decimal strings (``"12.30"``). Floats are refused. Calculations run in a local
decimal context with enough precision that no intermediate product is ever silently rounded.
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

MONEY = Decimal("0.01")
UNIT_PRICE = Decimal("0.0001")
HUNDRED = Decimal(100)
_ZERO = Decimal("0.00")

# VAT rate codes of the contract and their percentages; zw (exempt), np (not subject) and
# 0 carry no VAT.
VAT_RATES: dict[str, Decimal] = {
    "23": Decimal(23),
    "8": Decimal(8),
    "5": Decimal(5),
    "0": Decimal(0),
    "zw": Decimal(0),
    "np": Decimal(0),
}

# Wide enough for 11 integer digits × 11 integer digits plus all decimal places.
_CONTEXT = decimal.Context(prec=60, rounding=ROUND_HALF_UP, traps=[decimal.InvalidOperation])


def _half_up(value: Decimal, exponent: Decimal = MONEY) -> Decimal:
    """``value`` rounded half-up to ``exponent`` (0.01 PLN by default): the one rounding of
    the contract's rules."""
    return value.quantize(exponent, rounding=ROUND_HALF_UP, context=_CONTEXT)


def round_money(value: Decimal) -> Decimal:
    """Round an amount half-up to 0.01 (PLN grosze), e.g. ``0.005`` → ``0.01``.

    Raises ``TypeError`` for anything that is not a ``Decimal`` (floats above all).
    """
    if not isinstance(value, Decimal):
        raise TypeError(f"round_money needs a Decimal, got {type(value).__name__}")
    return _half_up(value)


def to_decimal(value: object) -> Decimal:
    """A contract amount (decimal string, or an already parsed ``Decimal``/``int``) as Decimal.

    Raises ``TypeError`` for floats and booleans and ``ValueError`` for strings that are not
    finite decimals. Validation of the exact string form is ``importer.contract``'s job.
    """
    if type(value) is str or isinstance(value, (int, str)) and not isinstance(value, bool):
        try:
            result = Decimal(value)
        except decimal.InvalidOperation as exc:
            raise ValueError(f"not a decimal amount: {value!r}") from exc
    elif isinstance(value, Decimal):
        result = value
    else:
        raise TypeError(f"amounts must be decimal strings, not {type(value).__name__}")
    if not result.is_finite():
        raise ValueError(f"not a finite amount: {value!r}")
    return result


@dataclass(slots=True)  # a value: never changed after it is made (not frozen: cheaper)
class LineAmounts:
    """One line's computed amounts (PLN; value/net/gross rounded to 0.01).

    ``value`` is on the document's basis (net or gross); ``net``/``gross`` are per-line
    figures for display and ERP line columns. The VAT that counts is computed per rate in
    ``DocumentAmounts.rates``, so the sum of line ``net`` may differ from the document net
    by a grosz on a gross-basis document (and likewise gross on a net-basis one).
    """

    index: int
    quantity: Decimal
    unit_price: Decimal
    discount: Decimal
    price_after_discount: Decimal
    value: Decimal
    net: Decimal
    gross: Decimal
    vat_rate: str
    rate: Decimal


@dataclass(slots=True)  # a value: never changed after it is made (not frozen: cheaper)
class RateSummary:
    """The VAT summary for one VAT rate code (PLN, 0.01)."""

    vat_rate: str
    rate: Decimal
    net: Decimal
    vat: Decimal
    gross: Decimal


@dataclass(slots=True)  # a value: never changed after it is made (not frozen: cheaper)
class DocumentAmounts:
    """All computed amounts of a trade document (PLN, 0.01).

    ``rates`` has one entry per VAT rate code present, in order of first appearance;
    ``net``/``vat``/``gross`` are the sums over ``rates``, so ``gross == net + vat``.
    """

    basis: str
    lines: list[LineAmounts]
    rates: list[RateSummary]
    net: Decimal
    vat: Decimal
    gross: Decimal


def document_basis(doc: dict) -> str:
    """The document's price basis: its ``prices`` field, else ``"gross"`` for PA, else ``"net"``.

    Raises ``ValueError`` for a ``prices`` value other than ``net``/``gross``.
    """
    basis = doc.get("prices")
    if basis is None:
        return "gross" if doc.get("type") == "PA" else "net"
    if basis not in ("net", "gross"):
        raise ValueError(f"prices must be 'net' or 'gross', not {basis!r}")
    return basis


def _rate(code: object) -> Decimal:
    try:
        return VAT_RATES[code]  # type: ignore[index]
    except (KeyError, TypeError):
        raise ValueError(f"unknown VAT rate {code!r}") from None


def _vat_from_net(net: Decimal, rate: Decimal) -> Decimal:
    return _half_up(_CONTEXT.divide(_CONTEXT.multiply(net, rate), HUNDRED))


def _vat_from_gross(gross: Decimal, rate: Decimal) -> Decimal:
    return _half_up(_CONTEXT.divide(_CONTEXT.multiply(gross, rate), HUNDRED + rate))


def _line_amounts(index: int, line: dict, doc_discount: Decimal, basis: str) -> LineAmounts:
    quantity = to_decimal(line["quantity"])
    unit_price = to_decimal(line["unit_price"])
    own = line.get("discount_percent")
    discount = to_decimal(own) if own is not None else doc_discount
    code = line["vat_rate"]
    rate = VAT_RATES.get(code) if type(code) is str else None
    if rate is None:
        rate = _rate(code)  # raises ValueError naming the code
    context = _CONTEXT
    if discount:
        factor = context.subtract(1, context.divide(discount, HUNDRED))
        price_after = context.multiply(unit_price, factor)
        value = context.multiply(context.multiply(quantity, unit_price), factor)
    else:  # factor 1: the same figures without the two operations
        price_after = unit_price
        value = context.multiply(quantity, unit_price)
    price_after = _half_up(price_after, UNIT_PRICE)
    value = _half_up(value)
    if not rate:
        net = gross = value
    elif basis == "net":
        net = value
        gross = value + _vat_from_net(value, rate)
    else:
        net = value - _vat_from_gross(value, rate)
        gross = value
    # positional, in LineAmounts' field order (index … rate)
    return LineAmounts(
        index, quantity, unit_price, discount, price_after, value, net, gross, code, rate
    )


def compute_amounts(doc: dict) -> DocumentAmounts:
    """Compute a trade document's (FS/PA/RO/WZ) line values, VAT per rate and totals.

    ``doc`` is the document as in the contract (amounts are decimal strings). Rules
    (contract, "Computation"; half-up to 0.01):

    * a line's discount is its own ``discount_percent``, else the document's, else 0;
    * line value = round(quantity × unit_price × (1 − discount/100)) on the document's basis;
    * per VAT rate the line values are summed; net basis: VAT = round(net × rate/100),
      gross = net + VAT; gross basis: VAT = round(gross × rate/(100 + rate)),
      net = gross − VAT; ``zw``, ``np`` and ``0`` carry no VAT;
    * document totals are the sums over the rates.

    Raises ``KeyError`` for a missing required line field, ``ValueError``/``TypeError`` for
    values the contract does not allow (the intake has already rejected such documents).
    """
    basis = document_basis(doc)
    doc_discount_raw = doc.get("discount_percent")
    doc_discount = to_decimal(doc_discount_raw) if doc_discount_raw is not None else Decimal(0)
    lines = [_line_amounts(i, line, doc_discount, basis) for i, line in enumerate(doc["lines"])]
    sums: dict[str, Decimal] = {}
    for line in lines:
        sums[line.vat_rate] = sums.get(line.vat_rate, _ZERO) + line.value
    rates = []
    for code, total in sums.items():
        rate = VAT_RATES[code]
        if basis == "net":
            vat = _vat_from_net(total, rate)
            net, gross = total, total + vat
        else:
            vat = _vat_from_gross(total, rate)
            net, gross = total - vat, total
        rates.append(RateSummary(vat_rate=code, rate=rate, net=net, vat=vat, gross=gross))
    zero = _ZERO
    return DocumentAmounts(
        basis=basis,
        lines=lines,
        rates=rates,
        net=sum((r.net for r in rates), zero),
        vat=sum((r.vat for r in rates), zero),
        gross=sum((r.gross for r in rates), zero),
    )


def totals_mismatch(doc: dict, amounts: DocumentAmounts) -> list[str]:
    """Compare the device's ``totals`` (if any) with the computed amounts.

    A difference of more than 0.01 PLN in ``net``, ``vat`` or ``gross`` is a mismatch
    (contract, ``totals``). Returns human-readable problems such as
    ``"totals.gross: device says 351.40, computed 351.30"``; an empty list when the document
    has no totals or they agree. A total that is missing or not a decimal is reported too.
    """
    totals = doc.get("totals")
    if totals is None:
        return []
    problems = []
    computed = {"net": amounts.net, "vat": amounts.vat, "gross": amounts.gross}
    for key, ours in computed.items():
        raw = totals.get(key) if isinstance(totals, dict) else None
        try:
            theirs = to_decimal(raw)
        except (TypeError, ValueError):
            problems.append(f"totals.{key}: device says {raw!r}, computed {ours}")
            continue
        if abs(theirs - ours) > MONEY:
            problems.append(f"totals.{key}: device says {theirs}, computed {ours}")
    return problems
