"""A backups folder that is not a folder gives the French storage message, not a crash."""

from __future__ import annotations

import pytest

from chantier_app.db.backup import backup_database
from chantier_app.domain.errors import StorageError


def test_backup_into_a_file_instead_of_a_folder(demo_database, app_paths, tmp_path) -> None:
    not_a_folder = tmp_path / "clé-usb"
    not_a_folder.write_text("je suis un fichier")
    with pytest.raises(StorageError, match="La sauvegarde a échoué"):
        backup_database(app_paths.db_path, not_a_folder, reason="test")
    assert not_a_folder.read_text() == "je suis un fichier"
