"""A folder already used but without its data file is never re-initialised silently
(issue 23, point 3); a new folder still starts at once."""

from __future__ import annotations

import pytest

from chantier_app.cli import main
from chantier_app.paths import AppPaths
from chantier_app.services.safety import backups
from chantier_app.services.safety.bootstrap import MissingDataError, open_data


def test_a_new_folder_is_created_without_a_question(app_paths: AppPaths) -> None:
    open_data(app_paths).database.dispose()
    assert app_paths.db_path.exists()


def test_a_damaged_file_set_aside_is_a_trace_of_earlier_use(app_paths: AppPaths) -> None:
    open_data(app_paths).database.dispose()
    aside = backups.move_damaged_aside(app_paths)  # what a restore of a damaged file did
    with pytest.raises(MissingDataError) as missing:
        open_data(app_paths)
    assert f"un fichier endommagé mis de côté ({aside.name})" in missing.value.message
    assert "Aucune sauvegarde saine" in missing.value.message
    assert missing.value.good_backup is None
    assert not app_paths.db_path.exists()
    open_data(app_paths, start_empty=True).database.dispose()  # the user confirmed
    assert app_paths.db_path.exists()


def test_the_command_line_creates_nothing_either(app_paths: AppPaths, capsys) -> None:
    open_data(app_paths).database.dispose()
    good = backups.backup_now(app_paths)
    app_paths.db_path.unlink()
    assert main(["--data-dir", str(app_paths.data_dir), "demo"]) == 1
    err = capsys.readouterr().err
    assert "est absent, alors que ce dossier a déjà servi" in err
    assert "La dernière sauvegarde saine date du" in err
    assert not app_paths.db_path.exists()
    assert main(["--data-dir", str(app_paths.data_dir), "restore", str(good), "--oui"]) == 0
    assert app_paths.db_path.exists()
