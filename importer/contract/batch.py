"""Validation of a whole batch (``{"documents": [...]}``) against the contract.

Pure: no HTTP and no ORM; documents already in the inbox are looked up through the
``known_documents`` callable the caller passes in.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext

from importer import doctypes
from importer.contract.checks import (
    Checker,
    FieldError,
    Reference,
    join,
    kind_of,
    normalize_uuid,
)
from importer.contract.documents import (
    DOCUMENT_TYPES,
    check_knt,
    check_kp,
    check_trade,
)
from importer.contract.jsonbody import to_plain

MAX_DOCUMENTS = 500

KnownDocuments = Callable[[set[str]], dict[str, str]]


@dataclass(frozen=True)
class ValidDocument:
    """A document that passed validation, with what the intake stores.

    ``payload`` is the document as sent, except that its guids (``guid``, ``customer.guid``,
    ``settles``) are in canonical lower-case form (the NIP stays as sent; the mapping
    normalises it with `normalize_nip`). ``content_hash`` is
    the SHA-256 (hex) of the document exactly as sent, as canonical JSON.
    ``customer_guid``/``settles_guid`` are ``""`` when there is no such reference.
    """

    index: int
    guid: str
    doc_type: str
    number: str
    issued_at: datetime
    customer_guid: str
    settles_guid: str
    payload: dict
    content_hash: str


def content_hash(document: dict) -> str:
    """SHA-256 hex of ``json.dumps(document, sort_keys=True, separators=(",", ":"),
    ensure_ascii=False)`` (UTF-8): equal for a harmless re-send, different for changed content.
    """
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _batch_error(field: str, message: str) -> list[FieldError]:
    return [FieldError(None, None, field, message)]


def _documents(data: object) -> tuple[list | None, list[FieldError]]:
    if not isinstance(data, dict):
        return None, _batch_error(
            "body", gettext('The body must be a JSON object of the form {"documents": [...]}.')
        )
    documents = data.get("documents")
    if not isinstance(documents, list):
        return None, _batch_error(
            "documents", gettext("documents is required and must be a list of documents.")
        )
    if not 1 <= len(documents) <= MAX_DOCUMENTS:
        return None, _batch_error(
            "documents",
            gettext("A batch must have 1 to %(max)d documents (it has %(count)d).")
            % {"max": MAX_DOCUMENTS, "count": len(documents)},
        )
    return documents, []


@dataclass
class _Checked:
    index: int
    guid: str
    doc_type: str
    number: str
    issued_at: datetime
    customer_guid: str | None
    settles_guid: str | None
    nip: str | None


def _check_document(
    index: int, doc: dict, guid: str | None, checker: Checker, first_seen: dict[str, int]
) -> _Checked | None:
    """Common fields, then the type's own rules; None when something was reported."""
    before = len(checker.errors)
    raw_guid = doc.get("guid")
    if guid is None:
        if "guid" not in doc:
            checker.error("guid", gettext("guid is required."))
        else:
            checker.error(
                "guid",
                gettext(
                    "guid must be a UUID such as "
                    '"7a1d9e02-4b6f-4f3e-8c2d-0e9f8a7b6c51" (got %(value)s).'
                )
                % {
                    "value": f'"{raw_guid[:40]}"'
                    if isinstance(raw_guid, str)
                    else kind_of(raw_guid)
                },
            )
    elif first_seen[guid] != index:
        checker.error(
            "guid",
            gettext("guid %(guid)s appears twice in this batch (first in document %(first)d).")
            % {"guid": guid, "first": first_seen[guid]},
        )
    doc_type = checker.choice(doc, "type", "type", DOCUMENT_TYPES, required=True)
    # TrN_NumerObcy is varchar(256): code page 1250 only.
    number = checker.text(doc, "number", "number", required=True, max_length=60, ansi=True)
    issued_at = checker.timestamp(doc, "issued_at", "issued_at")
    customer_guid = settles_guid = nip = None
    kind = doctypes.REGISTRY[doc_type].contract if doc_type in doctypes.REGISTRY else None
    if kind == "trade":
        customer_guid = check_trade(checker, doc, doc_type)
    elif kind == "kp":
        customer_guid, settles_guid = check_kp(checker, doc)
    elif kind == "knt":
        nip = check_knt(checker, doc)
    if len(checker.errors) != before:
        return None
    return _Checked(index, guid, doc_type, number, issued_at, customer_guid, settles_guid, nip)


