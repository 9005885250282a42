"""The commands that read, export or replace personal data ask for a log-in, refuse without
one (nothing done), count wrong passwords and trace what they do under the account."""

from __future__ import annotations

import os
import pty
import select
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from chantier_app.cli import main
from chantier_app.db.backup import list_backups
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.paths import AppPaths
from chantier_app.services.safety import backups
from tests.cli_login import PASSWORD, feed_password, give_login, login_args
from tests.reports.pdf import flat
from tests.services import document_fixtures as fx

ROOT = Path(__file__).resolve().parents[1]
DIRECTOR, DIRECTOR_NAME = "h.berenger", "Hélène Bérénger"


@pytest.fixture
def data(database, app_paths: AppPaths) -> fx.Ids:
    """A real association (not the demo): its director and CIP have accounts."""
    with database.transaction() as session:
        ids = fx.build(session)
    give_login(database, Role.DIRECTION, DIRECTOR)
    give_login(database, Role.CIP, "r.bensaid")
    database.dispose()
    return ids


def _cli(paths: AppPaths, *args: str) -> int:
    return main(["--data-dir", str(paths.data_dir), *args])


def _trail(paths: AppPaths) -> list[tuple[str, str, int | None, str]]:
    with sqlite3.connect(paths.db_path) as conn:
        return conn.execute(
            "SELECT action, staff_name, entity_id, coalesce(summary, '') FROM audit_entry "
            "ORDER BY id"
        ).fetchall()


def _count(paths: AppPaths, action: str) -> int:
    return sum(1 for row in _trail(paths) if row[0] == action)


def _follow_up(paths: AppPaths, ids: fx.Ids, out: Path, *extra: str) -> int:
    return _cli(paths, "print", "follow-up", "--person", str(ids.elodie), "--out", str(out), *extra)


# In a terminal ---------------------------------------------------------------------------------
def _read_until(fd: int, text: str, seen: bytearray) -> None:
    deadline = time.monotonic() + 120  # a safety net for a hung child, not a measurement
    while text.encode() not in seen:
        assert time.monotonic() < deadline, seen.decode(errors="replace")
        ready, _, _ = select.select([fd], [], [], 1)
        if ready:
            try:
                chunk = os.read(fd, 1024)
            except OSError:  # the child closed the terminal
                break
            seen.extend(chunk)
    assert text.encode() in seen, seen.decode(errors="replace")


def test_a_person_at_the_keyboard_is_asked_to_log_in(data, app_paths, tmp_path) -> None:
    out = tmp_path / "fiche.pdf"
    leader, follower = pty.openpty()
    child = subprocess.Popen(
        [sys.executable, "-m", "chantier_app", "--data-dir", str(app_paths.data_dir), "print",
         "follow-up", "--person", str(data.elodie), "--out", str(out)],
        stdin=follower, stdout=follower, stderr=follower,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        start_new_session=True,  # the terminal is its only one: getpass uses it
    )  # fmt: skip
    os.close(follower)
    seen = bytearray()
    try:
        _read_until(leader, "Identifiant : ", seen)
        os.write(leader, f"{DIRECTOR}\n".encode())
        _read_until(leader, "Mot de passe : ", seen)
        os.write(leader, f"{PASSWORD}\n".encode())
        _read_until(leader, "Document écrit", seen)
        assert child.wait(timeout=120) == 0
    finally:
        if child.poll() is None:
            child.kill()
        os.close(leader)
    assert PASSWORD not in seen.decode()  # the password is not echoed
    assert "Fiche de suivi" in flat(out.read_bytes())
    actions = [(row[0], row[1]) for row in _trail(app_paths)]
    assert ("login", DIRECTOR_NAME) in actions and ("print", DIRECTOR_NAME) in actions
    assert not any(name == "Système" for action, name in actions if action == "print")


