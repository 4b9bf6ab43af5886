"""GET /api/mobile/v1/documents/{guid}: the state of one of the device's own documents."""

import uuid

import pytest
from django.utils.dateparse import parse_datetime

from importer.models import Device, MobileDocument
from tests.intake.helpers import Api, fs_by_code

pytestmark = pytest.mark.django_db


def test_own_document_is_200_with_its_state(api):
    fs = fs_by_code()
    assert api.post_docs(fs).status_code == 200

    response = api.get(fs["guid"])

    assert response.status_code == 200
    body = response.json()
    assert body == {
        "guid": fs["guid"],
        "type": "FS",
        "status": "received",
        "erp_number": None,
        "error": None,
        "received_at": body["received_at"],
        "imported_at": None,
    }
    assert parse_datetime(body["received_at"]).tzinfo is not None


def test_imported_and_failed_states_are_reported(api):
    fs, other = fs_by_code(), fs_by_code()
    api.post_docs(fs, other)
    MobileDocument.objects.get(guid=fs["guid"]).mark_imported("FS/15/2026", 15)
    MobileDocument.objects.get(guid=other["guid"]).mark_failed("Brak towaru KAWA-250")

    imported = api.get(fs["guid"]).json()
    failed = api.get(other["guid"].upper()).json()

    assert imported["status"] == "imported" and imported["erp_number"] == "FS/15/2026"
    assert parse_datetime(imported["imported_at"]).tzinfo is not None
    assert failed["status"] == "failed" and failed["error"] == "Brak towaru KAWA-250"
    assert failed["guid"] == other["guid"]


def test_another_devices_document_is_404(api, client, device):
    other = Device(name="Drugi", company_database=device.company_database)
    other_token = other.issue_token()
    other.save()
    fs = fs_by_code()
    assert Api(client, other_token).post_docs(fs).status_code == 200

    response = api.get(fs["guid"])

    assert response.status_code == 404
    assert response.json()["message"]


@pytest.mark.parametrize("guid", [str(uuid.uuid4()), "not-a-uuid", "1"])
def test_unknown_or_invalid_guid_is_404(api, guid):
    response = api.get(guid)

    assert response.status_code == 404
    assert response.json()["message"]


def test_get_needs_a_token(api):
    fs = fs_by_code()
    api.post_docs(fs)

    response = api.client.get(f"/api/mobile/v1/documents/{fs['guid']}")

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_get_by_deactivated_device_is_403(api, device):
    fs = fs_by_code()
    api.post_docs(fs)
    Device.objects.filter(pk=device.pk).update(is_active=False)

    assert api.get(fs["guid"]).status_code == 403
