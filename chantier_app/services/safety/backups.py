"""Backups as people and other areas need them: now, before a risky action, to any folder,
and restoring one (with a safety copy of the current data first).

An import hands ``backup_step(ctx, "avant-import")`` to its service, which calls it inside
its own transaction once the file is accepted and before its first write: a refused
import leaves no backup behind (and so rotates none out), and nothing can change between
the copy and the import. ``backup_before`` is the same outside any transaction (a purge);
if either raises StorageError, the action does not happen.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from chantier_app.db import backup as files
from chantier_app.db import cipher
from chantier_app.db.backup import BackupPreview, BackupStatus, inspect_backup
from chantier_app.db.check import check_database, connect_readonly
from chantier_app.db.engine import Database
from chantier_app.domain.errors import AppError, PermissionDeniedError, StorageError
from chantier_app.environment import storage_errors
from chantier_app.i18n import tr
from chantier_app.paths import AppPaths
from chantier_app.services import audit, roles_matrix
from chantier_app.services.context import Actor, AppContext

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

Target = AppContext | AppPaths | Database


@dataclass(frozen=True)
class RestoreResult:
    restored: BackupPreview
    safety_copy: Path | None  # the data as they were just before (None if unreadable)
    damaged_aside: Path | None  # the damaged file, renamed, when there was one


def _locate(target: Target) -> tuple[Path, Path, Database | None]:
    """The live file, its backups folder and (when known) the open database."""
    if isinstance(target, AppContext):
        if target.paths is not None:
            return target.paths.db_path, target.paths.backups_dir, target.database
        target = target.database
    if isinstance(target, AppPaths):
        return target.db_path, target.backups_dir, None
    if target.path is None:
        raise AppError(tr("Cette base de données ne peut pas être sauvegardée en fichier."))
    return target.path, target.path.parent / "backups", target


def _server(target: Target) -> Database | None:
    """The shared database on a server that ``target`` works on (None: a SQLite file)."""
    database = target.database if isinstance(target, AppContext) else target
    if isinstance(database, Database) and not database.is_sqlite:
        return database
    return None


def backups_folder(target: Target) -> Path:
    """Where the backups of ``target``'s data go: ``backups/`` for the folder's file, the
    server's own sub-folder of it for a shared database (``backup.server_folder``)."""
    server = _server(target)
    if server is not None and isinstance(target, AppContext) and target.paths is not None:
        return files.server_folder(target.paths.backups_dir, server.url)
    return _locate(target)[1]


def _write_backup(
    target: Target, reason: str, *, thorough: bool = True
) -> tuple[Path, Database | Path]:
    """A checked backup in the backups folder; where to trace it."""
    server = _server(target)
    if server is not None:
        if not isinstance(target, AppContext) or target.paths is None:
            raise AppError(tr("Cette base de données ne peut pas être sauvegardée en fichier."))
        from chantier_app.db.server_copy import backup_server_database

        return backup_server_database(server, target.paths.backups_dir, reason=reason), server
    db_path, backups_dir, database = _locate(target)
    backup = files.backup_database(db_path, backups_dir, reason=reason, thorough=thorough)
    return backup, database or db_path


def backup_before(target: Target, reason: str, *, actor: Actor | None = None) -> Path:
    """A checked backup in the backups folder before a risky action (import, purge...).

    ``target`` is the AppContext (or AppPaths, or Database) of the live data; ``reason``
    a short word kept in the file name (« avant-import »). Call it before the action's
    transaction; it raises StorageError when no sound copy could be written.
    """
    path, where = _write_backup(target, reason)
    who = actor or (target.actor if isinstance(target, AppContext) else Actor.system())
    _audit(where, who, audit.Action.BACKUP, _summary(reason, path))
    return path


BackupStep = Callable[["Session", Actor], Path]


def backup_step(target: Target, reason: str) -> BackupStep:
    """The backup an action takes once it is accepted, inside its own transaction.

    The service calls it with its session and actor after its checks and before its first
    write; the backup's audit line goes into that same transaction (a second one would
    wait for the action's own write lock).
    """

    def take(session: Session, actor: Actor) -> Path:
        # Checked by quick_check and its page count, not the full integrity_check (0.3 s
        # of the 1 s an import of a month of hours may take at 5,000 people; issue 22).
        # Safe: the action holds the writer lock, so the backup API copies the pages of
        # one committed state; quick_check reads every page of the copy and checks every
        # b-tree and row, which is what a faulty write of the copy damages; what it skips
        # (each index's entries against its table) the copy can only inherit from the live
        # file, which every thorough backup (each close, « Sauvegarder maintenant ») checks
        # in full. Such a copy rotates no older backup out (``backup_database``): nothing
        # is deleted on the word of a quicker check.
        path, _where = _write_backup(target, reason, thorough=False)
        audit.record(
            session, actor, audit.Action.BACKUP, "database", summary=_summary(reason, path)
        )
        return path

    return take


def backup_now(target: Target, *, reason: str = "manuelle", actor: Actor | None = None) -> Path:
    """« Sauvegarder maintenant », the backup at every close and `chantier backup`."""
    return backup_before(target, reason, actor=actor)


