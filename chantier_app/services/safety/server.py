"""The shared database on a server: its schema created, then a SQLite folder's data moved onto it.

``init_server`` only ever writes into an empty database (a database holding any table is
someone's: it is refused, not completed). ``copy_folder_to_server`` reads the folder from a
private copy of its file (and of its ``-wal``), so the folder is left as it was, byte for
byte: no checkpoint, no log-in line, no lock file; then fills the server in one
transaction, compares every table's count and checksum, and commits only when all agree.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from chantier_app.db import cipher
from chantier_app.db.check import check_database
from chantier_app.db.engine import Database
from chantier_app.db.revisions import HEAD_REVISION
from chantier_app.db.server_load import TableSum, lock_for_copy, reset_sequences, table_sums
from chantier_app.db.server_url import ServerUrl, parse
from chantier_app.db.wal_copy import wal_of
from chantier_app.domain.errors import AppError, PermissionDeniedError
from chantier_app.i18n import tr
from chantier_app.paths import AppPaths
from chantier_app.services import audit, roles_matrix
from chantier_app.services.context import Actor
from chantier_app.services.safety.lock import owner_alive, read_owner

if TYPE_CHECKING:
    import sqlalchemy as sa

log = logging.getLogger(__name__)
MINIMUM_SERVER = (15,)


class ServerRefusedError(AppError):
    """The server cannot take what was asked: unreachable, not empty, another schema."""


@dataclass(frozen=True)
class TableComparison:
    table: str
    source: TableSum
    server: TableSum

    @property
    def same(self) -> bool:
        return self.source == self.server


class CopyMismatchError(AppError):
    """The server's rows differ from the folder's after the copy: it was rolled back."""

    def __init__(self, message: str, tables: list[TableComparison]) -> None:
        super().__init__(message)
        self.tables = tables


@dataclass(frozen=True)
class InitResult:
    server: str  # the address, without its password
    revision: str


@dataclass(frozen=True)
class CopyResult:
    server: str
    tables: list[TableComparison]
    rows: int
    seconds: float


Identify = Callable[[Database], Actor]


# Reaching the server ---------------------------------------------------------------------------
def _reason(server: ServerUrl, exc: BaseException) -> str:
    """The driver's reason, first line, password hidden; the usual ones said in French."""
    original = getattr(exc, "orig", None) or exc
    text = server.hide(str(original)).strip()
    state = getattr(original, "sqlstate", None)
    known = {
        "28P01": tr("mot de passe refusé"),
        "28000": tr("rôle ou connexion non autorisé par le serveur"),
        "3D000": tr("la base {database} n'existe pas").format(database=server.database),
        "42501": tr("le rôle n'a pas le droit de créer ou d'écrire ces tables"),
    }
    if state in known:
        return known[state]
    if "password authentication failed" in text:
        return tr("mot de passe refusé")
    if "does not exist" in text and server.database in text:
        return tr("la base {database} n'existe pas").format(database=server.database)
    if "Connection refused" in text or "No such file or directory" in text:
        return tr("le serveur ne répond pas (arrêté, ou mauvaise adresse ou port)")
    return text.splitlines()[0] if text else type(original).__name__


@contextmanager
def _reaching(server: ServerUrl, doing: str) -> Iterator[None]:
    import sqlalchemy as sa

    try:
        yield
    except sa.exc.OperationalError as exc:
        raise ServerRefusedError(
            tr(
                "Impossible de joindre le serveur {server} : {reason}. Rien n'a été modifié."
            ).format(server=server.shown, reason=_reason(server, exc))
        ) from None  # the driver's text may name the password: never chained into a log
    except sa.exc.DBAPIError as exc:
        raise ServerRefusedError(
            tr("{doing} a échoué sur {server} : {reason}. Rien n'a été modifié.").format(
                doing=doing, server=server.shown, reason=_reason(server, exc)
            )
        ) from None


