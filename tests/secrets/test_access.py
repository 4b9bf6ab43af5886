"""Access: the admin login guards every URL but the device API; groups; brute-force lockout;
``check --deploy`` clean with the production settings of the README."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import get_resolver, reverse

from operators.roles import ADMINISTRATORS_GROUP, VIEWERS_GROUP

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = (
    "api/mobile/v1/",  # the device API: its own bearer-token authentication
    "health",  # load balancers and monitoring: JSON ok/fail only (syncadmin/health.py)
    "favicon.ico",  # an empty 204 for the browser, nothing else
)
SAMPLES = {
    "int": "1",
    "str": "x",
    "path": "1",
    "slug": "x",
    "uuid": "00000000-0000-0000-0000-000000000001",
}


def _sample(route: str) -> str:
    """A concrete URL path for a URL pattern (route converters or a simple regex)."""
    route = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES[m.group(1) or "str"], route)
    route = route.lstrip("^").rstrip("$")
    route = re.sub(r"\(\?P<\w+>([^)]*)\)", lambda m: m.group(1).split("|")[0], route)
    return "/" + route.replace(".*", "x").replace(".+", "x").replace("\\d+", "1")


def all_urls() -> list[str]:
    urls = []

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                urls.append(_sample(prefix + str(pattern.pattern)))

    walk(get_resolver().url_patterns)
    return sorted(set(urls))


@pytest.mark.django_db
def test_every_url_but_the_device_api_needs_the_admin_login():
    login = reverse("admin:login")
    client = Client()
    checked = 0
    for url in all_urls():
        if url.lstrip("/").startswith(PUBLIC) or url == login:
            continue
        if url == reverse("admin:logout"):  # nothing to protect: sends to the login
            assert client.get(url).status_code in (302, 405)
            continue
        response = client.get(url)
        if url.startswith("/i18n/"):  # set_language: only sets the language cookie
            assert response.status_code in (302, 204, 405), url
            continue
        assert response.status_code == 302, (url, response.status_code)
        assert response["Location"].startswith(login), (url, response["Location"])
        checked += 1
    assert checked > 50  # the walk really covered the admin


@pytest.mark.django_db
def test_the_device_api_answers_json_401_without_a_token():
    response = Client().get("/api/mobile/v1/documents/00000000-0000-0000-0000-000000000001")
    assert response.status_code == 401 and response["Content-Type"].startswith("application/json")


@pytest.mark.django_db
def test_the_groups_exist_with_their_permissions():
    viewers = set(
        Group.objects.get(name=VIEWERS_GROUP).permissions.values_list("codename", flat=True)
    )
    assert viewers == {
        "view_companydatabase",
        "view_schedule",
        "view_syncrun",
        "view_runlogentry",
        "view_mobiledocument",
    }
    admins = set(
        Group.objects.get(name=ADMINISTRATORS_GROUP).permissions.values_list("codename", flat=True)
    )
    assert {
        "change_operator",
        "add_device",
        "change_companydatabase",
        "delete_schedule",
        "change_configurationdatabase",
        "view_syncrun",
    } <= admins


@pytest.mark.django_db
def test_a_viewer_sees_runs_but_cannot_touch_operators(django_user_model, demo_company):
    user = django_user_model.objects.create_user("podglad", password="x-Pass-987", is_staff=True)
    user.groups.add(Group.objects.get(name=VIEWERS_GROUP))
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    assert client.get(reverse("admin:importer_syncrun_changelist")).status_code == 200
    assert client.get(reverse("admin:operators_operator_changelist")).status_code == 403
    change = reverse("admin:harmonogramy_companydatabase_change", args=[demo_company.pk])
    assert client.post(change, {"name": "hacked"}).status_code == 403


@pytest.mark.django_db
def test_the_login_locks_out_after_five_failures(django_user_model):
    django_user_model.objects.create_superuser("szef", "szef@example.com", "Dobre-Haslo-55")
    login = reverse("admin:login")
    client = Client(headers={"accept-language": "en"})
    for _ in range(5):
        response = client.post(login, {"username": "szef", "password": "zle"})
        assert "_auth_user_id" not in client.session
    response = client.post(login, {"username": "szef", "password": "Dobre-Haslo-55"})
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session  # even the right password is refused now
    other = Client()
    other.post(login, {"username": "szef", "password": "Dobre-Haslo-55"}, REMOTE_ADDR="10.0.0.9")
    assert "_auth_user_id" in other.session  # the lockout is per username and address


PRODUCTION_ENV = {
    "DEBUG": "false",
    "ALLOWED_HOSTS": "sync.example.com",
    "SECURE_SSL_REDIRECT": "true",
    "SESSION_COOKIE_SECURE": "true",
    "CSRF_COOKIE_SECURE": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
}


def test_check_deploy_is_clean_with_the_documented_production_settings(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SYNCADMIN_", "DJANGO_", "SECURE_", "DATABASE_URL"))
    }
    env.update(PRODUCTION_ENV)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "syncadmin.settings",
            "SYNCADMIN_DATA_DIR": str(tmp_path),
            "SECRET_KEY": secrets.token_urlsafe(60),
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout, result.stdout + result.stderr
