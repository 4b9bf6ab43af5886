"""POST /api/mobile/v1/documents: accepted batches, duplicates, conflicts, references."""

import uuid

import pytest

from importer.models import Device, DocumentStatus, MobileDocument
from tests.intake.helpers import Api, fields_of, fs_by_code, sample_doc, stored_count

pytestmark = pytest.mark.django_db


def test_sample_batch_is_accepted_in_order(api, sample, device):
    response = api.post(sample)

    assert response.status_code == 200, response.content
    guids = [d["guid"] for d in sample["documents"]]
    assert response.json() == {"accepted": guids, "duplicates": []}
    stored = list(MobileDocument.objects.order_by("pk"))
    assert [d.guid for d in stored] == guids  # primary keys follow the batch order
    assert {d.status for d in stored} == {DocumentStatus.RECEIVED}
    assert {d.device_id for d in stored} == {device.pk}
    assert {d.company_database_id for d in stored} == {device.company_database_id}
    fs = MobileDocument.objects.get(doc_type="FS")
    assert fs.customer_guid == "3f0c2a4e-8d51-4c7b-9a7e-1b2c3d4e5f60"
    assert fs.payload["lines"][0]["unit_price"] == "18.50"  # amounts stay strings
    assert fs.number == "FS/12/11/26/REP01"
    assert fs.issued_at.isoformat() == "2026-11-27T09:15:00+00:00"
    kp = MobileDocument.objects.get(doc_type="KP")
    assert kp.settles_guid == "7a1d9e02-4b6f-4f3e-8c2d-0e9f8a7b6c51"
    device.refresh_from_db()
    assert device.last_seen_at is not None


def test_resent_batch_is_all_duplicates(api, sample):
    assert api.post(sample).status_code == 200

    response = api.post(sample)

    assert response.status_code == 200
    guids = [d["guid"] for d in sample["documents"]]
    assert response.json() == {"accepted": [], "duplicates": guids}
    assert stored_count() == 5


def test_partly_resent_batch_mixes_accepted_and_duplicates(api, sample):
    first = sample["documents"][0]
    assert api.post_docs(first).status_code == 200
    new = fs_by_code()

    response = api.post_docs(first, new)

    assert response.json() == {"accepted": [new["guid"]], "duplicates": [first["guid"]]}
    assert stored_count() == 2


def test_same_guid_different_content_is_409_and_nothing_stored(api, sample):
    assert api.post(sample).status_code == 200
    changed = sample["documents"][4]
    changed["lines"][0]["quantity"] = "121"
    new = fs_by_code()

    response = api.post_docs(new, changed)  # a valid new document in the same batch

    assert response.status_code == 409
    assert response.json()["guid"] == changed["guid"]
    assert response.json()["message"]
    assert stored_count() == 5
    assert not MobileDocument.objects.filter(guid=new["guid"]).exists()


def test_guid_sent_by_another_device_is_409(api, client, device, sample):
    other = Device(name="Drugi", company_database=device.company_database)
    other_token = other.issue_token()
    other.save()
    fs = fs_by_code()
    assert api.post_docs(fs).status_code == 200

    response = Api(client, other_token).post_docs(fs)

    assert response.status_code == 409
    assert response.json()["guid"] == fs["guid"]
    assert stored_count() == 1


def test_guid_is_normalised_to_lower_case(api):
    raw = str(uuid.uuid4()).upper()
    response = api.post_docs(fs_by_code(guid=raw))

    assert response.json()["accepted"] == [raw.lower()]
    doc = MobileDocument.objects.get()
    assert doc.guid == raw.lower() and doc.payload["guid"] == raw.lower()


def test_same_guid_twice_in_a_batch_is_400(api):
    fs = fs_by_code()
    response = api.post_docs(fs, dict(fs, number="FS/2"))

    assert (1, "guid") in fields_of(response)
    assert stored_count() == 0


@pytest.mark.parametrize("knt_first", [True, False], ids=["knt-first", "knt-last"])
def test_knt_referenced_in_the_same_batch_in_either_order(api, knt_first):
    knt = sample_doc("KNT")
    fs = sample_doc("FS", customer={"guid": knt["guid"]})
    docs = [knt, fs] if knt_first else [fs, knt]

    response = api.post_docs(*docs)

    assert response.status_code == 200, response.content
    assert MobileDocument.objects.get(guid=fs["guid"]).customer_guid == knt["guid"]


