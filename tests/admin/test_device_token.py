"""Device tokens: issued on add and by an action, shown exactly once, stored as a hash."""

import re

from django.contrib.admin import helpers
from django.urls import reverse

from importer.models import Device


def _tokens_in(html: str) -> list[str]:
    return re.findall(r"<code>([A-Za-z0-9_\-]{40,})</code>", html)


def test_the_token_is_shown_once_on_add(client_admin, company_database):
    data = {
        "name": "Tablet REP02",
        "sales_rep": "Anna Nowak",
        "company_database": company_database.pk,
        "is_active": "on",
    }
    response = client_admin.post(reverse("admin:importer_device_add"), data, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    tokens = _tokens_in(html)
    assert len(tokens) == 1
    token = tokens[0]
    assert html.count(token) == 1

    device = Device.for_token(token)
    assert device is not None and device.name == "Tablet REP02"
    assert device.token_hash != token and token not in device.token_hash

    for url in [
        reverse("admin:importer_device_changelist"),
        reverse("admin:importer_device_change", args=[device.pk]),
    ]:
        page = client_admin.get(url).content.decode()
        assert token not in page
        assert device.token_hash not in page


def test_issue_new_token_action_replaces_the_token(client_admin, device_and_token):
    device, old_token = device_and_token
    data = {"action": "issue_new_token", helpers.ACTION_CHECKBOX_NAME: [device.pk]}
    response = client_admin.post(reverse("admin:importer_device_changelist"), data, follow=True)
    html = response.content.decode()
    tokens = _tokens_in(html)
    assert len(tokens) == 1 and html.count(tokens[0]) == 1
    assert Device.for_token(tokens[0]) == device
    assert Device.for_token(old_token) is None
    assert (
        tokens[0]
        not in client_admin.get(reverse("admin:importer_device_changelist")).content.decode()
    )


def test_deactivate_action_revokes_the_device(client_admin, device_and_token):
    device, _token = device_and_token
    data = {"action": "deactivate", helpers.ACTION_CHECKBOX_NAME: [device.pk]}
    client_admin.post(reverse("admin:importer_device_changelist"), data)
    device.refresh_from_db()
    assert device.is_active is False
