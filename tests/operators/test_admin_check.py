"""The operator check in the admin: on save (never blocking it), the "Test operator" button
(saves nothing), the list action, and the company database's operator field."""

import pytest
from django.test import Client
from django.urls import reverse

from importer.erp.demo import OPERATOR_PASSWORD
from operators.models import Operator
from tests.admin.helpers import company_form_data


@pytest.fixture
def client_admin(db, django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@example.com", "x-Pass-987")
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def _messages(response) -> list[str]:
    return [f"{m.level_tag}: {m}" for m in response.context["messages"]]


def _change_url(operator) -> str:
    return reverse("admin:operators_operator_change", args=[operator.pk])


def test_saving_a_wrong_password_warns_but_saves(client_admin, company):
    operator = company.effective_operator()
    data = {"acronym": "SYNCHRO", "new_password": "zle-haslo", "is_default": "on"}
    response = client_admin.post(_change_url(operator), data, follow=True)
    texts = _messages(response)
    assert any(
        t.startswith("warning:") and "password is wrong" in t and "Saved anyway" in t for t in texts
    ), texts
    operator.refresh_from_db()
    assert operator.password.reveal() == "zle-haslo"
    assert "zle-haslo" not in response.content.decode()


def test_saving_with_an_unreachable_configuration_database_warns_and_saves(
    client_admin, company, tmp_path
):
    configuration = company.configuration
    configuration.database = str(tmp_path / "nie" / "ma.sqlite")
    configuration.save()
    operator = company.effective_operator()
    data = {"acronym": "SYNCHRO", "new_password": "nowe-haslo", "is_default": "on"}
    response = client_admin.post(_change_url(operator), data, follow=True)
    texts = _messages(response)
    assert any("unreachable" in t and "Saved anyway" in t for t in texts), texts
    operator.refresh_from_db()
    assert operator.password.reveal() == "nowe-haslo"


def test_the_test_button_checks_the_typed_password_and_saves_nothing(client_admin, company):
    operator = company.effective_operator()
    url = _change_url(operator)
    html = client_admin.get(url).content.decode()
    assert 'name="_test_operator"' in html and "not public" in html

    data = {
        "acronym": "SYNCHRO",
        "new_password": "zle-haslo",
        "is_default": "on",
        "_test_operator": "1",
    }
    texts = _messages(client_admin.post(url, data, follow=True))
    assert any(t.startswith("error:") and "password is wrong" in t for t in texts), texts
    assert any("Nothing was saved" in t for t in texts)
    operator.refresh_from_db()
    assert operator.password.reveal() == OPERATOR_PASSWORD

    data["new_password"] = OPERATOR_PASSWORD
    texts = _messages(client_admin.post(url, data, follow=True))
    assert any(t.startswith("success:") and "password verified" in t for t in texts), texts


def test_the_list_action_tests_the_stored_operators(client_admin, company):
    banned = Operator.objects.create(acronym="ZAKAZ", password=OPERATOR_PASSWORD)
    company.operator = banned
    company.save()
    response = client_admin.post(
        reverse("admin:operators_operator_changelist"),
        {"action": "test_operators", "_selected_action": [banned.pk]},
        follow=True,
    )
    texts = _messages(response)
    assert any(t.startswith("error:") and "ZAKAZ" in t and "no access" in t for t in texts), texts


def test_choosing_a_banned_operator_for_a_company_warns_on_save(client_admin, company):
    from harmonogramy.models import Schedule

    Schedule.objects.create(company_database=company, interval_minutes=5)
    banned = Operator.objects.create(acronym="ZAKAZ", password=OPERATOR_PASSWORD)
    url = reverse("admin:harmonogramy_companydatabase_change", args=[company.pk])
    data = company_form_data(company, operator=banned.pk, configuration=company.configuration_id)
    response = client_admin.post(url, data, follow=True)
    texts = _messages(response)
    assert any(t.startswith("warning:") and "ZAKAZ" in t for t in texts), texts
    company.refresh_from_db()
    assert company.operator == banned
