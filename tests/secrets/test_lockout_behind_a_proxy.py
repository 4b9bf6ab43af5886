"""The login lockout behind a reverse proxy: failures count per real client address, so five
wrong passwords from an attacker never lock the real administrator out."""

import pytest
from django.test import Client

from syncadmin.clientip import client_ip

pytestmark = pytest.mark.django_db


class _Request:
    def __init__(self, remote, forwarded=None):
        self.META = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            self.META["HTTP_X_FORWARDED_FOR"] = forwarded


def test_the_client_address_comes_from_a_trusted_proxy_only(settings):
    settings.SYNCADMIN_TRUSTED_PROXIES = ["127.0.0.1"]
    assert client_ip(_Request("127.0.0.1", "203.0.113.7")) == "203.0.113.7"
    assert client_ip(_Request("127.0.0.1", "198.51.100.1, 203.0.113.7")) == "203.0.113.7"
    assert client_ip(_Request("127.0.0.1")) == "127.0.0.1"
    assert client_ip(_Request("192.0.2.9", "203.0.113.7")) == "192.0.2.9"  # forged header
    assert client_ip(_Request("127.0.0.1", "not-an-address")) == "127.0.0.1"


def test_an_attacker_behind_the_proxy_does_not_lock_the_real_user_out(settings, django_user_model):
    settings.SYNCADMIN_TRUSTED_PROXIES = ["127.0.0.1"]
    django_user_model.objects.create_superuser("admin", "a@example.com", "Prawdziwe-Haslo-1")
    attacker = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.66")
    for _attempt in range(settings.AXES_FAILURE_LIMIT + 1):
        attacker.post("/login/", {"username": "admin", "password": "zle"})
    real = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.5")
    response = real.post("/login/", {"username": "admin", "password": "Prawdziwe-Haslo-1"})
    assert response.status_code == 302 and "_auth_user_id" in real.session
    locked = attacker.post("/login/", {"username": "admin", "password": "Prawdziwe-Haslo-1"})
    assert "_auth_user_id" not in attacker.session and locked.status_code in (200, 403, 429)
