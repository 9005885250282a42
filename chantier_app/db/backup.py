"""Consistent copies of the live database (SQLite backup API): written, checked, listed, rotated.

A backup is named ``chantier-AAAAMMJJ-HHMMSS-µs-<raison>.sqlite3`` so its date survives a
copy to a USB key. Rotation keeps the last ten, plus the newest of each of the last twelve
months, and never deletes the only backup that passes ``integrity_check``. A copy whose
data equal the newest backup's is not kept: repeated copies of the same data never push
older, different restore points out.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import itertools
import logging
import os
import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from chantier_app.db import cipher
from chantier_app.db.check import check_database, connect_readonly, integrity_ok, looks_like_sqlite
from chantier_app.db.revisions import HEAD_REVISION, KNOWN_REVISIONS
from chantier_app.domain.errors import StorageError
from chantier_app.environment import storage_error_from
from chantier_app.file_modes import private_file
from chantier_app.i18n import tr

log = logging.getLogger(__name__)

BACKUP_PREFIX = "chantier-"
BACKUP_SUFFIX = ".sqlite3"
SERVER_FOLDER_PREFIX = "serveur-"  # a shared database's backups, in their own sub-folder
LOCAL_HOST = "local"  # the host part of that sub-folder's name for a server on a socket
PG_DUMP_SUFFIX = ".dump"  # pg_dump's copy of a server's backup, beside it (``server_dump``)
# A server's snapshot says where it was taken, in a table of its own (no model, no migration:
# it lives in backup files only, and a restore into a folder's file drops it).
ORIGIN_TABLE = "chantier_origine"
KEEP_LAST = 10
KEEP_MONTHS = 12
_NAME = re.compile(r"^chantier-(\d{8}-\d{6}-\d{6})-(.*)\.sqlite3$")
_STALE_PART = dt.timedelta(hours=1)


def backup_name(reason: str, when: dt.datetime | None = None) -> str:
    when = when or dt.datetime.now()
    safe_reason = "".join(c if c.isalnum() or c in "-_" else "-" for c in reason)[:40]
    return f"{BACKUP_PREFIX}{when:%Y%m%d-%H%M%S-%f}-{safe_reason}{BACKUP_SUFFIX}"


def server_folder(backups_dir: Path, url: str) -> Path:
    """The sub-folder of ``backups_dir`` holding a shared database's backups
    (``serveur-HÔTE-PORT-BASE``, HÔTE « local » for a Unix socket): they rotate among
    themselves, never pushing the folder's own file's backups out (nor those of another
    server the folder used before), and a damaged local file is never offered a server's
    snapshot as its restore point."""
    host, port, database = _folder_parts(url)
    name = f"{host}-{port}-{database}"
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.")[:80] or LOCAL_HOST
    return backups_dir / f"{SERVER_FOLDER_PREFIX}{slug}"


def _folder_parts(url: str) -> tuple[str, str, str]:
    """The server's host (« local » for a socket), port and database in ``url``."""
    from urllib.parse import parse_qs, urlsplit

    parts = urlsplit(url)
    query = parse_qs(parts.query)
    host = parts.hostname or next(iter(query.get("host", [])), "") or LOCAL_HOST
    if host.startswith(("/", "@")):
        # A Unix socket's folder (or Linux's abstract socket): the same server on this
        # machine whatever folder it listens in (a throw-away cluster's /tmp/tmpXXXX changes
        # at each start, and its backups would have begun a new sub-folder each time).
        host = LOCAL_HOST
    try:
        port = str(parts.port or next(iter(query.get("port", [])), "5432"))
    except ValueError:
        port = "5432"
    return host, port, parts.path.lstrip("/")  # as written: the sub-folders' names stay


def backup_folders(backups_dir: Path) -> list[Path]:
    """``backups_dir`` and its servers' sub-folders: every backup the application made."""
    try:
        found = sorted(
            p
            for p in backups_dir.iterdir()
            if p.name.startswith(SERVER_FOLDER_PREFIX) and p.is_dir()
        )
    except OSError:
        found = []
    return [backups_dir, *found]


