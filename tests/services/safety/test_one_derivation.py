"""An encrypted folder's log-in derives argon2id once: the account's slot opens the data key,
and the account's own check reuses that derivation (kept for that log-in only), so the
dashboard does not wait for a second fraction of a second after the password."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import argon2.low_level
import pytest
from argon2 import PasswordHasher

from chantier_app.db import cipher, keyfile
from chantier_app.paths import AppPaths
from chantier_app.services.safety import backups, keys
from chantier_app.services.safety.bootstrap import open_data
from chantier_app.services.structure import accounts
from chantier_app.services.structure.accounts import PasswordChange
from tests.services.accounts_factory import DIRECTOR_PASSWORD
from tests.services.safety.test_key_slots import DIRECTOR, Folder


class Counted:
    """How many argon2id derivations ran: the slots' (raw) and the hashes' (verify, hash)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.raw = 0
        self.hashes = 0
        real_raw = argon2.low_level.hash_secret_raw
        counted = self

        def raw(*args: Any, **kwargs: Any) -> bytes:
            counted.raw += 1
            return real_raw(*args, **kwargs)

        class Hasher(PasswordHasher):
            def verify(self, hash: str | bytes, password: str | bytes) -> bool:
                counted.hashes += 1
                return super().verify(hash, password)

            def hash(self, password: str | bytes, *, salt: bytes | None = None) -> str:
                counted.hashes += 1
                return super().hash(password, salt=salt)

        monkeypatch.setattr(argon2.low_level, "hash_secret_raw", raw)
        monkeypatch.setattr(accounts, "_HASHER", Hasher())

    @property
    def total(self) -> int:
        return self.raw + self.hashes


@pytest.fixture
def folder(app_paths: AppPaths) -> Iterator[Folder]:
    cipher.forget_keys()
    made = Folder(app_paths)
    made.close()
    yield made
    keyfile.forget_log_in()
    made.close()


def test_the_log_in_after_the_slot_derives_nothing_more(
    folder: Folder, monkeypatch: pytest.MonkeyPatch
) -> None:
    counted = Counted(monkeypatch)
    keys.unlock_with_password(folder.paths, DIRECTOR, DIRECTOR_PASSWORD)
    database = open_data(folder.paths).database
    try:
        assert counted.total == 1  # the slot's
        result = accounts.log_in(database, DIRECTOR, DIRECTOR_PASSWORD)
        assert result.actor is not None
        assert counted.total == 1  # the account's check reused it
        # Kept for that one check: the next one (the lock screen, say) derives again.
        assert accounts.unlock_session(database, result.actor, DIRECTOR_PASSWORD).actor
        assert counted.total == 2
    finally:
        database.dispose()


def test_what_is_kept_opens_for_that_password_only_and_is_forgotten(
    folder: Folder, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys.unlock_with_password(folder.paths, DIRECTOR, DIRECTOR_PASSWORD)
    database = open_data(folder.paths).database
    try:
        refused = accounts.log_in(database, DIRECTOR, DIRECTOR_PASSWORD + "x")
        assert refused.actor is None and refused.message == accounts.REFUSED
        counted = Counted(monkeypatch)
        keys.forget_log_in()  # the log-in is over: nothing of it is kept
        assert accounts.log_in(database, DIRECTOR, DIRECTOR_PASSWORD).actor is not None
        assert counted.total == 1
    finally:
        database.dispose()


def test_a_refused_slot_keeps_nothing(folder: Folder, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(keyfile.WrongSecretError):
        keys.unlock_with_password(folder.paths, DIRECTOR, "Pas-Le-Bon-2026")
    assert not keyfile._memo


def test_an_older_backups_password_opens_neither_the_data_nor_the_session(
    app_paths: AppPaths,
) -> None:
    """The key file holds today's passwords: a restored backup's older hash opens nothing,
    though the log-in no longer hashes the password anew (the slot decides)."""
    cipher.forget_keys()
    folder = Folder(app_paths)
    try:
        older = backups.backup_now(folder.ctx)
        new = "Bassin-Villette-9"
        folder.ctx.run(accounts.change_password, PasswordChange(DIRECTOR_PASSWORD, new, new))
        folder.ctx.database.dispose()
        backups.restore(folder.paths, older, folder.ctx.actor)  # its hash: the old password's
        result = folder.log_in(DIRECTOR, new)
        assert result.actor is not None
        database = folder.ctx.database
        assert accounts.unlock_session(database, result.actor, DIRECTOR_PASSWORD).actor is None
        assert accounts.unlock_session(database, result.actor, new).actor is not None
        with pytest.raises(keyfile.WrongSecretError):
            cipher.forget_keys()
            keys.unlock_with_password(folder.paths, DIRECTOR, DIRECTOR_PASSWORD)
    finally:
        keyfile.forget_log_in()
        folder.close()
