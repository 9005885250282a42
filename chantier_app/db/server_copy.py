"""Backups of a shared (PostgreSQL) database: its rows written into a SQLite file.

A server's backup is a file like any other backup of the application: the schema Alembic
makes at the server's revision, then every table's rows in primary-key order, read in one
``REPEATABLE READ`` transaction (one snapshot: a writer on another PC never splits a
backup in two). So the backups folder, its rotation, its previews and the restore of a
SQLite folder read it as they read a file's own backup, and two backups of the same data
compare equal (``backup.same_content``). It needs no client tools on the PC.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from contextlib import closing, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chantier_app.db import backup as files
from chantier_app.db import cipher
from chantier_app.db.check import integrity_ok
from chantier_app.db.engine import Database
from chantier_app.domain.errors import StorageError
from chantier_app.environment import storage_error_from
from chantier_app.file_modes import private_file
from chantier_app.i18n import tr

if TYPE_CHECKING:
    import sqlalchemy as sa

BATCH_ROWS = 2000
STREAMED = {"yield_per": BATCH_ROWS}  # read in batches, not all rows at once
_EMPTY_FILES: dict[str, bytes] = {}  # revision -> an empty SQLite file migrated to it


def _empty_file(revision: str) -> bytes:
    """A SQLite file with the schema of ``revision`` and no rows (made once per process)."""
    if revision not in _EMPTY_FILES:
        from chantier_app.db.migrate import upgrade

        with tempfile.TemporaryDirectory(prefix="chantier-schema-") as folder:
            path = Path(folder) / "schema.sqlite3"
            database = Database.open_file(path)
            try:
                upgrade(database, revision)
            finally:
                database.dispose()
            with closing(sqlite3.connect(path)) as conn:
                conn.execute("PRAGMA journal_mode=DELETE")
            _EMPTY_FILES[revision] = path.read_bytes()
    return _EMPTY_FILES[revision]


def tables() -> list[sa.Table]:
    """The application's tables, parents before children."""
    import chantier_app.db.models  # noqa: F401  (fills Base.metadata)
    from chantier_app.db.base import Base

    return list(Base.metadata.sorted_tables)


def ordered(table: sa.Table, conn: sa.Connection) -> sa.Select[Any]:
    """Every row of ``table`` in primary-key order, text keys by code point on both engines
    (SQLite compares bytes; a server's own collation may be French)."""
    import sqlalchemy as sa

    keys: list[Any] = []
    for column in table.primary_key.columns:
        textual = isinstance(column.type, sa.String) and conn.dialect.name == "postgresql"
        keys.append(column.collate("C") if textual else column)
    return table.select().order_by(*keys)


def tables_in(conn: sa.Connection) -> list[sa.Table]:
    """The tables as the database of ``conn`` has them (an older revision lacks a later
    column or table): the models' types, in their order, without defaults (nothing added)."""
    import sqlalchemy as sa

    present = {
        name: [column["name"] for column in sa.inspect(conn).get_columns(name)]
        for name in sa.inspect(conn).get_table_names()
    }
    metadata = sa.MetaData()
    found: list[sa.Table] = []
    for model in tables():
        if model.name not in present:
            continue
        columns = []
        for name in present.pop(model.name):
            known = model.c.get(name)
            kind = known.type if known is not None else sa.types.NullType()
            columns.append(
                sa.Column(name, kind, primary_key=known is not None and known.primary_key)
            )
        found.append(sa.Table(model.name, metadata, *columns))
    for name, names in present.items():  # a table a later revision dropped: copied as it is
        if name != "alembic_version":
            found.append(
                sa.Table(name, metadata, *(sa.Column(c, sa.types.NullType()) for c in names))
            )
    return found


def copy_rows(
    source: sa.Connection, target: sa.Connection, schema: list[sa.Table] | None = None
) -> int:
    """Insert every row of ``source`` into ``target`` (its tables empty), parents before
    children, in either direction (server to file, file to server); the rows copied.
    ``schema``: the tables at the revision both have (``tables_in``), else this version's."""
    copied = 0
    for table in schema if schema is not None else tables():
        # Per statement: Connection.execution_options() would stream every later statement.
        result = source.execute(ordered(table, source), execution_options=STREAMED)
        for rows in result.partitions():
            target.execute(table.insert(), [dict(row._mapping) for row in rows])
            copied += len(rows)
    return copied


def snapshot_key(backups_dir: Path) -> bytes | None:
    """The key a server's snapshot in ``backups_dir`` (or a sub-folder) is encrypted with:
    the data folder's, when it is encrypted (its key file; the key unlocked at the start,
    ``ui/app.py``). None for a clear folder: its snapshots are clear, as its own file and
    backups are (« Paramètres → Base de données partagée » says so).
    StorageError when the folder is encrypted and its key is not open: never a clear copy
    of an encrypted folder's data."""
    data_dir = backups_dir.parent
    if not (data_dir / cipher.KEY_FILENAME).exists():
        return None
    key = cipher.folder_key(data_dir)
    if key is None:
        raise StorageError(
            tr(
                "Le dossier de données {folder} est chiffré et sa clé n'est pas ouverte : la "
                "copie de la base partagée ne peut pas être écrite en clair. Ouvrez-le avec "
                "un compte de son fichier de clés ou sa clé de secours."
            ).format(folder=data_dir)
        )
    return key


