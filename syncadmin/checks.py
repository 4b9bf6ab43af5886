"""Configuration mistakes reported as Django system checks, at start, not mid-run."""

from django.core import checks


@checks.register(checks.Tags.security)
def encryption_key_check(app_configs, **kwargs):
    """The encryption key must be valid, and must open the secrets already stored."""
    from operators.crypto import SecretError, decrypt, get_fernet

    try:
        get_fernet()
    except SecretError as exc:
        return [checks.Error(str(exc), id="syncadmin.E001")]
    errors = []
    try:
        for ciphertext in _stored_ciphertexts():
            decrypt(ciphertext)
    except SecretError:
        errors.append(
            checks.Error(
                "Stored secrets cannot be decrypted with SYNCADMIN_ENCRYPTION_KEY: the key is "
                "wrong or was replaced without rotate_key.",
                hint="Put the previous key after the new one (comma-separated) and run "
                "`manage.py rotate_key`.",
                id="syncadmin.E002",
            )
        )
    except Exception:  # tables not migrated yet: nothing stored to check
        pass
    return errors


def _stored_ciphertexts():
    from operators.rotation import encrypted_fields, stored_ciphertexts

    for model, field_name in encrypted_fields():  # every EncryptedField of every model
        for _pk, ciphertext in stored_ciphertexts(model, field_name):
            yield ciphertext


@checks.register()
def odbc_check(app_configs, **kwargs):
    """pyodbc must import (it needs unixODBC's libodbc on Linux)."""
    try:
        from importer.erp import adapter

        adapter.available_drivers()
    except Exception as exc:
        return [
            checks.Warning(
                f"pyodbc cannot be used: {exc}",
                hint="Install unixODBC (Debian: apt-get install unixodbc) and an ODBC driver.",
                id="syncadmin.W001",
            )
        ]
    return []
