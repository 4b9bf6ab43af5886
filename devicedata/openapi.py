"""The OpenAPI 3.1 document of every device endpoint, served at ``/api/mobile/v1/openapi.json``.

Written by hand from the contract (``shared/contract/mobile-api.md``) and the views
(`importer.api.views`, `devicedata.api`); the test suite checks every device API response it
produces against it (``tests/openapi``) and fuzzes the live server with it (``tests/fuzz``).
Its schemas are JSON Schema 2020-12 (OpenAPI 3.1's own dialect). `document()` returns a fresh
dict each call; the ``servers`` entry is filled in by the view from the request.
"""

from __future__ import annotations

import copy

from devicedata.api import DEFAULT_LIMIT, MAX_LIMIT
from devicedata.models import Kind
from importer.contract.batch import MAX_DOCUMENTS
from importer.contract.documents import DOCUMENT_TYPES, MAX_LINES

API_VERSION = "1.1.0"  # 1.0: documents in; 1.1: master data out

_DECIMAL = {
    "type": "string",
    "pattern": r"^[0-9]+(\.[0-9]+)?$",
    "description": 'A decimal string, e.g. "12.30"; never a JSON number.',
}
_NULLABLE_TEXT = {"type": ["string", "null"]}
_TIMESTAMP = {"type": ["string", "null"], "format": "date-time"}

MESSAGE = {
    "type": "object",
    "required": ["message"],
    "properties": {
        "message": {"type": "string", "description": "Human-readable, in the language asked for."}
    },
}
FIELD_ERRORS = {
    "type": "object",
    "required": ["errors"],
    "properties": {
        "errors": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["index", "guid", "field", "message"],
                "properties": {
                    "index": {
                        "type": ["integer", "null"],
                        "minimum": 0,
                        "description": "The document's position in the batch; null "
                        "for a problem of the whole request.",
                    },
                    "guid": _NULLABLE_TEXT,
                    "field": {
                        "type": "string",
                        "description": "Field path, e.g. lines[2].quantity, body, since.",
                    },
                    "message": {"type": "string"},
                },
            },
        }
    },
}
CONFLICT = {
    "type": "object",
    "required": ["message", "guid"],
    "properties": {"message": {"type": "string"}, "guid": {"type": "string"}},
}

