"""Wrong passwords at an encrypted folder's log-in, before its data can be read: they count
toward the 5-failure lock-out and join the audit trail once someone opens the data
(``consultation.carry_attempts``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing

import pytest

from chantier_app.db import cipher, keyfile
from chantier_app.paths import AppPaths, attempts_file
from chantier_app.services.safety import early_attempts, keys
from chantier_app.services.safety.bootstrap import open_data
from chantier_app.services.structure import accounts
from tests.services.accounts_factory import DIRECTOR_PASSWORD
from tests.services.safety.test_key_slots import DIRECTOR, Folder

WRONG = "Canal-Ourcq-2027"


@pytest.fixture
def locked(app_paths: AppPaths) -> Iterator[Folder]:
    """An encrypted folder with its director's account, closed: nothing unlocked."""
    cipher.forget_keys()
    made = Folder(app_paths)
    made.close()
    yield made
    made.close()


def _wrong(paths: AppPaths, login: str = DIRECTOR, password: str = WRONG) -> None:
    with pytest.raises(keyfile.WrongSecretError):
        keys.unlock_with_password(paths, login, password)
    assert not keys.is_unlocked(paths)


def _failures_in_trail(paths: AppPaths) -> list[tuple[str, str]]:
    with closing(cipher.connect(paths.db_path)) as conn:
        return conn.execute(
            "SELECT staff_name, summary FROM audit_entry WHERE action = 'login_failed' ORDER BY id"
        ).fetchall()


def test_five_wrong_passwords_lock_the_account_before_its_slot_is_tried(locked: Folder) -> None:
    for _ in range(accounts.MAX_FAILURES):
        _wrong(locked.paths)
    with pytest.raises(early_attempts.LockedOutError) as refused:
        keys.unlock_with_password(locked.paths, DIRECTOR, DIRECTOR_PASSWORD)
    assert refused.value.message == accounts.LOCKED_OUT
    assert not keys.is_unlocked(locked.paths)  # the right password opened nothing
    # The recovery key still opens the data; the trail then holds the six refusals.
    keys.unlock_with_recovery_key(locked.paths, locked.recovery)
    database = open_data(locked.paths).database
    try:
        assert accounts.log_in(database, DIRECTOR, DIRECTOR_PASSWORD).message == (
            accounts.LOCKED_OUT
        )
    finally:
        database.dispose()
    summaries = [summary for _name, summary in _failures_in_trail(locked.paths)]
    assert summaries[:6] == [
        f"connexion aux données chiffrées refusée pour l'identifiant {DIRECTOR} : "
        "mot de passe erroné"
    ] * 5 + [
        f"connexion aux données chiffrées refusée pour l'identifiant {DIRECTOR} : "
        "compte bloqué après trop d'essais"
    ]


def test_early_failures_join_the_trail_at_the_next_log_in_once(locked: Folder) -> None:
    _wrong(locked.paths)
    _wrong(locked.paths)
    _wrong(locked.paths, "inconnu", "Mot-de-passe-tape-ici-1")
    side = attempts_file(locked.paths.db_path)
    assert "Mot-de-passe-tape-ici-1" not in side.read_text(encoding="utf-8")
    result = locked.log_in(DIRECTOR, DIRECTOR_PASSWORD)
    assert result.actor is not None
    trail = _failures_in_trail(locked.paths)
    assert trail == [
        (
            "Tentative de connexion",
            f"connexion aux données chiffrées refusée pour l'identifiant {DIRECTOR} : "
            "mot de passe erroné",
        )
    ] * 2 + [
        (
            "Tentative de connexion",
            "connexion aux données chiffrées refusée : identifiant inconnu ou compte désactivé",
        )
    ]
    # Moved, not copied (the side file is gone): the next log-in adds nothing, and the
    # counter starts again.
    assert not side.exists()
    locked.log_in(DIRECTOR, DIRECTOR_PASSWORD)
    assert _failures_in_trail(locked.paths) == trail
    assert early_attempts.failures(locked.paths.db_path, locked.ctx.actor.staff_id or 0) == 0


def test_early_failures_and_the_data_logins_share_one_counter(locked: Folder) -> None:
    for _ in range(accounts.MAX_FAILURES - 1):
        _wrong(locked.paths)
    keys.unlock_with_recovery_key(locked.paths, locked.recovery)  # someone opens the data
    database = open_data(locked.paths).database
    try:
        # Four wrong before the data opened, one more now: the fifth in a row locks.
        assert accounts.log_in(database, DIRECTOR, WRONG).message == accounts.REFUSED
        assert accounts.log_in(database, DIRECTOR, DIRECTOR_PASSWORD).message == (
            accounts.LOCKED_OUT
        )
    finally:
        database.dispose()
    assert len(_failures_in_trail(locked.paths)) == accounts.MAX_FAILURES + 1
