"""Failures of the environment reach the user as French sentences, not driver errors."""

from __future__ import annotations

import errno
import os
import sqlite3
from contextlib import closing

import pytest

from chantier_app.domain.errors import StorageError
from chantier_app.environment import os_reason, storage_error_from, storage_errors


def test_a_file_locked_by_another_program_says_so(tmp_path) -> None:
    path = tmp_path / "chantier.sqlite3"
    with closing(sqlite3.connect(path)) as holder, closing(sqlite3.connect(path, timeout=0)) as me:
        holder.execute("CREATE TABLE t (x)")
        holder.execute("BEGIN EXCLUSIVE")  # another program writing, for a long while
        with pytest.raises(StorageError) as raised, storage_errors():
            me.execute("INSERT INTO t VALUES (1)")
        holder.rollback()
    assert raised.value.message == (
        "La base de données est occupée par un autre programme. Réessayez dans un instant."
    )


@pytest.mark.parametrize(
    ("error", "start"),
    [
        (OSError(errno.EACCES, "Permission denied", "/mnt/partage/chantier"), "Accès refusé"),
        (OSError(errno.ENOSPC, "No space left on device"), "Le disque est plein"),
        (OSError(errno.EFBIG, "File too large", "E:/copie.sqlite3"), "Le fichier est trop gros"),
    ],
)
def test_disk_and_rights_errors_are_explained(error: OSError, start: str) -> None:
    found = storage_error_from(error)
    assert found is not None and found.message.startswith(start)
    if error.filename:
        assert found.message.endswith(f"({error.filename})")


def test_a_windows_sharing_violation_names_the_other_program() -> None:
    error = OSError(errno.EACCES, "The process cannot access the file")
    error.winerror = 32  # type: ignore[attr-defined]  # what Windows sets on such errors
    found = storage_error_from(error)
    assert found is not None and "utilisé par un autre programme" in found.message


def test_a_bug_is_not_disguised_as_a_disk_error() -> None:
    with pytest.raises(KeyError), storage_errors():
        raise KeyError("contract_id")


@pytest.mark.parametrize(
    ("code", "start"),
    [
        ("ENOTDIR", "Un élément du chemin n'est pas un dossier"),
        ("EACCES", "Accès refusé"),
        ("EROFS", "Le support est en lecture seule"),
        ("ENOSPC", "Le disque est plein"),
        ("EDQUOT", "Votre quota de disque est atteint"),
        ("ENOENT", "Dossier ou fichier introuvable"),
        ("EISDIR", "Un dossier se trouve à la place du fichier attendu"),
        ("EEXIST", "Un fichier ou un dossier de ce nom existe déjà"),
        ("ELOOP", "Erreur du système de fichiers (code ELOOP)"),
    ],
)
def test_every_errno_is_worded_in_french_without_the_system_text(code: str, start: str) -> None:
    number = getattr(errno, code)
    reason = os_reason(OSError(number, os.strerror(number), "/srv/donnees"))
    assert reason.startswith(start) and reason.endswith("(/srv/donnees)")
    assert os.strerror(number) not in reason
