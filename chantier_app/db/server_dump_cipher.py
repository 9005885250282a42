"""pg_dump's copy of a server, encrypted as it streams out of pg_dump (an encrypted folder's).

pg_dump's custom format holds every row in clear. When the data folder is encrypted, its
output is never written as it is: it is read from pg_dump's standard output in chunks of
``CHUNK`` bytes and each chunk is sealed with AES-256-GCM (``cryptography``), so neither
the dump nor a chunk of it is ever on disk in clear, and memory holds two chunks at most.

The file: ``MAGIC``, a random 16-byte salt, then records ``length (4 bytes) | sealed
chunk``. The file's key is HKDF-SHA256(data key, salt): a key of its own per file, so
each chunk's nonce can be its index (never twice under one key). Each chunk's associated
data is the header, its index and whether it is the last: a chunk removed, moved, replayed
from another file, or the file cut after any chunk fails authentication (the STREAM
construction of Hoang, Reyhanitabar, Rogaway and Vizár, « Online Authenticated-Encryption
and its Nonce-Reuse Misuse-Resistance », 2015). ``cryptography`` has no streaming AEAD of
its own; this is that construction over its AESGCM.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from chantier_app.domain.errors import StorageError
from chantier_app.i18n import tr

MAGIC = b"CHANTIER-PGDUMP-AESGCM-1\n"
CHUNK = 1 << 20  # 1 MiB of the dump per sealed chunk
_SALT = 16
_LENGTH = struct.Struct(">I")
_TAG = 16


def is_sealed(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def _file_key(data_key: bytes, salt: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(hashes.SHA256(), 32, salt, b"chantier pg_dump chunks").derive(data_key)


def _nonce(index: int) -> bytes:
    return index.to_bytes(12, "big")


def _aad(header: bytes, index: int, last: bool) -> bytes:
    return header + index.to_bytes(8, "big") + (b"\x01" if last else b"\x00")


def seal_stream(chunks: Iterable[bytes], out: BinaryIO, data_key: bytes) -> int:
    """Write ``chunks`` (pg_dump's output, in order) sealed into ``out``; the bytes sealed.
    A chunk is written once the next one is read: only then is it known not to be the last."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt = os.urandom(_SALT)
    header = MAGIC + salt
    aead = AESGCM(_file_key(data_key, salt))
    out.write(header)
    total, index, pending = 0, 0, b""
    for chunk in chunks:
        if not chunk:
            continue
        if index or pending:
            _write(out, aead.encrypt(_nonce(index), pending, _aad(header, index, False)))
            index += 1
        pending = chunk
        total += len(chunk)
    _write(out, aead.encrypt(_nonce(index), pending, _aad(header, index, True)))
    return total


def _write(out: BinaryIO, sealed: bytes) -> None:
    out.write(_LENGTH.pack(len(sealed)))
    out.write(sealed)


def read_chunks(path: Path, data_key: bytes) -> Iterator[bytes]:
    """The dump's bytes back, chunk by chunk, each checked before it is given; StorageError
    in French when the file was changed, cut, or sealed under another key."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    with path.open("rb") as handle:
        magic = handle.read(len(MAGIC))
        salt = handle.read(_SALT)
        if magic != MAGIC or len(salt) != _SALT:
            raise StorageError(_damaged(path, tr("en-tête inconnu")))
        header = magic + salt
        aead = AESGCM(_file_key(data_key, salt))
        index = 0
        while True:
            size = handle.read(_LENGTH.size)
            if len(size) != _LENGTH.size:
                raise StorageError(_damaged(path, tr("fichier tronqué")))
            (length,) = _LENGTH.unpack(size)
            if length < _TAG or length > CHUNK + _TAG:
                raise StorageError(_damaged(path, tr("bloc de taille impossible")))
            sealed = handle.read(length)
            if len(sealed) != length:
                raise StorageError(_damaged(path, tr("fichier tronqué")))
            for last in (False, True):
                try:
                    chunk = aead.decrypt(_nonce(index), sealed, _aad(header, index, last))
                    break
                except InvalidTag:
                    continue
            else:
                raise StorageError(
                    _damaged(path, tr("bloc {n} altéré ou autre clé").format(n=index))
                )
            yield chunk
            if last:
                if handle.read(1):
                    raise StorageError(_damaged(path, tr("données après la fin")))
                return
            index += 1


def _damaged(path: Path, reason: str) -> str:
    return tr(
        "La copie pg_dump chiffrée {name} ne peut pas être lue ({reason}) : elle a été "
        "modifiée, coupée, ou chiffrée avec la clé d'un autre dossier."
    ).format(name=path.name, reason=reason)
