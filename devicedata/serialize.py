"""The rows devices receive, built from the ERP's master data (`importer.erp.masterdata`).

Each function turns one read row into the JSON object of the device API (the OpenAPI
document, `devicedata.openapi`, describes them): ids are strings (the ERP id; a stock level's
is ``<product id>:<warehouse id>``), amounts, prices and quantities are **decimal strings**
as in the intake contract ("18.50", "120.0000"), never JSON numbers. Optima's odd values are
turned into the contract's words here: the system currency ``''`` is ``"PLN"``, the VAT flag
and rate are the contract's VAT code ("23", "zw", "np").
"""

from __future__ import annotations

from collections.abc import Iterable

from importer.erp import conventions as cv

#: FormyPlatnosci.FPl_Typ -> the word devices get.
PAYMENT_KINDS = {cv.PAYMENT_CASH: "cash", cv.PAYMENT_TRANSFER: "transfer", cv.PAYMENT_CARD: "card"}


def _currency(code: str) -> str:
    return "PLN" if code == cv.SYSTEM_CURRENCY else code


def product(p) -> dict:
    """A `MobileProduct` as devices get it: code, name, unit, EAN, VAT and prices."""
    return {
        "id": str(p.id),
        "code": p.code,
        "name": p.name,
        "unit": p.unit,
        "ean": p.ean,
        "vat_rate": p.vat_code or None,
        "vat_percent": str(p.vat_rate),
        "vat_flag": p.vat_flag,
        "prices": [
            {
                "type": price.number,
                "name": price.name,
                "basis": price.basis,
                "value": str(price.value),
                "currency": _currency(price.currency),
            }
            for price in p.prices
        ],
    }


def stock(s) -> dict:
    """A `Stock` level: quantity, reserved and available (decimal strings, 4 places)."""
    return {
        "id": f"{s.product_id}:{s.warehouse_id}",
        "product_id": str(s.product_id),
        "product_code": s.product_code,
        "warehouse": s.warehouse_symbol,
        "quantity": str(s.quantity),
        "reserved": str(s.reserved),
        "available": str(s.available),
    }


def customer(c) -> dict:
    """A `MobileCustomer`: code, name (joined and its three parts), NIP, address, payment."""
    return {
        "id": str(c.id),
        "code": c.code,
        "name": c.name,
        "name_parts": list(c.name_parts),
        "nip": c.nip,
        "nip_country": c.nip_country,
        "address": {
            "street": c.street,
            "house_no": c.house_no,
            "flat_no": c.flat_no,
            "city": c.city,
            "postal_code": c.postal_code,
            "post_office": c.post_office,
            "country": c.country,
        },
        "email": c.email,
        "phone": c.phone,
        "payment": {"form": c.payment_form or None, "days": c.payment_days},
    }


def payment_form(f) -> dict:
    """A `MobilePaymentForm`: name (what a document's ``payment.form`` names), kind, days."""
    return {
        "id": str(f.id),
        "name": f.name,
        "kind": PAYMENT_KINDS.get(f.kind, "other"),
        "days": f.days,
    }


def warehouse(w) -> dict:
    """A `MobileWarehouse`: symbol (what a document's ``warehouse`` names) and name."""
    return {"id": str(w.id), "symbol": w.symbol, "name": w.name}


def keyed(rows: Iterable[dict]) -> Iterable[tuple[str, dict]]:
    """(id, row) pairs, for a dict keyed by id."""
    return ((row["id"], row) for row in rows)