def _resolve(
    references: list[Reference], in_batch: dict[str, str], known_documents: KnownDocuments
) -> list[FieldError]:
    """Every reference must name a document of an allowed type, in the batch or the inbox."""
    outside = {r.target for r in references if r.target not in in_batch}
    known = known_documents(outside) if outside else {}
    errors = []
    for ref in references:
        found = in_batch.get(ref.target) or known.get(ref.target)
        if found in ref.allowed_types:
            continue
        allowed = "/".join(sorted(ref.allowed_types))
        if found is None:
            message = gettext(
                "%(field)s %(guid)s is not a %(types)s document of this batch or of an earlier one."
            )
        else:
            message = gettext(
                "%(field)s %(guid)s is a %(found)s document; a %(types)s document is required."
            )
        errors.append(
            FieldError(
                ref.index,
                ref.doc_guid,
                ref.field,
                message
                % {"field": ref.field, "guid": ref.target, "types": allowed, "found": found},
            )
        )
    return errors


#: The most one document may take once stored (its JSON, extension fields included): a
#: document of 1,000 lines is about 150 KiB; more would only cost storage and page size.
MAX_DOCUMENT_BYTES = 512 * 1024


def document_too_large(doc: dict) -> bool:
    """Whether ``doc`` (parsed) would store more than `MAX_DOCUMENT_BYTES` of JSON."""
    return len(json.dumps(to_plain(doc), ensure_ascii=False, default=str)) > MAX_DOCUMENT_BYTES


def _valid_document(doc: dict, checked: _Checked) -> ValidDocument:
    original = to_plain(doc)
    payload = copy.deepcopy(original)
    payload["guid"] = checked.guid
    if checked.customer_guid:
        payload["customer"]["guid"] = checked.customer_guid
    if checked.settles_guid:
        payload["settles"] = checked.settles_guid
    return ValidDocument(
        index=checked.index,
        guid=checked.guid,
        doc_type=checked.doc_type,
        number=checked.number,
        issued_at=checked.issued_at,
        customer_guid=checked.customer_guid or "",
        settles_guid=checked.settles_guid or "",
        payload=payload,
        content_hash=content_hash(original),
    )


def validate_batch(
    data: object, *, known_documents: KnownDocuments
) -> tuple[list[ValidDocument], list[FieldError]]:
    """Check a parsed batch against every rule of the contract.

    ``data`` is the parsed body (`parse_body` output: numbers are ``JsonNumber`` markers;
    plain Python numbers are refused the same way). ``known_documents(guids)`` returns
    ``{guid: doc_type}`` for those of ``guids`` already in the inbox of the device's company
    database; it is called at most once, only for references not satisfied by the batch.

    Returns ``(documents, [])`` when the whole batch is valid, else ``([], errors)`` with
    every problem found (the batch is all-or-nothing). A batch with fewer than 1 or more than
    500 documents gets that single error: its documents are not examined.
    """
    documents, errors = _documents(data)
    if documents is None:
        return [], errors
    guids = [normalize_uuid(d.get("guid")) if isinstance(d, dict) else None for d in documents]
    first_seen: dict[str, int] = {}
    in_batch: dict[str, str] = {}
    for index, guid in enumerate(guids):
        if guid is not None and guid not in first_seen:
            first_seen[guid] = index
            doc_type = documents[index].get("type")
            if isinstance(doc_type, str) and doc_type in DOCUMENT_TYPES:
                in_batch[guid] = doc_type
    references: list[Reference] = []
    checked = []
    for index, doc in enumerate(documents):
        if not isinstance(doc, dict):
            errors.append(
                FieldError(
                    index,
                    None,
                    join("documents", index),
                    gettext("Each document must be a JSON object."),
                )
            )
            continue
        checker = Checker(index, guids[index], errors, references)
        if document_too_large(doc):
            checker.error(
                "document",
                gettext(
                    "The document is larger than %(max)d KiB of JSON (extension fields "
                    "included); nothing of it would be needed by the ERP."
                )
                % {"max": MAX_DOCUMENT_BYTES // 1024},
            )
            continue
        checked.append(_check_document(index, doc, guids[index], checker, first_seen))
    errors.extend(_resolve(references, in_batch, known_documents))
    if errors:
        errors.sort(key=lambda e: -1 if e.index is None else e.index)
        return [], errors
    return [_valid_document(documents[c.index], c) for c in checked], []
