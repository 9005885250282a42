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


def launch(command: list[str], env: dict[str, str]) -> tuple[float, float | None]:
    """Seconds from the launch to the READY line, and to the CHECKED line if one comes (the
    application's file check, run in the background once the first screen shows)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT
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


def measure(data_dir: Path, repeats: int) -> list[Figure]:
    app = [sys.executable, "-m", "chantier_app", "--data-dir", str(data_dir)]
    bare = [sys.executable, str(ROOT / "bench" / "bare_window.py")]
    with display() as env:
        env = {**env, "CHANTIER_QUIT_WHEN_READY": "1", "PYTHONPATH": str(ROOT)}
        launch(app, env), launch(bare, env)  # warm the file cache
        apps, bares, checks = [], [], []
        for _ in range(repeats):
            ready, checked = launch(app, env)
            apps.append(ready)
            if checked is not None:
                checks.append(checked)
            bares.append(launch(bare, env)[0])
    ratio = median(apps) / median(bares)
    platform = env.get("QT_QPA_PLATFORM", "")
    return [
        Figure("startup_app", f"Démarrage de l'application ({platform})", median(apps), "s", samples=apps),
        Figure("startup_bare", "Démarrage d'une fenêtre PySide6 nue (plancher)", median(bares), "s", samples=bares),
        Figure("startup_ratio", "Démarrage : rapport application / fenêtre nue", ratio, "x",
               "<= 3.5x", ratio <= 3.5),
        Figure("startup_checked", "Démarrage : fichier vérifié (en arrière-plan, après l'affichage)",
               median(checks) if checks else None, "s", samples=checks, note="pas de ligne CHECKED"),
    ]  # fmt: skip
