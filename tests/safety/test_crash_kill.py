"""SIGKILL at random moments while a child process saves: nothing returned is lost, nothing
half-done is visible, and the file passes integrity_check after every kill; on a clear folder
and on an encrypted one (SQLCipher: its key file, the child given the raw data key), whose
file then opens again with the recovery key."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from safety_helpers import hire_counts

from chantier_app.db import cipher
from chantier_app.db.check import check_database
from chantier_app.paths import AppPaths
from chantier_app.services.safety import keys
from chantier_app.services.safety.bootstrap import open_data

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("crash_child.py")
KILLS = {"clear": 50, "encrypted": 30}  # each SQLCipher child also pays its key's set-up


@pytest.fixture(autouse=True)
def _no_key_left() -> Iterator[None]:
    cipher.forget_keys()
    yield
    cipher.forget_keys()


def _start(app_paths: AppPaths, first: int, key: bytes | None) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("CRASH_DATA_KEY", None)
    if key is not None:
        env["CRASH_DATA_KEY"] = key.hex()  # as a log-in leaves it: the data key unlocked
    return subprocess.Popen(
        [sys.executable, str(CHILD), str(app_paths.data_dir), str(first)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["clear", "encrypted"])
def test_killed_writer_loses_nothing_that_returned(app_paths: AppPaths, mode: str) -> None:
    recovery = keys.create_keys(app_paths) if mode == "encrypted" else None
    key = cipher.folder_key(app_paths.data_dir)
    open_data(app_paths).database.dispose()
    assert keys.is_encrypted_file(app_paths.db_path) is (mode == "encrypted")
    rng = random.Random(8)
    returned: set[int] = set()
    next_n = 0
    for kill in range(KILLS[mode]):
        child = _start(app_paths, next_n, key)
        assert child.stdout is not None
        first = child.stdout.readline()
        assert first == "ready\n", child.stderr.read() if child.stderr else first
        # Let it save a random number of hires (0 to 3, whatever the machine's speed), then
        # a random while more: kills land before, during and after commits.
        early = [child.stdout.readline() for _ in range(rng.randint(0, 3))]
        time.sleep(rng.uniform(0.0, 0.05))
        child.send_signal(signal.SIGKILL)
        out, _err = child.communicate(timeout=30)
        assert child.returncode == -signal.SIGKILL
        printed = {int(line) for line in "".join(early).split() + out.split()}
        returned |= printed
        next_n += 10_000  # fresh PASS numbers for the next child

        report = check_database(app_paths.db_path, thorough=True)
        assert report.ok, (kill, report.problems)
        counts = hire_counts(app_paths.db_path)
        # Every hire is whole: one diagnosis with three criteria, one PASS, and the audit
        # line of each.
        assert counts["orphans"] == 0
        assert counts["diagnosis"] == counts["pass"] == counts["audit"] == counts["person"]
        assert counts["audit_diagnosis"] == counts["audit_pass"] == counts["person"]
        assert counts["criteria"] == 3 * counts["person"]
        # Every hire whose id was printed (after its commit) is there; at most one more per
        # kill: committed, killed before it could print.
        present = _ids(app_paths.db_path)
        assert returned <= present, (kill, sorted(returned - present)[:5])
        assert len(present) - len(returned) <= kill + 1
    assert len(returned) > KILLS[mode]  # the kills did land in the middle of real work
    if recovery is not None:
        # A new start after the last kill: nothing unlocked, the printed recovery key opens
        # the file, still encrypted, whole, with every hire that returned.
        cipher.forget_keys()
        with pytest.raises(cipher.EncryptedDataError):
            open_data(app_paths)
        keys.unlock_with_recovery_key(app_paths, recovery)
        assert check_database(app_paths.db_path, thorough=True).ok
        assert keys.is_encrypted_file(app_paths.db_path)
        open_data(app_paths).database.dispose()
        assert returned <= _ids(app_paths.db_path)


def _ids(path: Path) -> set[int]:
    with closing(cipher.connect(path)) as conn:
        return {r[0] for r in conn.execute("SELECT id FROM person WHERE usage_name LIKE 'CRASH%'")}
