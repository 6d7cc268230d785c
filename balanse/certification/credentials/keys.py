"""The issuer's Ed25519 keys: private halves in files (mode 0600), public halves in the database.

The first key is the file at settings.CREDENTIAL_KEY_PATH (made on first use, or adopted if it is there
from before keys were recorded); rotated keys are files next to it. The `CredentialKey` rows say which key
signs now, which were replaced, and which are compromised. Public keys are published as Multikey
verification methods of the issuer profile (documents.issuer_profile).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import base58
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction

ED25519_MULTICODEC = b"\xed\x01"
FIRST_KEY_ID = "key-1"


class KeyFileError(ImproperlyConfigured):
    """A key file is missing or does not match the public key on record (restore it from the backup)."""


# Multibase base58btc ('z…') and Multikey.


def multibase_encode(data: bytes) -> str:
    return "z" + base58.b58encode(data).decode("ascii")


def multibase_decode(text) -> bytes:
    if not isinstance(text, str) or not text.startswith("z"):
        raise ValueError("only multibase base58btc ('z…') is supported")
    return base58.b58decode(text[1:])


def public_key_multibase(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return multibase_encode(ED25519_MULTICODEC + raw)


def public_key_from_multibase(text: str) -> Ed25519PublicKey:
    data = multibase_decode(text)
    if not data.startswith(ED25519_MULTICODEC) or len(data) != 34:
        raise ValueError("not an Ed25519 Multikey")
    return Ed25519PublicKey.from_public_bytes(data[2:])


# Key files.


def key_dir() -> Path:
    return Path(settings.CREDENTIAL_KEY_PATH).parent


def write_new_key(path: Path) -> Ed25519PrivateKey:
    """Generate a key into a new file readable by the owner only (0600); an existing file is never replaced."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)
    return key


def read_key(path: Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except FileNotFoundError as exc:
        raise KeyFileError(
            f"The credential signing key {path} is missing. Restore it from the backup; without it, new "
            "credentials cannot be signed."
        ) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError(f"{path} does not hold an Ed25519 private key")
    return key


_lock = threading.Lock()
_private: dict[tuple[str, str], Ed25519PrivateKey] = {}


def clear_cache() -> None:
    with _lock:
        _private.clear()


def private_key(record) -> Ed25519PrivateKey:
    """The private key of a `CredentialKey`, read once per process and checked against its public key."""
    path = key_dir() / record.file_name
    cache_key = (str(path), record.public_key_multibase)
    with _lock:
        key = _private.get(cache_key)
        if key is None:
            key = read_key(path)
            if public_key_multibase(key.public_key()) != record.public_key_multibase:
                raise KeyFileError(f"{path} does not hold the key {record.key_id} on record")
            _private[cache_key] = key
        return key


# The records.


def current_key():
    """The key that signs now; on first use, the key at CREDENTIAL_KEY_PATH (made if it is not there)."""
    from balanse.certification.models import CredentialKey

    record = CredentialKey.objects.filter(current=True).first()
    if record is None:
        record = _first_key()
    return record


def _first_key():
    from balanse.certification.models import CredentialKey

    path = Path(settings.CREDENTIAL_KEY_PATH)
    with _lock:
        try:
            key = read_key(path)
        except KeyFileError:
            try:
                key = write_new_key(path)
            except FileExistsError:  # another process made it first: use theirs
                key = read_key(path)
    try:
        with transaction.atomic():
            record, _ = CredentialKey.objects.get_or_create(
                key_id=FIRST_KEY_ID,
                defaults={
                    "public_key_multibase": public_key_multibase(key.public_key()),
                    "file_name": path.name,
                    "current": True,
                },
            )
    except IntegrityError:  # a concurrent first use recorded it a moment ago
        record = CredentialKey.objects.get(key_id=FIRST_KEY_ID)
    if not record.current:  # pragma: no cover - only if rows were edited by hand
        return CredentialKey.objects.get(current=True)
    return record


def signing_key():
    """(record, private key) of the key that signs now."""
    record = current_key()
    return record, private_key(record)


def all_keys() -> list:
    """Every key ever used, oldest first (the issuer profile publishes them all)."""
    from balanse.certification.models import CredentialKey

    return list(CredentialKey.objects.all())


def next_key_path(number: int) -> Path:
    base = Path(settings.CREDENTIAL_KEY_PATH)
    return key_dir() / f"{base.stem}-key-{number}{base.suffix or '.pem'}"
