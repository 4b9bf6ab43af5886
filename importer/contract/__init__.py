"""The mobile contract (``/shared/contract/mobile-api.md``) as pure validation code.

* `parse_body` — request bytes → JSON with numbers kept as `JsonNumber` markers;
* `validate_batch` — every rule of the contract, all problems of a batch at once;
* `ValidDocument` / `FieldError` — what the intake stores / what a 400 lists.
"""

from importer.contract.batch import MAX_DOCUMENTS, ValidDocument, content_hash, validate_batch
from importer.contract.checks import FieldError, normalize_uuid
from importer.contract.documents import DOCUMENT_TYPES, TRADE_TYPES, normalize_nip
from importer.contract.jsonbody import BodyError, JsonNumber, parse_body, to_plain

__all__ = [
    "DOCUMENT_TYPES",
    "MAX_DOCUMENTS",
    "TRADE_TYPES",
    "BodyError",
    "FieldError",
    "JsonNumber",
    "ValidDocument",
    "content_hash",
    "normalize_nip",
    "normalize_uuid",
    "parse_body",
    "to_plain",
    "validate_batch",
]
