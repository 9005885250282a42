"""Encryption's cost: each figure on an encrypted copy of the data against the clear copy.

    PYTHONPATH=. python bench/run.py --chiffre      # or: python bench/encrypted.py

Two private copies of the same data, one clear, one encrypted as Paramètres → Chiffrement
leaves it (key file, SQLCipher file under a random data key, an account's slot). Each
figure is measured on both, side by side, in alternating rounds, and reported with its
ratio encrypted / clear: the hours grid saved, a person's file opened, the yearly report,
the start-up to the dashboard (whole processes). The encrypted start-up also gives the
log-in window's time against a bare PySide6 window (budget 3.5x) and the dashboard's
after the password is typed (budget 1 s): ``encrypted_start.py`` types it.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

from bench.common import OUT, ROOT, Figure, median, merge_rounds, private_copy

LOGIN, PASSWORD = "bench.direction", "Canal-Ourcq-Bench-2026"
ROUNDS = 3


def encrypted_copy(clear: Path, target: Path) -> None:
    """``target``: the data of ``clear`` encrypted, with a slot for LOGIN (a director)."""
    import shutil

    import sqlalchemy as sa

    from chantier_app.db import cipher
    from chantier_app.db import models as m
    from chantier_app.domain.codes.staff_codes import Role
    from chantier_app.paths import resolve_paths
    from chantier_app.services.safety import _key_slots, keys
    from chantier_app.services.safety.bootstrap import open_data
    from chantier_app.services.structure.accounts import hash_password

    if target.exists():
        shutil.rmtree(target)
    paths = resolve_paths(target)
    keys.create_keys(paths)
    key = cipher.folder_key(paths.data_dir)
    assert key is not None
    cipher.encrypted_copy(clear / "chantier.sqlite3", paths.db_path, key)
    database = open_data(paths).database
    try:
        with database.transaction() as session:
            staff = session.scalars(
                sa.select(m.Staff).where(m.Staff.role == Role.DIRECTION, m.Staff.active)
            ).first()
            assert staff is not None, "no director in the benchmark data"
            staff.login = LOGIN
            staff.password_hash = hash_password(PASSWORD)
            staff.must_change_password = False
            _not_a_demo(session)
            session.flush()
            _key_slots.set_account_slot(session, staff.id, LOGIN, PASSWORD)
    finally:
        database.dispose()
    _same_account(clear)


def _same_account(clear: Path) -> None:
    """The clear copy's director logs in with the same password (the same start path)."""
    import sqlalchemy as sa

    from chantier_app.db import models as m
    from chantier_app.domain.codes.staff_codes import Role
    from chantier_app.paths import resolve_paths
    from chantier_app.services.safety.bootstrap import open_data
    from chantier_app.services.structure.accounts import hash_password

    database = open_data(resolve_paths(clear)).database
    try:
        with database.transaction() as session:
            staff = session.scalars(
                sa.select(m.Staff).where(m.Staff.role == Role.DIRECTION, m.Staff.active)
            ).first()
            assert staff is not None
            staff.login = LOGIN
            staff.password_hash = hash_password(PASSWORD)
            staff.must_change_password = False
            _not_a_demo(session)
    finally:
        database.dispose()


def _not_a_demo(session) -> None:  # type: ignore[no-untyped-def]
    """A real structure's start: its log-in first (the demo's opens at once, in clear only)."""
    import sqlalchemy as sa

    from chantier_app.db import models as m

    for structure in session.scalars(sa.select(m.Structure)):
        structure.is_demo = False


