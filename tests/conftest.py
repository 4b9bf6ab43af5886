"""Fixtures shared by the whole suite: a company database, a device with its token."""

import pytest

pytest_plugins = ["tests.erp_fixtures", "tests.openapi_conformance"]


@pytest.fixture
def company_database(db, tmp_path):
    """A CompanyDatabase row (SQLite dialect) with an enabled 1-minute schedule.

    Its ``database`` points at a file in ``tmp_path`` that does not exist yet; tests that need
    a real demo ERP use the ``demo_erp`` fixture instead, which builds the file.
    """
    from harmonogramy.models import CompanyDatabase, Schedule

    company = CompanyDatabase.objects.create(
        name="Firma Testowa",
        dialect="sqlite",
        odbc_driver="SQLite3",
        database=str(tmp_path / "company.sqlite"),
        default_warehouse="MAGAZYN",
        retail_customer_code="DETAL",
        default_cash_register="KASA",
    )
    Schedule.objects.create(company_database=company, interval_minutes=1)
    return company


@pytest.fixture
def device_and_token(company_database):
    """(device, bearer token) for an active device of ``company_database``."""
    from importer.models import Device

    device = Device(
        name="Telefon REP01", sales_rep="Jan Kowalski", company_database=company_database
    )
    token = device.issue_token()
    device.save()
    return device, token


@pytest.fixture
def empty_broker(db):
    """Start with nothing waiting in django-q2's broker (ORM or Redis): Redis database 15
    keeps tasks queued by earlier tests; read what a test queued with
    ``tests.production.clusters.queued_tasks``."""
    from tests.production.clusters import purge_broker

    purge_broker()