def save_to(target: Target, folder: Path, *, actor: Actor | None = None) -> Path:
    """« Sauvegarder vers… »: a checked copy in any folder (a USB key), not rotated."""
    server = _server(target)
    if server is not None:
        where: Database | Path = server
    else:
        db_path, _backups, database = _locate(target)
        where = database or db_path
    who = actor or (target.actor if isinstance(target, AppContext) else Actor.system())
    if not roles_matrix.allowed(who, roles_matrix.Permission.BACKUP_COPY):
        # The copy holds every record of every person: the direction's decision only.
        refused = PermissionDeniedError(
            tr(
                "Action refusée : le rôle « {role} » ne permet pas de copier les données hors "
                "de l'application."
            ).format(role=who.role.label)
        )
        _audit(where, who, audit.Action.REFUSED, refused.message)
        raise refused
    if not folder.is_dir():
        raise StorageError(tr("Le dossier {folder} n'existe pas.").format(folder=folder))
    if server is not None:
        from chantier_app.db.server_copy import dump_to_file, snapshot_key

        paths = target.paths if isinstance(target, AppContext) else None
        # An encrypted folder's copy of the server is encrypted too, its key file beside it.
        key = snapshot_key(paths.backups_dir) if paths is not None else None
        path = dump_to_file(server, folder / files.backup_name("copie"), key=key)
        if key is not None and paths is not None:
            files.carry_key_file(paths.data_dir / cipher.KEY_FILENAME, folder, replace=True)
    else:
        path = files.copy_database(
            db_path, folder / files.backup_name("copie"), replace_key_file=True
        )
    _audit(where, who, audit.Action.BACKUP, _summary("copie", path))
    return path


def _summary(reason: str, path: Path) -> str:
    return tr("sauvegarde ({reason}) : {path}").format(reason=reason, path=path)


def preview(path: Path) -> BackupPreview:
    """What ``path`` holds (date, schema, counts) and whether it can be restored."""
    return inspect_backup(path)


def newest_good_backup(backups_dir: Path) -> BackupPreview | None:
    """The newest backup that passes its checks and that this version can open."""
    for found in files.list_backups(backups_dir):
        preview = inspect_backup(found.path)
        if preview.restorable:
            return preview
    return None


# Restore ---------------------------------------------------------------------------------------
def require_restore(actor: Actor) -> None:
    if not roles_matrix.allowed(actor, roles_matrix.Permission.SETTINGS_EDIT):
        raise PermissionDeniedError(
            tr(
                "Action refusée : le rôle « {role} » ne permet pas de restaurer une sauvegarde."
            ).format(role=actor.role.label)
        )


def check_restorable(preview: BackupPreview, paths: AppPaths) -> None:
    """Raise a French AppError when ``preview`` must not replace the data of ``paths``."""
    from chantier_app.services.safety.shared_database import configured_server

    server = configured_server(paths)
    if server is not None:
        # The folder works on a shared database: its local file is not what the offices
        # see, and replacing it would say « restored » while nothing they use changed.
        raise AppError(
            tr(
                "Ce dossier travaille sur la base partagée {where} : la restauration remplace "
                "le fichier local, pas le serveur. Pour remettre une sauvegarde sur le "
                "serveur : « chantier serveur init » sur une base vide, puis « chantier "
                "serveur restaurer FICHIER URL ». Rien n'a été modifié."
            ).format(where=server.describe())
        )
    if _same_file(preview.path, paths.db_path):
        raise AppError(tr("Ce fichier est celui des données en cours : choisissez une sauvegarde."))
    if preview.status is BackupStatus.NEWER:
        raise AppError(
            tr(
                "Cette sauvegarde a été faite par une version plus récente de l'application "
                "(schéma {revision}) : installez la dernière version pour la restaurer. "
                "Rien n'a été modifié."
            ).format(revision=preview.revision)
        )
    if not preview.restorable:
        raise AppError(
            tr(
                "Cette sauvegarde ne peut pas être restaurée : {status}. Rien n'a été modifié."
            ).format(status=preview.status.label)
        )


