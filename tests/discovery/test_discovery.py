"""Discovery against the demo configuration database (SQLite through the SQLite3 ODBC driver)."""

from datetime import UTC, datetime

import pytest

from harmonogramy.discovery import DiscoveryError, discover
from harmonogramy.models import CompanyDatabase, ConfigurationDatabase, Schedule
from importer.erp.configuration import parse_access
from importer.models import SyncRun

pytestmark = pytest.mark.django_db


def test_it_creates_the_demo_company_with_a_disabled_schedule(configuration, demo_optima):
    result = discover(configuration)
    assert result.created == [demo_optima.company_name]
    company = CompanyDatabase.objects.get(name=demo_optima.company_name)
    assert company.configuration == configuration
    assert company.dialect == "sqlite" and company.odbc_driver == "SQLite3"
    assert company.database == str(demo_optima.company_path) and company.server == ""
    assert len(company.discovered_guid) == 36 and company.is_active
    assert company.schedule.enabled is False and company.schedule.next_run_at is None
    configuration.refresh_from_db()
    assert configuration.last_discovery_at is not None


def test_a_second_discovery_changes_nothing(configuration):
    discover(configuration)
    before = list(CompanyDatabase.objects.values())
    result = discover(configuration)
    assert (result.created, result.updated, result.marked_missing) == ([], [], [])
    assert len(result.unchanged) == 1
    assert list(CompanyDatabase.objects.values()) == before


def test_a_company_added_in_optima_is_created_with_the_configuration_login(configuration, bazy):
    configuration.username, configuration.password = "sa", "Hasło-konfiguracji"
    configuration.save()
    bazy.add("Nowa Firma Łódź", "/srv/optima/nowa.sqlite")
    result = discover(configuration)
    assert "Nowa Firma Łódź" in result.created
    company = CompanyDatabase.objects.get(name="Nowa Firma Łódź")
    assert company.database == "/srv/optima/nowa.sqlite"
    assert company.username == "sa" and company.password.reveal() == "Hasło-konfiguracji"


def test_a_company_gone_from_bazy_is_marked_missing_and_keeps_its_history(configuration, bazy):
    guid = bazy.add("Firma Znikająca", "/srv/znika.sqlite")
    discover(configuration)
    company = CompanyDatabase.objects.get(name="Firma Znikająca")
    SyncRun.objects.create(company_database=company, trigger="manual", status="succeeded")
    bazy("DELETE FROM {Bazy} WHERE Baz_GUID = ?", (guid,))
    moment = datetime(2026, 11, 29, 12, tzinfo=UTC)
    result = discover(configuration, now=moment)
    assert result.marked_missing == ["Firma Znikająca"]
    company.refresh_from_db()
    assert company.is_active is False and company.missing_since == moment
    assert SyncRun.objects.filter(company_database=company).count() == 1
    # Discovering again does not mark it twice or move the date.
    assert discover(configuration).marked_missing == []
    company.refresh_from_db()
    assert company.missing_since == moment


def test_an_inactive_company_is_marked_and_comes_back_when_reactivated(configuration, bazy):
    guid = bazy.add("Firma Sezonowa", "/srv/sezon.sqlite")
    discover(configuration)
    bazy("UPDATE {Bazy} SET Baz_Nieaktywna = 1 WHERE Baz_GUID = ?", (guid,))
    assert discover(configuration).marked_missing == ["Firma Sezonowa"]
    assert CompanyDatabase.objects.get(name="Firma Sezonowa").is_active is False
    bazy("UPDATE {Bazy} SET Baz_Nieaktywna = 0 WHERE Baz_GUID = ?", (guid,))
    assert discover(configuration).updated == ["Firma Sezonowa"]
    company = CompanyDatabase.objects.get(name="Firma Sezonowa")
    assert company.is_active is True and company.missing_since is None


def test_a_database_switched_off_by_the_admin_stays_off(configuration):
    discover(configuration)
    CompanyDatabase.objects.update(is_active=False)
    result = discover(configuration)
    assert result.updated == [] and result.marked_missing == []
    assert CompanyDatabase.objects.get().is_active is False


def test_an_unknown_inactive_company_is_not_added(configuration, bazy):
    bazy.add("Stara Firma", "/srv/stara.sqlite", inactive=1)
    result = discover(configuration)
    assert not CompanyDatabase.objects.filter(name="Stara Firma").exists()
    assert any("Stara Firma" in s for s in result.skipped)


