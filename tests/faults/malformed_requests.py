"""A corpus of malformed device requests, as data: what is sent and the answer it must get.

Each `Case` builds one request from a `World` (tokens, an already stored document, another
device's document) and names the expected status and the field (for 400: an error whose
``field`` is exactly it, or starts with it; for 401/403/404/405/409/413/415: a word of the
``message``). Kept separate from tests/intake on purpose: an independent check of the
contract (/work/shared/contract/mobile-api.md), not a reuse of those tests' helpers.
"""

import copy
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

URL = "/api/mobile/v1/documents"


def _fs(**changes) -> dict:
    doc = {
        "guid": str(uuid.uuid4()),
        "type": "FS",
        "number": "FS/7/REP01",
        "issued_at": "2026-11-27T10:15:00+01:00",
        "customer": {"code": "HURT-ABC"},
        "lines": [
            {"product_code": "KAWA-250", "quantity": "2", "unit_price": "10.00", "vat_rate": "23"}
        ],
    }
    doc.update(changes)
    return doc


def _line(**changes) -> dict:
    line = {"product_code": "KAWA-250", "quantity": "2", "unit_price": "10.00", "vat_rate": "23"}
    line.update(changes)
    return line


def _without(doc: dict, key: str) -> dict:
    doc = copy.deepcopy(doc)
    doc.pop(key)
    return doc


def _kp(**changes) -> dict:
    doc = {
        "guid": str(uuid.uuid4()),
        "type": "KP",
        "number": "KP/1/REP01",
        "issued_at": "2026-11-27T10:20:00+01:00",
        "customer": {"code": "HURT-ABC"},
        "amount": "24.60",
    }
    doc.update(changes)
    return doc


def _knt(**changes) -> dict:
    doc = {
        "guid": str(uuid.uuid4()),
        "type": "KNT",
        "number": "KNT/1/REP01",
        "issued_at": "2026-11-27T10:00:00+01:00",
        "name": "Sklep Żabka Łódź",
        "nip": "5260250274",
        "address": {"city": "Łódź", "postal_code": "90-001"},
    }
    doc.update(changes)
    return doc


@dataclass
class World:
    """What the requests may refer to: the device's token, a deactivated device's token,
    a document the device already sent (as sent), another device's document GUID."""

    token: str
    inactive_token: str
    stored: dict
    other_device_guid: str


@dataclass
class Request:
    method: str = "POST"
    path: str = URL
    body: bytes = b""
    content_type: str = "application/json"
    token: str | None = ""  # "" = the world's token, None = no Authorization header


@dataclass
class Case:
    name: str
    build: Callable[[World], Request]
    status: int
    field: str  # 400: the error's field (prefix); else a word of the message
    notes: str = field(default="")


def batch(*docs) -> Callable[[World], Request]:
    return lambda w: Request(body=json.dumps({"documents": list(docs)}).encode())


def _twice(doc: dict) -> Request:
    return Request(body=json.dumps({"documents": [doc, doc]}).encode())


def raw(body: bytes, content_type: str = "application/json") -> Callable[[World], Request]:
    return lambda w: Request(body=body, content_type=content_type)


