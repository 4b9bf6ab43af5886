"""`manage.py device_token`: a token is printed once, stored as a hash, revocable; a device
reaches only its own company database's documents."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from importer.models import Device, MobileDocument
from tests.erp_fixtures import fs

API = "/api/mobile/v1/documents"


def run(*args) -> str:
    out, err = io.StringIO(), io.StringIO()
    with translation.override("en"):
        call_command("device_token", *args, stdout=out, stderr=err)
    return out.getvalue().strip()


def post(client, token, documents):
    return client.post(
        API,
        data=json.dumps({"documents": documents}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def test_create_prints_the_token_once_and_stores_only_its_hash(client, company_database):
    token = run("--create", "REP07", "--company-database", company_database.name)
    device = Device.objects.get(name="REP07")
    assert device.company_database == company_database and device.is_active
    assert device.token_hash == Device.hash_token(token) and token not in device.token_hash
    assert post(client, token, [fs()]).status_code == 200
    status = run("--device", "REP07")
    assert token not in status and "active" in status


def test_new_replaces_the_token_and_revoke_gives_403(client, company_database):
    first = run("--create", "REP08", "--company-database", company_database.name)
    second = run("--device", "REP08", "--new")
    assert second != first
    assert post(client, first, [fs()]).status_code == 401
    assert post(client, second, [fs()]).status_code == 200
    run("--device", "REP08", "--revoke")
    assert not Device.objects.get(name="REP08").is_active
    assert post(client, second, [fs()]).status_code == 403


def test_bad_input_is_refused_with_a_clear_message(company_database):
    with pytest.raises(CommandError, match="No company database"):
        run("--create", "X", "--company-database", "Nie ma")
    with pytest.raises(CommandError, match="needs a device name"):
        run("--create", "X")
    with pytest.raises(CommandError, match="No device"):
        run("--device", "Nie ma", "--new")
    run("--create", "X", "--company-database", company_database.name)
    with pytest.raises(CommandError, match="already exists"):
        run("--create", "X", "--company-database", company_database.name)


def test_a_device_sends_to_and_reads_from_its_own_company_database_only(
    client, company_database, tmp_path
):
    from harmonogramy.models import CompanyDatabase

    other = CompanyDatabase.objects.create(
        name="Inna firma", dialect="sqlite", odbc_driver="SQLite3", database=str(tmp_path / "o")
    )
    mine = run("--create", "A", "--company-database", company_database.name)
    theirs = run("--create", "B", "--company-database", other.name)
    document = fs()
    assert post(client, theirs, [document]).status_code == 200
    stored = MobileDocument.objects.get(guid=document["guid"])
    assert stored.company_database == other  # the token decides, not the body
    url = f"{API}/{document['guid']}"
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {mine}").status_code == 404
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {theirs}").status_code == 200