def pg_dump_of(snapshot: Path) -> Path:
    """Where pg_dump's copy of the server's backup ``snapshot`` is, if it was made."""
    return snapshot.with_suffix(PG_DUMP_SUFFIX)


@dataclass(frozen=True)
class BackupFile:
    path: Path
    taken_at: dt.datetime
    reason: str


def parse_backup_name(path: Path) -> BackupFile | None:
    match = _NAME.match(path.name)
    if match is None:
        return None
    try:
        taken_at = dt.datetime.strptime(match.group(1), "%Y%m%d-%H%M%S-%f")
    except ValueError:
        return None
    return BackupFile(path, taken_at, match.group(2))


def list_backups(folder: Path) -> list[BackupFile]:
    """The backups in ``folder``, newest first (files named otherwise are ignored)."""
    if not folder.is_dir():
        return []
    found = (parse_backup_name(p) for p in folder.iterdir() if p.is_file())
    return sorted((b for b in found if b is not None), key=lambda b: b.taken_at, reverse=True)


# Writing --------------------------------------------------------------------------------------
def copy_database(
    source: Path, destination: Path, *, replace_key_file: bool = False, thorough: bool = True
) -> Path:
    """Copy a live database to ``destination`` atomically, then check the copy (the full
    ``integrity_check``, or ``quick_check`` and the page count when not ``thorough``).

    Failures of the environment (disk full, USB key removed, no rights) become a French
    StorageError; ``destination`` is then untouched and no partial file is left.
    An encrypted file's key file goes beside its copy when that folder has none yet (or
    ``replace_key_file``: a copy to a USB key carries today's key file).
    """
    # The process's number in the name: a copy left by a killed process is known useless
    # once that process is gone (``services/safety/leftovers.py``).
    partial = destination.with_name(f"{destination.name}.{os.getpid()}.part")
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        for leftover in (partial, partial.with_name(partial.name + "-journal")):
            leftover.unlink(missing_ok=True)
        # Born 0600 (its -journal takes the same mode): the copy holds every NIR and note.
        private_file(partial)
        # An encrypted file's copy is encrypted with the same key (SQLCipher's backup API
        # copies pages between two files of one key); a clear file's copy is clear.
        key = cipher.key_for(source)
        with (
            closing(connect_readonly(source)) as src,
            closing(cipher.connect(partial, key=key) if key else sqlite3.connect(partial)) as dst,
        ):
            src.backup(dst)
            # A backup is a self-contained file: no WAL beside it.
            dst.execute("PRAGMA journal_mode=DELETE")
            pages = src.execute("PRAGMA page_count").fetchone()[0]
        if not (integrity_ok(partial) if thorough else _quick_ok(partial, pages)):
            raise StorageError(tr("La copie de sauvegarde est défectueuse ; elle a été supprimée."))
        os.replace(partial, destination)
        if key is not None:
            _carry_key_file(source, destination.parent, replace=replace_key_file)
        sync_folder(destination.parent)
    except cipher.driver_errors(OSError) as exc:
        _discard(partial)
        mapped = storage_error_from(exc)
        message = tr("La sauvegarde a échoué : {error}").format(
            error=mapped.message if mapped else exc
        )
        raise StorageError(message) from exc
    except BaseException:
        _discard(partial)
        raise
    return destination


def _quick_ok(path: Path, pages: int) -> bool:
    """The copy has every page of its source and ``quick_check`` finds each page readable,
    each b-tree well formed and each row well formed (what a short write, a full disk or a
    bad medium damages). What it leaves to ``integrity_check``: whether each index holds the
    same entries as its table, a property of pages the backup API copied byte for byte, so
    one the copy can only inherit from the live file, whose own full checks catch it."""
    try:
        if not looks_like_sqlite(path):
            return False
        with closing(connect_readonly(path)) as conn:
            conn.text_factory = bytes  # a damaged file's report may not be UTF-8
            if conn.execute("PRAGMA page_count").fetchone()[0] != pages:
                return False
            return conn.execute("PRAGMA quick_check").fetchall() == [(b"ok",)]
    except cipher.driver_errors(OSError, UnicodeDecodeError, cipher.EncryptedDataError):
        return False