_ADDRESS = {
    "type": "object",
    "properties": {
        name: {"type": "string"}
        for name in ("street", "house_no", "flat_no", "city", "postal_code", "country")
    },
}
_LINE = {
    "type": "object",
    "required": ["product_code", "quantity", "unit_price", "vat_rate"],
    "properties": {
        "product_code": {"type": "string", "maxLength": 50},
        "quantity": _DECIMAL,
        "unit": {"type": "string", "maxLength": 20},
        "unit_price": _DECIMAL,
        "discount_percent": _DECIMAL,
        "vat_rate": {"enum": ["23", "8", "5", "0", "zw", "np"]},
    },
}
DOCUMENT = {
    "type": "object",
    "description": "One confirmed document. Which fields apply depends on type (contract: "
    "trade documents FS/PA/RO/WZ, KP, KNT); every rule is checked on intake "
    "and a broken one is a 400 naming the field.",
    "required": ["guid", "type", "number", "issued_at"],
    "properties": {
        "guid": {"type": "string", "format": "uuid"},
        "type": {"enum": list(DOCUMENT_TYPES)},
        "number": {"type": "string", "maxLength": 60},
        "issued_at": {"type": "string", "format": "date-time"},
        "customer": {
            "type": "object",
            "properties": {"code": {"type": "string"}, "guid": {"type": "string"}},
        },
        "sale_date": {"type": "string", "format": "date"},
        "warehouse": {"type": "string", "maxLength": 20},
        "payment": {
            "type": "object",
            "properties": {
                "form": {"type": "string", "maxLength": 20},
                "due_date": {"type": "string", "format": "date"},
            },
        },
        "prices": {"enum": ["net", "gross"]},
        "discount_percent": _DECIMAL,
        "lines": {"type": "array", "minItems": 1, "maxItems": MAX_LINES, "items": _LINE},
        "totals": {
            "type": "object",
            "properties": {"net": _DECIMAL, "vat": _DECIMAL, "gross": _DECIMAL},
        },
        "note": {"type": "string", "maxLength": 1000},
        "amount": _DECIMAL,
        "cash_register": {"type": "string", "maxLength": 5},
        "settles": {"type": "string", "format": "uuid"},
        "name": {"type": "string", "maxLength": 250},
        "code": {"type": "string", "maxLength": 20},
        "nip": {"type": "string"},
        "nip_country": {"type": "string"},
        "address": _ADDRESS,
        "email": {"type": "string", "maxLength": 127},
        "phone": {"type": "string", "maxLength": 20},
    },
}
BATCH = {
    "type": "object",
    "required": ["documents"],
    "properties": {
        "documents": {"type": "array", "minItems": 1, "maxItems": MAX_DOCUMENTS, "items": DOCUMENT}
    },
}
ACCEPTED = {
    "type": "object",
    "required": ["accepted", "duplicates"],
    "properties": {
        "accepted": {"type": "array", "items": {"type": "string"}},
        "duplicates": {"type": "array", "items": {"type": "string"}},
    },
}
DOCUMENT_STATE = {
    "type": "object",
    "required": ["guid", "type", "status", "erp_number", "error", "received_at", "imported_at"],
    "properties": {
        "guid": {"type": "string"},
        "type": {"enum": list(DOCUMENT_TYPES)},
        "status": {"enum": ["received", "imported", "failed", "ignored"]},
        "erp_number": _NULLABLE_TEXT,
        "error": _NULLABLE_TEXT,
        "received_at": _TIMESTAMP,
        "imported_at": _TIMESTAMP,
    },
}

_ID = {"type": "string", "description": "The ERP id of the row; removed ids name these."}
_TEXT = {"type": "string"}
ROWS = {
    Kind.PRODUCTS: {
        "type": "object",
        "description": "A product offered to mobile devices (Towary.Twr_Mobile = 1, active) "
        "with its prices per price type (TwrCeny, DefCeny).",
        "required": [
            "id",
            "code",
            "name",
            "unit",
            "ean",
            "vat_rate",
            "vat_percent",
            "vat_flag",
            "prices",
        ],
        "properties": {
            "id": _ID,
            "code": _TEXT,
            "name": _TEXT,
            "unit": _TEXT,
            "ean": _TEXT,
            "vat_rate": {
                "enum": ["23", "8", "5", "0", "zw", "np", None],
                "description": "What a document line's vat_rate takes.",
            },
            "vat_percent": _DECIMAL,
            "vat_flag": {"type": "integer", "description": "Optima's flag: 2 taxed, 1 zw, 4 np."},
            "prices": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["type", "name", "basis", "value", "currency"],
                    "properties": {
                        "type": {"type": "integer", "description": "Price type number (DfC_Lp)."},
                        "name": _TEXT,
                        "basis": {"enum": ["net", "gross"]},
                        "value": _DECIMAL,
                        "currency": _TEXT,
                    },
                },
            },
        },
    },
    Kind.STOCK: {
        "type": "object",
        "description": "Stock of a product in an active warehouse (TwrIlosci, latest row).",
        "required": [
            "id",
            "product_id",
            "product_code",
            "warehouse",
            "quantity",
            "reserved",
            "available",
        ],
        "properties": {
            "id": {"type": "string", "description": "<product id>:<warehouse id>"},
            "product_id": _TEXT,
            "product_code": _TEXT,
            "warehouse": _TEXT,
            "quantity": _DECIMAL,
            "reserved": _DECIMAL,
            "available": {"type": "string", "pattern": r"^-?[0-9]+(\.[0-9]+)?$"},
        },
    },
    Kind.CUSTOMERS: {
        "type": "object",
        "description": "An active customer (Kontrahenci.Knt_Nieaktywny = 0).",
        "required": [
            "id",
            "code",
            "name",
            "name_parts",
            "nip",
            "nip_country",
            "address",
            "email",
            "phone",
            "payment",
        ],
        "properties": {
            "id": _ID,
            "code": _TEXT,
            "name": _TEXT,
            "name_parts": {"type": "array", "items": _TEXT, "minItems": 3, "maxItems": 3},
            "nip": _TEXT,
            "nip_country": _TEXT,
            "address": {
                "type": "object",
                "properties": {
                    name: _TEXT
                    for name in (
                        "street",
                        "house_no",
                        "flat_no",
                        "city",
                        "postal_code",
                        "post_office",
                        "country",
                    )
                },
            },
            "email": _TEXT,
            "phone": _TEXT,
            "payment": {
                "type": "object",
                "required": ["form", "days"],
                "properties": {"form": _NULLABLE_TEXT, "days": {"type": "integer"}},
            },
        },
    },
    Kind.PAYMENT_FORMS: {
        "type": "object",
        "required": ["id", "name", "kind", "days"],
        "properties": {
            "id": _ID,
            "name": _TEXT,
            "kind": {"enum": ["cash", "transfer", "card", "other"]},
            "days": {"type": "integer"},
        },
    },
    Kind.WAREHOUSES: {
        "type": "object",
        "required": ["id", "symbol", "name"],
        "properties": {"id": _ID, "symbol": _TEXT, "name": _TEXT},
    },
}


