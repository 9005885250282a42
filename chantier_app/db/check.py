"""Integrity checks of a database file without modifying it, and where that file lives."""

from __future__ import annotations

import os
import re
import sqlite3
import sys
from dataclasses import dataclass, field
from pathlib import Path

from chantier_app.db import cipher
from chantier_app.db.wal_copy import pending_wal, readable_copy
from chantier_app.environment import os_reason
from chantier_app.i18n import tr

SQLITE_HEADER = b"SQLite format 3\x00"

# File systems reached over a network (or a VM share): SQLite's WAL needs shared memory
# that they do not provide reliably, so a data folder there risks corruption.
NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smbfs",
        "smb3",
        "9p",
        "afs",
        "ncpfs",
        "coda",
        "ceph",
        "glusterfs",
        "lustre",
        "gfs2",
        "ocfs2",
        "davfs",
        "webdav",
        "sshfs",
        "fuse.sshfs",
        "fuse.davfs2",
        "fuse.rclone",
        "fuse.glusterfs",
        "fuse.cephfs",
        "fuse.s3fs",
        "afpfs",
        "vboxsf",
        "vmhgfs",
        "fuse.vmhgfs-fuse",
        "drvfs",
    }
)


@dataclass
class CheckReport:
    path: Path
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def readonly_uri(path: Path) -> str:
    """A URI opening ``path`` without writing anything; ``immutable`` in a read-only folder.

    A WAL database cannot even be read when its folder refuses the ``-shm`` file; there the
    file cannot change through this path anyway, so SQLite may read it as immutable.
    """
    uri = Path(os.path.abspath(path)).as_uri() + "?mode=ro"
    if not os.access(path.parent, os.W_OK):
        uri += "&immutable=1"
    return uri


def connect_readonly(path: Path) -> sqlite3.Connection:
    """Read-only; an encrypted file through SQLCipher with its unlocked key
    (``cipher.EncryptedDataError`` when none opens it).

    In a read-only folder with a pending ``-wal`` (a crash left committed rows there), a
    private copy of both is read: ``immutable`` would show the data as they were before.
    """
    if pending_wal(path):
        key = cipher.key_for(path)
        copy = readable_copy(path)
        return cipher.connect(readonly_uri(copy), path=copy, key=key)
    return cipher.connect(readonly_uri(path), path=path)


def looks_like_sqlite(path: Path) -> bool:
    """A clear SQLite file, or an encrypted one that an unlocked key opens."""
    if cipher.is_clear(path):  # through SQLite: the file may be open in this process
        return True
    try:
        return cipher.key_for(path) is not None
    except cipher.EncryptedDataError:
        return False


def check_database(path: Path, *, thorough: bool = True) -> CheckReport:
    """``integrity_check`` (or the faster ``quick_check``) and ``foreign_key_check``."""
    report = CheckReport(path)
    if not path.exists():
        report.problems.append(tr("Le fichier {path} n'existe pas.").format(path=path))
        return report
    # An encrypted file that no unlocked key opens is not damaged: EncryptedDataError says
    # why in French (no key, the wrong one, no key file), never « file is not a database ».
    cipher.key_for(path)
    try:
        if path.stat().st_size and not looks_like_sqlite(path):
            report.problems.append(tr("Le fichier n'est pas une base de données SQLite."))
            return report
    except OSError as exc:
        report.problems.append(tr("Fichier illisible : {error}").format(error=os_reason(exc)))
        return report
    pragma = "integrity_check" if thorough else "quick_check"
    try:
        conn = connect_readonly(path)
        try:
            # SQLite's report quotes damaged bytes as they are: read as bytes, decoded here.
            conn.text_factory = bytes
            rows = [_text(row[0]) for row in conn.execute(f"PRAGMA {pragma}")]
            if rows != ["ok"]:
                report.problems.extend(tr("Intégrité : {row}").format(row=row) for row in rows[:20])
            broken = conn.execute("PRAGMA foreign_key_check").fetchall()
            for table, rowid, parent, _fk in broken[:20]:
                report.problems.append(
                    tr("Lien rompu : {table} n° {rowid} pointe vers {parent} absent.").format(
                        table=_text(table), rowid=_text(rowid), parent=_text(parent)
                    )
                )
        finally:
            conn.close()
    except cipher.driver_errors() as exc:
        report.problems.append(tr("Fichier illisible : {error}").format(error=exc))
    except UnicodeDecodeError as exc:  # SQLite's error message quotes the damaged bytes
        report.problems.append(tr("Fichier illisible : {error}").format(error=_text(exc.object)))
    return report


def _text(value: object) -> str:
    """A value of a damaged file as text: bytes that are not UTF-8 become « � »."""
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def integrity_ok(path: Path) -> bool:
    """True when ``path`` is a SQLite file that passes the full ``integrity_check``."""
    try:
        if not looks_like_sqlite(path):
            return False
        conn = connect_readonly(path)
        try:
            conn.text_factory = bytes  # a damaged file's report may not be UTF-8
            return conn.execute("PRAGMA integrity_check").fetchall() == [(b"ok",)]
        finally:
            conn.close()
    except cipher.driver_errors(OSError, UnicodeDecodeError, cipher.EncryptedDataError):
        return False


# Network drives -------------------------------------------------------------------------------
def network_filesystem(path: Path, *, mounts: str | None = None) -> str | None:
    """The kind of network file system holding ``path`` (e.g. "nfs", "cifs"), or None.

    Linux reads the mount table (``mounts`` replaces /proc/mounts in tests); Windows asks
    ``GetDriveTypeW``. Elsewhere the answer is None: no warning rather than a wrong one.
    """
    if sys.platform == "win32" and mounts is None:
        return _windows_network_drive(path)
    if mounts is None:
        try:
            mounts = Path("/proc/self/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    target = os.path.realpath(path)
    best: tuple[int, str] | None = None
    for line in mounts.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        mount_point = _unescape_mount(parts[1])
        inside = target == mount_point or target.startswith(mount_point.rstrip("/") + "/")
        if inside and (best is None or len(mount_point) >= best[0]):
            best = (len(mount_point), parts[2])
    if best is None:
        return None
    fstype = best[1].lower()
    return fstype if fstype in NETWORK_FILESYSTEMS or fstype.startswith("nfs") else None


def _unescape_mount(field_text: str) -> str:
    """/proc/mounts writes spaces and tabs in paths as octal escapes (``\\040``)."""
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field_text)


def _windows_network_drive(path: Path) -> str | None:  # pragma: no cover (Windows only)
    if sys.platform == "win32":  # only called there; so mypy knows ctypes.windll exists
        import ctypes

        drive_remote = 4
        text = os.path.abspath(path)
        if text.startswith(("\\\\", "//")):
            return tr("partage réseau")
        root = os.path.splitdrive(text)[0] + "\\"
        kind = ctypes.windll.kernel32.GetDriveTypeW(ctypes.c_wchar_p(root))
        return tr("lecteur réseau") if kind == drive_remote else None
    else:  # never called elsewhere (an else: checked on every platform without a warning)
        return None
