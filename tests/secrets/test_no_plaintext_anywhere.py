"""Grep-style: after a full demo-like run, no secret's plaintext is anywhere — the Django
database file, the log files, the admin HTML, run records, log entries, error messages."""

import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.db import connection
from django.test import Client
from django.urls import NoReverseMatch, reverse

from importer.engine import run_import
from importer.models import Device, RunLogEntry, RunStatus, SyncRun
from tests.admin.helpers import make_document
from tests.secrets.conftest import OPERATOR_SECRET, SQL_SECRET, raw_column, write_raw_column

pytestmark = pytest.mark.django_db(transaction=True)  # committed: the rows are in the file
sqlite_only = pytest.mark.parametrize("erp_dialect", ["sqlite"])


@pytest.fixture
def secret_run(demo_company, demo_device, send, sample_documents, tmp_path):
    """The demo company with an SQL password, linked to a configuration database whose
    operator SYNCHRO has the password OPERATOR_SECRET; the sample batch sent and imported."""
    from harmonogramy.models import ConfigurationDatabase
    from importer.erp.adapter import connect
    from importer.erp.ddl import create_configuration_schema
    from importer.erp.demo import COMPANY_NAME, seed_configuration

    configuration = ConfigurationDatabase.objects.create(
        name="KNF",
        dialect="sqlite",
        odbc_driver="SQLite3",
        database=str(tmp_path / "knf.sqlite"),
        password=SQL_SECRET,
    )
    with connect(configuration.erp_settings()) as conn:
        create_configuration_schema(conn)
        seed_configuration(conn, Path(demo_company.database), operator_password=OPERATOR_SECRET)
        guid = conn.fetch_value("SELECT Baz_GUID FROM Bazy WHERE Baz_Nazwa = ?", (COMPANY_NAME,))
    demo_company.configuration = configuration
    demo_company.discovered_guid = guid
    demo_company.password = SQL_SECRET
    demo_company.save()
    operator = demo_company.effective_operator()
    operator.password = OPERATOR_SECRET
    operator.save()
    assert send(sample_documents).status_code == 200
    run = run_import(demo_company, "manual")
    assert run.status == RunStatus.SUCCEEDED, run.first_error
    assert run.entries.filter(message__contains="password verified").exists()
    return {"company": demo_company, "operator": operator, "token": demo_device[1]}


def _database_bytes() -> bytes:
    """Everything Django's database holds: the SQLite file (with its WAL) byte for byte, or,
    on PostgreSQL, every row of every table as text."""
    if connection.vendor == "sqlite":
        name = connection.settings_dict["NAME"]
        assert Path(name).exists(), name
        return b"".join(
            Path(f"{name}{suffix}").read_bytes()
            for suffix in ("", "-wal", "-journal")
            if Path(f"{name}{suffix}").exists()
        )
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks).encode("utf-8")


def _log_text() -> str:
    files = [p for p in Path(settings.LOG_DIR).rglob("*") if p.is_file()]
    assert files, "the run wrote no log file"
    return "".join(p.read_text(encoding="utf-8", errors="replace") for p in files)


def _admin_pages(client) -> dict[str, str]:
    """Every admin page: the dashboard, each model's list, add form and first change form."""
    urls = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        if model_admin.has_add_permission(_request(client)):
            urls.append(reverse("admin:{}_{}_add".format(*info)))
        first = model.objects.order_by("pk").first()
        if first is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
            try:
                urls.append(reverse("admin:{}_{}_history".format(*info), args=[first.pk]))
            except NoReverseMatch:
                pass
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content.decode()
    return pages


def _request(client):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = client.user
    return request


