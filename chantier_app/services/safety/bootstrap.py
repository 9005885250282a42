"""Open the data folder: lock it, check the file, open the database, bring its schema up to date.

Nothing here overwrites a file it cannot read: a damaged database stops the start-up with
``DamagedDataError`` (which names the newest good backup), and the caller decides.
"""

from __future__ import annotations

import errno
import os
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from chantier_app.db.check import check_database, network_filesystem
from chantier_app.db.engine import Database
from chantier_app.db.migrate import MigrationResult, ensure_schema
from chantier_app.db.wal_copy import pending_wal, readable_copy
from chantier_app.domain.errors import AppError, StorageError
from chantier_app.environment import os_clause, storage_errors
from chantier_app.file_modes import private_file
from chantier_app.i18n import tr
from chantier_app.paths import AppPaths
from chantier_app.services.safety.lock import WriterLock, acquire

if TYPE_CHECKING:
    from chantier_app.db.backup import BackupPreview


@dataclass
class OpenedData:
    paths: AppPaths
    database: Database
    migration: MigrationResult
    warnings: list[str] = field(default_factory=list)
    check: PendingCheck | None = None  # the file's check, still running (``open_data_quickly``)


class DamagedDataError(AppError):
    """The database file fails its checks; it was not modified."""

    def __init__(
        self, paths: AppPaths, problems: list[str], good_backup: BackupPreview | None
    ) -> None:
        self.paths = paths
        self.problems = problems
        self.good_backup = good_backup
        text = tr(
            "Le fichier de données {path} est endommagé ; il n'a pas été modifié.\n{details}"
        ).format(path=paths.db_path, details="\n".join(f"– {p}" for p in problems[:5]))
        if good_backup is not None:
            text += "\n" + tr(
                "La dernière sauvegarde saine date du {date} ({people} salariés, "
                "{contracts} contrats)."
            ).format(
                date=good_backup.taken_at.strftime("%d/%m/%Y à %H:%M"),
                people=good_backup.people,
                contracts=good_backup.contracts,
            )
        else:
            text += "\n" + tr("Aucune sauvegarde saine n'a été trouvée dans {folder}.").format(
                folder=paths.backups_dir
            )
        super().__init__(text)


class MissingDataError(AppError):
    """The data file is absent from a folder that shows earlier use: nothing was created.

    The caller offers ``good_backup`` (the newest sound backup), or an empty start after
    an explicit confirmation (``open_data(paths, start_empty=True)``).
    """

    def __init__(
        self, paths: AppPaths, traces: list[str], good_backup: BackupPreview | None
    ) -> None:
        self.paths = paths
        self.traces = traces
        self.good_backup = good_backup
        text = tr(
            "Le fichier de données {path} est absent, alors que ce dossier a déjà servi "
            "({traces}). Rien n'a été créé."
        ).format(path=paths.db_path, traces=", ".join(traces))
        if good_backup is not None:
            text += "\n" + tr(
                "La dernière sauvegarde saine date du {date} ({people} salariés, "
                "{contracts} contrats)."
            ).format(
                date=good_backup.taken_at.strftime("%d/%m/%Y à %H:%M"),
                people=good_backup.people,
                contracts=good_backup.contracts,
            )
        else:
            text += "\n" + tr("Aucune sauvegarde saine n'a été trouvée dans {folder}.").format(
                folder=paths.backups_dir
            )
        super().__init__(text)


def earlier_use(paths: AppPaths) -> list[str]:
    """What shows that the data folder was used before (empty: a new installation).

    Backups, a damaged file set aside, the SQLite companions of a data file, a restore's
    working copy: a missing data file there was moved, deleted or lost, not never made.
    """
    from chantier_app.db.backup import list_backups

    traces = []
    count = len(list_backups(paths.backups_dir))
    if count:
        traces.append(
            tr("{n} sauvegarde(s) dans {folder}").format(n=count, folder=paths.backups_dir)
        )
    try:
        names = sorted(p.name for p in paths.data_dir.iterdir())
    except OSError:
        names = []
    data_name = paths.db_path.name
    for name in names:
        if name.startswith("chantier-endommage-") and name.endswith(".sqlite3"):
            traces.append(tr("un fichier endommagé mis de côté ({name})").format(name=name))
        elif name.startswith(".restauration-"):
            traces.append(tr("une restauration interrompue ({name})").format(name=name))
        elif name in (data_name + "-wal", data_name + "-journal"):
            traces.append(tr("un journal de la base ({name})").format(name=name))
    return traces


class ReadOnlyFolderError(StorageError):
    """The data folder refuses writes: the data can only be consulted."""


