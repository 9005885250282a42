"""SIGKILL while the backups are being anonymised: after every kill each backup of
``backups/`` is either the old one, byte for byte, or the anonymised one (nothing of her,
the others' rows as they were), and passes integrity_check; the working copy a kill leaves
is removed as a leftover (issue 16, point 3)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from chantier_app.db import models as m
from chantier_app.db.check import integrity_ok
from chantier_app.services.safety import backups
from chantier_app.services.safety.leftovers import remove_leftovers
from tests.services.privacy.test_anonymisation_backups import _backup_twice, _others
from tests.services.privacy.test_anonymisation_trail import _hits
from tests.services.retention_factory import former_employee

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("anonymise_child.py")
KILLS = 22


def _start(data_dir: Path, person_id: int, created_at: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(CHILD), str(data_dir), str(person_id), created_at],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def _restore(pristine: dict[Path, bytes]) -> None:
    for path, raw in pristine.items():
        if path.read_bytes() != raw:
            path.write_bytes(raw)


@pytest.mark.slow
@pytest.mark.sqlite_only(reason="kills a rewrite of SQLite backup files")
def test_killed_anonymisation_leaves_each_backup_old_or_anonymised(demo_ctx) -> None:
    with demo_ctx.database.transaction() as session:
        former = former_employee(session, demo_ctx.actor)
        created_at = session.get(m.Person, former).created_at.isoformat()
    made = _backup_twice(demo_ctx)
    with demo_ctx.database.transaction() as session:  # a third, different backup
        session.get(m.Person, former).notes = "troisième sauvegarde"
    made.append(backups.backup_now(demo_ctx))
    assert len(set(made)) == 3
    demo_ctx.database.dispose()
    pristine = {p: p.read_bytes() for p in made}
    others = {p: _others(p, former) for p in made}
    data_dir = demo_ctx.paths.data_dir

    # One whole run, to spread the kills over the rewrite whatever the machine's speed.
    child = _start(data_dir, former, created_at)
    assert child.stdout is not None and child.stdout.readline() == "ready\n"
    started = time.monotonic()
    out, err = child.communicate(timeout=120)
    whole = time.monotonic() - started
    assert out.startswith("done 3 0"), err
    assert _hits(made) == []
    rng = random.Random(16)
    mixed = 0
    for kill in range(KILLS):
        _restore(pristine)
        child = _start(data_dir, former, created_at)
        assert child.stdout is not None
        first = child.stdout.readline()
        assert first == "ready\n", child.stderr.read() if child.stderr else first
        time.sleep(rng.uniform(0.0, whole))
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=30)
        states = []
        for path in made:
            assert integrity_ok(path), (kill, path.name)
            if path.read_bytes() == pristine[path]:
                states.append("old")
            else:
                assert _hits([path]) == [], (kill, path.name)
                assert _others(path, former) == others[path], (kill, path.name)
                states.append("new")
        mixed += len(set(states)) > 1
        remove_leftovers(demo_ctx.paths)
        assert [p.name for p in made[0].parent.iterdir() if ".part" in p.name] == []
    assert mixed > 0  # some kills did land between two backups' rewrites
