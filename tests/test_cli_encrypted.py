"""The commands on encrypted data: the log-in comes before the database opens (or a backup is
previewed), a wrong password does nothing, and a copy restored on another PC opens there."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from chantier_app.cli import main
from chantier_app.db import cipher
from chantier_app.paths import AppPaths, resolve_paths
from chantier_app.services.context import AppContext
from chantier_app.services.people.records import create_person
from chantier_app.services.safety import keys
from chantier_app.services.safety.bootstrap import open_data
from tests.cli_login import feed_password, login_args
from tests.services.accounts_factory import DIRECTOR_PASSWORD, set_up
from tests.services.people_factory import person_input

NAME = "Quentalsky"


@pytest.fixture
def encrypted(app_paths: AppPaths) -> Iterator[AppPaths]:
    """An encrypted folder with its director and one person, closed, no key in memory."""
    cipher.forget_keys()
    keys.create_keys(app_paths)
    database = open_data(app_paths).database
    director = set_up(database).actor
    AppContext(database, director, app_paths).run(
        create_person, person_input(usage_name=NAME), today=dt.date(2026, 11, 23)
    )
    database.dispose()
    cipher.forget_keys()
    yield app_paths
    cipher.forget_keys()


def _cli(paths: AppPaths, *args: str) -> int:
    cipher.forget_keys()  # each command is a new process: nothing unlocked before it
    return main(["--data-dir", str(paths.data_dir), *args])


def test_a_copy_needs_the_right_password_and_carries_its_key_file(
    encrypted: AppPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    feed_password(monkeypatch, "pas-le-bon-1")
    assert _cli(encrypted, "backup", "--to", str(usb), *login_args("i.moreau")) == 1
    err = capsys.readouterr().err
    assert "Connexion refusée : Identifiant ou mot de passe incorrect. Rien n'a été fait." in err
    assert list(usb.iterdir()) == []
    feed_password(monkeypatch, DIRECTOR_PASSWORD)
    assert _cli(encrypted, "backup", "--to", str(usb), *login_args("i.moreau")) == 0
    [copy] = usb.glob("chantier-*.sqlite3")
    assert (usb / cipher.KEY_FILENAME).exists()
    assert NAME.encode() not in copy.read_bytes()
    with sqlite3.connect(copy) as plain, pytest.raises(sqlite3.DatabaseError):
        plain.execute("SELECT count(*) FROM person").fetchone()


def test_a_scheduled_backup_of_encrypted_data_asks_for_the_log_in(
    encrypted: AppPaths, capsys
) -> None:
    assert _cli(encrypted, "backup") == 1
    assert "Connexion requise" in capsys.readouterr().err
    assert not list(encrypted.backups_dir.glob("chantier-*.sqlite3"))


def test_restore_on_another_pc_with_the_copy_and_a_password(
    encrypted: AppPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    feed_password(monkeypatch, DIRECTOR_PASSWORD)
    assert _cli(encrypted, "backup", "--to", str(usb), *login_args("i.moreau")) == 0
    [copy] = usb.glob("chantier-*.sqlite3")
    fresh = resolve_paths(tmp_path / "autre-pc")
    args = ("restore", "--oui", str(copy), *login_args("i.moreau"))
    assert _cli(fresh, *args) == 0
    cipher.forget_keys()
    keys.unlock_with_password(fresh, "i.moreau", DIRECTOR_PASSWORD)
    with cipher.connect(fresh.db_path) as conn:
        assert conn.execute("SELECT usage_name FROM person").fetchall() == [(NAME,)]