def _reach(server: ServerUrl) -> Database:
    """The server's database once psycopg alone reached it (a timeout, libpq's failure said
    in French by ``server_probe``); the password is the address's, else the keyring's
    (kept there by « Paramètres → Base de données partagée »), else libpq's own
    (``~/.pgpass``, ``PGPASSWORD``)."""
    from chantier_app.db import server_password, server_probe

    password = server.password or server_password.stored_password(server.target)
    try:
        report = server_probe.probe(server.target, password)
    except server_probe.ServerConnectionError as refused:
        raise ServerRefusedError(
            tr(
                "Impossible de joindre le serveur {server} : {reason}\nRien n'a été modifié."
            ).format(server=server.shown, reason=server.hide(refused.message))
        ) from None
    major = int(report.server_version.split(".", 1)[0])
    if (major,) < MINIMUM_SERVER:
        raise ServerRefusedError(
            tr(
                "Le serveur {server} est en PostgreSQL {found} : l'application demande "
                "PostgreSQL 15 ou plus récent. Rien n'a été modifié."
            ).format(server=server.shown, found=report.server_version)
        )
    return Database(server.url, password=password)


def _table_names(conn: sa.Connection) -> list[str]:
    import sqlalchemy as sa

    return sorted(sa.inspect(conn).get_table_names())


def _revision(conn: sa.Connection) -> str | None:
    import sqlalchemy as sa

    if "alembic_version" not in _table_names(conn):
        return None
    row = conn.execute(sa.text("SELECT version_num FROM alembic_version")).first()
    return row[0] if row else None


# serveur init ------------------------------------------------------------------------------------
def init_server(address: str | None) -> InitResult:
    """Create this version's schema (Alembic, one transaction) in an empty server database."""
    from chantier_app.db.migrate import upgrade

    server = parse(address)
    database = _reach(server)
    try:
        with _reaching(server, tr("La création du schéma")):
            with database.engine.connect() as conn:
                names = _table_names(conn)
                revision = _revision(conn) if names else None
            if names:
                raise ServerRefusedError(_not_empty_message(server, names, revision))
            upgrade(database)
        return InitResult(server.shown, HEAD_REVISION)
    finally:
        database.dispose()


def _not_empty_message(server: ServerUrl, names: list[str], revision: str | None) -> str:
    if revision is not None:
        return tr(
            "La base {server} est déjà initialisée (schéma {revision}) : « serveur init » ne "
            "crée le schéma que dans une base vide. Rien n'a été modifié."
        ).format(server=server.shown, revision=revision)
    shown = ", ".join(names[:5]) + (" …" if len(names) > 5 else "")
    return tr(
        "La base {server} n'est pas vide ({n} tables : {names}) : « serveur init » ne crée le "
        "schéma que dans une base vide, créée pour l'application. Rien n'a été modifié."
    ).format(server=server.shown, n=len(names), names=shown)


# serveur copier-depuis -------------------------------------------------------------------------
def copy_folder_to_server(paths: AppPaths, address: str | None, identify: Identify) -> CopyResult:
    """Copy the data of the folder ``paths`` onto the just-initialised server ``address``.

    ``identify`` gives the account acting (the command's log-in), asked of the folder's
    private copy; it must be allowed to copy every record out (the direction). Anything
    refused or different leaves the server as it was (one transaction, rolled back).
    """
    server = parse(address)
    _refuse_open_folder(paths)
    folder = Path(tempfile.mkdtemp(prefix="chantier-copie-serveur-"))  # 0700
    try:
        source = _private_copy(paths, folder)
        try:
            return _copy(paths.data_dir, source, server, identify)
        finally:
            source.dispose()
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # personal data: no copy left behind


def needs_key(paths: AppPaths) -> bool:
    """Whether the folder's data are encrypted (its key file, or a file that does not begin
    as a clear SQLite file), seen without opening the file: even a read-only SQLite
    connection leaves a -wal and a -shm beside it, and the folder must stay as it was."""
    if (paths.data_dir / cipher.KEY_FILENAME).exists():
        return True
    try:
        return cipher.header(paths.db_path) != cipher.SQLITE_HEADER
    except OSError:
        return False  # no file: the copy says so


