"""Fixtures for the secrets tests: one secret of every kind, stored under known keys."""

import pytest
from cryptography.fernet import Fernet

OPERATOR_SECRET = "Op-Hasło-Tajne-731"
SQL_SECRET = "Sql-Hasło-Tajne-562"
CONFIG_SECRET = "Knf-Hasło-Tajne-418"


@pytest.fixture
def keys():
    """(old key, new key): two fresh Fernet keys as text."""
    return Fernet.generate_key().decode(), Fernet.generate_key().decode()


@pytest.fixture
def stored_secrets(db, settings, keys):
    """An operator, a configuration and a company database, each with a password encrypted
    under the old key (which is then the only configured key)."""
    from harmonogramy.models import CompanyDatabase, ConfigurationDatabase
    from operators.models import Operator

    settings.SYNCADMIN_ENCRYPTION_KEYS = [keys[0]]
    configuration = ConfigurationDatabase.objects.create(
        name="KNF",
        dialect="mssql",
        server="sql.example",
        database="CDN_KNF_Konfiguracja",
        username="sa",
        password=CONFIG_SECRET,
    )
    company = CompanyDatabase.objects.create(
        name="Firma",
        dialect="mssql",
        server="sql.example",
        database="CDN_Firma",
        username="sa",
        password=SQL_SECRET,
        configuration=configuration,
    )
    operator = Operator.objects.create(acronym="AUTOMAT", password=OPERATOR_SECRET, is_default=True)
    return {"operator": operator, "company": company, "configuration": configuration}


def raw_column(table: str, pk: int, column: str = "password") -> str:
    """The stored text of a column, read with plain SQL (what is really in the database)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def write_raw_column(table: str, pk: int, value: str, column: str = "password") -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE id = %s", [value, pk])
