"""Consistent copies of the live database (SQLite backup API), checked after writing."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from contextlib import closing
from pathlib import Path

from chantier_app.domain.errors import StorageError
from chantier_app.i18n import tr

BACKUP_PREFIX = "chantier-"
BACKUP_SUFFIX = ".sqlite3"


def backup_name(reason: str, when: dt.datetime | None = None) -> str:
    when = when or dt.datetime.now()
    safe_reason = "".join(c if c.isalnum() or c in "-_" else "-" for c in reason)[:40]
    return f"{BACKUP_PREFIX}{when:%Y%m%d-%H%M%S-%f}-{safe_reason}{BACKUP_SUFFIX}"


def integrity_ok(path: Path) -> bool:
    with closing(sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)) as conn:
        try:
            return conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        except sqlite3.DatabaseError:
            return False


def copy_database(source: Path, destination: Path) -> Path:
    """Copy a live database to ``destination`` atomically, then check the copy."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".part")
    try:
        with (
            closing(sqlite3.connect(f"file:{source.as_posix()}?mode=ro", uri=True)) as src,
            closing(sqlite3.connect(partial)) as dst,
        ):
            src.backup(dst)
            # A backup is a self-contained file: no WAL beside it.
            dst.execute("PRAGMA journal_mode=DELETE")
        if not integrity_ok(partial):
            raise StorageError(tr("La copie de sauvegarde est défectueuse ; elle a été supprimée."))
        os.replace(partial, destination)
    except sqlite3.DatabaseError as exc:
        partial.unlink(missing_ok=True)
        raise StorageError(tr("La sauvegarde a échoué : {error}").format(error=exc)) from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return destination


def backup_database(source: Path, backups_dir: Path, *, reason: str) -> Path:
    """A timestamped, checked copy of ``source`` in ``backups_dir``."""
    return copy_database(source, backups_dir / backup_name(reason))
