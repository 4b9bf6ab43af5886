"""Every encrypted value syncadmin stores, and their re-encryption under the primary key.

The fields are found through the model registry (every concrete `EncryptedField`), so a
new model with a secret is rotated and checked without touching this module.
"""

from django.apps import apps
from django.db import transaction

from operators.crypto import EncryptedField, Secret, SecretError, rotate


def encrypted_fields() -> list[tuple[type, str]]:
    """(model, field name) of every concrete `EncryptedField` of every installed model."""
    return [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedField)
    ]


def stored_ciphertexts(model, field_name: str):
    """(pk, ciphertext) of the rows of ``model`` holding a secret in ``field_name``."""
    for pk, value in model.objects.exclude(**{field_name: ""}).values_list("pk", field_name):
        yield pk, value.ciphertext() if isinstance(value, Secret) else str(value)


class RotationError(Exception):
    """A stored value cannot be re-encrypted; names the model, the row and the field (never
    the value). Raised inside the transaction, so nothing has been changed."""


def rotate_all() -> dict[str, int]:
    """Re-encrypt every stored secret under the first of ``SYNCADMIN_ENCRYPTION_KEYS``.

    One database transaction: either every value is rotated or none is. Returns the number
    of values per ``"app_label.Model.field"``. Raises `RotationError` when a value cannot be
    decrypted by any configured key (wrong key list or corrupted ciphertext).
    """
    counts: dict[str, int] = {}
    with transaction.atomic():
        for model, field_name in encrypted_fields():
            label = f"{model._meta.label}.{field_name}"
            counts[label] = 0
            for pk, ciphertext in list(stored_ciphertexts(model, field_name)):
                try:
                    new = rotate(ciphertext)
                except SecretError as exc:
                    raise RotationError(f"{label} of row {pk}: {exc}") from None
                model.objects.filter(pk=pk).update(**{field_name: Secret(ciphertext=new)})
                counts[label] += 1
    return counts