def dump_to_file(database: Database, destination: Path, *, key: bytes | None = None) -> Path:
    """Write the rows of the server ``database`` into a new SQLite file ``destination``,
    atomically (a ``.part`` file renamed once checked); StorageError when it cannot.
    ``key``: a SQLCipher file under that data key, encrypted from its first page (its empty
    schema is sealed before any row goes in: no row is ever on disk in clear)."""
    import sqlalchemy as sa

    from chantier_app.db.migrate import current_revision

    partial = destination.with_name(destination.name + ".part")
    try:
        revision = current_revision(database)
        if revision is None:
            raise StorageError(
                tr("La base du serveur n'a pas encore de schéma : rien à sauvegarder.")
            )
        destination.parent.mkdir(parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        private_file(partial)  # born 0600: the copy holds every NIR and note
        if key is None:
            partial.write_bytes(_empty_file(revision))
        else:
            with tempfile.TemporaryDirectory(prefix="chantier-schema-") as folder:
                schema = Path(folder) / "schema.sqlite3"  # the tables, no row
                schema.write_bytes(_empty_file(revision))
                cipher.encrypted_copy(schema, partial, key)
        target = Database.open_file(partial, foreign_keys=False, key=key)
        try:
            with (
                database.engine.connect().execution_options(
                    isolation_level="REPEATABLE READ"
                ) as source,
                source.begin(),
                target.engine.begin() as written,
            ):
                # The tables at the server's revision (an older one before a migration).
                copy_rows(source, written, tables_in(written))
                _write_origin(written, database.url)
                if written.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                    raise StorageError(
                        tr("La copie de sauvegarde est défectueuse ; elle a été supprimée.")
                    )
        finally:
            target.dispose()
        with closing(cipher.connect(partial, key=key) if key else sqlite3.connect(partial)) as conn:
            conn.execute("PRAGMA journal_mode=DELETE")  # self-contained: no WAL beside it
        if not integrity_ok(partial):
            raise StorageError(tr("La copie de sauvegarde est défectueuse ; elle a été supprimée."))
        os.replace(partial, destination)
        files.sync_folder(destination.parent)
    except cipher.driver_errors(sa.exc.OperationalError, sa.exc.DatabaseError, OSError) as exc:
        _discard(partial)
        mapped = storage_error_from(exc)
        raise StorageError(
            tr("La sauvegarde a échoué : {error}").format(error=mapped.message if mapped else exc)
        ) from exc
    except BaseException:
        _discard(partial)
        raise
    return destination


def _write_origin(written: sa.Connection, url: str) -> None:
    """Which server and database the snapshot comes from (``backup.ORIGIN_TABLE``): the
    backups list tells another server's snapshot apart, also once copied elsewhere."""
    written.exec_driver_sql(
        f'CREATE TABLE "{files.ORIGIN_TABLE}" (key TEXT PRIMARY KEY, value TEXT NOT NULL)'
    )
    written.exec_driver_sql(
        f'INSERT INTO "{files.ORIGIN_TABLE}" (key, value) VALUES (?, ?)', files.origin_rows(url)
    )


def _discard(partial: Path) -> None:
    for leftover in (partial, *(partial.with_name(partial.name + s) for s in ("-wal", "-shm"))):
        with suppress(OSError):
            leftover.unlink(missing_ok=True)


def backup_server_database(
    database: Database, backups_dir: Path, *, reason: str, rotate_after: bool = True
) -> Path:
    """As ``backup.backup_database`` for a server: a timestamped, checked file in the
    server's own sub-folder of ``backups_dir`` (``backup.server_folder``; the newest
    backup when it holds the same data), then that sub-folder's rotation."""
    from chantier_app.file_modes import private_folder

    folder = files.server_folder(backups_dir, database.url)
    key = snapshot_key(backups_dir)
    newest = next(iter(files.list_backups(folder)), None)
    try:
        private_folder(folder)
    except OSError as exc:
        mapped = storage_error_from(exc)
        raise StorageError(
            tr("La sauvegarde a échoué : {error}").format(error=mapped.message if mapped else exc)
        ) from exc
    path = dump_to_file(database, folder / files.backup_name(reason), key=key)
    if key is not None:  # beside the backups, as a folder's own: they open on another PC
        files.carry_key_file(backups_dir.parent / cipher.KEY_FILENAME, backups_dir)
    if newest is not None and files.same_content(newest.path, path):
        path.unlink()
        return newest.path
    if rotate_after:
        files.rotate(folder, known_good=path)
    return path
