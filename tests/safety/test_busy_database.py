"""« Base occupée » (issue 23, point 7): an action that reads, then writes, while another
process holds a write transaction waits for it and succeeds; reading takes no writer lock."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from safety_helpers import hire, hire_counts
from sqlalchemy import func, select

from chantier_app.db import cipher
from chantier_app.db import models as m
from chantier_app.db.engine import Database
from chantier_app.paths import AppPaths
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.safety import backups
from chantier_app.services.safety.bootstrap import open_data

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("holding_child.py")


def _writer_lock_is_free(path: Path, key: bytes | None = None) -> bool:
    """Whether another connection could start writing right now (no wait at all)."""
    if key is None:
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
    else:
        other = cipher.connect(path, key=key, timeout=0)
        other.isolation_level = None
    with closing(other):
        try:
            other.execute("BEGIN IMMEDIATE")
        except cipher.driver_errors() as busy:
            assert "locked" in str(busy)
            return False
        other.execute("ROLLBACK")
        return True


def _holding(app_paths: AppPaths, n: int) -> subprocess.Popen[str]:
    """Another process, holding a write transaction for about a second."""
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(app_paths.data_dir), str(n)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    assert line == "holding\n", child.stderr.read() if child.stderr else line
    return child


def _finished(child: subprocess.Popen[str]) -> None:
    out, err = child.communicate(timeout=30)
    assert child.returncode == 0 and out == "committed\n", err


def test_a_read_then_write_action_waits_for_another_process_commit(app_paths: AppPaths) -> None:
    ctx = AppContext(open_data(app_paths).database, Actor.system(), app_paths)
    for attempt in range(3):
        child = _holding(app_paths, 1000 + attempt)
        # The hire checks for a duplicate (a read), then writes its rows: it must wait for
        # the other process's commit, not fail with « base de données occupée ».
        assert ctx.run(hire, attempt) is not None
        _finished(child)
    counts = hire_counts(app_paths.db_path)
    assert counts["person"] == 6 and counts["orphans"] == 0
    ctx.database.dispose()


def test_a_write_transaction_holds_the_writer_lock_from_its_start(database) -> None:
    path = database.path
    with database.transaction() as session:
        session.scalar(select(func.count()).select_from(m.Person))  # a read, nothing written
        assert not _writer_lock_is_free(path)
    assert _writer_lock_is_free(path)


def test_reading_takes_no_writer_lock(database) -> None:
    with database.reading() as session:
        session.scalar(select(func.count()).select_from(m.Person))
        assert _writer_lock_is_free(database.path)


def test_a_backup_in_the_open_application_leaves_its_locks_alone(app_paths: AppPaths) -> None:
    """Reading the live file's header directly dropped the application's locks: the next
    program to close the file deleted the WAL under it (« disk I/O error »)."""
    ctx = AppContext(open_data(app_paths).database, Actor.system(), app_paths)
    ctx.run(hire, 1)
    backups.backup_now(ctx)  # finds out whether the open file is encrypted
    _finished(_holding(app_paths, 2000))  # another program writes, then closes the file
    assert ctx.run(hire, 2) is not None
    assert hire_counts(app_paths.db_path)["person"] == 3
    ctx.database.dispose()


def test_an_encrypted_write_transaction_also_starts_as_writer(app_paths: AppPaths) -> None:
    key = bytes(range(32))
    app_paths.ensure()
    (app_paths.data_dir / cipher.KEY_FILENAME).write_text("{}", encoding="utf-8")
    cipher.unlock(key, folder=app_paths.data_dir)
    try:
        database = open_data(app_paths).database
        assert database.encrypted
        with database.transaction() as session:
            session.scalar(select(func.count()).select_from(m.Person))
            assert not _writer_lock_is_free(app_paths.db_path, key)
        with database.reading() as session:
            session.scalar(select(func.count()).select_from(m.Person))
            assert _writer_lock_is_free(app_paths.db_path, key)
        database.dispose()
    finally:
        cipher.forget_keys()


def test_a_read_only_database_never_asks_for_the_writer_lock(database) -> None:
    path = database.path
    database.dispose()
    consulting = Database.open_file(path, readonly=True)
    with consulting.transaction() as session:  # the same code path as the application's
        assert session.scalar(select(func.count()).select_from(m.Person)) == 0
        assert _writer_lock_is_free(path)
    consulting.dispose()
