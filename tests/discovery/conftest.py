"""Fixtures of the discovery tests: the demo configuration database (SQLite through ODBC)."""

import uuid

import pytest

from importer.erp.adapter import connect
from importer.erp.optima import OptimaCompany


@pytest.fixture
def demo_optima(tmp_path):
    from importer.erp.demo import build_demo

    return build_demo(tmp_path / "optima")


@pytest.fixture
def configuration(db, demo_optima):
    """A ConfigurationDatabase row pointing at the demo configuration SQLite file."""
    from harmonogramy.models import ConfigurationDatabase

    return ConfigurationDatabase.objects.create(
        name="Demo – konfiguracja",
        dialect="sqlite",
        odbc_driver="SQLite3",
        database=str(demo_optima.configuration_path),
    )


@pytest.fixture
def bazy(demo_optima):
    """bazy(sql, params) runs a statement on the demo configuration database (``{Bazy}`` is
    the table); bazy.add(name, database, ...) inserts a company and returns its GUID."""
    settings = demo_optima.configuration_settings()

    def run(sql, params=()):
        with connect(settings) as conn:
            return conn.execute(sql.format(Bazy=conn.table("Bazy")), params)

    def add(name, database, server="SERWER", inactive=0, guid=None, access=None):
        """Add a complete CDN.Bazy row (``access``: Baz_Dostep as given, else built)."""
        guid = guid or str(uuid.uuid4()).upper()
        access = access if access is not None else f"NET:{database},{server},NT=0"
        with connect(settings) as conn:
            OptimaCompany(conn).insert_row(
                "Bazy",
                {
                    "Baz_Nazwa": name,
                    "Baz_Dostep": access,
                    "Baz_Nieaktywna": inactive,
                    "Baz_GUID": guid,
                },
            )
        return guid

    run.add = add
    return run


@pytest.fixture
def client_admin(db, django_user_model):
    """A client logged in as a superuser, asking for English (the source language)."""
    from django.test import Client

    user = django_user_model.objects.create_superuser("root", "root@example.com", "x-Pass-987")
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client