def _page(kind: str) -> dict:
    return {
        "type": "object",
        "required": ["kind", "changed", "removed", "cursor", "has_more", "next"],
        "properties": {
            "kind": {"const": kind},
            "changed": {"type": "array", "items": {"$ref": f"#/components/schemas/{_name(kind)}"}},
            "removed": {
                "type": "array",
                "items": {"type": "string"},
                "description": "Ids of rows to delete (never on a first download).",
            },
            "cursor": {
                "type": "string",
                "pattern": "^[0-9]+$",
                "description": "Send it as since next time.",
            },
            "has_more": {"type": "boolean"},
            "next": {
                "type": ["string", "null"],
                "format": "uri",
                "description": "The next page, while has_more.",
            },
        },
    }


def _name(kind: str) -> str:
    return "".join(part.capitalize() for part in kind.split("-"))


def _json(schema_ref: str, description: str, headers: dict | None = None) -> dict:
    answer = {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": schema_ref}}},
    }
    if headers:
        answer["headers"] = headers
    return answer


_UNAUTHORIZED = _json(
    "#/components/schemas/Message",
    "Missing or unknown token.",
    {"WWW-Authenticate": {"schema": {"type": "string"}}},
)
_FORBIDDEN = _json("#/components/schemas/Message", "The device has been deactivated.")
_INTERNAL = _json("#/components/schemas/Message", "Internal error; nothing was processed.")


def _master_data_operation(kind: str) -> dict:
    label = Kind(kind).label
    return {
        "get": {
            "operationId": f"get_{kind.replace('-', '_')}",
            "tags": ["master data"],
            "summary": f"Download {label} changed since a cursor",
            "description": (
                "Rows of the device's own company database, from syncadmin's copy (refreshed "
                "from the ERP on the company database's schedule, never read from the ERP "
                "here). Without since: everything there is now. With since: the rows changed "
                "since then and the ids removed. Page by page while has_more (follow next)."
            ),
            "parameters": [
                {
                    "name": "since",
                    "in": "query",
                    "required": False,
                    "schema": {"type": "string", "pattern": "^[0-9]+$"},
                    "description": "The cursor of the previous answer.",
                },
                {
                    "name": "limit",
                    "in": "query",
                    "required": False,
                    "schema": {
                        "type": "integer",
                        "minimum": 1,
                        "maximum": MAX_LIMIT,
                        "default": DEFAULT_LIMIT,
                    },
                },
                {
                    "name": "If-None-Match",
                    "in": "header",
                    "required": False,
                    "schema": {"type": "string"},
                    "description": "The ETag of the same request's earlier answer.",
                },
            ],
            "responses": {
                "200": _json(
                    f"#/components/schemas/{_name(kind)}Page",
                    "One page.",
                    {
                        "ETag": {"schema": {"type": "string"}, "required": True},
                        "X-Data-Stale": {
                            "schema": {"enum": ["true", "false"]},
                            "required": True,
                            "description": "true: the last refresh from the ERP "
                            "failed; this is the last good copy.",
                        },
                        "X-Data-As-Of": {
                            "schema": {"type": "string", "format": "date-time"},
                            "description": "Time of the last good refresh.",
                        },
                    },
                ),
                "304": {
                    "description": "Unchanged since the ETag sent in If-None-Match.",
                    "headers": {"ETag": {"schema": {"type": "string"}}},
                },
                "400": _json(
                    "#/components/schemas/FieldErrors", "A bad since or limit (field names it)."
                ),
                "401": _UNAUTHORIZED,
                "403": _FORBIDDEN,
                "500": _INTERNAL,
            },
        }
    }