def carry_key_file(source: Path, folder: Path, *, replace: bool = False) -> None:
    """The key file of ``source``'s folder copied into ``folder`` (when it has none, or
    ``replace``: a copy to a USB key carries today's)."""
    _carry_key_file(source, folder, replace=replace)


def _carry_key_file(source: Path, folder: Path, *, replace: bool) -> None:
    """The key file beside the copy: without it the copy opens on no other PC."""
    from chantier_app.db import keyfile

    found = cipher.key_file_near(source)
    target = folder / cipher.KEY_FILENAME
    if found is None or (target.exists() and (not replace or os.path.samefile(found, target))):
        return
    keyfile.save(target, found.read_bytes())


def _discard(partial: Path) -> None:
    """Remove a half-written copy; the folder itself may be what failed (not a folder, gone)."""
    with contextlib.suppress(OSError):
        partial.unlink(missing_ok=True)


def sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows has no directory handles for this."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def backup_database(
    source: Path,
    backups_dir: Path,
    *,
    reason: str,
    rotate_after: bool = True,
    thorough: bool = True,
) -> Path:
    """A timestamped, checked copy of ``source`` in ``backups_dir``, then the rotation.

    When the copy holds the same data as the newest backup, the copy is dropped and that
    backup is returned: it already is this restore point. A copy checked quickly (not
    ``thorough``) rotates nothing out: the rotation deletes older backups only on the word
    of a copy that passed the full ``integrity_check`` (the next thorough one rotates).
    """
    newest = next(iter(list_backups(backups_dir)), None)
    path = copy_database(source, backups_dir / backup_name(reason), thorough=thorough)
    if newest is not None and same_content(newest.path, path):
        path.unlink()
        return newest.path
    if rotate_after and thorough:
        rotate(backups_dir, known_good=path)
    return path


def same_content(first: Path, second: Path) -> bool:
    """True when two database files hold the same schema and rows, the backups' own lines of
    the audit trail aside (each backup adds one: otherwise no two copies would ever match).

    Rows are compared, not bytes: SQLCipher writes each page with a fresh IV.
    """
    try:
        with closing(connect_readonly(first)) as a, closing(connect_readonly(second)) as b:
            schema = "SELECT type, name, sql FROM sqlite_master WHERE name != 'sqlite_sequence'"
            tables = sorted(a.execute(schema).fetchall(), key=lambda row: (row[0], row[1]))
            if tables != sorted(b.execute(schema).fetchall(), key=lambda r: (r[0], r[1])):
                return False
            queries = []
            for kind, name, _sql in tables:
                if kind != "table":
                    continue
                where = " WHERE action != 'backup'" if name == "audit_entry" else ""
                queries.append(
                    (f'SELECT * FROM "{name}"{where}', f'SELECT count(*) FROM "{name}"{where}')
                )
            # Counting first: tables of different sizes never hold the same rows, and every
            # action writes audit lines, so a changed database is told in milliseconds
            # instead of reading every row of both files (1.4 s at 5,000 people).
            for _rows, count in queries:
                if a.execute(count).fetchone() != b.execute(count).fetchone():
                    return False
            for query, _count in queries:
                rows = itertools.zip_longest(a.execute(query), b.execute(query))
                if any(x != y for x, y in rows):
                    return False
            return True
    except cipher.driver_errors(OSError, UnicodeDecodeError, cipher.EncryptedDataError):
        return False  # unreadable: not a restore point worth dropping the new copy for


