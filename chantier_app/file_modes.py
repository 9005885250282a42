"""The data folder is private to its owner (POSIX): folders 0700, files 0600.

The data file, its WAL, the backups and the logs hold NIRs and notes: on a shared
computer another local account must not read them (RGPD art. 32, security of the
processing). Three layers keep it so:

- ``restrict_umask()`` at the start of the command line and of the GUI: every file the
  process creates afterwards (SQLite's WAL and -shm, Qt's settings file, exports) is
  born private, whatever the code that creates it;
- the application's own writers (``private_file``, ``private_folder``, the log handler)
  create their files and folders private even when the umask was not set (tests, a
  library caller);
- ``secure_tree()`` at start-up, after a restore and after a migration fixes what an
  earlier version, a copy by hand or another tool left readable.

Windows has no such modes (its profile folder is already private): everything here is a
no-op there.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterable
from pathlib import Path

log = logging.getLogger(__name__)

PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600
PRIVATE_UMASK = 0o077
POSIX = os.name == "posix"


def restrict_umask() -> None:
    """Files and folders created by this process from now on: owner only."""
    if POSIX:
        os.umask(PRIVATE_UMASK)


def private_folder(folder: Path) -> Path:
    """Create ``folder`` (and missing parents) and make ``folder`` itself 0700."""
    folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
    if POSIX:
        _fix(folder, os.lstat(folder))
    return folder


def private_file(path: Path) -> None:
    """Create ``path`` empty with mode 0600 if it does not exist; make it 0600 if it does.

    SQLite gives a database's -journal, -wal and -shm files the mode of the database file:
    a database created through this first stays private with its companions.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        if POSIX:
            _fix(path, os.lstat(path))
        return
    os.close(fd)


def secure_tree(roots: Iterable[Path], *, shallow: Iterable[Path] = ()) -> list[Path]:
    """Make every folder under ``roots`` 0700 and every file 0600; returns what changed.

    A ``shallow`` folder (the data folder: ``--data-dir`` may name one that holds the
    user's own sub-folders too) gets the same for itself and the files directly in it,
    its sub-folders untouched. Only entries this account owns are touched, symbolic links
    are neither followed nor changed, and a failure (read-only folder, file gone) is
    logged, never raised: the start-up goes on and the next one tries again.
    """
    if not POSIX:
        return []
    changed: list[Path] = []
    seen: set[Path] = set()
    for root, recurse in (*((r, True) for r in roots), *((r, False) for r in shallow)):
        if root in seen or not root.is_dir() or root.is_symlink():
            continue
        seen.add(root)
        for folder, dirs, files in os.walk(root, onerror=_walk_error):
            here = Path(folder)
            for entry in (here, *(here / name for name in files)):
                try:
                    if _fix(entry, os.lstat(entry)):
                        changed.append(entry)
                except OSError as exc:
                    log.warning("Droits non corrigés sur %s : %s", entry, exc.strerror or exc)
            dirs[:] = [d for d in dirs if recurse and not (here / d).is_symlink()]
    return changed


def _fix(path: Path, info: os.stat_result) -> bool:
    """Remove the group's and others' bits (folders get the owner's full rights)."""
    if stat.S_ISLNK(info.st_mode) or info.st_uid != os.getuid():
        return False
    mode = stat.S_IMODE(info.st_mode)
    wanted = PRIVATE_FOLDER if stat.S_ISDIR(info.st_mode) else mode & PRIVATE_FOLDER
    if mode == wanted:
        return False
    os.chmod(path, wanted)
    return True


def _walk_error(exc: OSError) -> None:
    log.warning("Dossier non parcouru : %s", exc)
