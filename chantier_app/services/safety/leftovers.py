"""What a killed process leaves in the data folder: a restore's working copy
(``.restauration-<pid>.sqlite3``), a backup's unfinished copy or anonymised working copy
(``….sqlite3.<pid>.part``).

Both are full copies of personal data. They are removed at the next start, and before an
anonymisation's file rewrite, once known useless: the process named in them is gone (a
process still running may be writing it).
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from chantier_app.paths import AppPaths
from chantier_app.services.safety.lock import _process_start

log = logging.getLogger(__name__)

_RESTORE_COPY = re.compile(r"^\.restauration-(\d+)\.sqlite3(?:-wal|-shm|-journal)?$")
# A backup's anonymised working copy (``privacy/backups_erasure.py``) has a WAL a while.
_BACKUP_PART = re.compile(r"^chantier-.*\.sqlite3\.(\d+)\.part(?:-journal|-wal|-shm)?$")


def _gone(pid: int) -> bool:
    return pid != os.getpid() and _process_start(pid) is None


def remove_leftovers(paths: AppPaths) -> list[Path]:
    """Delete the copies whose process is gone; returns them."""
    removed = []
    from chantier_app.db.backup import backup_folders

    folders = [(paths.data_dir, _RESTORE_COPY)]
    folders += [(folder, _BACKUP_PART) for folder in backup_folders(paths.backups_dir)]
    for folder, pattern in folders:
        try:
            entries = list(folder.iterdir())
        except OSError:
            continue
        for entry in entries:
            found = pattern.match(entry.name)
            if found is None or not _gone(int(found.group(1))):
                continue
            try:
                entry.unlink()
                removed.append(entry)
            except OSError as exc:  # a read-only folder: consulted only, nothing to do
                log.warning("Copie abandonnée non supprimée %s : %s", entry, exc)
    return removed
