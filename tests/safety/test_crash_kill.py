"""SIGKILL at random moments while a child process saves: nothing returned is lost, nothing
half-done is visible, and the file passes integrity_check after every kill."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from safety_helpers import hire_counts

from chantier_app.db.check import check_database
from chantier_app.paths import AppPaths
from chantier_app.services.safety.bootstrap import open_data

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("crash_child.py")
KILLS = 50


def _start(app_paths: AppPaths, first: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(CHILD), str(app_paths.data_dir), str(first)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


@pytest.mark.slow
def test_killed_writer_loses_nothing_that_returned(app_paths: AppPaths) -> None:
    open_data(app_paths).database.dispose()
    rng = random.Random(8)
    returned: set[int] = set()
    next_n = 0
    for kill in range(KILLS):
        child = _start(app_paths, next_n)
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
    assert len(returned) > KILLS  # the kills did land in the middle of real work


def _ids(path: Path) -> set[int]:
    import sqlite3

    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT id FROM person WHERE usage_name LIKE 'CRASH%'")}