def take_writer_lock(paths: AppPaths, *, force: bool = False) -> WriterLock:
    """The data folder's one-writer lock, or LockHeldError / ReadOnlyFolderError."""
    try:
        paths.ensure()
        return acquire(paths.lock_path, force=force)
    except OSError as exc:
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            raise ReadOnlyFolderError(
                tr(
                    "Le dossier des données {folder} est en lecture seule (ou vous n'avez pas "
                    "le droit d'y écrire) : les données peuvent être consultées, pas modifiées."
                ).format(folder=paths.data_dir)
            ) from exc
        # A file where the folder should be, a full disk: the French reason, never the
        # system's English text (« Not a directory »).
        raise StorageError(
            tr("Le dossier {folder} ne peut pas être préparé : {reason}.").format(
                folder=exc.filename or paths.data_dir, reason=os_clause(exc)
            )
        ) from exc


def file_problems(paths: AppPaths) -> list[str]:
    """What is wrong with the database file before anything opens it (empty list: sound)."""
    path = paths.db_path
    if not path.exists():
        return []
    if path.stat().st_size == 0:
        from chantier_app.db.backup import list_backups

        # A new installation starts from no file; an empty file beside backups is a loss.
        return [tr("Le fichier de données est vide.")] if list_backups(paths.backups_dir) else []
    return check_database(path, thorough=False).problems


def check_file(paths: AppPaths) -> list[str]:
    """``chantier check``: the thorough integrity and foreign-key check (empty list: sound)."""
    recover_hot_journal(paths)
    return check_database(paths.db_path).problems


def recover_hot_journal(paths: AppPaths) -> bool:
    """Roll back the transaction a crash left in a rollback journal (``-journal``).

    A file in DELETE journal mode (every backup, so a file just restored or being migrated)
    killed in the middle of a write keeps a « hot » journal: only a read-write connection
    can roll it back, which SQLite does on its first read (under its own exclusive lock).
    The read-only checks cannot, and would call the sound file damaged. True: a journal
    was there and SQLite read the file through it.
    """
    from chantier_app.db import cipher

    path = paths.db_path
    journal = path.with_name(path.name + "-journal")
    try:
        if not journal.is_file() or journal.stat().st_size == 0:
            return False
        if not os.access(paths.data_dir, os.W_OK):
            return False  # consultation: nothing can be rolled back from here
        conn = cipher.connect(path, timeout=5.0)
    except (OSError, cipher.EncryptedDataError):
        return False  # the check that follows says what is wrong
    except cipher.driver_errors():
        return False
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except cipher.driver_errors(UnicodeDecodeError):
        return False  # damaged: the check that follows says so
    finally:
        conn.close()


def open_data(paths: AppPaths, *, readonly: bool = False, start_empty: bool = False) -> OpenedData:
    """Open (and on first use create) the database of ``paths``, checked and migrated.

    ``quick_check`` and the foreign-key check run first; a damaged file raises
    DamagedDataError and stays as it is. A missing file is created only in a folder that
    shows no earlier use, or with ``start_empty`` (the user confirmed): MissingDataError.
    """
    with storage_errors():
        if readonly:
            if not paths.db_path.exists():
                raise AppError(
                    tr("Aucune donnée à consulter dans {folder}.").format(folder=paths.data_dir)
                )
        else:
            paths.ensure()
            recover_hot_journal(paths)
            if not start_empty and not paths.db_path.exists():
                traces = earlier_use(paths)
                if traces:
                    from chantier_app.services.safety.backups import newest_good_backup

                    good = newest_good_backup(paths.backups_dir)
                    raise MissingDataError(paths, traces, good)
        problems = file_problems(paths)
    if problems:
        from chantier_app.services.safety.backups import newest_good_backup

        raise DamagedDataError(paths, problems, newest_good_backup(paths.backups_dir))
    with storage_errors():
        if not readonly:
            private_file(paths.db_path)  # a new file is born 0600, and its WAL with it
    database = _open_database(paths, readonly)
    try:
        with storage_errors():
            if readonly:
                from chantier_app.db.migrate import current_revision
                from chantier_app.db.revisions import HEAD_REVISION

                found = current_revision(database)
                migration = MigrationResult(found, HEAD_REVISION, None)
            else:
                migration = ensure_schema(database, paths.backups_dir)
    except BaseException:
        database.dispose()
        raise
    paths.secure()  # what an older version or a migration left readable by others
    if not readonly:
        from chantier_app.services.safety.leftovers import remove_leftovers

        remove_leftovers(paths)  # copies of the data a killed restore or backup left
        from chantier_app.services.structure.consultation import carry_attempts

        carry_attempts(database)  # log-ins tried while the folder was read-only
        from chantier_app.services.privacy.backups_erasure import finish_interrupted

        finish_interrupted(database, paths.backups_dir)  # an anonymisation cut by a crash
    return OpenedData(paths, database, migration, startup_warnings(paths))


