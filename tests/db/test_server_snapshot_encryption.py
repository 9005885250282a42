"""An encrypted data folder set to a shared database writes its copies of the server
encrypted: the application's snapshot (SQLCipher under the folder's data key, sealed
before its first row) and pg_dump's copy (AES-256-GCM chunks as it streams out of
pg_dump). Read on the raw bytes: no name, no NIR of anyone; read back for the preview,
pg_restore and the anonymisation. A clear folder's copies stay clear, as its file."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
import sqlalchemy as sa

from chantier_app.db import cipher
from chantier_app.db.backup import BackupStatus, inspect_backup, list_backups, server_folder
from chantier_app.db.engine import Database
from chantier_app.db.server_dump import (
    compatible_pg_dump,
    read_pg_dump,
    server_major,
    write_pg_dump,
)
from chantier_app.db.server_dump_cipher import MAGIC
from chantier_app.domain.errors import StorageError
from chantier_app.paths import AppPaths
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.safety import backups, keys

pytestmark = pytest.mark.postgres_only


@pytest.fixture(autouse=True)
def _no_key_left() -> Iterator[None]:
    cipher.forget_keys()
    yield
    cipher.forget_keys()


def _secrets(database: Database) -> dict[str, list[str]]:
    """Every person's names and NIR, as the server holds them."""
    engine = sa.create_engine(database.url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT usage_name, first_names, nir FROM person")).all()
    finally:
        engine.dispose()
    found = {
        "names": [r[0] for r in rows if r[0] and len(r[0]) >= 4],
        "first_names": [r[1] for r in rows if r[1] and len(r[1]) >= 4],
        "nir": [r[2] for r in rows if r[2]],
    }
    assert all(len(v) >= 10 for v in found.values())
    return found


def _holding(raw: bytes, secrets: dict[str, list[str]]) -> list[str]:
    return [
        value
        for values in secrets.values()
        for value in values
        if any(form in raw for form in (value.encode(), value.upper().encode()))
    ]


def _as_sql(dump: bytes) -> bytes:
    """pg_restore's SQL for a custom-format dump (its table data are compressed)."""
    return subprocess.run(
        ["pg_restore", "--data-only", "--file=-"], input=dump, capture_output=True, check=True
    ).stdout


def test_an_encrypted_folder_s_snapshot_holds_no_name_nor_nir(
    demo_database: Database, app_paths: AppPaths
) -> None:
    secrets = _secrets(demo_database)
    clear = backups.backup_now(AppContext(demo_database, Actor.system(), app_paths))
    assert cipher.is_clear(clear) and _holding(clear.read_bytes(), secrets)  # the control
    clear.unlink()
    keys.create_keys(app_paths)  # the folder encrypted (its key file), the key open
    snapshot = backups.backup_now(AppContext(demo_database, Actor.system(), app_paths))
    assert snapshot.parent == server_folder(app_paths.backups_dir, demo_database.url)
    raw = snapshot.read_bytes()
    assert not raw.startswith(b"SQLite format 3") and _holding(raw, secrets) == []
    assert (app_paths.backups_dir / cipher.KEY_FILENAME).is_file()  # opens on another PC
    preview = inspect_backup(snapshot)  # read back with the folder's key
    assert preview.status is BackupStatus.CURRENT and preview.people == 40
    assert preview.origin is not None and preview.origin.host == "local"
    # Another process: no key open, the preview says so, nothing is read in clear.
    cipher.forget_keys()
    assert inspect_backup(snapshot).status is BackupStatus.LOCKED


def test_no_clear_copy_when_the_folder_is_encrypted_but_its_key_is_not_open(
    demo_database: Database, app_paths: AppPaths
) -> None:
    keys.create_keys(app_paths)
    cipher.forget_keys()
    with pytest.raises(StorageError, match="ne peut pas être écrite en clair"):
        backups.backup_now(AppContext(demo_database, Actor.system(), app_paths))
    folder = server_folder(app_paths.backups_dir, demo_database.url)
    assert list_backups(folder) == [] and not list(folder.glob("*.part"))


def test_pg_dump_s_copy_is_sealed_as_it_streams_and_read_back_for_pg_restore(
    demo_database: Database, tmp_path: Path
) -> None:
    secrets = _secrets(demo_database)
    program = compatible_pg_dump(server_major(demo_database))
    assert program is not None  # Debian's postgresql-client 15 is on PATH
    clear = write_pg_dump(demo_database, program, tmp_path / "clair.dump")
    assert clear is not None and clear.read_bytes().startswith(b"PGDMP")
    assert _holding(_as_sql(clear.read_bytes()), secrets)  # the control (pg_dump compresses)
    key = bytes(range(32))
    sealed = write_pg_dump(demo_database, program, tmp_path / "chiffre.dump", key=key)
    assert sealed is not None and sealed.stat().st_mode & 0o777 == 0o600
    raw = sealed.read_bytes()
    assert raw.startswith(MAGIC) and b"PGDMP" not in raw and _holding(raw, secrets) == []
    back = b"".join(read_pg_dump(sealed, key))
    assert back.startswith(b"PGDMP") and len(raw) > len(back)  # a tag a chunk, a header
    listed = subprocess.run(
        ["pg_restore", "--list"], input=back, capture_output=True, check=True
    ).stdout.decode()
    assert "TABLE DATA public person" in listed
    assert sorted(_holding(_as_sql(back), secrets)) == sorted(
        _holding(_as_sql(clear.read_bytes()), secrets)
    )
    # Changed, cut, or opened without the key: refused in French, nothing given.
    with pytest.raises(StorageError, match="chiffrée : connectez-vous"):
        next(read_pg_dump(sealed, None))
    for damaged in (raw[:-1], raw[: len(raw) // 2], raw[:60] + bytes([raw[60] ^ 1]) + raw[61:]):
        (tmp_path / "abime.dump").write_bytes(damaged)
        with pytest.raises(StorageError, match="ne peut pas être lue"):
            b"".join(read_pg_dump(tmp_path / "abime.dump", key))
    with pytest.raises(StorageError, match="autre clé"):
        b"".join(read_pg_dump(sealed, bytes(range(1, 33))))


def test_an_encrypted_folder_s_snapshots_are_anonymised_too(
    demo_database: Database, app_paths: AppPaths
) -> None:
    import datetime as dt

    from chantier_app.services.privacy.erasure import anonymise_with_backup
    from chantier_app.services.privacy.retention import RetentionStep
    from chantier_app.services.structure.accounts import startup_actor
    from tests.services.retention_factory import NIR, former_employee

    keys.create_keys(app_paths)
    ctx = AppContext(demo_database, startup_actor(demo_database), app_paths)
    with demo_database.transaction() as session:
        former = former_employee(session, ctx.actor)
    before = backups.backup_now(ctx)
    done = anonymise_with_backup(ctx, former, RetentionStep.ANONYMISE, today=dt.date(2031, 6, 1))
    assert before.name in done.backups.anonymised and done.backups.refused == ()
    with closing(cipher.connect(before, key=cipher.folder_key(app_paths.data_dir))) as conn:
        assert conn.execute("SELECT nir FROM person WHERE id = ?", (former,)).fetchone() == (None,)
    assert NIR.encode() not in before.read_bytes()
