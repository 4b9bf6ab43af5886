"""Language: Polish by default, English on request, switchable from the header."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_polish_is_the_default_and_the_header_switches_to_english(admin_user, settings):
    settings.LANGUAGE_CODE = "pl"  # the product's default (tests/settings.py runs in English)
    client = Client()  # no Accept-Language: the default, Polish
    client.force_login(admin_user)
    html = client.get("/").content.decode()
    assert '<html lang="pl"' in html and "Wyloguj" in html
    assert 'id="language-switch"' in html and 'value="en"' in html
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en"' in html and "Log out" in html


def test_the_login_page_has_the_switch_too(client):
    html = client.get("/login/").content.decode()
    assert 'id="language-switch"' in html
