"""Passwords are write-only in the admin: set, kept, cleared, never shown."""

import pytest
from django.db import connection
from django.urls import reverse

from harmonogramy.models import CompanyDatabase
from operators.models import Operator
from tests.admin.helpers import SECRET, company_form_data


def _stored_column(table: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT password FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def _pages_of(client, model_name: str, pk: int) -> list[str]:
    urls = [
        reverse(f"admin:{model_name}_changelist"),
        reverse(f"admin:{model_name}_change", args=[pk]),
        reverse(f"admin:{model_name}_history", args=[pk]),
    ]
    pages = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages.append(response.content.decode())
    return pages


@pytest.fixture
def company_with_secret(client_admin, company_database):
    url = reverse("admin:harmonogramy_companydatabase_change", args=[company_database.pk])
    response = client_admin.post(url, company_form_data(company_database, new_password=SECRET))
    assert response.status_code == 302, response.content.decode()[:3000]
    return CompanyDatabase.objects.get(pk=company_database.pk)


def test_company_password_set_through_the_form_is_encrypted_and_never_rendered(
    client_admin, company_with_secret
):
    assert company_with_secret.password.reveal() == SECRET
    ciphertext = _stored_column("harmonogramy_companydatabase", company_with_secret.pk)
    assert ciphertext and SECRET not in ciphertext
    for html in _pages_of(client_admin, "harmonogramy_companydatabase", company_with_secret.pk):
        assert SECRET not in html
        assert ciphertext not in html


def test_change_page_says_a_password_is_set_without_showing_it(client_admin, company_with_secret):
    url = reverse("admin:harmonogramy_companydatabase_change", args=[company_with_secret.pk])
    html = client_admin.get(url).content.decode()
    assert "A password is set" in html
    assert 'name="new_password"' in html and 'name="new_password" value' not in html


def test_empty_password_keeps_the_current_one(client_admin, company_with_secret):
    url = reverse("admin:harmonogramy_companydatabase_change", args=[company_with_secret.pk])
    data = company_form_data(company_with_secret, default_warehouse="MAG2")
    assert client_admin.post(url, data).status_code == 302
    company = CompanyDatabase.objects.get(pk=company_with_secret.pk)
    assert company.default_warehouse == "MAG2"
    assert company.password.reveal() == SECRET


def test_clear_checkbox_removes_the_password(client_admin, company_with_secret):
    url = reverse("admin:harmonogramy_companydatabase_change", args=[company_with_secret.pk])
    data = company_form_data(company_with_secret, clear_password="on")
    assert client_admin.post(url, data).status_code == 302
    company = CompanyDatabase.objects.get(pk=company_with_secret.pk)
    assert not company.password
    assert _stored_column("harmonogramy_companydatabase", company.pk) == ""
    html = client_admin.get(url).content.decode()
    assert "No password is set" in html


def test_new_password_and_clear_together_are_refused(client_admin, company_with_secret):
    url = reverse("admin:harmonogramy_companydatabase_change", args=[company_with_secret.pk])
    data = company_form_data(company_with_secret, new_password="other", clear_password="on")
    response = client_admin.post(url, data)
    assert response.status_code == 200
    assert "not both" in response.content.decode()
    assert CompanyDatabase.objects.get(pk=company_with_secret.pk).password.reveal() == SECRET


def test_a_rejected_form_does_not_echo_the_typed_password(client_admin, company_database):
    url = reverse("admin:harmonogramy_companydatabase_change", args=[company_database.pk])
    data = company_form_data(company_database, new_password=SECRET, name="")
    response = client_admin.post(url, data)
    assert response.status_code == 200  # the form is shown again with an error
    assert SECRET not in response.content.decode()


def test_operator_password_is_write_only(client_admin):
    add_url = reverse("admin:operators_operator_add")
    data = {"acronym": "JANEK", "new_password": SECRET, "is_default": "on"}
    assert client_admin.post(add_url, data).status_code == 302
    operator = Operator.objects.get(acronym="JANEK")
    assert operator.password.reveal() == SECRET
    ciphertext = _stored_column("operators_operator", operator.pk)
    assert SECRET not in ciphertext
    for html in _pages_of(client_admin, "operators_operator", operator.pk):
        assert SECRET not in html
        assert ciphertext not in html

    change_url = reverse("admin:operators_operator_change", args=[operator.pk])
    assert (
        client_admin.post(change_url, {"acronym": "JANEK", "new_password": ""}).status_code == 302
    )
    operator.refresh_from_db()
    assert operator.password.reveal() == SECRET and not operator.is_default

    data = {"acronym": "JANEK", "clear_password": "on"}
    assert client_admin.post(change_url, data).status_code == 302
    operator.refresh_from_db()
    assert not operator.password
