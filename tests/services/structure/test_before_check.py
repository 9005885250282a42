"""The encrypted start's log-in while the file's check still runs: decided by reading only,
nothing written before the check, its audit line and last log-in time written after it; a
refusal written at once, and the wrong passwords typed before the data opened still count."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing

import pytest

from chantier_app.db import cipher, keyfile
from chantier_app.db.engine import Database
from chantier_app.paths import AppPaths
from chantier_app.services.safety import early_attempts, keys
from chantier_app.services.safety.bootstrap import OpenedData, open_data_quickly
from chantier_app.services.structure import accounts, before_check
from tests.services.accounts_factory import DIRECTOR_PASSWORD
from tests.services.safety.test_key_slots import DIRECTOR, Folder


@pytest.fixture
def folder(app_paths: AppPaths) -> Iterator[Folder]:
    """An encrypted folder with its director's account, closed: nothing unlocked."""
    cipher.forget_keys()
    made = Folder(app_paths)
    made.close()
    yield made
    keyfile.forget_log_in()
    made.close()


def _opened(folder: Folder) -> OpenedData:
    """The start after the password: the data open, their check not started yet."""
    keys.unlock_with_password(folder.paths, DIRECTOR, DIRECTOR_PASSWORD)
    opened = open_data_quickly(folder.paths)
    assert opened is not None and opened.check is not None
    opened.database.reads_before_check = True
    return opened


def _trail(folder: Folder) -> list[tuple[str, str]]:
    with closing(cipher.connect(folder.paths.db_path)) as conn:
        return conn.execute(
            "SELECT action, summary FROM audit_entry WHERE action LIKE 'login%' ORDER BY id"
        ).fetchall()


def _last_login(database: Database) -> object:
    with database.reading() as session:
        return (
            session.connection()
            .exec_driver_sql("SELECT last_login_at FROM staff WHERE login = ?", (DIRECTOR,))
            .scalar()
        )


def test_the_log_in_reads_before_the_check_and_writes_after_it(folder: Folder) -> None:
    opened = _opened(folder)
    assert opened.check is not None
    database = opened.database
    try:
        before = _trail(folder)
        pending = before_check.log_in(database, DIRECTOR, DIRECTOR_PASSWORD)
        assert pending.result.actor is not None and pending.result.actor.name
        assert not opened.check.done()  # decided without the check
        assert _trail(folder) == before  # and nothing written
        before_check.record(database, pending)  # its transaction waits for the check
        assert opened.check.done() and database.gate is None
        assert _trail(folder) == [*before, ("login", "connexion")]
        assert _last_login(database) is not None
        before_check.record(database, pending)  # once only
        assert _trail(folder) == [*before, ("login", "connexion")]
    finally:
        database.dispose()


def test_a_refusal_is_written_at_once(folder: Folder) -> None:
    opened = _opened(folder)
    database = opened.database
    try:
        pending = before_check.log_in(database, DIRECTOR, DIRECTOR_PASSWORD + "x")
        assert pending.result.actor is None and pending.result.message == accounts.REFUSED
        assert pending.recorded and opened.check is not None and opened.check.done()
        assert _trail(folder)[-1][0] == "login_failed"
    finally:
        database.dispose()


def test_wrong_passwords_typed_before_the_data_opened_still_lock_the_account(
    folder: Folder,
) -> None:
    director = folder.slots()[keyfile.account_slot(folder.ctx.actor.staff_id or 0)].staff_id
    for _ in range(accounts.MAX_FAILURES):  # as the encrypted log-in writes them
        early_attempts.record_failure(folder.paths.db_path, director, DIRECTOR, "erreur")
    keys.unlock_with_recovery_key(folder.paths, folder.recovery)
    opened = open_data_quickly(folder.paths)
    assert opened is not None
    opened.database.reads_before_check = True
    try:
        pending = before_check.log_in(opened.database, DIRECTOR, DIRECTOR_PASSWORD)
        assert pending.result.actor is None and pending.result.message == accounts.LOCKED_OUT
    finally:
        opened.database.dispose()
