"""The live database's data as files, on either engine, for tests that read bytes.

On SQLite: the file and its WAL as they are. On a server the files are the server's: what
a test can read here is its rows, dumped into a file as a server's backup is
(``db.server_copy``), so the test checks what the database holds, not its heap files.
"""

from __future__ import annotations

from pathlib import Path

from chantier_app.db import backup as files
from chantier_app.db.engine import Database


def copy_live(database: Database, destination: Path) -> Path:
    """A backup-like copy of the live data at ``destination``."""
    if database.path is not None:
        return files.copy_database(database.path, destination)
    from chantier_app.db.server_copy import dump_to_file

    return dump_to_file(database, destination)


def live_files(database: Database, folder: Path) -> list[Path]:
    """The files holding the live data (``folder`` receives a server's dump)."""
    path = database.path
    if path is None:
        return [copy_live(database, folder / "serveur.sqlite3")]
    wal = path.with_name(path.name + "-wal")
    return [path, *([wal] if wal.exists() else [])]


def live_bytes(database: Database, folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in live_files(database, folder))
