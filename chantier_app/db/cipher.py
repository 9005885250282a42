"""Encrypted data files (SQLCipher 4): the data keys unlocked in this process, and connections.

A folder is encrypted when its key file (``chantier-cles.json``, see ``db/keyfile.py``)
lies beside the database. Its data file, its WAL and every backup are SQLCipher files,
all under one random 32-byte data key, given to SQLCipher as a raw key (``PRAGMA key =
"x'…'"``: no passphrase derivation, the key is already random). The key is known to
the process only once someone logged in (or typed the recovery key): ``unlock()``.

Clear files keep using Python's ``sqlite3``; ``sqlcipher3`` is imported only for an
encrypted file, so the demo and clear folders never load it.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import threading
from pathlib import Path
from typing import Any

from chantier_app.domain.errors import AppError
from chantier_app.i18n import tr

SQLITE_HEADER = b"SQLite format 3\x00"
KEY_BYTES = 32
KEY_FILENAME = "chantier-cles.json"

_lock = threading.Lock()
_keys: list[bytes] = []  # every data key unlocked in this process (usually one)
_folders: dict[Path, bytes] = {}  # folder -> the key its new files are encrypted with
_known: dict[Path, bytes] = {}  # file -> the key that opened it
_opened: dict[Path, tuple[int, int]] = {}  # file -> (device, inode) the known key opened


class EncryptedDataError(AppError):
    """An encrypted file that cannot be opened: no key unlocked, the wrong one, no key file."""


def locked_message(path: Path) -> str:
    return tr(
        "Les données de {path} sont chiffrées : connectez-vous avec votre identifiant et "
        "votre mot de passe (ou la clé de secours) pour les ouvrir."
    ).format(path=path)


def wrong_key_message(path: Path) -> str:
    return tr(
        "La clé ouverte ne correspond pas aux données chiffrées de {path} : ce fichier vient "
        "d'un autre dossier de données. Ouvrez-le avec le fichier de clés et un mot de passe "
        "de son dossier d'origine (ou sa clé de secours)."
    ).format(path=path)


def missing_key_file_message(path: Path) -> str:
    return tr(
        "Le fichier {path} est chiffré mais son fichier de clés ({keyfile}) est absent à côté "
        "de lui : copiez-le depuis le dossier des sauvegardes ou la clé USB qui contient la "
        "sauvegarde, ou utilisez la clé de secours."
    ).format(path=path, keyfile=KEY_FILENAME)


# The keys of this process ------------------------------------------------------------------
def unlock(key: bytes, folder: Path | None = None) -> None:
    """Make ``key`` usable for encrypted files; new files in ``folder`` are encrypted with it."""
    if len(key) != KEY_BYTES:
        raise ValueError("a data key has 32 bytes")
    with _lock:
        if key not in _keys:
            _keys.append(key)
        if folder is not None:
            _folders[_norm(folder)] = key


def forget_folder(folder: Path) -> None:
    """New files of ``folder`` are clear again (an encryption that failed half-way)."""
    with _lock:
        key = _folders.pop(_norm(folder), None)
        if key is not None and key not in _folders.values():
            _keys.remove(key)


def forget_keys() -> None:
    """Forget every key (tests; closing the application)."""
    with _lock:
        _keys.clear()
        _folders.clear()
        _known.clear()
        _opened.clear()


def folder_key(folder: Path) -> bytes | None:
    """The key new files of ``folder`` (or of its ``backups`` sub-folder) are encrypted with."""
    folder = _norm(folder)
    with _lock:
        return _folders.get(folder) or _folders.get(folder.parent)


def _norm(path: Path) -> Path:
    return Path(os.path.abspath(path))


# Files -----------------------------------------------------------------------------------------
def header(path: Path) -> bytes:
    """The first bytes of ``path``, read directly: never for a file this process may have
    open through SQLite (closing any descriptor of a file drops every POSIX lock the
    process holds on it, so another process would think the WAL unused and delete it)."""
    with path.open("rb") as handle:
        return handle.read(len(SQLITE_HEADER))


def is_clear(path: Path) -> bool:
    """A clear SQLite file, or no file yet (an empty file too).

    Asked first of SQLite itself (``sqlite3`` keeps its own descriptors open while one of
    its connections holds a lock on the file); the header is read directly only for a
    file SQLite cannot read in clear: encrypted or damaged, not open through ``sqlite3``.
    """
    try:
        if not path.exists() or path.stat().st_size == 0:
            return True
        if _sqlite_reads(path):
            return True
        return header(path) == SQLITE_HEADER
    except OSError:
        return True  # the open that follows reports the real failure


def _sqlite_reads(path: Path) -> bool:
    try:
        conn = sqlite3.connect(_readonly_uri(path), uri=True, timeout=1.0)
    except sqlite3.Error:
        return False
    try:
        conn.execute("PRAGMA schema_version").fetchone()
        return True
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def looks_encrypted(path: Path) -> bool:
    """A SQLCipher file: its first page is random from its first byte (a salt, then cipher
    text). A damaged clear file keeps long runs of zeros and readable schema text."""
    try:
        with path.open("rb") as handle:
            page = handle.read(4096)
    except OSError:
        return False
    if len(page) < 1024 or page.startswith(SQLITE_HEADER):
        return False
    return len(set(page)) >= 200 and page.count(0) < len(page) // 20


def key_file_near(path: Path) -> Path | None:
    """The key file of the folder holding ``path`` (a data file or a backup), if any."""
    folder = _norm(path).parent
    for candidate in (folder / KEY_FILENAME, folder.parent / KEY_FILENAME):
        if candidate.exists():
            return candidate
    return None


def key_for(path: Path) -> bytes | None:
    """The key opening ``path``: None for a clear file (or no file and a clear folder).

    Raises EncryptedDataError for an encrypted file that no unlocked key opens.
    A file a key already opened is not read again while it is the same file (inode): its
    SQLCipher connections may be open, and no other library may touch its descriptors.
    """
    where = _norm(path)
    identity = _identity(path)
    with _lock:
        if identity is not None and _opened.get(where) == identity and where in _known:
            return _known[where]
    if is_clear(path):
        if not path.exists() or path.stat().st_size == 0:
            return folder_key(path.parent)
        return None
    with _lock:
        known = _known.get(where)
        candidates = ([known] if known else []) + [k for k in _keys if k != known]
    for key in candidates:
        if _opens(path, key):
            with _lock:
                _known[where] = key
                if identity is not None:
                    _opened[where] = identity
            return key
    if candidates and folder_key(path.parent) is not None:
        return None  # its own folder's key fails on it: damaged, the checks say so
    if candidates:
        raise EncryptedDataError(wrong_key_message(path))
    if key_file_near(path) is None and (not looks_encrypted(path) or _clear_backups(path)):
        return None  # a damaged clear file (noise beside clear backups): the checks say so
    if key_file_near(path) is None:
        raise EncryptedDataError(missing_key_file_message(path))
    raise EncryptedDataError(locked_message(path))


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_dev, status.st_ino


def _clear_backups(path: Path) -> bool:
    """Clear backups beside ``path`` (in ``backups/``): its folder is a clear one."""
    folder = _norm(path).parent / "backups"
    try:
        return any(
            f.name.endswith(".sqlite3") and f.stat().st_size and is_clear(f)
            for f in folder.iterdir()
        )
    except OSError:
        return False


def _opens(path: Path, key: bytes) -> bool:
    try:
        conn = _cipher_connect(_readonly_uri(path), key, uri=True)
    except Exception:
        return False
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except Exception:
        return False
    finally:
        conn.close()


def _readonly_uri(path: Path) -> str:
    uri = Path(os.path.abspath(path)).as_uri() + "?mode=ro"
    if not os.access(path.parent, os.W_OK):
        uri += "&immutable=1"
    return uri


# Connections -----------------------------------------------------------------------------------
_module: Any = None


def driver() -> Any:
    """The ``sqlcipher3`` module, imported on first need (its log kept off stderr)."""
    global _module
    if _module is None:
        import sqlcipher3  # type: ignore[import-untyped]  # no py.typed; a DB-API like sqlite3

        with sqlcipher3.connect(":memory:") as probe:
            # SQLCipher writes every failed page decryption to stderr: a wrong key is ours
            # to explain in French, not a log line on the console.
            probe.execute("PRAGMA cipher_log_level = NONE")
        _module = sqlcipher3
    return _module


def driver_errors(*others: type[Exception]) -> tuple[type[Exception], ...]:
    """The errors a database connection may raise: sqlite3's, and SQLCipher's once loaded
    (none of its errors can occur before); ``others`` are added, for one ``except``."""
    module = sys.modules.get("sqlcipher3")
    if module is None:
        return (sqlite3.Error, *others)
    return (sqlite3.Error, module.Error, *others)


def raw_key(key: bytes) -> str:
    """The SQL literal of a raw key (64 hex digits: no quote can hide inside)."""
    return f"\"x'{key.hex()}'\""


def _cipher_connect(target: str, key: bytes, *, uri: bool, timeout: float = 5.0) -> Any:
    conn = driver().connect(target, uri=uri, timeout=timeout, check_same_thread=False)
    try:
        conn.execute(f"PRAGMA key = {raw_key(key)}")  # before anything else reads the file
    except BaseException:
        conn.close()
        raise
    return conn


def connect(
    target: str | Path,
    *,
    path: Path | None = None,
    key: bytes | None = None,
    timeout: float = 5.0,
    check_same_thread: bool = True,
) -> sqlite3.Connection:
    """A DB-API connection to ``target`` (a path or a ``file:`` URI naming ``path``).

    The file's key is found with ``key_for`` unless given; a clear file gets ``sqlite3``.
    SQLCipher's connection has sqlite3's interface (typed as one for the callers).
    """
    is_uri = isinstance(target, str) and target.startswith("file:")
    file = path if path is not None else Path(target)
    if key is None:
        key = key_for(file)
    if key is None:
        return sqlite3.connect(
            target, uri=is_uri, timeout=timeout, check_same_thread=check_same_thread
        )
    conn: sqlite3.Connection = _cipher_connect(str(target), key, uri=is_uri, timeout=timeout)
    return conn


def encrypted_copy(source: Path, destination: Path, key: bytes) -> None:
    """Write ``destination`` as an encrypted copy of the clear file ``source``.

    ``sqlcipher_export`` copies the schema and every row into the attached encrypted file.
    """
    conn = driver().connect(f"{Path(os.path.abspath(source)).as_uri()}?mode=ro", uri=True)
    try:
        conn.execute("ATTACH DATABASE ? AS sealed KEY " + raw_key(key), (str(destination),))
        conn.execute("SELECT sqlcipher_export('sealed')")
        conn.execute("DETACH DATABASE sealed")
    finally:
        conn.close()


def clear_copy(source: Path, destination: Path, key: bytes) -> None:
    """Write ``destination`` as a clear copy of the encrypted file ``source``."""
    conn = _cipher_connect(_readonly_uri(source), key, uri=True)
    try:
        conn.execute("ATTACH DATABASE ? AS plain KEY ''", (str(destination),))
        conn.execute("SELECT sqlcipher_export('plain')")
        conn.execute("DETACH DATABASE plain")
    finally:
        conn.close()
