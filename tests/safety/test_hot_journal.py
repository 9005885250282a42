"""A crash in rollback-journal mode leaves a hot journal (issue 23, point 5): the next start
and ``chantier check`` roll it back and find the file sound, with the committed data; they
never call it damaged. Real SIGKILLs of a process writing to a file in DELETE mode (what a
restored backup, or a file being migrated, is)."""

from __future__ import annotations

import contextlib
import io
import random
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing

import pytest
from safety_helpers import hire

from chantier_app.cli import main
from chantier_app.paths import AppPaths
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.safety.bootstrap import open_data, open_data_quickly

KILLS = 12
WRITER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA cache_size=2")  # pages spill into the file before the commit
print("writing", flush=True)
while True:
    conn.execute("BEGIN")
    for i in range(200):
        conn.execute("UPDATE person SET notes = ? WHERE id = 1", ("x" * 3000 + str(i),))
        conn.execute("INSERT INTO audit_entry (at, action, entity, summary) "
                     "VALUES ('2026-01-01', 'crash', 'test', ?)", ("z" * 2000,))
    conn.execute("ROLLBACK")  # never committed: only the journal can undo what spilled
"""


def _delete_mode(app_paths: AppPaths) -> None:
    with closing(sqlite3.connect(app_paths.db_path)) as conn:
        assert conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0] == "delete"


def _kill_while_writing(app_paths: AppPaths, rng: random.Random) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(app_paths.db_path)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None and child.stdout.readline() == "writing\n"
    time.sleep(rng.uniform(0.05, 0.6))
    child.send_signal(signal.SIGKILL)
    child.wait()


def _state(app_paths: AppPaths) -> tuple[int, int]:
    with closing(sqlite3.connect(app_paths.db_path)) as conn:
        people = conn.execute("SELECT count(*) FROM person").fetchone()[0]
        crashes = conn.execute("SELECT count(*) FROM audit_entry WHERE action='crash'").fetchone()
        return int(people), int(crashes[0])


@pytest.mark.slow
def test_a_hot_journal_is_rolled_back_not_called_damage(app_paths: AppPaths) -> None:
    ctx = AppContext(open_data(app_paths).database, Actor.system(), app_paths)
    for n in range(3):
        ctx.run(hire, n)
    ctx.database.dispose()
    rng = random.Random(5)
    hot = 0
    journal = app_paths.db_path.with_name(app_paths.db_path.name + "-journal")
    for kill in range(KILLS):
        _delete_mode(app_paths)
        _kill_while_writing(app_paths, rng)
        hot += journal.exists() and journal.stat().st_size > 0
        opening = kill % 3
        if opening == 0:  # chantier check
            with contextlib.redirect_stdout(io.StringIO()) as out:
                assert main(["--data-dir", str(app_paths.data_dir), "check"]) == 0, kill
            assert "intacte" in out.getvalue()
        elif opening == 1:  # the window's start-up
            opened = open_data_quickly(app_paths) or open_data(app_paths)
            if opened.check is not None:
                assert opened.check.wait() == [], kill
            opened.database.dispose()
        else:  # the command line's opening
            open_data(app_paths).database.dispose()
        assert _state(app_paths) == (3, 0), kill  # the committed data, nothing half-written
    print(f"{KILLS} kills in rollback-journal mode, {hot} hot journals, all rolled back")
    assert hot >= KILLS // 2  # the kills did leave hot journals
