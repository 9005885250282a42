"""The dashboard after the password, two source trees compared in the same run (issue 17).

    PYTHONPATH=. python bench/after_password.py --data-dir DIR --before /tmp/before \\
        [--rounds 5] [--typing 3 8]

``--before``: another checkout of the application (``git archive COMMIT | tar -x -C DIR``);
this tree is « after ». Private copies of DIR are made, one clear and one encrypted (as
``bench/encrypted.py``). Whole processes alternate, round after round: the encrypted start
before and after, the clear start before and after. Each types the log-in TYPING seconds
after its window shows (a person's typing, while the modules load) and reports, from the
password entered to the dashboard shown with its data (the application's READY): the wall
clock, the process's CPU time (every thread: the warm-up, argon2id's lanes, the file's
check) and the GUI thread's own CPU time. On a shared machine the wall clock mostly
measures the others' load: the CPU times are the figures to compare. Prints medians and
ratios, with the load average at the start and the end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import os, sys, time
sys.path.insert(0, os.environ["TREE"])
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from chantier_app.paths import resolve_paths
from chantier_app.ui.app import create_application, run_gui
marks = {}
real_print = print
def print(*args, **kwargs):  # the application's READY, on the GUI thread
    if args and args[0] == "READY" and "typed" in marks and "ready" not in marks:
        marks["ready"] = (time.perf_counter(), time.process_time(), time.thread_time())
    real_print(*args, **kwargs)
import chantier_app.ui.app as app_module
app_module.print = print
def wait_for_log_in():
    dialog = QApplication.activeModalWidget()
    if dialog is None or dialog.objectName() not in ("encryptedLoginDialog", "loginDialog") \\
            or not dialog.isVisible():
        QTimer.singleShot(2, wait_for_log_in)
        return
    QTimer.singleShot(int(float(os.environ["TYPING"]) * 1000), lambda: enter(dialog))
def enter(dialog):
    dialog.login.setText(os.environ["BENCH_LOGIN"])
    dialog.password.setText(os.environ["BENCH_PASSWORD"])
    marks["typed"] = (time.perf_counter(), time.process_time(), time.thread_time())
    dialog.try_login()
create_application()
QTimer.singleShot(0, wait_for_log_in)
run_gui(resolve_paths(sys.argv[1]))
spent = [end - start for start, end in zip(marks["typed"], marks["ready"])]
real_print("RESULT", *(f"{value:.3f}" for value in spent), flush=True)
os._exit(0)
"""


def one_start(tree: Path, folder: Path, typing: float) -> tuple[float, float, float]:
    from bench.encrypted import LOGIN, PASSWORD

    env = {
        **os.environ,
        "PYTHONPATH": str(tree),
        "TREE": str(tree),
        "TYPING": str(typing),
        "BENCH_LOGIN": LOGIN,
        "BENCH_PASSWORD": PASSWORD,
        "CHANTIER_QUIT_WHEN_READY": "1",
    }
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(folder)],
        capture_output=True, text=True, env=env, cwd=tree, timeout=900,
    )  # fmt: skip
    line = next((x for x in done.stdout.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        raise RuntimeError(f"{tree} on {folder}: no RESULT\n{done.stderr[-3000:]}")
    wall, cpu, gui = (float(x) for x in line.split()[1:])
    return wall, cpu, gui


def compare(data_dir: Path, before: Path, rounds: int, typing: float) -> None:
    from bench.common import OUT, private_copy
    from bench.encrypted import encrypted_copy

    clear = private_copy(data_dir, OUT / "after-password-clair")
    sealed = OUT / "after-password-chiffre"
    encrypted_copy(clear, sealed)
    runs = [
        ("encrypted, before", before, sealed),
        ("encrypted, after", ROOT, sealed),
        ("clear, before", before, clear),
        ("clear, after", ROOT, clear),
    ]
    for _name, tree, folder in runs:
        one_start(tree, folder, typing)  # the disk's and the interpreter's caches
    results: dict[str, list[tuple[float, float, float]]] = {name: [] for name, _, _ in runs}
    load_start = os.getloadavg()
    for _ in range(rounds):
        for name, tree, folder in runs:
            results[name].append(one_start(tree, folder, typing))
    load_end = os.getloadavg()
    medians = {}
    print(f"\ntyping {typing:g} s, {rounds} rounds")
    for name, samples in results.items():
        wall, cpu, gui = (statistics.median(s[i] for s in samples) for i in range(3))
        medians[name] = (wall, cpu, gui)
        walls = ", ".join(f"{s[0]:.2f}" for s in samples)
        print(
            f"  {name:18} wall {wall:5.2f} s  process CPU {cpu:5.2f} s  GUI thread CPU "
            f"{gui:5.2f} s   (walls {walls})"
        )
    for kind in ("encrypted", "clear"):
        b, a = medians[f"{kind}, before"], medians[f"{kind}, after"]
        print(
            f"  {kind} after / before: wall {a[0] / b[0]:.2f}, process CPU {a[1] / b[1]:.2f}, "
            f"GUI thread CPU {a[2] / b[2]:.2f}"
        )
    e, c = medians["encrypted, after"], medians["clear, after"]
    print(f"  after, encrypted / clear: wall {e[0] / c[0]:.2f}, process CPU {e[1] / c[1]:.2f}")
    print(f"  load average (1, 5, 15 min): start {_load(load_start)}, end {_load(load_end)}")


def _load(values: tuple[float, float, float]) -> str:
    return " ".join(f"{value:.1f}" for value in values)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--before", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--typing", type=float, nargs="+", default=[3.0, 8.0])
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    for typing in args.typing:
        compare(args.data_dir, args.before.resolve(), args.rounds, typing)
    return 0


if __name__ == "__main__":
    sys.exit(main())
