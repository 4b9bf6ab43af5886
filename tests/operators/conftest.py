"""Fixtures for the operator tests: a company database linked to a demo configuration DB."""

import pytest


def build_configuration(directory):
    """A fresh demo configuration database (SQLite through ODBC) in ``directory``; returns
    the ConfigurationDatabase row and the GUID of the demo company's Bazy row."""
    from harmonogramy.models import ConfigurationDatabase
    from importer.erp.adapter import connect
    from importer.erp.demo import COMPANY_NAME, CONFIGURATION_FILE, build_configuration_database

    directory.mkdir(parents=True, exist_ok=True)
    configuration = ConfigurationDatabase.objects.create(
        name=f"CDN_KNF_Konfiguracja {directory.name}",
        dialect="sqlite",
        odbc_driver="SQLite3",
        database=str(directory / CONFIGURATION_FILE),
    )
    with connect(configuration.erp_settings()) as conn:
        build_configuration_database(conn, directory / "optima_company.sqlite")
        guid = conn.fetch_value("SELECT Baz_GUID FROM Bazy WHERE Baz_Nazwa = ?", (COMPANY_NAME,))
    return configuration, guid


@pytest.fixture
def configuration(db, tmp_path):
    """The demo configuration database as a ConfigurationDatabase row."""
    return build_configuration(tmp_path / "config")[0]


@pytest.fixture
def company(configuration):
    """A company database (not connected to: the check reads only the configuration
    database) linked to ``configuration`` by its Bazy GUID, with SYNCHRO as the default."""
    from harmonogramy.models import CompanyDatabase
    from importer.erp.adapter import connect
    from importer.erp.demo import COMPANY_NAME, OPERATOR_PASSWORD
    from operators.models import Operator

    with connect(configuration.erp_settings()) as conn:
        guid = conn.fetch_value("SELECT Baz_GUID FROM Bazy WHERE Baz_Nazwa = ?", (COMPANY_NAME,))
    Operator.objects.create(acronym="SYNCHRO", password=OPERATOR_PASSWORD, is_default=True)
    return CompanyDatabase.objects.create(
        name="Demo",
        dialect="sqlite",
        odbc_driver="SQLite3",
        database="/nonexistent.sqlite",
        configuration=configuration,
        discovered_guid=guid,
    )


@pytest.fixture
def erp_config(configuration):
    """query(sql, params=()) against the configuration database (to change it in a test)."""
    from importer.erp.adapter import connect

    def query(sql, params=()):
        with connect(configuration.erp_settings()) as conn:
            if sql.lstrip().upper().startswith("SELECT"):
                return conn.fetch_all(sql, params)
            return conn.execute(sql, params)

    def insert(table, values):
        """Insert a complete row (every other NOT NULL column neutral)."""
        from importer.erp.optima import OptimaCompany

        with connect(configuration.erp_settings()) as conn:
            OptimaCompany(conn).insert_row(table, values)

    query.insert = insert
    return query
