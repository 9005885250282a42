"""Failures of the environment: a French message each time, and nothing saved before is lost.

Full disk (SQLite's own « database or disk is full », and one injected at commit), a USB key
that fills up during a backup, a read-only data folder, a file replaced by garbage or
truncated, a second instance on the same folder.
"""

from __future__ import annotations

import errno
import os
import resource
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from safety_helpers import dump, hire
from sqlalchemy import event

from chantier_app.db import backup as backup_files
from chantier_app.domain.errors import StorageError
from chantier_app.paths import AppPaths
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.safety import backups
from chantier_app.services.safety.bootstrap import (
    DamagedDataError,
    ReadOnlyFolderError,
    open_data,
    take_writer_lock,
)
from chantier_app.services.safety.lock import LockHeldError

ROOT = Path(__file__).resolve().parents[2]


def _names(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [r[0] for r in conn.execute("SELECT usage_name FROM person ORDER BY id")]


# Full disk --------------------------------------------------------------------------------------
def test_disk_full_while_writing(ctx: AppContext, app_paths: AppPaths) -> None:
    ctx.run(hire, 1)
    ctx.database.dispose()

    # SQLite's own limit behaves exactly like a full disk: SQLITE_FULL on the next page.
    @event.listens_for(ctx.database.engine, "connect")
    def _cap(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    before = dump(app_paths.db_path)
    with pytest.raises(StorageError, match="Le disque est plein") as raised:
        ctx.run(hire, 2, notes="x" * 200_000)
    assert "rien de ce qui était déjà enregistré n'est perdu" in raised.value.message
    ctx.database.dispose()
    assert dump(app_paths.db_path) == before
    assert _names(app_paths.db_path) == ["CRASH1"]


def test_disk_full_at_commit(
    ctx: AppContext, app_paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx.run(hire, 1)

    def full(_connection: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(ctx.database.engine.dialect, "do_commit", full)
    with pytest.raises(StorageError, match="Le disque est plein"):
        ctx.run(hire, 2)
    monkeypatch.undo()
    ctx.database.dispose()
    assert _names(app_paths.db_path) == ["CRASH1"]
    # Once there is room again, the same action succeeds.
    ctx.run(hire, 2)
    assert _names(app_paths.db_path) == ["CRASH1", "CRASH2"]


def test_usb_key_full_during_backup(
    ctx: AppContext, app_paths: AppPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx.run(hire, 1)
    usb = tmp_path / "usb"
    usb.mkdir()
    earlier = backups.save_to(ctx, usb)
    real_replace = os.replace

    def no_space(src: object, dst: object) -> None:
        if str(dst).startswith(str(usb)):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", no_space)
    with pytest.raises(StorageError, match="Le disque est plein"):
        backups.save_to(ctx, usb)
    monkeypatch.undo()
    assert sorted(p.name for p in usb.iterdir()) == [earlier.name]  # no partial file
    assert backup_files.inspect_backup(earlier).people == 1
    assert _names(app_paths.db_path) == ["CRASH1"]


def test_backup_command_on_a_medium_that_fills_up(demo_ctx: AppContext, tmp_path: Path) -> None:
    """A real refusal by the system: the child may not write files bigger than 64 KB."""
    demo_ctx.database.dispose()
    data_dir = demo_ctx.paths.data_dir
    usb = tmp_path / "petite-cle"
    usb.mkdir()
    before = dump(demo_ctx.paths.db_path)

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of being killed
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "chantier_app",
            "--data-dir",
            str(data_dir),
            "backup",
            "--to",
            str(usb),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        preexec_fn=small_files,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    # SQLite reports the refused write as an I/O error: the medium is named, in French.
    assert "La sauvegarde a échoué : Erreur de lecture ou d'écriture sur le disque" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(usb.iterdir()) == []
    assert dump(demo_ctx.paths.db_path) == before


# Read-only folder -------------------------------------------------------------------------------
def test_read_only_folder_can_be_consulted_not_modified(
    ctx: AppContext, app_paths: AppPaths, make_read_only
) -> None:
    ctx.run(hire, 1)
    ctx.database.dispose()
    before = dump(app_paths.db_path)
    with make_read_only(app_paths.data_dir) as how:
        assert how in ("chmod", "mount", "inject")
        with pytest.raises(ReadOnlyFolderError, match="lecture seule"):
            take_writer_lock(app_paths)
        opened = open_data(app_paths, readonly=True)
        try:
            consulted = AppContext(opened.database, Actor.system(), app_paths)
            with consulted.database.reading() as session:
                from sqlalchemy import text

                assert session.execute(text("SELECT usage_name FROM person")).scalars().all() == [
                    "CRASH1"
                ]
        finally:
            opened.database.dispose()
    assert dump(app_paths.db_path) == before
    assert not app_paths.lock_path.exists()


def test_folder_turning_read_only_during_the_session(
    ctx: AppContext, app_paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx.run(hire, 1)

    def refused(_connection: object) -> None:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(ctx.database.engine.dialect, "do_commit", refused)
    with pytest.raises(StorageError, match="lecture seule"):
        ctx.run(hire, 2)
    monkeypatch.undo()
    ctx.database.dispose()
    assert _names(app_paths.db_path) == ["CRASH1"]


# Damaged file -----------------------------------------------------------------------------------
def _garbage(path: Path) -> None:
    path.write_bytes(os.urandom(path.stat().st_size))


def _truncated(path: Path) -> None:
    with path.open("r+b") as handle:
        handle.truncate(path.stat().st_size // 2)


@pytest.mark.parametrize("damage", [_garbage, _truncated], ids=["garbage", "truncated"])
def test_damaged_file_is_kept_and_the_last_backup_restored(
    ctx: AppContext, app_paths: AppPaths, damage
) -> None:
    for n in range(3):
        ctx.run(hire, n)
    backups.backup_now(ctx, reason="fermeture")  # what every close of the app does
    ctx.database.dispose()
    saved = dump(app_paths.db_path, skip=frozenset({"audit_entry"}))
    damage(app_paths.db_path)
    damaged_bytes = app_paths.db_path.read_bytes()

    with pytest.raises(DamagedDataError, match="endommagé ; il n'a pas été modifié") as raised:
        open_data(app_paths)
    assert app_paths.db_path.read_bytes() == damaged_bytes  # never overwritten
    good = raised.value.good_backup
    assert good is not None and good.people == 3
    assert "La dernière sauvegarde saine date du" in raised.value.message

    result = backups.restore(app_paths, good.path, Actor.system())
    assert result.damaged_aside is not None
    assert result.damaged_aside.read_bytes() == damaged_bytes  # kept aside, renamed
    opened = open_data(app_paths)
    opened.database.dispose()
    assert dump(app_paths.db_path, skip=frozenset({"audit_entry"})) == saved


def test_damaged_file_without_backup_says_so(app_paths: AppPaths) -> None:
    app_paths.ensure()
    app_paths.db_path.write_bytes(b"pas une base" * 500)
    with pytest.raises(DamagedDataError, match="Aucune sauvegarde saine") as raised:
        open_data(app_paths)
    assert raised.value.good_backup is None
    assert app_paths.db_path.read_bytes() == b"pas une base" * 500


def test_empty_file_beside_backups_is_damage(ctx: AppContext, app_paths: AppPaths) -> None:
    ctx.run(hire, 1)
    backups.backup_now(ctx)
    ctx.database.dispose()
    app_paths.db_path.write_bytes(b"")
    with pytest.raises(DamagedDataError, match="vide"):
        open_data(app_paths)


# Second instance --------------------------------------------------------------------------------
HOLDER = """
import sys, time
from chantier_app.paths import resolve_paths
from chantier_app.services.safety.bootstrap import take_writer_lock
lock = take_writer_lock(resolve_paths(sys.argv[1]))
print("locked", flush=True)
time.sleep(120)
"""


def test_second_instance_is_told_who_holds_the_data(ctx: AppContext, app_paths: AppPaths) -> None:
    ctx.run(hire, 1)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(app_paths.data_dir)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        with pytest.raises(LockHeldError) as raised:
            take_writer_lock(app_paths)
        assert raised.value.same_host
        assert raised.value.owner is not None and raised.value.owner.pid == holder.pid
        assert f"programme n° {holder.pid}" in raised.value.message
        assert "déjà ouvertes en modification par le poste" in raised.value.message
        # The second instance may still consult the data, unchanged.
        opened = open_data(app_paths, readonly=True)
        opened.database.dispose()
        assert _names(app_paths.db_path) == ["CRASH1"]
    finally:
        holder.kill()
        holder.wait()
    # The holder crashed: its lock is stale and taken over.
    with take_writer_lock(app_paths) as lock:
        assert lock.owner.pid == os.getpid()
    assert not app_paths.lock_path.exists()