def _lines(command: list[str], env: dict[str, str]) -> dict[str, float]:
    """Seconds from the launch to each marker line the process prints (READY, LOGIN_SHOWN…)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT
    )
    assert process.stdout is not None
    seen: dict[str, float] = {}
    for line in process.stdout:
        word = line.strip()
        if word.isupper() and word.replace("_", "").isalpha():
            seen.setdefault(word, time.perf_counter() - started)
    process.wait()
    if "READY" not in seen:
        error = process.stderr.read() if process.stderr else ""
        raise RuntimeError(f"{command}: no READY line\n{error[-3000:]}")
    return seen


def startup(clear: Path, sealed: Path, repeats: int) -> list[Figure]:
    """Whole processes, alternating: the clear app, the encrypted app, a bare window."""
    from bench.startup import display

    child = str(ROOT / "bench" / "encrypted_start.py")
    bare = [sys.executable, str(ROOT / "bench" / "bare_window.py")]
    with display() as env:
        env = {**env, "CHANTIER_QUIT_WHEN_READY": "1", "PYTHONPATH": str(ROOT),
               "BENCH_LOGIN": LOGIN, "BENCH_PASSWORD": PASSWORD}  # fmt: skip
        for folder in (clear, sealed):  # warm the file cache
            _lines([sys.executable, child, str(folder)], env)
        clears, seals, shown, after, after_clear, bares = [], [], [], [], [], []
        for _ in range(repeats):
            # The start-up without the typing time (the same for both).
            lines = _lines([sys.executable, child, str(clear)], env)
            clears.append(lines["READY"] - (lines["TYPED"] - lines["LOGIN_SHOWN"]))
            after_clear.append(lines["READY"] - lines["TYPED"])
            lines = _lines([sys.executable, child, str(sealed)], env)
            seals.append(lines["READY"] - (lines["TYPED"] - lines["LOGIN_SHOWN"]))
            shown.append(lines["LOGIN_SHOWN"])
            after.append(lines["READY"] - lines["TYPED"])
            bares.append(_lines(bare, env)["READY"])
    login_ratio = median(shown) / median(bares)
    dashboard = median(after)
    return [
        Figure("enc_startup_clear", "Démarrage jusqu'au tableau de bord, en clair (hors frappe)",
               median(clears), "s", samples=clears),
        Figure("enc_startup", "Démarrage jusqu'au tableau de bord, chiffré (hors frappe)",
               median(seals), "s", samples=seals),
        Figure("enc_startup_ratio", "Démarrage jusqu'au tableau de bord : chiffré / en clair",
               median(seals) / median(clears), "x"),
        Figure("enc_dashboard_clear", "Tableau de bord affiché après le mot de passe (en clair)",
               median(after_clear), "s", samples=after_clear),
        Figure("enc_dashboard_ratio", "Tableau de bord après le mot de passe : chiffré / en clair",
               dashboard / median(after_clear), "x"),
        Figure("enc_login_shown", "Fenêtre de connexion des données chiffrées affichée",
               median(shown), "s", samples=shown),
        Figure("enc_bare", "Fenêtre PySide6 nue affichée (plancher)", median(bares), "s",
               samples=bares),
        Figure("enc_login_ratio", "Fenêtre de connexion chiffrée / fenêtre nue", login_ratio, "x",
               "<= 3.5x", login_ratio <= 3.5),
        Figure("enc_dashboard", "Tableau de bord affiché après le mot de passe (chiffré)",
               dashboard, "s", "<= 1 s", dashboard <= 1.0, samples=after),
    ]  # fmt: skip


def _context(folder: Path):  # type: ignore[no-untyped-def]
    from chantier_app.paths import resolve_paths
    from chantier_app.services.context import AppContext
    from chantier_app.services.safety.bootstrap import open_data
    from chantier_app.services.structure.accounts import startup_actor

    paths = resolve_paths(folder)
    database = open_data(paths).database
    return AppContext(database, startup_actor(database), paths)


def screens_and_report(clear: Path, sealed: Path, today: dt.date, repeats: int) -> list[Figure]:
    """The hours grid saved, a person's file, the yearly report: both copies, alternating."""
    from bench import documents, screens
    from bench.run import _files_to_open

    screens.app()
    contexts = {"clear": _context(clear), "sealed": _context(sealed)}
    files = _files_to_open(contexts["clear"], 12)
    month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    rounds: dict[str, list[list[Figure]]] = {"clear": [], "sealed": []}
    for _ in range(ROUNDS):
        for name, ctx in contexts.items():
            found = screens.person_file(ctx, files)
            found += screens.hours_grid(ctx, month, max(2, repeats // ROUNDS))
            found += documents.yearly_report(ctx, today.year - 1, today, max(1, repeats // ROUNDS))
            rounds[name].append(found)
    for ctx in contexts.values():
        ctx.database.dispose()
    clear_figures = {f.key: f for f in merge_rounds(rounds["clear"])}
    sealed_figures = {f.key: f for f in merge_rounds(rounds["sealed"])}
    figures: list[Figure] = []
    for key, sealed_figure in sealed_figures.items():
        clear_figure = clear_figures[key]
        if sealed_figure.value is None or not clear_figure.value:
            continue
        ratio = sealed_figure.value / clear_figure.value
        figures += [
            Figure(f"{key}_clear", f"{clear_figure.label} (en clair)", clear_figure.value,
                   clear_figure.unit, samples=clear_figure.samples),
            Figure(f"{key}_sealed", f"{sealed_figure.label} (chiffré)", sealed_figure.value,
                   sealed_figure.unit, sealed_figure.budget, sealed_figure.passed,
                   samples=sealed_figure.samples),
            Figure(f"{key}_ratio", f"{clear_figure.label} : chiffré / en clair", ratio, "x"),
        ]  # fmt: skip
    return figures


def measure(data_dir: Path, today: dt.date, repeats: int) -> list[Figure]:
    clear = private_copy(data_dir, OUT / "run-copy")
    sealed = OUT / "run-copy-chiffre"
    encrypted_copy(clear, sealed)
    figures = startup(clear, sealed, max(repeats, 5))
    return figures + screens_and_report(clear, sealed, today, repeats)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    from bench.run import main

    sys.stdout.flush()
    os._exit(main(["--chiffre", *sys.argv[1:]]))
