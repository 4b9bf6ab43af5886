"""`manage.py rotate_key`: every secret re-encrypted under the new key, all or nothing."""

import io

import pytest
from django.core.management import CommandError, call_command

from harmonogramy.models import CompanyDatabase, ConfigurationDatabase
from operators.crypto import SecretError
from operators.models import Operator
from syncadmin.checks import encryption_key_check
from tests.secrets.conftest import (
    CONFIG_SECRET,
    OPERATOR_SECRET,
    SQL_SECRET,
    raw_column,
    write_raw_column,
)

TABLES = {
    "operator": "operators_operator",
    "company": "harmonogramy_companydatabase",
    "configuration": "harmonogramy_configurationdatabase",
}


def _raw(stored_secrets) -> dict[str, str]:
    return {name: raw_column(TABLES[name], obj.pk) for name, obj in stored_secrets.items()}


def _plaintexts() -> tuple[str, str, str]:
    return (
        Operator.objects.get().password.reveal(),
        CompanyDatabase.objects.get().password.reveal(),
        ConfigurationDatabase.objects.get().password.reveal(),
    )


def _check_ids() -> list[str]:
    return [e.id for e in encryption_key_check(None)]


def test_rotation_round_trip_with_two_keys(stored_secrets, settings, keys):
    old, new = keys
    before = _raw(stored_secrets)

    settings.SYNCADMIN_ENCRYPTION_KEYS = [new]  # the new key alone opens nothing yet
    assert _check_ids() == ["syncadmin.E002"]

    settings.SYNCADMIN_ENCRYPTION_KEYS = [new, old]  # new first, old kept second
    assert _check_ids() == []
    out = io.StringIO()
    call_command("rotate_key", stdout=out)
    assert "operators.Operator.password: 1 re-encrypted" in out.getvalue()
    assert "harmonogramy.CompanyDatabase.password: 1 re-encrypted" in out.getvalue()
    assert "harmonogramy.ConfigurationDatabase.password: 1 re-encrypted" in out.getvalue()
    assert "3 secret(s) re-encrypted" in out.getvalue()
    after = _raw(stored_secrets)
    assert all(after[name] != before[name] for name in before)

    settings.SYNCADMIN_ENCRYPTION_KEYS = [new]  # the old key dropped
    assert _check_ids() == []
    assert _plaintexts() == (OPERATOR_SECRET, SQL_SECRET, CONFIG_SECRET)
    settings.SYNCADMIN_ENCRYPTION_KEYS = [old]
    with pytest.raises(SecretError):
        Operator.objects.get().password.reveal()


def test_a_corrupted_value_stops_the_rotation_with_nothing_changed(stored_secrets, settings, keys):
    old, new = keys
    write_raw_column(TABLES["company"], stored_secrets["company"].pk, "gAAAAABkaputt")
    before = _raw(stored_secrets)
    settings.SYNCADMIN_ENCRYPTION_KEYS = [new, old]
    with pytest.raises(CommandError) as info:
        call_command("rotate_key", stdout=io.StringIO())
    message = str(info.value)
    assert "Nothing was changed" in message and "CompanyDatabase" in message
    assert f"row {stored_secrets['company'].pk}" in message
    assert _raw(stored_secrets) == before  # the operator rotated first was rolled back


def test_a_missing_or_invalid_key_is_a_system_check_error(settings):
    settings.SYNCADMIN_ENCRYPTION_KEYS = []
    assert _check_ids() == ["syncadmin.E001"]
    settings.SYNCADMIN_ENCRYPTION_KEYS = ["not-a-fernet-key"]
    errors = encryption_key_check(None)
    assert [e.id for e in errors] == ["syncadmin.E001"]
    assert "not a valid Fernet key" in errors[0].msg
    with pytest.raises(CommandError):
        call_command("rotate_key", stdout=io.StringIO())


def test_a_corrupted_value_is_a_system_check_error(stored_secrets):
    write_raw_column(TABLES["operator"], stored_secrets["operator"].pk, "gAAAAABkaputt")
    assert _check_ids() == ["syncadmin.E002"]
