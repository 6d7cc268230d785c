"""The encrypted envelope of a backup: a passphrase, scrypt, and AES-256-GCM in authenticated chunks.

Layout (all integers big-endian):

    MAGIC (16 bytes) | scrypt log2(n), r, p (1 byte each) | salt (16) | nonce prefix (7) | key check (16)
    then chunks:  length (4 bytes; the top bit marks the last chunk) | ciphertext with its 16-byte tag

Each chunk's nonce is the prefix, the chunk's number (4 bytes) and its last-chunk flag (1 byte), and the
header is authenticated with every chunk, so chunks cannot be reordered, dropped, cut short or moved to
another file: a file that ends before the chunk marked last is truncated, anything after it is refused.
The key check (the tag of an empty message under a reserved nonce) tells a wrong passphrase from a
damaged file before any chunk is read.
"""

import os
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"BALANSE-BACKUP\x00\x01"
CHUNK = 1024 * 1024
LAST = 0x8000_0000
# OWASP's recommendation for scrypt (128 MiB, about half a second).
LOG2_N, R, P = 17, 8, 1
MIN_PASSPHRASE = 12
_HEADER = struct.Struct(">16sBBB16s7s16s")
_CHECK_NONCE = b"\xff" * 4 + b"\x02"


class BackupFormatError(Exception):
    """The file is not a backup, is damaged or truncated, or the passphrase is wrong (message in Norwegian)."""


def _key(passphrase: str, salt: bytes, log2_n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=2**log2_n, r=r, p=p).derive(passphrase.encode())


def _nonce(prefix: bytes, number: int, last: bool) -> bytes:
    return prefix + struct.pack(">IB", number, 1 if last else 0)


class EncryptingWriter:
    """A binary file-like object that encrypts what is written to it into `raw` (close() writes the end)."""

    def __init__(self, raw, passphrase: str):
        salt, prefix = os.urandom(16), os.urandom(7)
        key = _key(passphrase, salt, LOG2_N, R, P)
        self._aead = AESGCM(key)
        check = self._aead.encrypt(prefix + _CHECK_NONCE, b"", MAGIC)
        self._header = _HEADER.pack(MAGIC, LOG2_N, R, P, salt, prefix, check)
        self._raw = raw
        self._raw.write(self._header)
        self._prefix = prefix
        self._buffer = bytearray()
        self._number = 0
        self.closed = False

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._buffer += data
        while len(self._buffer) > CHUNK:
            self._emit(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def flush(self) -> None:
        pass

    def _emit(self, plain: bytes, *, last: bool) -> None:
        sealed = self._aead.encrypt(_nonce(self._prefix, self._number, last), plain, self._header)
        self._raw.write(struct.pack(">I", len(sealed) | (LAST if last else 0)) + sealed)
        self._number += 1

    def close(self) -> None:
        if not self.closed:
            self._emit(bytes(self._buffer), last=True)
            self._buffer.clear()
            self.closed = True


class DecryptingReader:
    """A binary file-like object that reads the plain text of an encrypted backup; checks the header at once."""

    def __init__(self, raw, passphrase: str):
        header = raw.read(_HEADER.size)
        if not header.startswith(MAGIC[:14]):
            raise BackupFormatError("Filen er ikke en sikkerhetskopi fra Balanse.")
        if len(header) < _HEADER.size:
            raise BackupFormatError("Filen er avkortet: sikkerhetskopien er ufullstendig.")
        magic, log2_n, r, p, salt, prefix, check = _HEADER.unpack(header)
        if magic != MAGIC:
            raise BackupFormatError(
                "Sikkerhetskopien har et nyere format enn denne versjonen av Balanse kan lese. Oppdater først."
            )
        if not (10 <= log2_n <= 22 and 1 <= r <= 32 and 1 <= p <= 16):
            raise BackupFormatError("Filen er skadet: ukjente krypteringsparametre.")
        self._aead = AESGCM(_key(passphrase, salt, log2_n, r, p))
        try:
            self._aead.decrypt(prefix + _CHECK_NONCE, check, MAGIC)
        except InvalidTag:
            raise BackupFormatError(
                "Feil passord for sikkerhetskopien (BACKUP_PASSPHRASE), eller skadet fil."
            ) from None
        self._raw, self._header, self._prefix = raw, header, prefix
        self._number = 0
        self._buffer = bytearray()
        self._pos = 0
        self._done = False

    def readable(self) -> bool:
        return True

    def _next_chunk(self) -> None:
        length_bytes = self._raw.read(4)
        if len(length_bytes) < 4:
            raise BackupFormatError("Filen er avkortet: sikkerhetskopien er ufullstendig.")
        (length,) = struct.unpack(">I", length_bytes)
        last = bool(length & LAST)
        length &= ~LAST
        if length > CHUNK + 16:
            raise BackupFormatError("Filen er skadet.")
        sealed = self._raw.read(length)
        if len(sealed) < length:
            raise BackupFormatError("Filen er avkortet: sikkerhetskopien er ufullstendig.")
        try:
            plain = self._aead.decrypt(_nonce(self._prefix, self._number, last), sealed, self._header)
        except InvalidTag:
            raise BackupFormatError(f"Filen er skadet (del {self._number + 1} kan ikke leses).") from None
        self._number += 1
        if last:
            if self._raw.read(1):
                raise BackupFormatError("Filen er skadet: den har data etter slutten av sikkerhetskopien.")
            self._done = True
        self._buffer += plain

    def read(self, size: int = -1) -> bytes:
        while not self._done and (size < 0 or len(self._buffer) - self._pos < size):
            del self._buffer[: self._pos]
            self._pos = 0
            self._next_chunk()
        end = len(self._buffer) if size < 0 else self._pos + size
        data = bytes(self._buffer[self._pos : end])
        self._pos += len(data)
        return data

    def read_to_end(self) -> None:
        """Read (and so authenticate) the rest of the file."""
        while not self._done:
            self._buffer.clear()
            self._pos = 0
            self._next_chunk()
