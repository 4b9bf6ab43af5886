"""The "Test connection" button answers each setup question in words (real ODBC connections:
the demo ERP on SQLite and PostgreSQL, a missing driver, a closed port, a wrong database)."""

import socket

import pytest
from django.urls import reverse

from harmonogramy.models import ConfigurationDatabase
from importer.erp.demo import build_demo

pytestmark = pytest.mark.django_db(transaction=True)


def _answers(client, database, kind="companydatabase"):
    url = reverse(f"admin:harmonogramy_{kind}_test_connection", args=[database.pk])
    response = client.get(url, follow=True)
    assert response.status_code == 200
    return [(m.level_tag, str(m)) for m in response.context["messages"]]


def test_a_good_company_database_passes_every_step(client_admin, demo_company):
    answers = _answers(client_admin, demo_company)
    assert [level for level, _m in answers] == ["success"] * 4, answers
    assert "is installed" in answers[0][1] and "accepts the login" in answers[1][1]
    assert "Optima's tables are there" in answers[2][1]
    assert "every column syncadmin writes" in answers[3][1]


def test_a_missing_driver_is_named_with_the_package_to_install(client_admin, demo_company):
    demo_company.odbc_driver = "FreeTDS"
    demo_company.save()
    [(level, message)] = _answers(client_admin, demo_company)
    assert level == "error" and "FreeTDS" in message and "tdsodbc" in message


@pytest.mark.parametrize("erp_dialect", ["postgresql"])
def test_a_server_that_does_not_answer_says_so(client_admin, demo_company):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    demo_company.server, demo_company.port = "127.0.0.1", closed_port
    demo_company.save()
    answers = _answers(client_admin, demo_company)
    assert answers[-1][0] == "error" and "cannot be reached" in answers[-1][1]


@pytest.mark.parametrize("erp_dialect", ["sqlite"])
def test_a_database_without_optimas_tables_says_which_are_missing(
    client_admin, demo_company, tmp_path
):
    demo = build_demo(tmp_path / "other")
    demo_company.database = str(demo.configuration_path)  # a configuration DB, not a company
    demo_company.save()
    answers = _answers(client_admin, demo_company)
    assert answers[-1][0] == "error"
    assert "CDN.TraNag" in answers[-1][1] and "right database" in answers[-1][1]


def test_a_configuration_database_is_tested_too(client_admin, tmp_path):
    demo = build_demo(tmp_path / "optima")
    configuration = ConfigurationDatabase.objects.create(
        name="Konfiguracja",
        dialect="sqlite",
        odbc_driver="SQLite3",
        database=str(demo.configuration_path),
    )
    answers = _answers(client_admin, configuration, "configurationdatabase")
    assert [level for level, _m in answers] == ["success"] * 3, answers


def test_the_company_page_offers_the_button_and_the_configuration_field(client_admin, demo_company):
    page = client_admin.get(
        reverse("admin:harmonogramy_companydatabase_change", args=[demo_company.pk])
    ).content.decode()
    assert "Test connection" in page and 'name="configuration"' in page
