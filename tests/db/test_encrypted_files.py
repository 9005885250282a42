"""SQLCipher data files: every database path (migrations, checks, backups, previews, restores)
works on an encrypted file, and no name, NIR or note text lies in its bytes."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from chantier_app.db import cipher
from chantier_app.db.backup import BackupStatus, backup_database, inspect_backup, list_backups
from chantier_app.db.check import check_database, integrity_ok
from chantier_app.db.migrate import file_revision
from chantier_app.db.revisions import HEAD_REVISION, KNOWN_REVISIONS
from chantier_app.domain.codes.person_codes import NirMissingReason
from chantier_app.domain.codes.support_codes import SensitiveNoteKind
from chantier_app.paths import AppPaths
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.people.records import create_person
from chantier_app.services.safety import backups
from chantier_app.services.safety.bootstrap import open_data, open_data_quickly
from chantier_app.services.support.sensitive_notes import NoteInput, add_note
from tests.services.people_factory import person_input

KEY = bytes(range(32))
PREVIOUS = KNOWN_REVISIONS[-2]
OTHER_KEY = bytes(range(1, 33))
NAME = "Quentalsky"
NIR = person_input().nir
NOTE = "Suivi addictologie au CSAPA de Pantin"


@pytest.fixture(autouse=True)
def _no_key_left() -> Iterator[None]:
    cipher.forget_keys()
    yield
    cipher.forget_keys()


def _encrypted_folder(paths: AppPaths, key: bytes = KEY) -> None:
    """An encrypted folder as set-up leaves it: a key file beside the database, key unlocked."""
    paths.ensure()
    (paths.data_dir / cipher.KEY_FILENAME).write_text("{}", encoding="utf-8")
    cipher.unlock(key, folder=paths.data_dir)


def _write_secrets(ctx: AppContext) -> int:
    assert NIR is not None
    person_id = ctx.run(create_person, person_input(usage_name=NAME), today=dt.date(2026, 11, 23))
    ctx.run(add_note, person_id, NoteInput(SensitiveNoteKind.HEALTH, dt.date(2026, 11, 23), NOTE))
    return person_id


def _secrets() -> list[bytes]:
    assert NIR is not None
    texts = [NAME, NIR, NOTE, "Élodie"]
    return [t.encode("utf-8") for t in texts] + [t.encode("utf-16-le") for t in texts]


def _assert_no_secret(path: Path) -> None:
    data = path.read_bytes()
    assert data, path
    assert not data.startswith(cipher.SQLITE_HEADER), path
    for secret in _secrets():
        assert secret not in data, (path, secret)


def test_a_new_folder_is_created_encrypted_and_reveals_nothing(app_paths: AppPaths) -> None:
    _encrypted_folder(app_paths)
    opened = open_data(app_paths)  # every migration from nothing, on the encrypted file
    database = opened.database
    try:
        assert database.encrypted
        ctx = AppContext(database, Actor.system(), app_paths)
        person_id = _write_secrets(ctx)
        wal = app_paths.db_path.with_name(app_paths.db_path.name + "-wal")
        assert wal.exists() and wal.stat().st_size > 0  # the rows are still in the WAL
        _assert_no_secret(wal)
        _assert_no_secret(app_paths.db_path)
        backup = backups.backup_now(ctx)  # while the database is open, as at every close
        _assert_no_secret(backup)
        copy_dir = app_paths.data_dir.parent / "usb"
        copy_dir.mkdir()
        copy = backups.save_to(ctx, copy_dir)
        _assert_no_secret(copy)
    finally:
        database.dispose()
    _assert_no_secret(app_paths.db_path)
    # Python's sqlite3 sees noise, as anyone who finds the file would.
    with closing(sqlite3.connect(app_paths.db_path)) as plain, pytest.raises(sqlite3.DatabaseError):
        plain.execute("SELECT count(*) FROM sqlite_master").fetchone()
    # The key reads all of it back.
    for path in (app_paths.db_path, backup, copy):
        with closing(cipher.connect(path)) as conn:
            row = conn.execute("SELECT usage_name, nir FROM person WHERE id = ?", (person_id,))
            assert row.fetchone() == (NAME, NIR)


def test_checks_previews_and_quick_start_work_on_an_encrypted_file(app_paths: AppPaths) -> None:
    _encrypted_folder(app_paths)
    opened = open_data(app_paths)
    _write_secrets(AppContext(opened.database, Actor.system(), app_paths))
    backup = backup_database(app_paths.db_path, app_paths.backups_dir, reason="essai")
    opened.database.dispose()
    assert check_database(app_paths.db_path).ok
    assert integrity_ok(app_paths.db_path) and integrity_ok(backup)
    assert file_revision(app_paths.db_path) == HEAD_REVISION
    preview = inspect_backup(backup)
    assert preview.status is BackupStatus.CURRENT and preview.people == 1
    quick = open_data_quickly(app_paths)  # the usual start-up: opened at once, checked after
    assert quick is not None and quick.check is not None
    try:
        assert quick.check.wait() == []
        with quick.database.reading() as session:
            from sqlalchemy import text

            assert session.execute(text("SELECT usage_name FROM person")).scalar() == NAME
    finally:
        quick.database.dispose()


def test_an_older_encrypted_file_is_migrated_after_an_encrypted_backup(
    app_paths: AppPaths, tmp_path: Path
) -> None:
    from chantier_app.db.engine import Database
    from chantier_app.db.migrate import upgrade

    clear = tmp_path / "old.sqlite3"
    old = Database.open_file(clear)
    upgrade(old, PREVIOUS)
    old.dispose()
    _encrypted_folder(app_paths)
    cipher.encrypted_copy(clear, app_paths.db_path, KEY)
    assert not cipher.is_clear(app_paths.db_path)
    assert file_revision(app_paths.db_path) == PREVIOUS
    opened = open_data(app_paths)
    opened.database.dispose()
    assert opened.migration.migrated and opened.migration.backup is not None
    assert file_revision(app_paths.db_path) == HEAD_REVISION
    assert not cipher.is_clear(opened.migration.backup)
    assert file_revision(opened.migration.backup) == PREVIOUS


def test_an_encrypted_backup_is_restored_encrypted(app_paths: AppPaths) -> None:
    _encrypted_folder(app_paths)
    opened = open_data(app_paths)
    ctx = AppContext(opened.database, Actor.system(), app_paths)
    _write_secrets(ctx)
    first = backups.backup_now(ctx)
    ctx.run(
        create_person,
        person_input(
            usage_name="Second",
            first_names="Paul",
            birth_date=dt.date(1985, 1, 2),
            nir=None,
            nir_missing_reason=NirMissingReason.NOT_PROVIDED,
        ),
        today=dt.date(2026, 11, 23),
    )
    opened.database.dispose()
    result = backups.restore(app_paths, first, Actor.system())
    assert result.safety_copy is not None
    for path in (app_paths.db_path, result.safety_copy):
        _assert_no_secret(path)
    with closing(cipher.connect(app_paths.db_path)) as conn:
        assert conn.execute("SELECT count(*) FROM person").fetchone() == (1,)
    assert len(list_backups(app_paths.backups_dir)) == 2


def test_a_locked_file_says_so_in_french_and_is_not_called_damaged(app_paths: AppPaths) -> None:
    _encrypted_folder(app_paths)
    open_data(app_paths).database.dispose()
    cipher.forget_keys()
    with pytest.raises(cipher.EncryptedDataError) as locked:
        open_data(app_paths)
    assert "chiffrées" in locked.value.message and "connectez-vous" in locked.value.message
    assert "not a database" not in locked.value.message
    assert open_data_quickly(app_paths) is None  # the full path explains, as above
    cipher.unlock(OTHER_KEY)
    with pytest.raises(cipher.EncryptedDataError) as wrong:
        open_data(app_paths)
    assert "ne correspond pas" in wrong.value.message
    cipher.forget_keys()
    os.remove(app_paths.data_dir / cipher.KEY_FILENAME)
    with pytest.raises(cipher.EncryptedDataError) as missing:
        open_data(app_paths)
    assert cipher.KEY_FILENAME in missing.value.message and "absent" in missing.value.message


def test_a_damaged_clear_file_is_still_reported_damaged(app_paths: AppPaths) -> None:
    from chantier_app.services.safety.bootstrap import DamagedDataError

    open_data(app_paths).database.dispose()
    with app_paths.db_path.open("r+b") as handle:
        handle.write(b"\xff" * 100)  # the header and the start of the schema page
    with pytest.raises(DamagedDataError):
        open_data(app_paths)


def test_a_damaged_encrypted_file_is_reported_damaged_not_wrong_key(app_paths: AppPaths) -> None:
    from chantier_app.services.safety.bootstrap import DamagedDataError

    _encrypted_folder(app_paths)
    open_data(app_paths).database.dispose()
    with app_paths.db_path.open("r+b") as handle:
        handle.seek(200)
        handle.write(b"\x00" * 64)  # inside page 1: its authentication code fails
    with pytest.raises(DamagedDataError):
        open_data(app_paths)
