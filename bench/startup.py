"""Start-up as whole processes: the application against a bare PySide6 window, side by side.

Both run the same way (on a private Xvfb display when there is one, else offscreen) and
print READY once their window is shown, painted, with its data, and the event loop idle;
the time is taken from the launch to that line. Runs alternate so that both see the same
machine load.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.common import ROOT, Figure, median


@contextmanager
def display() -> Iterator[dict[str, str]]:
    """Environment variables for the GUI processes: a private X server, or offscreen."""
    base = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    if shutil.which("Xvfb") is None:
        yield {**base, "QT_QPA_PLATFORM": "offscreen"}
        return
    number = 90 + os.getpid() % 100
    server = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(0.5)
    try:
        yield {**base, "DISPLAY": f":{number}", "QT_QPA_PLATFORM": "xcb"}
    finally:
        server.terminate()
        server.wait()


def launch(command: list[str], env: dict[str, str], cwd: Path = ROOT) -> tuple[float, float | None]:
    """Seconds from the launch to the READY line, and to the CHECKED line if one comes (the
    application's file check, run in the background once the first screen shows)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=cwd
    )
    assert process.stdout is not None
    ready = checked = None
    for line in process.stdout:
        if line.startswith("READY"):
            ready = time.perf_counter() - started
        elif line.startswith("CHECKED"):
            checked = time.perf_counter() - started
    process.wait()
    if ready is None:
        raise RuntimeError(
            f"{command}: no READY line\n{process.stderr.read() if process.stderr else ''}"
        )
    return ready, checked


def compiled_copy(target: Path) -> Path:
    """The application's sources copied with their bytecode compiled, as an installed
    application has it (a wheel's installation compiles it, PyInstaller ships only it).
    Where ``PYTHONDONTWRITEBYTECODE`` is set (this benchmark machine's sessions), each start
    from the source tree compiles every module it imports again; the copy leaves the tree
    untouched."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(ROOT / "chantier_app", target / "chantier_app",
                    ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(target / "chantier_app")],
                   check=True)  # fmt: skip
    return target


def measure(data_dir: Path, repeats: int) -> list[Figure]:
    from bench.common import OUT

    app = [sys.executable, "-m", "chantier_app", "--data-dir", str(data_dir)]
    bare = [sys.executable, str(ROOT / "bench" / "bare_window.py")]
    installed = compiled_copy(OUT / "startup-compiled")
    with display() as env:
        env = {**env, "CHANTIER_QUIT_WHEN_READY": "1", "PYTHONPATH": str(ROOT)}
        compiled_env = {**env, "PYTHONPATH": str(installed)}
        launch(app, env), launch(bare, env), launch(app, compiled_env, installed)  # caches
        apps, bares, compiled, checks = [], [], [], []
        for _ in range(repeats):
            ready, checked = launch(app, env)
            apps.append(ready)
            if checked is not None:
                checks.append(checked)
            bares.append(launch(bare, env)[0])
            compiled.append(launch(app, compiled_env, installed)[0])
    ratio = median(apps) / median(bares)
    compiled_ratio = median(compiled) / median(bares)
    platform = env.get("QT_QPA_PLATFORM", "")
    return [
        Figure("startup_app", f"Démarrage de l'application ({platform})", median(apps), "s", samples=apps),
        Figure("startup_bare", "Démarrage d'une fenêtre PySide6 nue (plancher)", median(bares), "s", samples=bares),
        Figure("startup_ratio", "Démarrage : rapport application / fenêtre nue", ratio, "x",
               "<= 3.5x", ratio <= 3.5),
        Figure("startup_compiled", "Démarrage, modules déjà compilés (comme installée)",
               median(compiled), "s", samples=compiled),
        Figure("startup_compiled_ratio", "Démarrage compilé : rapport à la fenêtre nue",
               compiled_ratio, "x"),
        Figure("startup_checked", "Démarrage : fichier vérifié (en arrière-plan, après l'affichage)",
               median(checks) if checks else None, "s", samples=checks, note="pas de ligne CHECKED"),
    ]  # fmt: skip