def restore(paths: AppPaths, source: Path, actor: Actor) -> RestoreResult:
    """Replace the data of ``paths`` by the backup ``source``, migrated if it is older.

    The caller holds the writer lock and has closed its own connections. The current data
    are first copied to the backups folder (« avant-restauration »); a damaged current
    file is renamed aside instead. The live file is then rewritten in one SQLite
    transaction, so a crash during the restore leaves the old data or the new, never a mix.
    """
    try:
        require_restore(actor)
    except PermissionDeniedError as refused:
        if paths.db_path.exists():
            _audit(paths.db_path, actor, audit.Action.REFUSED, refused.message)
        raise
    preview = inspect_backup(source)
    check_restorable(preview, paths)
    live = paths.db_path
    safety = aside = None
    with storage_errors():
        paths.ensure()
        staged = _stage(source, paths)
        try:
            if live.exists() and live.stat().st_size and check_database(live, thorough=True).ok:
                # Not rotated now: that could delete the very backup being restored.
                safety = files.backup_database(
                    live, paths.backups_dir, reason="avant-restauration", rotate_after=False
                )
                _write_into_live(staged, live)
            else:
                if live.exists():
                    aside = keep_damaged_aside(paths)
                # The checked copy takes the data file's place in one rename: there is
                # always a data file, the damaged one or the restored one.
                _durable(staged)
                os.replace(staged, live)
                files.sync_folder(live.parent)
        finally:
            for leftover in (staged, *_companions(staged)):
                leftover.unlink(missing_ok=True)
    summary = tr("restauration de {name} (sauvegarde du {date})").format(
        name=source.name, date=preview.taken_at.strftime("%d/%m/%Y %H:%M")
    )
    if safety is not None:
        summary += tr(" ; données précédentes copiées dans {path}").format(path=safety.name)
    _audit(live, actor, audit.Action.RESTORE, summary)
    paths.secure()  # the restored file, its WAL, the safety copy: owner only
    return RestoreResult(preview, safety, aside)


def _stage(source: Path, paths: AppPaths) -> Path:
    """A checked copy of ``source`` beside the live file, brought to this version's schema."""
    from chantier_app.db.migrate import ensure_schema

    staged = paths.data_dir / f".restauration-{os.getpid()}.sqlite3"
    files.copy_database(source, staged)
    database = Database.open_file(staged)
    try:
        ensure_schema(database, None)
        with database.engine.begin() as conn:
            # A server's snapshot restored into this folder's file: the file is no snapshot,
            # its later backups must not say they come from that server.
            conn.exec_driver_sql(f'DROP TABLE IF EXISTS "{files.ORIGIN_TABLE}"')
    finally:
        database.dispose()
    report = check_database(staged, thorough=True)
    if not report.ok:
        raise AppError(
            tr("La sauvegarde mise à jour ne passe pas la vérification : {problem}").format(
                problem=report.problems[0]
            )
        )
    return staged


def _write_into_live(staged: Path, live: Path) -> None:
    """SQLite's backup API writes every page of ``live`` in one transaction (WAL kept)."""
    key = cipher.key_for(staged)  # the live file gets the backup's key (none: clear)
    with (
        closing(connect_readonly(staged)) as src,
        closing(cipher.connect(live, key=key, timeout=30)) as dst,
    ):
        src_page = src.execute("PRAGMA page_size").fetchone()[0]
        if dst.execute("PRAGMA page_size").fetchone()[0] != src_page:
            dst.execute("PRAGMA journal_mode=DELETE")  # WAL cannot change the page size
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=WAL")


def _companions(path: Path) -> tuple[Path, ...]:
    return tuple(path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal"))


def move_damaged_aside(paths: AppPaths) -> Path:
    """Rename the damaged file (and its WAL files) so it is kept, never overwritten."""
    live = paths.db_path
    aside = _aside_name(paths)
    with storage_errors():
        for old, new in zip((live, *_companions(live)), (aside, *_companions(aside)), strict=True):
            if old.exists():
                os.replace(old, new)
    return aside


def keep_damaged_aside(paths: AppPaths) -> Path:
    """Keep the damaged file under another name while it stays in place: a second name
    (hard link) or a copy, then its WAL files moved beside that name (they belong to it,
    not to the restored file that will replace it)."""
    live = paths.db_path
    aside = _aside_name(paths)
    with storage_errors():
        try:
            os.link(live, aside)
        except OSError:  # no hard links there (FAT, some shares): a copy, written whole
            partial = aside.with_name(aside.name + ".part")
            shutil.copyfile(live, partial)
            _durable(partial)
            os.replace(partial, aside)
        for old, new in zip(_companions(live), _companions(aside), strict=True):
            if old.exists():
                os.replace(old, new)
        files.sync_folder(paths.data_dir)
    return aside


def _aside_name(paths: AppPaths) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = paths.data_dir / f"chantier-endommage-{stamp}.sqlite3"
    n = 1
    while aside.exists():
        n += 1
        aside = paths.data_dir / f"chantier-endommage-{stamp}-{n}.sqlite3"
    return aside


def _durable(path: Path) -> None:
    """Its bytes on the disk before a rename makes it the data file."""
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


# Audit -----------------------------------------------------------------------------------------
def _audit(where: Database | Path, actor: Actor, action: audit.Action, summary: str) -> None:
    """Trace a backup or restore. The copy is what matters: a trail that cannot be written
    (read-only data folder, consultation mode) is logged, not raised."""
    from chantier_app.db.migrate import current_revision
    from chantier_app.db.revisions import HEAD_REVISION

    database = where if isinstance(where, Database) else Database.open_file(where)
    try:
        with storage_errors():
            if database.readonly or current_revision(database) != HEAD_REVISION:
                return
        with database.transaction() as session:
            audit.record(session, actor, action, "database", summary=summary)
    except StorageError as exc:
        log.warning("Trace de %s non écrite : %s", action, exc.message)
    finally:
        if database is not where:
            database.dispose()
