"""Helpers for the intake API tests: the sample batch and a client speaking the contract."""

import copy
import json
import uuid
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[2] / "importer" / "demo_data" / "batch-valid.json"
URL = "/api/mobile/v1/documents"


def load_sample() -> dict:
    """The contract's sample batch (KNT, FS, KP, PA, RO), as a fresh dict."""
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


def sample_doc(doc_type: str, **changes) -> dict:
    """A copy of the sample's document of ``doc_type`` with a fresh guid and ``changes``."""
    doc = copy.deepcopy(next(d for d in load_sample()["documents"] if d["type"] == doc_type))
    doc["guid"] = str(uuid.uuid4())
    doc.update(changes)
    return doc


def fs_by_code(**changes) -> dict:
    """A valid FS naming an ERP customer by code (no KNT dependency)."""
    return sample_doc("FS", **{"customer": {"code": "HURT-ABC"}, **changes})


class Api:
    """django.test.Client wrapper: bearer token, JSON content type, English messages."""

    def __init__(self, client, token: str):
        self.client = client
        self.token = token

    def headers(self, token=None, **extra):
        headers = {"HTTP_ACCEPT_LANGUAGE": "en"}
        token = self.token if token is None else token
        if token:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        headers.update(extra)
        return headers

    def post_raw(
        self, body: bytes | str, content_type="application/json", token=None, url=URL, **extra
    ):
        extra.setdefault("CONTENT_TYPE", content_type)  # the client drops it for empty bodies
        return self.client.generic(
            "POST", url, body, content_type=content_type, **self.headers(token, **extra)
        )

    def post(self, batch, **kwargs):
        return self.post_raw(json.dumps(batch, ensure_ascii=False).encode("utf-8"), **kwargs)

    def post_docs(self, *docs, **kwargs):
        return self.post({"documents": list(docs)}, **kwargs)

    def get(self, guid: str, token=None):
        return self.client.get(f"{URL}/{guid}", **self.headers(token))


def errors_of(response) -> list[dict]:
    """The ``errors`` list of a 400 answer (asserting it is one)."""
    assert response.status_code == 400, response.content
    return response.json()["errors"]


def fields_of(response) -> set[tuple]:
    """``{(index, field)}`` of a 400 answer's errors."""
    return {(e["index"], e["field"]) for e in errors_of(response)}


def stored_count() -> int:
    from importer.models import MobileDocument

    return MobileDocument.objects.count()
