"""One writer per data folder: who holds it is said, a crashed holder's lock is taken over,
another computer's lock never silently."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from chantier_app.services.safety import lock
from chantier_app.services.safety.lock import LockHeldError, LockOwner, acquire, read_owner

ROOT = Path(__file__).resolve().parents[2]


def _write_lock(path: Path, **fields: object) -> None:
    me = LockOwner.current()
    data = {"host": me.host, "pid": me.pid, "started": me.started, "user": "marie", **fields}
    path.write_text(json.dumps(data), encoding="utf-8")


def test_lock_names_its_holder_and_is_released(tmp_path: Path) -> None:
    path = tmp_path / "chantier.lock"
    with acquire(path) as held:
        owner = read_owner(path)
        assert owner == held.owner
        assert owner is not None and owner.pid == os.getpid()
        assert owner.started > 0
        assert sorted(p.name for p in tmp_path.iterdir()) == ["chantier.lock"]  # no temp left
        with pytest.raises(LockHeldError) as raised:
            acquire(path)  # the same folder opened a second time: refused
        assert raised.value.same_host
    assert not path.exists()


def test_release_leaves_a_lock_taken_over_by_someone_else(tmp_path: Path) -> None:
    path = tmp_path / "chantier.lock"
    held = acquire(path)
    _write_lock(path, host="AUTRE-POSTE", pid=4242)
    held.release()
    assert read_owner(path) is not None and read_owner(path).host == "AUTRE-POSTE"  # type: ignore[union-attr]


def test_lock_of_a_dead_process_is_stale_and_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "chantier.lock"
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    _write_lock(path, pid=child.pid, started=time.time() - 60)
    with acquire(path) as held:
        assert held.owner.pid == os.getpid()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_reused_process_number_is_not_mistaken_for_the_holder(tmp_path: Path) -> None:
    path = tmp_path / "chantier.lock"
    # Our own process number, but a start time that is not ours: the holder is gone.
    _write_lock(path, pid=os.getpid(), started=LockOwner.current().started - 3600)
    with acquire(path) as held:
        assert held.owner == LockOwner.current()


def test_lock_of_a_live_process_is_respected(tmp_path: Path) -> None:
    path = tmp_path / "chantier.lock"
    code = (
        "import sys, time; from pathlib import Path; from chantier_app.services.safety.lock import acquire;"
        "l = acquire(Path(sys.argv[1])); print('ok', flush=True); time.sleep(60)"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", code, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert child.stdout is not None and child.stdout.readline() == "ok\n"
        with pytest.raises(LockHeldError) as raised:
            acquire(path)
        assert raised.value.owner is not None and raised.value.owner.pid == child.pid
        assert "le poste « " in raised.value.message
        assert ", depuis " in raised.value.message
        child.terminate()  # killed without running its exit handlers: the lock stays...
        child.wait(timeout=30)
        assert read_owner(path) == raised.value.owner
    finally:
        child.kill()
    with acquire(path) as held:  # ...and is stale: taken over
        assert held.owner.pid == os.getpid()


def test_another_computer_is_never_taken_over_silently(tmp_path: Path) -> None:
    path = tmp_path / "chantier.lock"
    _write_lock(path, host="PC-ACCUEIL", pid=1, started=1.0)
    with pytest.raises(LockHeldError) as raised:
        acquire(path)
    assert not raised.value.same_host
    assert "le poste « PC-ACCUEIL »" in raised.value.message and "marie" in raised.value.message
    assert read_owner(path).host == "PC-ACCUEIL"  # type: ignore[union-attr]
    with acquire(path, force=True) as held:  # after the user confirmed
        assert read_owner(path) == held.owner


def test_unreadable_lock_is_not_taken_without_asking(tmp_path: Path) -> None:
    path = tmp_path / "chantier.lock"
    path.write_bytes(b"\xff\xfe garbage")
    with pytest.raises(LockHeldError, match="inconnu"):
        acquire(path)
    with acquire(path, force=True):
        pass


def test_file_systems_without_hard_links_still_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A USB key in FAT has no hard links: the lock falls back to an exclusive create."""
    import errno

    def no_links(*_args: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    path = tmp_path / "chantier.lock"
    with acquire(path):
        assert read_owner(path) == LockOwner.current()
        with pytest.raises(LockHeldError):
            acquire(path)


def test_two_processes_racing_for_a_stale_lock_one_wins(tmp_path: Path) -> None:
    path = tmp_path / "chantier.lock"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    _write_lock(path, pid=dead.pid, started=1.0)
    code = (
        "import sys, time; from pathlib import Path; from chantier_app.services.safety.lock import acquire,"
        " LockHeldError\n"
        "try:\n    l = acquire(Path(sys.argv[1])); print('won', flush=True); time.sleep(3)\n"
        "except LockHeldError:\n    print('lost', flush=True)\n"
    )
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(path)],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        for _ in range(4)
    ]
    results = sorted(r.communicate(timeout=60)[0].strip() for r in racers)
    assert results == ["lost", "lost", "lost", "won"]


