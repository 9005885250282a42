"""Consultation (read-only data) counts and traces failed log-ins like normal mode, locks
the account after 5 in a row, and opens with the right password."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.paths import AppPaths, attempts_file
from chantier_app.services.safety.bootstrap import open_data, open_data_quickly, take_writer_lock
from chantier_app.services.structure import accounts
from tests.services.accounts_factory import DIRECTOR_PASSWORD, set_up

LOGIN, NAME = "i.moreau", "Isabelle Moreau"


@pytest.fixture
def data(database, app_paths: AppPaths, tmp_path: Path, monkeypatch) -> AppPaths:
    """A structure with its director's account; this user's state folder in the test's."""
    monkeypatch.setenv("CHANTIER_STATE_DIR", str(tmp_path / "etat"))
    set_up(database)
    database.dispose()
    return app_paths


def _trail(paths: AppPaths) -> list[tuple[str, str, str]]:
    uri = f"file:{paths.db_path}?mode=ro"
    with sqlite3.connect(uri, uri=True) as conn:
        return conn.execute(
            "SELECT action, staff_name, coalesce(summary, '') FROM audit_entry ORDER BY id"
        ).fetchall()


def _failures(paths: AppPaths) -> int:
    return sum(1 for action, _name, _summary in _trail(paths) if action == "login_failed")


def test_a_second_instance_counts_failures_and_locks_the_account(data: AppPaths) -> None:
    with take_writer_lock(data):  # the first instance, editing
        consulting = open_data(data, readonly=True).database
        try:
            assert consulting.readonly
            for _ in range(5):
                refused = accounts.log_in(consulting, LOGIN, "pas-le-bon")
                assert refused.actor is None and refused.message == accounts.REFUSED
            assert _failures(data) == 5
            locked = accounts.log_in(consulting, LOGIN, DIRECTOR_PASSWORD)
            assert locked.actor is None and locked.message == accounts.LOCKED_OUT
            assert _failures(data) == 6
        finally:
            consulting.dispose()
    # The same account is locked in normal mode: one counter for both.
    editing = open_data(data).database
    try:
        assert accounts.log_in(editing, LOGIN, DIRECTOR_PASSWORD).message == accounts.LOCKED_OUT
    finally:
        editing.dispose()


def test_the_right_password_opens_consultation_and_is_traced(data: AppPaths) -> None:
    consulting = open_data(data, readonly=True).database
    try:
        assert accounts.log_in(consulting, LOGIN, "pas-le-bon").actor is None
        opened = accounts.log_in(consulting, LOGIN, DIRECTOR_PASSWORD)
        assert opened.actor is not None and opened.actor.name == NAME
        # The lock screen's password, wrong then right, in consultation too.
        assert accounts.unlock_session(consulting, opened.actor, "encore-faux").actor is None
        assert accounts.unlock_session(consulting, opened.actor, DIRECTOR_PASSWORD).actor
    finally:
        consulting.dispose()
    actions = [(action, name) for action, name, _summary in _trail(data)]
    assert actions[-4:] == [
        ("login_failed", "Tentative de connexion"),
        ("login", NAME),
        ("login_failed", "Tentative de connexion"),
        ("unlock", NAME),
    ]
    assert DIRECTOR_PASSWORD not in repr(_trail(data))


def test_a_read_only_folder_records_attempts_in_the_user_s_state(
    data: AppPaths, make_read_only
) -> None:
    before = data.db_path.read_bytes()
    side = attempts_file(data.db_path)
    with make_read_only(data.data_dir) as how:
        if how == "inject":
            pytest.skip("the folder cannot really be made read-only here")
        consulting = open_data(data, readonly=True).database
        try:
            for _ in range(5):
                assert accounts.log_in(consulting, LOGIN, "pas-le-bon").actor is None
            locked = accounts.log_in(consulting, LOGIN, DIRECTOR_PASSWORD)
            assert locked.message == accounts.LOCKED_OUT
        finally:
            consulting.dispose()
    assert data.db_path.read_bytes() == before  # nothing could be written there
    text = side.read_text(encoding="utf-8")
    assert text.count('"login_failed"') == 6 and DIRECTOR_PASSWORD not in text
    assert side.stat().st_mode & 0o077 == 0


def test_a_read_only_folder_opens_with_the_right_password(data: AppPaths, make_read_only) -> None:
    with make_read_only(data.data_dir) as how:
        if how == "inject":
            pytest.skip("the folder cannot really be made read-only here")
        consulting = open_data(data, readonly=True).database
        try:
            for _ in range(4):
                assert accounts.log_in(consulting, LOGIN, "pas-le-bon").actor is None
            opened = accounts.log_in(consulting, LOGIN, DIRECTOR_PASSWORD)
            assert opened.actor is not None and opened.actor.name == NAME
            # The success starts the count again, as in normal mode.
            for _ in range(4):
                assert accounts.log_in(consulting, LOGIN, "pas-le-bon").actor is None
            assert accounts.log_in(consulting, LOGIN, DIRECTOR_PASSWORD).actor is not None
        finally:
            consulting.dispose()
    assert '"login"' in attempts_file(data.db_path).read_text(encoding="utf-8")


@pytest.mark.parametrize("opening", ["open_data", "open_data_quickly"])
def test_attempts_noted_aside_join_the_trail_once_the_folder_is_writable(
    data: AppPaths, make_read_only, opening: str
) -> None:
    side = attempts_file(data.db_path)
    with make_read_only(data.data_dir) as how:
        if how == "inject":
            pytest.skip("the folder cannot really be made read-only here")
        consulting = open_data(data, readonly=True).database
        try:
            for _ in range(3):
                assert accounts.log_in(consulting, LOGIN, "pas-le-bon").actor is None
        finally:
            consulting.dispose()
    noted = side.read_text(encoding="utf-8")
    assert noted.count('"login_failed"') == 3 and _failures(data) == 0
    # The folder is writable again: the next opening copies them into the trail.
    if opening == "open_data":
        editing = open_data(data).database
    else:
        quick = open_data_quickly(data)
        assert quick is not None
        editing = quick.database
    try:
        with editing.reading() as session:  # the quick start copies once the file is checked
            times = session.scalars(
                select(m.AuditEntry.at).where(m.AuditEntry.action == "login_failed")
            ).all()
        assert not side.exists()
        assert [t.isoformat() for t in times] == [
            line["at"] for line in json.loads(noted)["lignes"]
        ]  # each at the time it was tried
        assert _failures(data) == 3
        # They count towards the lock-out with normal mode's: two more and it is locked.
        for _ in range(2):
            assert accounts.log_in(editing, LOGIN, "pas-le-bon").actor is None
        assert accounts.log_in(editing, LOGIN, DIRECTOR_PASSWORD).message == accounts.LOCKED_OUT
    finally:
        editing.dispose()
    assert _failures(data) == 6  # copied once, not again at this second opening
    open_data(data).database.dispose()
    assert _failures(data) == 6
