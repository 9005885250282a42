"""Random damage (issue 23, point 4): whatever bytes are broken in the data file or in a
backup, the start-up check, ``chantier check`` and ``chantier restore`` report it in French
without crashing, the start-up offers the newest sound backup, and every sound backup can be
restored."""

from __future__ import annotations

import contextlib
import io
import random
import shutil
import sqlite3
import traceback
from pathlib import Path

import pytest
from safety_helpers import hire

from chantier_app.cli import main
from chantier_app.db.backup import backup_name, copy_database, inspect_backup
from chantier_app.db.check import check_database
from chantier_app.domain.errors import AppError
from chantier_app.paths import AppPaths, resolve_paths
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.safety import backups
from chantier_app.services.safety.bootstrap import (
    DamagedDataError,
    file_problems,
    open_data,
    take_writer_lock,
)

SEEDS = 200
ERR = io.StringIO()
NOT_UTF8 = bytes(range(0x80, 0x100))  # no valid UTF-8 sequence starts with these alone


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """A small data folder: 3 hires in the older backup, 5 in the newer, 6 in the file."""
    paths = resolve_paths(str(tmp_path_factory.mktemp("damage") / "data"))
    ctx = AppContext(open_data(paths).database, Actor.system(), paths)
    made = []
    for count, reason in ((3, "ancienne"), (5, "recente")):
        while _people(ctx) < count:
            ctx.run(hire, _people(ctx))
        target = paths.backups_dir / backup_name(reason)
        made.append(copy_database(paths.db_path, target))
    ctx.run(hire, 99)
    ctx.database.dispose()  # the last connection checkpoints: no WAL beside the file
    assert not paths.db_path.with_name(paths.db_path.name + "-wal").exists()
    return paths.data_dir, made[0], made[1]


def _people(ctx: AppContext) -> int:
    with contextlib.closing(sqlite3.connect(ctx.paths.db_path)) as conn:
        return int(conn.execute("SELECT count(*) FROM person").fetchone()[0])


def _damage(path: Path, rng: random.Random) -> None:
    """Break random bytes: scattered bytes, a run of bytes that are not UTF-8, or the
    schema's text on the first page (the integrity report quotes names from there)."""
    data = bytearray(path.read_bytes())
    kind = rng.choice(("scattered", "run", "schema"))
    if kind == "scattered":
        for _ in range(rng.randint(1, 40)):
            data[rng.randrange(len(data))] = rng.randrange(256)
    else:
        start = rng.randrange(100, 4096) if kind == "schema" else rng.randrange(len(data))
        length = rng.randint(4, 600)
        for offset in range(start, min(start + length, len(data))):
            data[offset] = rng.choice(NOT_UTF8) if rng.random() < 0.7 else rng.randrange(256)
    path.write_bytes(bytes(data))


def _cli(data_dir: Path, *args: str) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(ERR):
        return main(["--data-dir", str(data_dir), *args])


def _one_seed(seed: int, template: tuple[Path, Path, Path], root: Path) -> list[str]:
    """Damage a copy; return what went wrong (an empty list: every path held)."""
    rng = random.Random(seed)
    data_dir = root / f"seed{seed}"
    shutil.copytree(template[0], data_dir)
    paths = resolve_paths(str(data_dir))
    older = paths.backups_dir / template[1].name
    newer = paths.backups_dir / template[2].name
    _damage(paths.db_path, rng)
    newer_damaged = seed % 3 == 0
    if newer_damaged:
        _damage(newer, rng)
    wrong: list[str] = []
    sound = [b for b in (newer, older) if check_database(b).ok]
    if older not in sound:
        wrong.append("the untouched older backup fails its check")
    # The start-up: the quick check, then the offer of the newest sound backup.
    file_problems(paths)
    try:
        open_data(paths).database.dispose()
    except DamagedDataError as damaged:
        offered = damaged.good_backup
        if offered is None or offered.path != sound[0]:
            wrong.append(f"start-up offers {offered and offered.path.name}, not {sound[0].name}")
    except AppError:
        pass  # a French message: reported, not a crash
    if _cli(data_dir, "check") not in (0, 1):
        wrong.append("chantier check: unexpected exit code")
    if newer_damaged and newer not in sound and _cli(data_dir, "restore", str(newer), "--oui") != 1:
        wrong.append("a damaged backup was not refused")
    for backup, people in ((newer, 5), (older, 3)):
        if backup not in sound:
            continue
        if not inspect_backup(backup).restorable:
            wrong.append(f"{backup.name} sound but not restorable")
        elif not _restored(paths, backup):
            wrong.append(f"{backup.name} sound but its restore failed")
        elif not check_database(paths.db_path).ok or _restored_people(paths) != people:
            wrong.append(f"{backup.name} restored wrong")
    shutil.rmtree(data_dir)
    return wrong


def _restored(paths: AppPaths, backup: Path) -> bool:
    """``chantier restore`` over a damaged file (no account to log in with: « Système »);
    over sound data (the previous restore's), the service the command calls once logged in."""
    if file_problems(paths):
        return _cli(paths.data_dir, "restore", str(backup), "--oui") == 0
    with take_writer_lock(paths):
        backups.restore(paths, backup, Actor.system())
    return True


def _restored_people(paths: AppPaths) -> int:
    with contextlib.closing(sqlite3.connect(paths.db_path)) as conn:
        return int(conn.execute("SELECT count(*) FROM person").fetchone()[0])


@pytest.mark.slow
def test_random_damage_never_crashes_and_sound_backups_stay_restorable(
    template: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    failures: dict[int, list[str]] = {}
    for seed in range(SEEDS):
        try:
            wrong = _one_seed(seed, template, tmp_path)
        except Exception:  # a crash: what the user would see as « Erreur inattendue »
            wrong = [traceback.format_exc(limit=-3)]
        if wrong:
            failures[seed] = wrong
    assert not failures, f"{len(failures)} of {SEEDS} seeds failed: {failures}"
