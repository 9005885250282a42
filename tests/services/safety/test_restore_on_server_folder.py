"""A folder set to a shared database refuses « Restaurer » of its local file, in the service
(the window's menu and ``chantier restore`` both come here): the file is not what the
offices work on, so replacing it would say « restored » while nothing they see changed."""

from __future__ import annotations

import hashlib

import pytest

from chantier_app.db import server_config
from chantier_app.db.server_url import parse_server_url
from chantier_app.domain.errors import AppError
from chantier_app.services.context import Actor
from chantier_app.services.safety import backups

pytestmark = pytest.mark.sqlite_only(reason="the folder's own SQLite file is what is refused")


def test_restoring_the_local_file_of_a_server_folder_is_refused(
    demo_database, app_paths, tmp_path
) -> None:
    made = backups.backup_now(app_paths)
    demo_database.dispose()
    target = parse_server_url(f"postgresql://chantier@/asso?host={tmp_path}")[0]
    server_config.write_config(app_paths.data_dir / server_config.CONFIG_NAME, target)
    before = hashlib.sha256(app_paths.db_path.read_bytes()).hexdigest()
    with pytest.raises(AppError, match="travaille sur la base partagée base asso") as refused:
        backups.restore(app_paths, made, Actor.system())
    assert "chantier serveur restaurer" in refused.value.message
    assert hashlib.sha256(app_paths.db_path.read_bytes()).hexdigest() == before
    assert [b.path for b in backups.files.list_backups(app_paths.backups_dir)] == [made]
