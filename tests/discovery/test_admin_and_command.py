"""Discovery from the admin (action, "Save and discover") and from ``discover_databases``."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from harmonogramy.models import CompanyDatabase, ConfigurationDatabase

pytestmark = pytest.mark.django_db
SECRET = "Konfig-Sekret-42!"


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_the_admin_action_discovers_and_reports_in_messages(client_admin, configuration):
    url = reverse("admin:harmonogramy_configurationdatabase_changelist")
    response = client_admin.post(
        url, {"action": "discover_databases", "_selected_action": [configuration.pk]}, follow=True
    )
    assert response.status_code == 200
    [message] = _messages(response)
    assert "created 1 (Demo Sp. z o.o.)" in message and "marked missing 0" in message
    assert CompanyDatabase.objects.filter(configuration=configuration).count() == 1


def test_the_admin_action_reports_an_unreachable_database(client_admin, configuration, tmp_path):
    ConfigurationDatabase.objects.filter(pk=configuration.pk).update(
        database=str(tmp_path / "brak.sqlite")
    )
    url = reverse("admin:harmonogramy_configurationdatabase_changelist")
    response = client_admin.post(
        url, {"action": "discover_databases", "_selected_action": [configuration.pk]}, follow=True
    )
    [message] = _messages(response)
    assert "nothing was changed" in message and "does not exist" in message
    assert CompanyDatabase.objects.count() == 0


def test_save_and_discover_with_a_write_only_password(client_admin, demo_optima):
    data = {
        "name": "CDN_KNF_Konfiguracja",
        "dialect": "sqlite",
        "odbc_driver": "SQLite3",
        "server": "",
        "port": "",
        "database": str(demo_optima.configuration_path),
        "username": "",
        "new_password": SECRET,
        "odbc_options": "",
        "_discover": "1",
    }
    response = client_admin.post(
        reverse("admin:harmonogramy_configurationdatabase_add"), data, follow=True
    )
    assert response.status_code == 200, response.content.decode()[:2000]
    configuration = ConfigurationDatabase.objects.get()
    assert configuration.password.reveal() == SECRET
    assert any("created 1" in m for m in _messages(response))
    html = response.content.decode()
    assert SECRET not in html and "A password is set" in html
    assert 'name="_discover"' in html
    company = CompanyDatabase.objects.get()
    assert company.password.reveal() == SECRET  # the configuration's login is reused


def test_the_command_prints_the_result(configuration, capsys):
    call_command("discover_databases", "--configuration", configuration.name)
    out = capsys.readouterr().out
    assert out.startswith("Demo – konfiguracja: created 1 (Demo Sp. z o.o.)")


def test_the_command_exits_1_on_an_unreachable_database(configuration, tmp_path, capsys):
    ConfigurationDatabase.objects.filter(pk=configuration.pk).update(
        database=str(tmp_path / "brak.sqlite")
    )
    with pytest.raises(SystemExit) as info:
        call_command("discover_databases")
    assert info.value.code == 1
    assert "does not exist" in capsys.readouterr().err
    assert CompanyDatabase.objects.count() == 0