def test_hostname_comparison_ignores_case(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lock, "_hostname", lambda: "pc-bureau")
    assert LockOwner("PC-BUREAU", 1, 1.0).same_host


def test_the_holder_is_named_once_logged_in(tmp_path: Path) -> None:
    path = tmp_path / "chantier.lock"
    with acquire(path) as held:
        held.name_holder("Sophie Lacroix")
        owner = read_owner(path)
        assert owner == held.owner and owner.staff == "Sophie Lacroix"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["chantier.lock"]
        with pytest.raises(LockHeldError, match="par Sophie Lacroix sur le poste « "):
            acquire(path)
    assert not path.exists()  # released though its text changed


def test_a_lock_taken_over_by_someone_else_is_not_renamed(tmp_path: Path) -> None:
    path = tmp_path / "chantier.lock"
    held = acquire(path)
    _write_lock(path, host="AUTRE-POSTE", pid=4242)
    held.name_holder("Sophie Lacroix")
    assert read_owner(path).host == "AUTRE-POSTE"  # type: ignore[union-attr]
    assert read_owner(path).staff == ""  # type: ignore[union-attr]
    held.release()


def test_another_computer_that_went_silent_is_said_so(tmp_path: Path) -> None:
    """Issue 23, point 3: another computer's process cannot be looked at; its heartbeat
    can. A lock untouched for an hour is most likely a crash, and the message says so;
    taking it over still needs the user's confirmation (``force``)."""
    path = tmp_path / "chantier.lock"
    _write_lock(path, host="PC-ACCUEIL", pid=1, started=1.0, staff="Sophie Lacroix")
    hour_ago = time.time() - 3600
    os.utime(path, (hour_ago, hour_ago))
    with pytest.raises(LockHeldError) as raised:
        acquire(path)
    assert raised.value.silent
    moment = time.localtime(hour_ago)
    today = time.strftime("%d/%m/%Y") == time.strftime("%d/%m/%Y", moment)
    when = time.strftime("%H:%M" if today else "le %d/%m/%Y à %H:%M", moment)
    assert raised.value.message.endswith(
        f"Ce poste ne donne plus signe de vie depuis {when} : l'application s'y est sans "
        "doute arrêtée brutalement (plantage, poste éteint)."
    )
    os.utime(path)  # its application touched the lock just now: alive
    with pytest.raises(LockHeldError) as raised:
        acquire(path)
    assert not raised.value.silent
    assert "Dernier signe de vie de ce poste à " in raised.value.message
    assert read_owner(path).host == "PC-ACCUEIL"  # type: ignore[union-attr]  # never taken


def test_touch_refreshes_only_its_own_lock(tmp_path: Path) -> None:
    path = tmp_path / "chantier.lock"
    hour_ago = time.time() - 3600
    with acquire(path) as held:
        os.utime(path, (hour_ago, hour_ago))
        held.touch()
        assert path.stat().st_mtime > time.time() - 60
        _write_lock(path, host="AUTRE-POSTE", pid=4242)  # taken over meanwhile
        os.utime(path, (hour_ago, hour_ago))
        held.touch()
        assert path.stat().st_mtime == pytest.approx(hour_ago)  # not ours: left alone


def test_the_holder_s_start_is_the_one_psutil_reads_without_loading_it(tmp_path: Path) -> None:
    """The lock's own start time is read from /proc where Linux has it (issue 22: psutil's
    import was 16 ms of every start-up); another instance compares it with psutil's reading
    of that process, within 2 s: they must agree."""
    import psutil

    path = tmp_path / "chantier.lock"
    code = (
        "import sys, time; from pathlib import Path; from chantier_app.services.safety.lock "
        "import acquire; l = acquire(Path(sys.argv[1])); "
        "print('psutil' in sys.modules, flush=True); time.sleep(60)"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", code, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert child.stdout is not None
        loaded = child.stdout.readline().strip()
        owner = read_owner(path)
        assert owner is not None and owner.pid == child.pid
        assert abs(owner.started - psutil.Process(child.pid).create_time()) < 0.05
        assert loaded == ("False" if sys.platform.startswith("linux") else "True")
    finally:
        child.kill()
        child.wait(timeout=30)