# Rotation -------------------------------------------------------------------------------------
def _month(when: dt.datetime) -> int:
    return when.year * 12 + when.month - 1


def rotation_keeps(
    backups: list[BackupFile],
    now: dt.datetime,
    *,
    keep_last: int = KEEP_LAST,
    keep_months: int = KEEP_MONTHS,
) -> set[Path]:
    """The backups the policy keeps: the newest ``keep_last``, and the newest of each month
    of the last ``keep_months`` months (this month included). A backup dated in the future
    (a wrong clock) is kept: deleting is never a guess."""
    newest_first = sorted(backups, key=lambda b: b.taken_at, reverse=True)
    keep = {b.path for b in newest_first[:keep_last]}
    this_month = _month(now)
    months_seen: set[int] = set()
    for backup in newest_first:
        month = _month(backup.taken_at)
        if month > this_month or backup.taken_at > now:
            keep.add(backup.path)
        elif month > this_month - keep_months and month not in months_seen:
            months_seen.add(month)
            keep.add(backup.path)
    return keep


def rotate(
    folder: Path,
    *,
    now: dt.datetime | None = None,
    known_good: Path | None = None,
    keep_last: int = KEEP_LAST,
    keep_months: int = KEEP_MONTHS,
) -> list[Path]:
    """Delete the backups the policy drops; returns them. ``known_good`` was just checked."""
    now = now or dt.datetime.now()
    backups = list_backups(folder)
    keep = rotation_keeps(backups, now, keep_last=keep_last, keep_months=keep_months)
    kept = [b for b in backups if b.path in keep]
    doomed = [b for b in backups if b.path not in keep]
    if doomed and not _one_is_good(kept, known_good):
        rescued = next((b for b in doomed if integrity_ok(b.path)), None)
        if rescued is not None:
            log.warning("Aucune sauvegarde conservée n'est saine : %s est gardée", rescued.path)
            doomed.remove(rescued)
    deleted = []
    for backup in doomed:
        try:
            backup.path.unlink()
            deleted.append(backup.path)
            pg_dump_of(backup.path).unlink(missing_ok=True)  # goes with its snapshot
        except OSError as exc:  # a read-only USB key: keeping a file is harmless
            log.warning("Sauvegarde non supprimée %s : %s", backup.path, exc)
    _remove_stale_parts(folder, now)
    return deleted


def _one_is_good(kept: list[BackupFile], known_good: Path | None) -> bool:
    if known_good is not None and any(b.path == known_good for b in kept):
        return True
    return any(integrity_ok(b.path) for b in kept)  # newest first: usually the first one


def _remove_stale_parts(folder: Path, now: dt.datetime) -> None:
    """Leftovers of a copy interrupted by a crash; recent ones may be a copy in progress."""
    for part in folder.glob(f"{BACKUP_PREFIX}*.part"):
        try:
            if now - dt.datetime.fromtimestamp(part.stat().st_mtime) > _STALE_PART:
                part.unlink()
        except OSError:
            pass


# Preview --------------------------------------------------------------------------------------
class BackupStatus(enum.StrEnum):
    CURRENT = "current"  # same schema as this version
    OLDER = "older"  # an older schema: migrated when restored
    NEWER = "newer"  # written by a newer version: refused
    FOREIGN = "foreign"  # a SQLite file that is not ours
    DAMAGED = "damaged"  # unreadable or failing integrity_check
    LOCKED = "locked"  # encrypted, and no key of this session opens it

    @property
    def label(self) -> str:
        return {
            BackupStatus.CURRENT: tr("saine, de cette version"),
            BackupStatus.OLDER: tr("saine, d'une version précédente (sera mise à jour)"),
            BackupStatus.NEWER: tr("d'une version plus récente de l'application : refusée"),
            BackupStatus.FOREIGN: tr("ce n'est pas une sauvegarde de l'application"),
            BackupStatus.DAMAGED: tr("endommagée"),
            BackupStatus.LOCKED: tr("chiffrée avec une clé que cette session n'a pas"),
        }[self]


