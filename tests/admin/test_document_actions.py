"""Inbox actions: send back only failed documents; ignore only with a reason."""

from django.contrib.admin import helpers
from django.urls import reverse

from importer.models import MobileDocument


def _statuses(documents):
    return [MobileDocument.objects.get(pk=d.pk).status for d in documents]


def _select(action, documents, **extra):
    return {
        "action": action,
        helpers.ACTION_CHECKBOX_NAME: [d.pk for d in documents],
        **extra,
    }


URL = "admin:importer_mobiledocument_changelist"


def test_send_back_changes_only_failed_documents(client_admin, documents):
    response = client_admin.post(reverse(URL), _select("send_back_to_received", documents))
    assert response.status_code == 302
    assert _statuses(documents) == ["received", "received", "imported", "ignored"]


def test_ignore_asks_for_a_reason_first(client_admin, documents):
    response = client_admin.post(reverse(URL), _select("ignore_documents", documents[:2]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="reason"' in html and documents[0].guid in html
    assert _statuses(documents[:2]) == ["received", "failed"]


def test_ignore_refuses_an_empty_reason(client_admin, documents):
    data = _select("ignore_documents", documents[:2], apply="1", reason="   ")
    response = client_admin.post(reverse(URL), data)
    assert response.status_code == 200
    assert "Give the reason for ignoring the documents." in response.content.decode()
    assert _statuses(documents[:2]) == ["received", "failed"]


def test_ignore_with_a_reason_keeps_it_and_skips_imported(client_admin, documents):
    data = _select("ignore_documents", documents[:3], apply="1", reason="duplikat z biura")
    response = client_admin.post(reverse(URL), data)
    assert response.status_code == 302
    assert _statuses(documents[:3]) == ["ignored", "ignored", "imported"]
    assert MobileDocument.objects.get(pk=documents[0].pk).ignored_reason == "duplikat z biura"


def test_documents_cannot_be_edited_or_deleted(client_admin, documents):
    url = reverse("admin:importer_mobiledocument_change", args=[documents[0].pk])
    response = client_admin.post(url, {"status": "imported"})
    assert response.status_code == 403
    delete = reverse("admin:importer_mobiledocument_delete", args=[documents[0].pk])
    assert client_admin.get(delete).status_code == 403