def _open_database(paths: AppPaths, readonly: bool) -> Database:
    if readonly and pending_wal(paths.db_path):
        # A crash left committed rows in the -wal, which cannot be read in place: a private
        # copy of the file and its -wal holds the latest data (the same key for SQLCipher).
        from chantier_app.db import cipher

        with storage_errors():  # a full temporary disk: the French message, in a window
            key = cipher.key_for(paths.db_path)
            copy = readable_copy(paths.db_path)
        return Database.open_file(copy, readonly=True, key=key)
    if readonly and not os.access(paths.data_dir, os.W_OK):
        # A WAL database cannot be read where its -shm file cannot be created; nothing
        # can change the file through this folder, so SQLite may treat it as immutable.
        url = f"sqlite:///file:{paths.db_path.as_posix()}?mode=ro&immutable=1&uri=true"
        return Database(url, readonly=True)
    return Database.open_file(paths.db_path, readonly=readonly)


def startup_warnings(paths: AppPaths) -> list[str]:
    warnings = []
    kind = network_filesystem(paths.data_dir)
    if kind is not None:
        warnings.append(
            tr(
                "Le dossier des données {folder} est sur un lecteur réseau ({kind}). La base "
                "de données n'y est pas fiable (mode WAL de SQLite) : un autre poste ou une "
                "coupure du réseau peut l'endommager. Placez les données sur le disque de cet "
                "ordinateur et utilisez « Sauvegarder vers… » pour en faire des copies."
            ).format(folder=paths.data_dir, kind=kind)
        )
    return warnings


class PendingCheck:
    """The file's start-up check, run in the background once started (SQLite's C code does
    not hold Python's lock). The application starts it when its first screen has shown, so
    that it does not compete with the drawing; anyone waiting for it starts it."""

    def __init__(self, paths: AppPaths) -> None:
        self.paths = paths
        self.problems: list[str] | None = None
        self.error: BaseException | None = None
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name="file-check", daemon=True)
        self._starting = threading.Lock()

    def start(self) -> None:
        with self._starting:
            if self._thread.ident is None:
                self._thread.start()

    def _run(self) -> None:
        try:
            self.problems = file_problems(self.paths)
        except BaseException as exc:  # reported when awaited, on the caller's thread
            self.error = exc
        finally:
            self._done.set()

    def done(self) -> bool:
        return self._done.is_set()

    def wait(self) -> list[str]:
        """The problems found (empty: sound); the check's own failure is raised here."""
        self.start()
        self._done.wait()
        if self.error is not None:
            with storage_errors():
                raise self.error
        return self.problems or []

    def damage(self) -> DamagedDataError | None:
        """The error to show when the file failed its check."""
        problems = self.wait()
        if not problems:
            return None
        from chantier_app.services.safety.backups import newest_good_backup

        return DamagedDataError(self.paths, problems, newest_good_backup(self.paths.backups_dir))


def open_data_quickly(paths: AppPaths, *, readonly: bool = False) -> OpenedData | None:
    """The usual start-up, fast: a file already at this version's schema is opened at once
    and checked in the background (``check.start()``, or the first session);
    ``database.gate`` makes every session wait for the check and refuses a damaged file. None when there is more to do (no file yet, a migration, a
    folder that cannot be written): then ``open_data``.
    """
    from chantier_app.db.migrate import file_revision
    from chantier_app.db.revisions import HEAD_REVISION

    path = paths.db_path
    if not readonly:
        recover_hot_journal(paths)
    try:
        if not path.exists() or path.stat().st_size == 0 or file_revision(path) != HEAD_REVISION:
            return None
    except OSError:
        return None
    except Exception:  # sqlite3 cannot read it: the full path checks and explains
        return None
    if readonly and not os.access(paths.data_dir, os.W_OK):
        return None
    paths.secure()  # what an older version or a copy by hand left readable by others
    if not readonly:
        from chantier_app.services.safety.leftovers import remove_leftovers

        remove_leftovers(paths)  # copies of the data a killed restore or backup left
    check = PendingCheck(paths)
    database = _open_database(paths, readonly)

    def gate() -> None:
        damaged = check.damage()
        if damaged is not None:
            raise damaged
        database.gate = None  # checked: sessions no longer wait
        if not readonly:
            from chantier_app.services.structure.consultation import carry_attempts

            carry_attempts(database)  # log-ins tried while the folder was read-only
            from chantier_app.services.privacy.backups_erasure import finish_interrupted

            finish_interrupted(database, paths.backups_dir)  # an anonymisation cut by a crash

    database.gate = gate
    migration = MigrationResult(HEAD_REVISION, HEAD_REVISION, None)
    return OpenedData(paths, database, migration, startup_warnings(paths), check)