CASES = [
    # --- transport and envelope -----------------------------------------------------------
    Case("bad JSON", raw(b'{"documents": [{"guid": '), 400, ""),
    Case("not UTF-8", raw(b'{"documents": ["\xff\xfe"]}'), 400, ""),
    Case("empty body", raw(b""), 400, ""),
    Case("not JSON content type", raw(b"documents=1", "text/plain"), 415, "JSON"),
    Case("a JSON list instead of an object", raw(b"[]"), 400, ""),
    Case("no documents key", raw(b'{"docs": []}'), 400, "documents"),
    Case("documents is an object", raw(b'{"documents": {}}'), 400, "documents"),
    Case("no documents", batch(), 400, "documents"),
    Case(
        "501 documents",
        lambda w: Request(body=json.dumps({"documents": [_fs() for _ in range(501)]}).encode()),
        400,
        "documents",
    ),
    Case(
        "6 MiB body",
        lambda w: Request(
            body=json.dumps({"documents": [_fs(note="x" * 1000) for _ in range(6 * 1024)]}).encode()
        ),
        413,
        "larger",
    ),
    Case("a document is a string", batch("FS/1"), 400, ""),
    Case("no token", lambda w: Request(body=b'{"documents": []}', token=None), 401, "token"),
    Case("wrong token", lambda w: Request(body=b'{"documents": []}', token="x" * 43), 401, "token"),
    Case(
        "deactivated device",
        lambda w: Request(body=json.dumps({"documents": [_fs()]}).encode(), token=w.inactive_token),
        403,
        "device",
    ),
    Case("PUT is not allowed", lambda w: Request(method="PUT", body=b"{}"), 405, ""),
    # --- fields of every document ---------------------------------------------------------
    Case("missing guid", batch(_without(_fs(), "guid")), 400, "guid"),
    Case("guid not a UUID", batch(_fs(guid="not-a-uuid")), 400, "guid"),
    Case("guid a number", batch(_fs(guid=12345)), 400, "guid"),
    Case("unknown type", batch(_fs(type="FZ")), 400, "type"),
    Case("missing type", batch(_without(_fs(), "type")), 400, "type"),
    Case("missing number", batch(_without(_fs(), "number")), 400, "number"),
    Case("number of 61 characters", batch(_fs(number="N" * 61)), 400, "number"),
    Case("issued_at without offset", batch(_fs(issued_at="2026-11-27T10:15:00")), 400, "issued_at"),
    Case("issued_at not a time", batch(_fs(issued_at="yesterday")), 400, "issued_at"),
    Case("issued_at a number", batch(_fs(issued_at=1764235000)), 400, "issued_at"),
    Case("same GUID twice in one batch", lambda w: _twice(_fs()), 400, "guid"),
    # --- trade documents ------------------------------------------------------------------
    Case("FS without customer", batch(_without(_fs(), "customer")), 400, "customer"),
    Case("customer is a string", batch(_fs(customer="HURT-ABC")), 400, "customer"),
    Case("customer without code or guid", batch(_fs(customer={})), 400, "customer"),
    Case("no lines", batch(_fs(lines=[])), 400, "lines"),
    Case("1001 lines", batch(_fs(lines=[_line() for _ in range(1001)])), 400, "lines"),
    Case(
        "quantity as a JSON number", batch(_fs(lines=[_line(quantity=2)])), 400, "lines[0].quantity"
    ),
    Case(
        "unit_price as a JSON number",
        batch(_fs(lines=[_line(unit_price=10.0)])),
        400,
        "lines[0].unit_price",
    ),
    Case("zero quantity", batch(_fs(lines=[_line(quantity="0")])), 400, "lines[0].quantity"),
    Case("negative quantity", batch(_fs(lines=[_line(quantity="-1")])), 400, "lines[0].quantity"),
    Case(
        "quantity with 5 decimals",
        batch(_fs(lines=[_line(quantity="1.00001")])),
        400,
        "lines[0].quantity",
    ),
    Case(
        "negative unit_price",
        batch(_fs(lines=[_line(unit_price="-0.01")])),
        400,
        "lines[0].unit_price",
    ),
    Case(
        "unit_price not a number",
        batch(_fs(lines=[_line(unit_price="abc")])),
        400,
        "lines[0].unit_price",
    ),
    Case("unknown VAT rate", batch(_fs(lines=[_line(vat_rate="22")])), 400, "lines[0].vat_rate"),
    Case(
        "VAT rate as a JSON number",
        batch(_fs(lines=[_line(vat_rate=23)])),
        400,
        "lines[0].vat_rate",
    ),
    Case(
        "line without product_code",
        batch(_fs(lines=[_without(_line(), "product_code")])),
        400,
        "lines[0].product_code",
    ),
    Case(
        "second line broken",
        batch(_fs(lines=[_line(), _line(quantity="x")])),
        400,
        "lines[1].quantity",
    ),
    Case("discount over 100", batch(_fs(discount_percent="100.5")), 400, "discount_percent"),
    Case("unknown price basis", batch(_fs(prices="brutto")), 400, "prices"),
    Case("sale_date not a date", batch(_fs(sale_date="2026-13-01")), 400, "sale_date"),
    Case(
        "due_date not a date",
        batch(_fs(payment={"form": "gotówka", "due_date": "jutro"})),
        400,
        "payment.due_date",
    ),
    Case("note of 1001 characters", batch(_fs(note="n" * 1001)), 400, "note"),
    Case(
        "totals as JSON numbers",
        batch(_fs(totals={"net": 20, "vat": 4.6, "gross": 24.6})),
        400,
        "totals",
    ),
    # --- KP and KNT -----------------------------------------------------------------------
    Case("KP amount with 3 decimals", batch(_kp(amount="24.605")), 400, "amount"),
    Case("KP amount as a JSON number", batch(_kp(amount=24.6)), 400, "amount"),
    Case("KP amount zero", batch(_kp(amount="0.00")), 400, "amount"),
    Case("KNT with a bad NIP", batch(_knt(nip="5260250275")), 400, "nip"),
    Case("KNT without a name", batch(_without(_knt(), "name")), 400, "name"),
    Case("KNT name of 251 characters", batch(_knt(name="N" * 251)), 400, "name"),
    Case(
        "KNT postal code not NN-NNN",
        batch(_knt(address={"city": "Łódź", "postal_code": "90001"})),
        400,
        "address.postal_code",
    ),
    # --- references and the inbox ---------------------------------------------------------
    Case(
        "customer.guid of no KNT", batch(_fs(customer={"guid": str(uuid.uuid4())})), 400, "customer"
    ),
    Case("settles a GUID never sent", batch(_kp(settles=str(uuid.uuid4()))), 400, "settles"),
    Case("a valid document and an invalid one", batch(_fs(), _fs(lines=[])), 400, "lines"),
    Case(
        "reused GUID with new content",
        lambda w: Request(
            body=json.dumps(
                {"documents": [{**w.stored, "number": w.stored["number"] + "-ZMIENIONY"}]}
            ).encode()
        ),
        409,
        "GUID",
    ),
    Case(
        "another device's GUID",
        lambda w: Request(body=json.dumps({"documents": [_fs(guid=w.other_device_guid)]}).encode()),
        409,
        "GUID",
    ),
    Case(
        "GET another device's GUID",
        lambda w: Request(method="GET", path=f"{URL}/{w.other_device_guid}"),
        404,
        "",
    ),
    Case(
        "GET an unknown GUID",
        lambda w: Request(method="GET", path=f"{URL}/{uuid.uuid4()}"),
        404,
        "",
    ),
    Case(
        "GET with a wrong token",
        lambda w: Request(method="GET", path=f"{URL}/{w.stored['guid']}", token="y" * 43),
        401,
        "token",
    ),
]