# Refusals --------------------------------------------------------------------------------------
def test_without_a_log_in_nothing_is_printed(data, app_paths, tmp_path, capsys) -> None:
    out = tmp_path / "fiche.pdf"
    before = _trail(app_paths)
    result = subprocess.run(
        [sys.executable, "-m", "chantier_app", "--data-dir", str(app_paths.data_dir), "print",
         "follow-up", "--person", str(data.elodie), "--out", str(out)],
        stdin=subprocess.DEVNULL, capture_output=True, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1
    assert "Connexion requise pour imprimer un document" in result.stderr
    assert "--utilisateur" in result.stderr and "Rien n'a été fait" in result.stderr
    assert not out.exists()
    assert _trail(app_paths) == before


def test_a_wrong_password_is_refused_counted_and_blocks_the_account(
    data, app_paths, tmp_path, monkeypatch, capsys
) -> None:
    out = tmp_path / "fiche.pdf"
    feed_password(monkeypatch, "pas-le-bon")
    for _ in range(5):
        assert _follow_up(app_paths, data, out, *login_args(DIRECTOR)) == 1
        assert "Connexion refusée : Identifiant ou mot de passe incorrect." in (
            capsys.readouterr().err
        )
    assert not out.exists()
    assert _count(app_paths, "login_failed") == 5
    assert _count(app_paths, "print") == 0
    feed_password(monkeypatch, PASSWORD)  # the right one, too late: the account waits
    assert _follow_up(app_paths, data, out, *login_args(DIRECTOR)) == 1
    assert "Trop d'essais manqués" in capsys.readouterr().err
    assert not out.exists() and _count(app_paths, "login_failed") == 6


def test_the_right_password_prints_under_the_account(
    data, app_paths, tmp_path, monkeypatch, capsys
) -> None:
    out = tmp_path / "fiche.pdf"
    feed_password(monkeypatch, PASSWORD)
    assert _follow_up(app_paths, data, out, *login_args(DIRECTOR)) == 0
    assert "Élodie LEFÈVRE" in flat(out.read_bytes())
    trail = _trail(app_paths)
    assert [r[1] for r in trail if r[0] == "login"] == [DIRECTOR_NAME]
    assert [r[1] for r in trail if r[0] == "print"] == [DIRECTOR_NAME]
    assert PASSWORD not in repr(trail)


def test_an_empty_standard_input_is_refused(data, app_paths, tmp_path, monkeypatch, capsys) -> None:
    feed_password(monkeypatch, "", times=1)
    assert _follow_up(app_paths, data, tmp_path / "f.pdf", *login_args(DIRECTOR)) == 1
    assert "--mot-de-passe-stdin attend le mot de passe" in capsys.readouterr().err
    assert _count(app_paths, "login_failed") == 0  # no attempt was made


# Backups and restores --------------------------------------------------------------------------
def test_the_scheduled_backup_needs_no_log_in(data, app_paths, capsys) -> None:
    assert _cli(app_paths, "backup") == 0
    assert _cli(app_paths, "backup", "--to", str(app_paths.backups_dir)) == 0
    out = capsys.readouterr().out
    assert out.count(f"Sauvegarde vérifiée : {app_paths.backups_dir}") == 2
    assert list_backups(app_paths.backups_dir)
    assert _count(app_paths, "login") == _count(app_paths, "login_failed") == 0
    assert _cli(app_paths, "check") == 0


def test_a_copy_elsewhere_needs_an_allowed_account(
    data, app_paths, tmp_path, monkeypatch, capsys
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr(sys, "stdin", open(os.devnull))  # noqa: SIM115  (closed by pytest)
    assert _cli(app_paths, "backup", "--to", str(usb)) == 1
    assert "Connexion requise pour copier les données" in capsys.readouterr().err
    feed_password(monkeypatch, PASSWORD)
    assert _cli(app_paths, "backup", "--to", str(usb), *login_args("r.bensaid")) == 1
    assert "ne permet pas de copier les données" in capsys.readouterr().err
    assert list_backups(usb) == []
    assert _cli(app_paths, "backup", "--to", str(usb), *login_args(DIRECTOR)) == 0
    assert len(list_backups(usb)) == 1
    copies = [r for r in _trail(app_paths) if r[0] == "backup" and "copie" in r[3]]
    assert [r[1] for r in copies] == [DIRECTOR_NAME]


def test_a_restore_needs_the_log_in_of_the_current_data(
    data, app_paths, monkeypatch, capsys
) -> None:
    made = backups.backup_now(app_paths)
    with sqlite3.connect(app_paths.db_path) as conn:
        conn.execute("UPDATE person SET city = 'Lyon'")  # a change the restore would undo
    before = app_paths.db_path.read_bytes()
    monkeypatch.setattr(sys, "stdin", open(os.devnull))  # noqa: SIM115  (closed by pytest)
    assert _cli(app_paths, "restore", "--oui", str(made)) == 1
    assert "Connexion requise pour restaurer une sauvegarde" in capsys.readouterr().err
    assert app_paths.db_path.read_bytes() == before
    feed_password(monkeypatch, "pas-le-bon")
    assert _cli(app_paths, "restore", "--oui", str(made), *login_args(DIRECTOR)) == 1
    with sqlite3.connect(app_paths.db_path) as conn:
        assert {r[0] for r in conn.execute("SELECT city FROM person")} == {"Lyon"}
    feed_password(monkeypatch, PASSWORD)
    assert _cli(app_paths, "restore", "--oui", str(made), *login_args(DIRECTOR)) == 0
    with sqlite3.connect(app_paths.db_path) as conn:
        assert {r[0] for r in conn.execute("SELECT city FROM person")} == {"Paris"}
    assert [r[1] for r in _trail(app_paths) if r[0] == "restore"] == [DIRECTOR_NAME]