def test_a_hand_added_database_is_matched_by_name_not_duplicated(configuration, demo_optima):
    hand = CompanyDatabase.objects.create(
        name=demo_optima.company_name,
        dialect="sqlite",
        odbc_driver="SQLite3",
        database="/old/path.sqlite",
        username="own-login",
        default_warehouse="MAGAZYN",
    )
    result = discover(configuration)
    assert result.updated == [demo_optima.company_name] and result.created == []
    hand.refresh_from_db()
    assert hand.configuration == configuration and hand.discovered_guid
    assert hand.database == str(demo_optima.company_path)
    assert hand.username == "own-login" and hand.default_warehouse == "MAGAZYN"
    assert not Schedule.objects.filter(company_database=hand).exists()  # left as it was
    assert CompanyDatabase.objects.count() == 1


def test_a_company_renamed_in_optima_is_matched_by_guid(configuration, bazy):
    guid = bazy.add("Firma Stara Nazwa", "/srv/f.sqlite")
    discover(configuration)
    pk = CompanyDatabase.objects.get(name="Firma Stara Nazwa").pk
    bazy(
        "UPDATE {Bazy} SET Baz_Nazwa = ?, Baz_Dostep = ? WHERE Baz_GUID = ?",
        ("Firma Nowa Nazwa", "NET:/srv/g.sqlite,SERWER,NT=0", guid),
    )
    assert discover(configuration).updated == ["Firma Nowa Nazwa"]
    company = CompanyDatabase.objects.get(pk=pk)
    assert company.name == "Firma Nowa Nazwa" and company.database == "/srv/g.sqlite"


def test_a_name_used_by_another_configuration_gets_a_distinct_name(configuration, bazy):
    other = ConfigurationDatabase.objects.create(name="Inna", dialect="sqlite", database="x")
    CompanyDatabase.objects.create(name="Wspólna", configuration=other, database="/a.sqlite")
    bazy.add("Wspólna", "/srv/wspolna.sqlite")
    result = discover(configuration)
    assert result.created[-1] == "Wspólna (wspolna.sqlite)"
    assert CompanyDatabase.objects.get(name="Wspólna").configuration == other


def test_an_unreadable_baz_dostep_is_skipped_with_the_reason(configuration, bazy):
    bazy.add("Zepsuta", "", access="NET:")
    result = discover(configuration)
    assert any("Zepsuta" in s and "Baz_Dostep" in s for s in result.skipped)
    assert not CompanyDatabase.objects.filter(name="Zepsuta").exists()


def test_a_missing_sqlite_file_is_a_readable_error_and_changes_nothing(configuration, tmp_path):
    discover(configuration)
    before = list(CompanyDatabase.objects.values())
    configuration.database = str(tmp_path / "nie-ma" / "konfiguracja.sqlite")
    configuration.save()
    with pytest.raises(DiscoveryError) as info:
        discover(configuration)
    assert "nothing was changed" in info.value.message
    assert "does not exist" in info.value.message
    assert not (tmp_path / "nie-ma").exists()
    assert list(CompanyDatabase.objects.values()) == before


def test_a_company_database_instead_of_the_configuration_is_refused(configuration, demo_optima):
    configuration.database = str(demo_optima.company_path)
    configuration.save()
    with pytest.raises(DiscoveryError) as info:
        discover(configuration)
    assert "not an Optima configuration database" in info.value.message
    assert CompanyDatabase.objects.count() == 0


def test_a_closed_port_is_a_readable_error_without_the_password(db):
    configuration = ConfigurationDatabase.objects.create(
        name="Zamknięty port",
        dialect="postgresql",
        odbc_driver="PostgreSQL Unicode",
        server="127.0.0.1",
        port=9,
        database="optima",
        username="sa",
        password="Tajne-123",
    )
    with pytest.raises(DiscoveryError) as info:
        discover(configuration)
    assert "Cannot connect" in info.value.message and "Tajne-123" not in info.value.message
    assert CompanyDatabase.objects.count() == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NET:CDN_Firma,SERWER\\OPTIMA,NT=0", ("CDN_Firma", "SERWER\\OPTIMA", False)),
        ("NET:CDN_Firma,SERWER,NT=1", ("CDN_Firma", "SERWER", True)),
        (
            "NET:/dane/a,b/firma.sqlite,localhost,NT=0",
            ("/dane/a,b/firma.sqlite", "localhost", False),
        ),
        ("CDN_Firma", ("CDN_Firma", "", False)),
    ],
)
def test_baz_dostep_is_parsed_into_database_server_and_nt(text, expected):
    access = parse_access(text)
    assert (access.database, access.server, access.integrated_security) == expected


def test_baz_dostep_without_a_database_is_refused():
    with pytest.raises(ValueError, match="no database part"):
        parse_access("NET:,NT=0")
