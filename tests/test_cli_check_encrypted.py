"""``chantier check`` on encrypted data, through the real command in a child process: at a
terminal it asks an account and its password (never echoed) or the recovery key, in French;
from a scheduled task it reads them on standard input. A wrong secret is a French refusal,
never « file is not a database » nor a damaged file, and the check writes nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from chantier_app.db import cipher
from chantier_app.paths import AppPaths
from chantier_app.services.context import AppContext
from chantier_app.services.people.records import create_person
from chantier_app.services.safety import early_attempts, keys
from chantier_app.services.safety.bootstrap import open_data
from tests.services.accounts_factory import DIRECTOR_PASSWORD, set_up
from tests.services.people_factory import person_input

ROOT = Path(__file__).resolve().parent.parent
SOUND = "Base de données intacte"
DRIVER_WORDS = ("not a database", "file is encrypted", "endommag")


class Folder:
    def __init__(self, paths: AppPaths, recovery_key: str, director_id: int) -> None:
        self.paths, self.recovery_key, self.director_id = paths, recovery_key, director_id

    def digest(self) -> str:
        return hashlib.sha256(self.paths.db_path.read_bytes()).hexdigest()


@pytest.fixture
def encrypted(app_paths: AppPaths) -> Iterator[Folder]:
    """An encrypted folder with its director and one person, closed, no key in memory."""
    cipher.forget_keys()
    recovery_key = keys.create_keys(app_paths)
    database = open_data(app_paths).database
    director = set_up(database).actor
    AppContext(database, director, app_paths).run(
        create_person, person_input(usage_name="Quentalsky"), today=dt.date(2026, 11, 23)
    )
    database.dispose()
    cipher.forget_keys()
    assert director.staff_id is not None
    yield Folder(app_paths, recovery_key, director.staff_id)
    cipher.forget_keys()


def _command(paths: AppPaths, *args: str) -> list[str]:
    return [sys.executable, "-m", "chantier_app", "--data-dir", str(paths.data_dir), *args]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def at_terminal(command: list[str], answers: list[tuple[str, str]]) -> tuple[int, str]:
    """Run ``command`` on a pseudo-terminal, typing each answer once its prompt shows.

    The child has no controlling terminal (a new session), so getpass reads the terminal
    on its standard input with echo switched off, as at a console.
    """
    master, slave = os.openpty()
    process = subprocess.Popen(
        command, stdin=slave, stdout=slave, stderr=slave, env=_env(), cwd=ROOT,
        start_new_session=True,
    )  # fmt: skip
    os.close(slave)
    output, pending, deadline = b"", list(answers), time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 1.0)
            if not ready:
                if process.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 4096)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            output += chunk
            if pending and output.rstrip().endswith(pending[0][0].rstrip().encode()):
                os.write(master, pending.pop(0)[1].encode() + b"\n")
        code = process.wait(timeout=60)
    finally:
        os.close(master)
        if process.poll() is None:
            process.kill()
    assert not pending, (pending, output.decode(errors="replace"))
    return code, output.decode("utf-8", errors="replace")


def from_stdin(command: list[str], stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, input=stdin, capture_output=True, text=True, env=_env(), cwd=ROOT, timeout=120
    )


ACCOUNT = "Identifiant (laissez vide pour la clé de secours) :"


def test_at_a_terminal_an_account_and_its_password_not_echoed(encrypted: Folder) -> None:
    before = encrypted.digest()
    code, output = at_terminal(
        _command(encrypted.paths, "check"),
        [(ACCOUNT, "i.moreau"), ("Mot de passe :", DIRECTOR_PASSWORD)],
    )
    assert code == 0, output
    assert SOUND in output
    assert "i.moreau" in output  # the identifier is echoed as typed
    assert DIRECTOR_PASSWORD not in output  # the password never is
    assert encrypted.digest() == before  # the check reads only


def test_at_a_terminal_an_empty_identifier_asks_the_recovery_key(encrypted: Folder) -> None:
    code, output = at_terminal(
        _command(encrypted.paths, "check"),
        [(ACCOUNT, ""), ("Clé de secours :", encrypted.recovery_key)],
    )
    assert code == 0, output
    assert SOUND in output
    assert encrypted.recovery_key not in output


def test_a_wrong_password_is_refused_in_french_and_counted(encrypted: Folder) -> None:
    before = encrypted.digest()
    code, output = at_terminal(
        _command(encrypted.paths, "check"),
        [(ACCOUNT, "i.moreau"), ("Mot de passe :", "pas-le-bon-2026")],
    )
    assert code == 1
    assert "Connexion refusée : Identifiant ou mot de passe incorrect. Rien n'a été fait." in output
    assert SOUND not in output
    assert not any(word in output.lower() for word in DRIVER_WORDS), output
    assert encrypted.digest() == before
    # Counted towards the lock-out, as a wrong password at the window's encrypted log-in.
    assert early_attempts.failures(encrypted.paths.db_path, encrypted.director_id) == 1


def test_a_scheduled_check_reads_the_secret_on_standard_input(encrypted: Folder) -> None:
    check = _command(encrypted.paths, "check", "--utilisateur", "i.moreau", "--mot-de-passe-stdin")
    done = from_stdin(check, f"{DIRECTOR_PASSWORD}\n")
    assert done.returncode == 0, done.stderr
    assert SOUND in done.stdout
    wrong = from_stdin(check, "pas-le-bon-2026\n")
    assert wrong.returncode == 1
    assert "Identifiant ou mot de passe incorrect" in wrong.stderr
    by_key = _command(encrypted.paths, "check", "--cle-de-secours", "--mot-de-passe-stdin")
    assert from_stdin(by_key, f"{encrypted.recovery_key}\n").returncode == 0
    bad_key = from_stdin(by_key, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH\n")
    assert bad_key.returncode == 1
    assert "Connexion refusée : Clé de secours incorrecte" in bad_key.stderr
    for refused in (wrong, bad_key):
        assert not any(word in refused.stderr.lower() for word in DRIVER_WORDS), refused.stderr


def test_without_an_account_a_scheduled_check_says_what_to_give(encrypted: Folder) -> None:
    done = from_stdin(_command(encrypted.paths, "check"), "")
    assert done.returncode == 1
    assert (
        "Connexion requise pour vérifier des données chiffrées : indiquez votre identifiant "
        "avec --utilisateur IDENTIFIANT, ou --cle-de-secours." in done.stderr
    )


def test_a_missing_key_file_is_said_before_anything_is_asked(encrypted: Folder) -> None:
    keys.key_file_path(encrypted.paths).unlink()
    code, output = at_terminal(_command(encrypted.paths, "check"), [])
    assert code == 1
    assert "Fichier de clés absent" in output
    assert "Identifiant" not in output and "Mot de passe" not in output
    assert not any(word in output.lower() for word in DRIVER_WORDS), output
