"""The latest committed data of a file whose folder refuses writes, read from a private copy.

SQLite cannot read a WAL database where it cannot create the ``-shm`` file, and opening it
``immutable`` ignores the ``-wal``: after a crash the rows committed since the last
checkpoint would be missing while the rest looks current. The file and its ``-wal`` are
copied instead into a private temporary folder (0700, files 0600: they hold personal data)
that is removed when the process exits; SQLCipher files open there with the same key.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import threading
from pathlib import Path

_lock = threading.Lock()
_copies: dict[tuple[str, tuple[int, ...]], Path] = {}


def wal_of(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def pending_wal(path: Path) -> bool:
    """True when ``path`` has a non-empty ``-wal`` that SQLite cannot read in place."""
    try:
        return not os.access(path.parent, os.W_OK) and wal_of(path).stat().st_size > 0
    except OSError:
        return False


def readable_copy(path: Path) -> Path:
    """A private copy of ``path`` and its ``-wal`` (the same copy while neither changes)."""
    wal = wal_of(path)
    where = os.path.abspath(path)
    db_stat, wal_stat = path.stat(), wal.stat()
    version = (db_stat.st_size, db_stat.st_mtime_ns, wal_stat.st_size, wal_stat.st_mtime_ns)
    with _lock:
        known = _copies.get((where, version))
        if known is not None and known.exists():
            return known
        folder = Path(tempfile.mkdtemp(prefix="chantier-consultation-"))  # 0700
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        copy = folder / path.name
        try:
            # The -wal first: pages a writer elsewhere checkpoints meanwhile are still in it.
            _private_copy(wal, wal_of(copy))
            _private_copy(path, copy)
        except BaseException:  # a full disk: no half copy of personal data left behind
            shutil.rmtree(folder, ignore_errors=True)
            raise
        _copies[(where, version)] = copy
        return copy


def _private_copy(source: Path, destination: Path) -> None:
    fd = os.open(
        destination, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600
    )
    with open(fd, "wb") as out, open(source, "rb") as src:
        shutil.copyfileobj(src, out)
        out.flush()


def remove_copies() -> None:
    """Remove every copy now (the process also does it at exit)."""
    with _lock:
        for copy in _copies.values():
            shutil.rmtree(copy.parent, ignore_errors=True)
        _copies.clear()