def _refuse_open_folder(paths: AppPaths) -> None:
    if not paths.db_path.is_file():
        raise ServerRefusedError(
            tr("Aucune donnée à copier dans {folder} ({name} absent).").format(
                folder=paths.data_dir, name=paths.db_path.name
            )
        )
    owner = read_owner(paths.lock_path)
    # Read, never taken: taking it would write into the folder that must stay as it was.
    if owner is not None and owner_alive(owner):
        raise ServerRefusedError(
            tr(
                "Les données de {folder} sont ouvertes ({owner}) : fermez l'application, puis "
                "relancez la copie (ce qui serait saisi pendant la copie manquerait sur le "
                "serveur). Rien n'a été copié."
            ).format(folder=paths.data_dir, owner=owner.describe())
        )


def _private_copy(paths: AppPaths, folder: Path) -> Database:
    """The folder's file and its ``-wal`` (committed rows a crash left there) copied as
    bytes into ``folder``, and opened there: SQLite may checkpoint a file it opens."""
    copy = folder / paths.db_path.name
    for source, target in ((wal_of(paths.db_path), wal_of(copy)), (paths.db_path, copy)):
        if source.exists():  # the -wal first: a checkpoint meanwhile leaves its pages in it
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
            with source.open("rb") as src, open(os.open(target, flags, 0o600), "wb") as out:
                shutil.copyfileobj(src, out)
    # The key is found on the copy: even a read-only probe of the folder's own file would
    # leave a -wal and a -shm beside it.
    try:
        key = cipher.key_for(copy)
    except cipher.EncryptedDataError:
        if cipher.key_file_near(paths.db_path) is None:
            raise cipher.EncryptedDataError(
                cipher.missing_key_file_message(paths.db_path)
            ) from None
        raise cipher.EncryptedDataError(cipher.locked_message(paths.db_path)) from None
    problems = check_database(copy).problems
    if problems:
        raise ServerRefusedError(
            tr(
                "Les données de {folder} sont endommagées ({problem}) : lancez « chantier "
                "check », restaurez une sauvegarde saine, puis relancez la copie. Rien n'a été "
                "copié."
            ).format(folder=paths.data_dir, problem=problems[0])
        )
    return Database.open_file(copy, key=key)


def restore_backup_to_server(backup: Path, address: str | None, identify: Identify) -> CopyResult:
    """Restore the backup file ``backup`` (a file's, or a server's snapshot) into the
    just-initialised server ``address``, as ``copy_folder_to_server`` copies a folder: a
    private copy (brought to this version's schema when older), the same counts and
    checksums compared, one transaction. ``backup`` itself is only read."""
    from chantier_app.db.backup import inspect_backup
    from chantier_app.db.migrate import ensure_schema

    server = parse(address)
    preview = inspect_backup(backup)
    if not preview.restorable:
        raise ServerRefusedError(
            tr(
                "La sauvegarde {name} ne peut pas être restaurée : {why}. Rien n'a été modifié."
            ).format(name=backup.name, why=preview.status.label)
        )
    folder = Path(tempfile.mkdtemp(prefix="chantier-restauration-serveur-"))  # 0700
    try:
        copy = folder / backup.name
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        with backup.open("rb") as src, open(os.open(copy, flags, 0o600), "wb") as out:
            shutil.copyfileobj(src, out)
        source = Database.open_file(copy, key=cipher.key_for(copy))
        try:
            ensure_schema(source, None)  # the copy only: an older backup is migrated there
            return _copy(backup, source, server, identify)
        finally:
            source.dispose()
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # personal data: no copy left behind