_DOCUMENT = {
    "/documents": {
        "post": {
            "operationId": "post_documents",
            "tags": ["documents"],
            "summary": "Send confirmed documents (all or nothing)",
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Batch"}}},
            },
            "responses": {
                "200": _json("#/components/schemas/Accepted", "Stored (or already there)."),
                "400": _json(
                    "#/components/schemas/FieldErrors",
                    "Every problem of the batch, with field paths; nothing stored.",
                ),
                "401": _UNAUTHORIZED,
                "403": _FORBIDDEN,
                "409": _json(
                    "#/components/schemas/Conflict",
                    "A GUID reused with different content; nothing stored.",
                ),
                "413": _json("#/components/schemas/Message", "The body is too large."),
                "415": _json("#/components/schemas/Message", "Not UTF-8 JSON."),
                "500": _INTERNAL,
            },
        }
    },
    "/documents/{guid}": {
        "get": {
            "operationId": "get_document",
            "tags": ["documents"],
            "summary": "The state of one document this device sent",
            "parameters": [
                {"name": "guid", "in": "path", "required": True, "schema": {"type": "string"}}
            ],
            "responses": {
                "200": _json("#/components/schemas/DocumentState", "The inbox state."),
                "401": _UNAUTHORIZED,
                "403": _FORBIDDEN,
                "404": _json(
                    "#/components/schemas/Message", "No such document sent by this device."
                ),
                "500": _INTERNAL,
            },
        }
    },
}

_INFO = {
    "title": "syncadmin device API",
    "version": API_VERSION,
    "description": (
        "What a sales rep's device (Comarch Mobile Sprzedaż or any client of this contract) "
        "sends to syncadmin, and what it downloads. Amounts are decimal strings, never JSON "
        "numbers. Every request carries Authorization: Bearer <the device's token>; a device "
        "sees its own company database only. Error messages are Polish by default and "
        "English with Accept-Language: en."
    ),
}


def document(server_url: str = "/api/mobile/v1") -> dict:
    """The OpenAPI 3.1 document (a new dict), with ``server_url`` as its one server."""
    paths = copy.deepcopy(_DOCUMENT)
    for kind in Kind.values:
        paths[f"/{kind}"] = _master_data_operation(kind)
    schemas = {
        "Message": MESSAGE,
        "FieldErrors": FIELD_ERRORS,
        "Conflict": CONFLICT,
        "Batch": BATCH,
        "Document": DOCUMENT,
        "Accepted": ACCEPTED,
        "DocumentState": DOCUMENT_STATE,
    }
    for kind, row in ROWS.items():
        schemas[_name(kind)] = row
        schemas[f"{_name(kind)}Page"] = _page(kind)
    return copy.deepcopy(
        {
            "openapi": "3.1.0",
            "info": _INFO,
            "servers": [{"url": server_url}],
            "security": [{"device": []}],
            "paths": paths,
            "components": {
                "securitySchemes": {
                    "device": {
                        "type": "http",
                        "scheme": "bearer",
                        "description": "The device's token, shown once when it is issued.",
                    }
                },
                "schemas": schemas,
            },
        }
    )
