"""Encryption of secrets at rest (operator password, SQL passwords, connection secrets).

Secrets are encrypted with Fernet (AES-128-CBC + HMAC-SHA256, from `cryptography`) through a
`MultiFernet`: the first key in ``settings.SYNCADMIN_ENCRYPTION_KEYS`` encrypts, every key
decrypts, so keys can be rotated (``manage.py rotate_key``) without downtime. The keys come
from the environment or a key file, never from the database.

In Python code a decrypted value is carried as a `Secret`, whose ``str()`` and ``repr()`` are
masked, so that a secret cannot end up in a log line, an exception message or a template by
accident; only `Secret.reveal()` gives the plaintext.
"""

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models

MASK = "********"


class SecretError(Exception):
    """A secret cannot be encrypted or decrypted (missing/wrong key, corrupted ciphertext).

    The message never contains the secret or the key.
    """


@lru_cache(maxsize=4)
def _multifernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise SecretError("No encryption key is configured (SYNCADMIN_ENCRYPTION_KEY).")
    try:
        return MultiFernet([Fernet(k.encode()) for k in keys])
    except (ValueError, TypeError) as exc:
        raise SecretError(
            "SYNCADMIN_ENCRYPTION_KEY is not a valid Fernet key (32 url-safe base64-encoded bytes)."
        ) from exc


def get_fernet() -> MultiFernet:
    """The MultiFernet built from the configured keys. Raises `SecretError` if they are bad."""
    return _multifernet(tuple(settings.SYNCADMIN_ENCRYPTION_KEYS))


def encrypt(plaintext: str) -> str:
    """Encrypt a text with the primary key; returns the Fernet token as ASCII text."""
    return get_fernet().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    """Decrypt a Fernet token made by `encrypt` with any configured key.

    Raises `SecretError` when no key opens it (wrong key or corrupted ciphertext).
    """
    try:
        return get_fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError) as exc:
        raise SecretError(
            "A stored secret cannot be decrypted: the encryption key is wrong or the stored "
            "value is corrupted."
        ) from exc


def rotate(token: str) -> str:
    """Re-encrypt a token under the primary key (see ``manage.py rotate_key``)."""
    try:
        return get_fernet().rotate(token.encode("ascii")).decode("ascii")
    except (InvalidToken, UnicodeError) as exc:
        raise SecretError("A stored secret cannot be decrypted for rotation.") from exc


class Secret:
    """A secret value kept encrypted until `reveal()` is called.

    Holds the ciphertext (as stored) or, for a value just typed in, the plaintext; ``str()``
    and ``repr()`` never show either.
    """

    __slots__ = ("_ciphertext", "_plaintext")

    def __init__(self, *, ciphertext: str = "", plaintext: str | None = None):
        self._ciphertext = ciphertext
        self._plaintext = plaintext

    @classmethod
    def from_plaintext(cls, value: str) -> "Secret":
        return cls(plaintext=value)

    def reveal(self) -> str:
        """The plaintext. Raises `SecretError` if the stored value cannot be decrypted."""
        if self._plaintext is None:
            self._plaintext = decrypt(self._ciphertext) if self._ciphertext else ""
        return self._plaintext

    def ciphertext(self) -> str:
        """The value to store: the existing ciphertext, or the plaintext encrypted now."""
        if self._plaintext is not None:
            return encrypt(self._plaintext) if self._plaintext else ""
        return self._ciphertext

    @property
    def is_set(self) -> bool:
        return bool(self._ciphertext) or bool(self._plaintext)

    def __bool__(self) -> bool:
        return self.is_set

    def __str__(self) -> str:
        return MASK if self.is_set else ""

    def __repr__(self) -> str:
        return f"Secret({MASK!r})" if self.is_set else "Secret('')"

    def __eq__(self, other) -> bool:
        if isinstance(other, Secret):
            return self.reveal() == other.reveal()
        return NotImplemented

    __hash__ = None


class EncryptedField(models.TextField):
    """A text column that stores a Fernet ciphertext and gives a `Secret` in Python.

    Assign a plain `str` or a `Secret`; the database only ever receives the ciphertext.
    An empty value is stored as ``""`` (no secret).
    """

    description = "Encrypted secret"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        return Secret(ciphertext=value or "")

    def to_python(self, value):
        if isinstance(value, Secret):
            return value
        if value is None:
            return Secret()
        return Secret.from_plaintext(str(value))

    def get_prep_value(self, value):
        if value is None or value == "":
            return ""
        return self.to_python(value).ciphertext()

    def value_to_string(self, obj):
        # Serialization (dumpdata) keeps the ciphertext, never the plaintext.
        return self.get_prep_value(self.value_from_object(obj))

    def pre_save(self, model_instance, add):
        value = self.to_python(getattr(model_instance, self.attname))
        # Encrypt once and keep the ciphertext on the instance, so repeated saves are stable.
        stored = Secret(ciphertext=value.ciphertext())
        setattr(model_instance, self.attname, stored)
        return stored  # get_prep_value keeps a stored Secret's ciphertext as it is
