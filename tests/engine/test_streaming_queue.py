"""The run reads its queue a page at a time (`importer.inbox.WaitingQueue`): documents that
depend on each other across pages and groups still go in dependency order, each once."""

import uuid

import pytest

import importer.engine
from importer.engine import run_import
from importer.inbox import WaitingQueue
from importer.models import DocumentStatus, MobileDocument, RunStatus
from tests.erp_fixtures import fs

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def tiny_pages(monkeypatch):
    monkeypatch.setattr(WaitingQueue, "PAGE", 2)
    monkeypatch.setattr(importer.engine, "GROUP_MAX_DOCUMENTS", 2)


def test_a_customer_later_in_the_queue_goes_first_across_pages(
    send, demo_company, erp, sample_documents, tiny_pages
):
    knt = next(d for d in sample_documents if d["type"] == "KNT")
    knt["guid"] = str(uuid.uuid4())
    first = fs("FS/1/REP01", customer={"guid": knt["guid"]})
    kp = {
        "guid": str(uuid.uuid4()),
        "type": "KP",
        "number": "KP/1/REP01",
        "issued_at": "2026-11-27T10:20:00+01:00",
        "customer": {"guid": knt["guid"]},
        "amount": "24.60",
        "settles": first["guid"],
    }
    # the FS needs the KNT sent five documents after it; the KP needs both
    docs = [first] + [fs(f"FS/{i}/REP01") for i in range(2, 6)] + [knt, kp]
    assert send(docs).status_code == 200, send(docs).content

    run = run_import(demo_company, "manual")

    assert run.status == RunStatus.SUCCEEDED, run.first_error
    assert (run.imported_count, run.failed_count, run.waiting_count) == (7, 0, 0)
    assert set(MobileDocument.objects.values_list("status", flat=True)) == {DocumentStatus.IMPORTED}
    knt_id = MobileDocument.objects.get(guid=knt["guid"]).erp_id
    assert (
        erp("SELECT TrN_PodID FROM TraNag WHERE TrN_ImportRowId = ?", (first["guid"],))[0][0]
        == knt_id
    )
    assert erp("SELECT COUNT(*) FROM TraNag")[0][0] == 5
    assert (
        erp("SELECT COUNT(*) FROM Kontrahenci WHERE Knt_ImportRowId = ?", (knt["guid"],))[0][0] == 1
    )
    assert MobileDocument.objects.filter(attempts=1).count() == 7  # each tried once


def test_a_document_sent_during_the_run_waits_for_the_next_one(send, demo_company, monkeypatch):
    assert send([fs("FS/1/REP01"), fs("FS/2/REP01")]).status_code == 200
    late = fs("FS/3/REP01")
    make_queue = WaitingQueue.__init__

    def queue_then_arrival(self, company):
        make_queue(self, company)
        assert send([late]).status_code == 200  # arrives after the run took its queue

    monkeypatch.setattr(WaitingQueue, "__init__", queue_then_arrival)
    run = run_import(demo_company, "manual")
    assert run.imported_count == 2
    assert MobileDocument.objects.get(guid=late["guid"]).status == DocumentStatus.RECEIVED