def _copy(origin: Path, source: Database, server: ServerUrl, identify: Identify) -> CopyResult:
    from chantier_app.db.migrate import current_revision

    found = current_revision(source)
    if found != HEAD_REVISION:
        raise ServerRefusedError(
            tr(
                "Les données de {folder} sont au schéma {found}, cette version de l'application "
                "au schéma {head} : ouvrez-les une fois avec cette version (elle les met à jour "
                "après une sauvegarde), puis relancez la copie. Rien n'a été copié."
            ).format(folder=origin, found=found or "-", head=HEAD_REVISION)
        )
    actor = identify(source)
    if not roles_matrix.allowed(actor, roles_matrix.Permission.BACKUP_COPY):
        raise PermissionDeniedError(
            tr(
                "Action refusée : le rôle « {role} » ne permet pas de copier les données hors "
                "de l'application. Rien n'a été copié."
            ).format(role=actor.role.label)
        )
    database = _reach(server)
    try:
        with _reaching(server, tr("La copie")):
            return _fill(origin, source, database, server, actor)
    finally:
        database.dispose()


def _fill(
    origin: Path, source: Database, database: Database, server: ServerUrl, actor: Actor
) -> CopyResult:
    from sqlalchemy.orm import Session

    from chantier_app.db.server_copy import copy_rows
    from chantier_app.db.server_load import tables_with_rows

    started = time.perf_counter()
    with source.engine.connect() as read, read.begin(), database.engine.begin() as written:
        revision = _revision(written)
        if revision != HEAD_REVISION:
            raise ServerRefusedError(_not_ready_message(server, revision))
        lock_for_copy(written)
        filled = tables_with_rows(written)
        if filled:
            raise ServerRefusedError(
                tr(
                    "La base {server} contient déjà des données ({names}) : la copie ne se "
                    "fait que vers une base qui vient d'être initialisée. Rien n'a été "
                    "modifié."
                ).format(server=server.shown, names=", ".join(filled[:5]))
            )
        rows = copy_rows(read, written)
        reset_sequences(written)
        before, after = table_sums(read), table_sums(written)
        tables = [TableComparison(name, before[name], after[name]) for name in before]
        if not all(t.same for t in tables):
            raise CopyMismatchError(_mismatch_message(server, tables), tables)
        # Traced on the server, once everything compared equal: who moved the data, from where.
        with Session(bind=written) as session:
            audit.record(
                session,
                actor,
                audit.Action.IMPORT,
                "database",
                summary=tr("copie des données depuis {folder} : {rows} lignes").format(
                    folder=origin, rows=rows
                ),
            )
            session.flush()
    return CopyResult(server.shown, tables, rows, time.perf_counter() - started)


def pg_dump_bytes(paths: AppPaths, dump: Path) -> Iterator[bytes]:
    """The bytes of a pg_dump copy ``dump`` for pg_restore: decrypted with the folder's key
    (opened by its log-in) when the folder sealed it (``db/server_dump_cipher``)."""
    from chantier_app.db.server_dump import read_pg_dump

    return read_pg_dump(dump, cipher.folder_key(paths.data_dir))


def _not_ready_message(server: ServerUrl, revision: str | None) -> str:
    if revision is None:
        return tr(
            "La base {server} n'a pas le schéma de l'application : lancez d'abord « chantier "
            "serveur init ». Rien n'a été copié."
        ).format(server=server.shown)
    return tr(
        "La base {server} est au schéma {found}, les données et cette version de "
        "l'application au schéma {head} : la copie demande le même schéma des deux côtés. "
        "Rien n'a été copié."
    ).format(server=server.shown, found=revision, head=HEAD_REVISION)


def _mismatch_message(server: ServerUrl, tables: list[TableComparison]) -> str:
    different = [t.table for t in tables if not t.same]
    return tr(
        "La copie vers {server} a été annulée : {n} tables diffèrent du dossier après la copie "
        "({names}). Le serveur est resté vide ; le dossier n'a pas été modifié."
    ).format(server=server.shown, n=len(different), names=", ".join(different))
