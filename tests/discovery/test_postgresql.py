"""Discovery against a configuration database on PostgreSQL (psqlODBC, a throwaway database)."""

import pytest

from harmonogramy.discovery import discover
from harmonogramy.models import CompanyDatabase, ConfigurationDatabase
from importer.erp.adapter import connect
from importer.erp.ddl import create_configuration_schema
from importer.erp.optima import OptimaCompany
from tests.erp.conftest import pg_test_database

pytestmark = pytest.mark.django_db


def test_discovery_on_postgresql_takes_server_and_database_from_baz_dostep():
    with pg_test_database() as settings:
        with connect(settings) as conn:
            create_configuration_schema(conn)
            for name, access, inactive in [
                ("Firma Północ", f"NET:cdn_polnoc,{settings.server},NT=0", 0),
                ("Firma Inny Serwer", "NET:cdn_inny,db2.example,NT=1", 0),
                ("Firma Zamknięta", "NET:cdn_stara,db2.example,NT=0", 1),
            ]:
                OptimaCompany(conn).insert_row(
                    "Bazy",
                    {
                        "Baz_Nazwa": name,
                        "Baz_Dostep": access,
                        "Baz_Nieaktywna": inactive,
                        "Baz_GUID": f"0000000{inactive}-0000-4000-8000-{len(name):012d}",
                    },
                )
        configuration = ConfigurationDatabase.objects.create(
            name="CDN_KNF_Konfiguracja",
            dialect="postgresql",
            odbc_driver=settings.driver,
            server=settings.server,
            port=settings.port,
            database=settings.database,
            username=settings.username,
            password="pg-Hasło",
        )
        result = discover(configuration)
    assert sorted(result.created) == ["Firma Inny Serwer", "Firma Północ"]
    north = CompanyDatabase.objects.get(name="Firma Północ")
    assert (north.dialect, north.server, north.port, north.database) == (
        "postgresql",
        settings.server,
        settings.port,
        "cdn_polnoc",
    )
    assert north.username == settings.username and north.password.reveal() == "pg-Hasło"
    other = CompanyDatabase.objects.get(name="Firma Inny Serwer")
    assert (other.server, other.port) == ("db2.example", None)
    assert not CompanyDatabase.objects.filter(name="Firma Zamknięta").exists()