@dataclass(frozen=True)
class BackupOrigin:
    """The shared database a server's snapshot was taken from (``ORIGIN_TABLE``)."""

    host: str  # « local » for a Unix socket
    port: int
    database: str
    folder: str  # its backups' sub-folder name (``server_folder``): the server's identity

    def describe(self) -> str:
        return tr("base {database} sur {host}:{port}").format(
            database=self.database, host=self.host, port=self.port
        )


def read_origin(conn: sqlite3.Connection) -> BackupOrigin | None:
    """The origin written in a snapshot (an open connection to it), None for a file's
    backup or a server's made before origins were written."""
    try:
        rows = dict(conn.execute(f'SELECT key, value FROM "{ORIGIN_TABLE}"').fetchall())
        return BackupOrigin(rows["host"], int(rows["port"]), rows["database"], rows["folder"])
    except cipher.driver_errors(KeyError, ValueError):
        return None  # no such table (a folder's backup), or not ours


def origin_rows(url: str) -> list[tuple[str, str]]:
    """What ``read_origin`` reads back, for a snapshot of the server at ``url``."""
    from urllib.parse import unquote

    host, port, database = _folder_parts(url)
    folder = server_folder(Path(), url).name
    return [("host", host), ("port", port), ("database", unquote(database)), ("folder", folder)]


@dataclass(frozen=True)
class BackupPreview:
    """What a backup holds, read without modifying it."""

    path: Path
    taken_at: dt.datetime
    status: BackupStatus
    revision: str | None = None
    structure: str | None = None
    people: int = 0
    contracts: int = 0
    hours_rows: int = 0
    problems: tuple[str, ...] = ()
    origin: BackupOrigin | None = None  # a server's snapshot: where it was taken

    @property
    def restorable(self) -> bool:
        return self.status in (BackupStatus.CURRENT, BackupStatus.OLDER)


def inspect_backup(path: Path) -> BackupPreview:
    """Date, schema revision and counts of a backup (or any database file), and its health."""
    parsed = parse_backup_name(path)
    try:
        taken_at = parsed.taken_at if parsed else dt.datetime.fromtimestamp(path.stat().st_mtime)
    except OSError:
        taken_at = dt.datetime.now()
    try:
        report = check_database(path, thorough=True)
    except cipher.EncryptedDataError as locked:
        return BackupPreview(path, taken_at, BackupStatus.LOCKED, problems=(locked.message,))
    if not report.ok:
        return BackupPreview(path, taken_at, BackupStatus.DAMAGED, problems=tuple(report.problems))
    try:
        with closing(connect_readonly(path)) as conn:
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if "alembic_version" not in tables or "person" not in tables:
                return BackupPreview(path, taken_at, BackupStatus.FOREIGN)
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None

            def count(table: str) -> int:
                if table not in tables:
                    return 0
                return int(conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])

            structure = None
            if "structure" in tables:
                first = conn.execute("SELECT name FROM structure ORDER BY id LIMIT 1").fetchone()
                structure = first[0] if first else None
            people, contracts, hours = count("person"), count("contract"), count("monthly_hours")
            origin = read_origin(conn) if ORIGIN_TABLE in tables else None
    except cipher.driver_errors(UnicodeDecodeError) as exc:  # damaged text or pages
        problem = tr("Fichier illisible : {error}").format(error=exc)
        return BackupPreview(path, taken_at, BackupStatus.DAMAGED, problems=(problem,))
    if revision is None:
        return BackupPreview(path, taken_at, BackupStatus.FOREIGN)
    if revision == HEAD_REVISION:
        status = BackupStatus.CURRENT
    elif revision in KNOWN_REVISIONS:
        status = BackupStatus.OLDER
    else:
        status = BackupStatus.NEWER
    return BackupPreview(
        path, taken_at, status, revision, structure, people, contracts, hours, (), origin
    )
