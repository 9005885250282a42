"""The data folder is private to its owner on POSIX: folders 0700, files 0600, after the first
start, a backup, a restore, a migration, and for files an older version left readable."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from chantier_app.db import migrate
from chantier_app.db.backup import list_backups
from chantier_app.db.engine import Database
from chantier_app.logs import setup_logging
from chantier_app.paths import AppPaths, resolve_paths
from chantier_app.services.context import Actor
from chantier_app.services.documents.legal_texts import prepare_texts_folder
from chantier_app.services.safety import backups
from chantier_app.services.safety.bootstrap import open_data, open_data_quickly, take_writer_lock

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    """The umask of a default Linux session (022: files 0644, folders 0755), as the
    application meets it; restored after the test."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def _roots(paths: AppPaths) -> tuple[Path, ...]:
    return (paths.data_dir, paths.backups_dir, paths.logs_dir)


def _readable_by_others(roots: tuple[Path, ...]) -> dict[str, str]:
    """Every entry under ``roots`` whose mode is not 0700 (folder) / 0600 (file)."""
    found = {}
    for root in roots:
        for folder, _dirs, files in os.walk(root):
            here = Path(folder)
            if _mode(here) != 0o700:
                found[str(here)] = oct(_mode(here))
            for name in files:
                if _mode(here / name) != 0o600:
                    found[str(here / name)] = oct(_mode(here / name))
    return found


def _open_and_close(paths: AppPaths) -> None:
    opened = open_data(paths)
    with opened.database.transaction() as session:  # a write: the WAL and -shm exist
        from chantier_app.services import audit

        audit.record(session, Actor.system(), audit.Action.BACKUP, "database", summary="essai")
    opened.database.dispose()


def test_first_start_makes_every_folder_and_file_private(app_paths: AppPaths) -> None:
    opened = open_data(app_paths)
    with opened.database.transaction() as session:
        from chantier_app.services import audit

        audit.record(session, Actor.system(), audit.Action.BACKUP, "database", summary="essai")
    lock = take_writer_lock(app_paths)
    setup_logging(app_paths.logs_dir)
    logging.getLogger("chantier_app.test").warning("une ligne")
    prepare_texts_folder(Actor.system(), app_paths)
    wal = app_paths.db_path.with_name(app_paths.db_path.name + "-wal")
    shm = app_paths.db_path.with_name(app_paths.db_path.name + "-shm")
    try:
        assert wal.exists() and shm.exists() and app_paths.lock_path.exists()
        assert (app_paths.logs_dir / "chantier.log").exists()
        assert any(app_paths.texts_dir.iterdir())
        assert _readable_by_others(_roots(app_paths)) == {}
        assert _mode(app_paths.db_path) == _mode(wal) == _mode(shm) == 0o600
        assert _mode(app_paths.data_dir) == _mode(app_paths.backups_dir) == 0o700
    finally:
        lock.release()
        opened.database.dispose()
        for handler in logging.getLogger().handlers[:]:
            if getattr(handler, "baseFilename", "").startswith(str(app_paths.logs_dir)):
                logging.getLogger().removeHandler(handler)
                handler.close()


def test_backups_are_private_in_and_outside_the_data_folder(
    app_paths: AppPaths, tmp_path: Path
) -> None:
    _open_and_close(app_paths)
    made = backups.backup_now(app_paths)
    usb = tmp_path / "usb"
    usb.mkdir()
    copy = backups.save_to(app_paths, usb, actor=Actor.system())
    assert _mode(made) == _mode(copy) == 0o600
    assert _readable_by_others(_roots(app_paths)) == {}


def test_an_older_version_s_readable_files_are_fixed_at_start_up(app_paths: AppPaths) -> None:
    _open_and_close(app_paths)
    backups.backup_now(app_paths)
    # What the previous version left: 0644 files in 0755 folders.
    for folder, _dirs, files in os.walk(app_paths.data_dir):
        os.chmod(folder, 0o755)
        for name in files:
            os.chmod(Path(folder) / name, 0o644)
    stray = app_paths.data_dir / "export-salaries.csv"
    stray.write_text("nom;nir\n", encoding="utf-8")
    # A folder of the user's own inside the data folder (--data-dir may name any folder).
    own = app_paths.data_dir / "photos-chantier"
    own.mkdir(mode=0o755)
    (own / "visite.jpg").write_bytes(b"jpeg")
    os.chmod(own / "visite.jpg", 0o644)
    assert _readable_by_others(_roots(app_paths))
    opened = open_data_quickly(app_paths)  # the usual start-up (schema already current)
    assert opened is not None
    opened.database.dispose()
    assert set(_readable_by_others(_roots(app_paths))) == {str(own), str(own / "visite.jpg")}
    assert _mode(stray) == 0o600
    assert (_mode(own), _mode(own / "visite.jpg")) == (0o755, 0o644)  # left as they were


def test_restore_leaves_the_data_private(app_paths: AppPaths) -> None:
    _open_and_close(app_paths)
    made = backups.backup_now(app_paths)
    os.chmod(made, 0o644)  # a backup brought back from elsewhere, readable by all
    os.chmod(app_paths.data_dir, 0o755)
    with take_writer_lock(app_paths):
        result = backups.restore(app_paths, made, Actor.system())
    assert result.safety_copy is not None and _mode(result.safety_copy) == 0o600
    assert _readable_by_others(_roots(app_paths)) == {}


def test_migration_leaves_the_data_and_its_backup_private(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path / "ancienne")
    paths.data_dir.mkdir(mode=0o755)
    old = Database.open_file(paths.db_path)
    migrate.upgrade(old, "0001")  # a file of the first version, created 0644
    old.dispose()
    assert _mode(paths.db_path) == 0o644
    opened = open_data(paths)
    opened.database.dispose()
    assert opened.migration.backup is not None
    assert _mode(opened.migration.backup) == 0o600
    assert _readable_by_others(_roots(paths)) == {}


def test_the_command_line_creates_private_files(tmp_path: Path) -> None:
    """`chantier demo` then `chantier backup` from a 022 shell: all private."""
    data = tmp_path / "donnees"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for args in (("demo",), ("backup",)):
        done = subprocess.run(
            [sys.executable, "-m", "chantier_app", "--data-dir", str(data), *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
    paths = resolve_paths(data)
    assert list_backups(paths.backups_dir)
    assert _readable_by_others(_roots(paths)) == {}
