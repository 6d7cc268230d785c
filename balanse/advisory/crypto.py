"""Envelope encryption of the inquiry notes.

Each inquiry's notes are encrypted with their own random 256-bit data key (AES-GCM, the inquiry's uid as
associated data); the data key is stored wrapped (AES-GCM) by the key-encryption key in the file at
settings.ADVISORY_KEY_PATH, outside the database. The file is made on first use (mode 0600) — but only while
no encrypted note exists: a missing file with notes on record means the file was lost, and that is an error
to fix by restoring it from the backup, never a reason to make a new key. A database dump alone holds no
readable note.
"""

import base64
import hashlib
import os
import threading
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.utils.translation import gettext as _

NONCE = 12
WRAP_AAD = b"balanse.advisory.data-key"
_lock = threading.Lock()


class NotesKeyError(Exception):
    """The key file is missing, unreadable or not the key the notes were written with (the message says what
    to do)."""


def key_path() -> Path:
    return Path(settings.ADVISORY_KEY_PATH)


def key_id(key: bytes) -> str:
    return hashlib.sha256(b"advisory-kek:" + key).hexdigest()[:16]


def _read(path: Path) -> bytes:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise NotesKeyError(
            _("The key file for the advisory notes (%(path)s) cannot be read: %(error)s.")
            % {"path": path, "error": exc.strerror}
        ) from exc
    try:
        key = base64.b64decode(raw.strip(), validate=True)
    except ValueError:
        key = b""
    if len(key) != 32:
        raise NotesKeyError(
            _(
                "The key file for the advisory notes (%(path)s) does not hold a key. Restore it from the backup."
            )
            % {"path": path}
        )
    return key


def _create(path: Path) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    key = AESGCM.generate_key(bit_length=256)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as file:
        file.write(base64.b64encode(key) + b"\n")
    return key


def master_key(*, create: bool) -> bytes:
    """The key-encryption key. With `create`, made if there is no file and no note needs an older one."""
    path = key_path()
    with _lock:
        try:
            return _read(path)
        except FileNotFoundError:
            from balanse.advisory.models import Inquiry

            if not create or Inquiry.objects.filter(notes_ciphertext__isnull=False).exists():
                raise NotesKeyError(
                    _(
                        "The key file for the advisory notes is missing (%(path)s). The notes cannot be read or "
                        "written until it is restored from the backup; ADVISORY_KEY_PATH says where it is."
                    )
                    % {"path": path}
                ) from None
            try:
                return _create(path)
            except FileExistsError:  # another process made it a moment ago
                return _read(path)


def encrypt(text: str, *, associated: str) -> tuple[bytes, bytes, str]:
    """(ciphertext, wrapped data key, key id) for `text`."""
    kek = master_key(create=True)
    data_key = AESGCM.generate_key(bit_length=256)
    nonce = os.urandom(NONCE)
    ciphertext = nonce + AESGCM(data_key).encrypt(nonce, text.encode("utf-8"), associated.encode())
    wrap_nonce = os.urandom(NONCE)
    wrapped = wrap_nonce + AESGCM(kek).encrypt(wrap_nonce, data_key, WRAP_AAD)
    return ciphertext, wrapped, key_id(kek)


def decrypt(ciphertext: bytes, wrapped: bytes, stored_key_id: str, *, associated: str) -> str:
    kek = master_key(create=False)
    if stored_key_id and key_id(kek) != stored_key_id:
        raise NotesKeyError(
            _(
                "The key file for the advisory notes (%(path)s) is not the key these notes were written with. "
                "Restore the right file from the backup."
            )
            % {"path": key_path()}
        )
    try:
        wrapped, ciphertext = bytes(wrapped), bytes(ciphertext)
        data_key = AESGCM(kek).decrypt(wrapped[:NONCE], wrapped[NONCE:], WRAP_AAD)
        plain = AESGCM(data_key).decrypt(ciphertext[:NONCE], ciphertext[NONCE:], associated.encode())
    except InvalidTag as exc:
        raise NotesKeyError(_("The notes cannot be decrypted: they or their key have been altered.")) from exc
    return plain.decode("utf-8")