@pytest.fixture
def client_admin(django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@example.com", "x-Pass-987")
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    client.user = user
    return client


@sqlite_only
def test_no_secret_in_the_database_file_logs_html_or_run_records(secret_run, client_admin):
    company, operator, token = secret_run["company"], secret_run["operator"], secret_run["token"]

    # A device added in the admin: its token is shown once, on the page that answers the add
    # (not through the session, which would leave it in the database file).
    response = client_admin.post(
        reverse("admin:importer_device_add"),
        {"name": "REP02", "sales_rep": "Anna", "company_database": company.pk, "is_active": "on"},
        follow=True,
    )
    new_device = Device.objects.get(name="REP02")
    new_token = response.content.decode().split("<code>")[1].split("</code>")[0]
    assert new_device.token_hash == Device.hash_token(new_token)
    secrets = {
        "operator password": OPERATOR_SECRET,
        "SQL password": SQL_SECRET,
        "device token": token,
        "device token issued in the admin": new_token,
    }

    database = _database_bytes()
    # positive controls: what is stored instead of the secrets really is in these bytes
    assert raw_column("operators_operator", operator.pk).encode() in database
    assert Device.hash_token(token).encode() in database
    logs = _log_text()
    assert "SYNCHRO" in logs
    pages = _admin_pages(client_admin)
    records = "\n".join(
        [f"{r.first_error}\n{r.summary}" for r in SyncRun.objects.all()]
        + [f"{e.message}\n{e.details}" for e in RunLogEntry.objects.all()]
    )
    for what, secret in secrets.items():
        assert secret.encode("utf-8") not in database, f"{what} in the database file"
        assert secret not in logs, f"{what} in a log file"
        assert secret not in records, f"{what} in a run record or log entry"
        for url, html in pages.items():
            assert secret not in html, f"{what} in {url}"


def _company_with_one_document(name: str, tmp_path, **connection_fields):
    from harmonogramy.models import CompanyDatabase

    company = CompanyDatabase.objects.create(name=name, **connection_fields)
    device = Device(name=f"{name}-dev", company_database=company)
    device.issue_token()
    device.save()
    make_document(device, "received", f"FS/{uuid.uuid4().hex[:6]}")
    return company


def test_an_erp_connection_error_does_not_carry_the_password(tmp_path):
    company = _company_with_one_document(
        "Zły serwer",
        tmp_path,
        dialect="postgresql",
        odbc_driver="PostgreSQL Unicode",
        server="127.0.0.1",
        port=1,
        database="optima",
        username="sa",
        password=SQL_SECRET,
    )
    from operators.models import Operator

    Operator.objects.create(acronym="SYNCHRO", password=OPERATOR_SECRET, is_default=True)
    run = run_import(company, "manual")
    assert run.status == RunStatus.FAILED and "ERP error" in run.first_error, run.first_error
    texts = [run.first_error] + [f"{e.message} {e.details}" for e in run.entries.all()]
    assert all(SQL_SECRET not in t and OPERATOR_SECRET not in t for t in texts), texts
    assert SQL_SECRET not in _log_text()


@sqlite_only
def test_a_corrupted_company_password_fails_the_run_with_a_readable_error(demo_company, tmp_path):
    company = _company_with_one_document(
        "Uszkodzony",
        tmp_path,
        dialect="sqlite",
        odbc_driver="SQLite3",
        database=demo_company.database,
        password=SQL_SECRET,
    )
    write_raw_column("harmonogramy_companydatabase", company.pk, "gAAAAABuszkodzony")
    company.refresh_from_db()
    run = run_import(company, "manual")
    assert run.status == RunStatus.FAILED
    assert "cannot be decrypted" in run.first_error, run.first_error
    assert "Traceback" not in run.first_error and "internal error" not in run.first_error


@sqlite_only
def test_a_corrupted_operator_password_fails_the_run_naming_the_operator(demo_company, tmp_path):
    company = _company_with_one_document(
        "Operator uszkodzony",
        tmp_path,
        dialect="sqlite",
        odbc_driver="SQLite3",
        database=demo_company.database,
    )
    operator = company.effective_operator()
    write_raw_column("operators_operator", operator.pk, "gAAAAABuszkodzony")
    run = run_import(company, "manual")
    assert run.status == RunStatus.FAILED
    assert "SYNCHRO" in run.first_error and "cannot be decrypted" in run.first_error