def test_knt_from_an_earlier_batch_can_be_referenced(api):
    knt = sample_doc("KNT")
    assert api.post_docs(knt).status_code == 200
    kp = sample_doc("KP", customer={"guid": knt["guid"].upper()})
    kp.pop("settles")

    response = api.post_docs(kp)

    assert response.status_code == 200, response.content
    stored = MobileDocument.objects.get(guid=kp["guid"])
    assert stored.customer_guid == knt["guid"]
    assert stored.payload["customer"]["guid"] == knt["guid"]


def test_unknown_knt_reference_is_400(api):
    fs = sample_doc("FS", customer={"guid": str(uuid.uuid4())})

    response = api.post_docs(fs)

    assert fields_of(response) == {(0, "customer.guid")}
    assert stored_count() == 0


def test_customer_guid_of_a_non_knt_document_is_400(api):
    ro = sample_doc("RO")
    fs = sample_doc("FS", customer={"guid": ro["guid"]})

    response = api.post_docs(ro, fs)

    assert fields_of(response) == {(1, "customer.guid")}
    assert stored_count() == 0


def test_knt_of_another_company_database_is_unknown(api, device, client):
    from harmonogramy.models import CompanyDatabase

    other_db = CompanyDatabase.objects.create(name="Inna", dialect="sqlite", database="x")
    other = Device(name="Obcy", company_database=other_db)
    other_token = other.issue_token()
    other.save()
    knt = sample_doc("KNT")
    assert Api(client, other_token).post_docs(knt).status_code == 200

    response = api.post_docs(sample_doc("FS", customer={"guid": knt["guid"]}))

    assert fields_of(response) == {(0, "customer.guid")}


def test_settles_an_unknown_guid_is_400(api):
    kp = sample_doc("KP", customer={"code": "HURT-ABC"}, settles=str(uuid.uuid4()))

    response = api.post_docs(kp)

    assert fields_of(response) == {(0, "settles")}
    assert stored_count() == 0


def test_settles_an_earlier_invoice_is_accepted(api):
    fs = fs_by_code()
    assert api.post_docs(fs).status_code == 200
    kp = sample_doc("KP", customer={"code": "HURT-ABC"}, settles=fs["guid"])

    assert api.post_docs(kp).status_code == 200


def test_settles_a_customer_order_is_400(api):
    ro = sample_doc("RO")
    kp = sample_doc("KP", customer={"code": "HURT-ABC"}, settles=ro["guid"])

    response = api.post_docs(ro, kp)

    assert fields_of(response) == {(1, "settles")}


def test_pa_without_customer_is_accepted(api):
    pa = sample_doc("PA")
    assert "customer" not in pa

    assert api.post_docs(pa).status_code == 200


@pytest.mark.parametrize("doc_type", ["FS", "RO", "WZ", "KP"])
def test_customer_is_required_except_for_pa(api, doc_type):
    source = "KP" if doc_type == "KP" else "FS"
    doc = sample_doc(source, type=doc_type)
    doc.pop("customer")
    doc.pop("settles", None)

    response = api.post_docs(doc)

    assert fields_of(response) == {(0, "customer")}
    assert stored_count() == 0


def test_knt_nip_with_prefix_and_dashes_is_accepted_and_kept_as_sent(api):
    knt = sample_doc("KNT", nip="PL 526-025-02-74")

    assert api.post_docs(knt).status_code == 200

    # The payload is the document exactly as sent; the mapping normalises the NIP.
    assert MobileDocument.objects.get().payload["nip"] == "PL 526-025-02-74"


def test_unknown_fields_are_ignored_and_kept(api):
    fs = fs_by_code(extension={"loyalty_card": "123", "points": 7})
    fs["lines"][0]["colour"] = "red"

    assert api.post_docs(fs).status_code == 200
    assert MobileDocument.objects.get().payload["extension"] == {"loyalty_card": "123", "points": 7}
