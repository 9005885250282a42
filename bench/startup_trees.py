"""Start-up of two source trees and the bare window, alternated in the same run (issue 22).

    PYTHONPATH=. xvfb-run -a python bench/startup_trees.py --data-dir DIR --before /tmp/before \\
        [--rounds 7]

``--before``: another checkout (``git archive COMMIT | tar -x -C DIR``); this tree is
« after ». Each tree starts on its own private copy of DIR (an older tree may want an older
schema), warmed by one start (its migrations, the disk's cache). Then, round after round,
in a rotating order: before, after, the bare window (``bench/startup.py``'s floor), as whole
processes on the same display as ``bench/startup.py``, through the command line as a user
starts it (``chantier --data-dir DIR``). Each reports at its READY line (the first screen
shown with its data, the event loop idle): the wall clock from the launch, the process's CPU
time (every thread: the warm-up's imports, the file's check) and the GUI thread's own. On a
shared machine the wall clock mostly measures the others' load: compare the CPU times, and
the ratio of each tree's medians to the bare window's of the same run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# The application as ``python -m chantier_app`` runs it, the READY line timed on its thread.
CHILD = """
import builtins, os, sys, time
sys.path.insert(0, os.environ["TREE"])
real_print = builtins.print
def print(*args, **kwargs):
    if args and args[0] == "READY":
        real_print("RESULT", f"{time.process_time():.3f}", f"{time.thread_time():.3f}",
                   flush=True)
    real_print(*args, **kwargs)
builtins.print = print
if os.environ.get("BARE"):
    import runpy
    runpy.run_path(os.environ["BARE"], run_name="__main__")
else:
    from chantier_app.cli import main
    sys.exit(main(["--data-dir", sys.argv[1]]))
"""


def one_start(tree: Path | None, folder: Path, env: dict[str, str]) -> tuple[float, float, float]:
    """(wall to READY, process CPU at READY, GUI thread CPU at READY); ``tree`` None: bare."""
    child_env = {**env, "CHANTIER_QUIT_WHEN_READY": "1", "TREE": str(tree or ROOT)}
    if tree is None:
        child_env["BARE"] = str(ROOT / "bench" / "bare_window.py")
    else:
        child_env["PYTHONPATH"] = str(tree)
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(folder)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=child_env,
        cwd=tree or ROOT,
    )  # fmt: skip
    assert process.stdout is not None
    wall = cpu = gui = None
    for line in process.stdout:
        if line.startswith("RESULT ") and wall is None:
            wall = time.perf_counter() - started
            cpu, gui = (float(x) for x in line.split()[1:3])
    _, err = process.communicate(timeout=600)
    if wall is None or cpu is None or gui is None:
        raise RuntimeError(f"{tree} on {folder}: no READY\n{err[-3000:]}")
    return wall, cpu, gui


def compare(data_dir: Path, before: Path, rounds: int) -> None:
    from bench.common import OUT, private_copy
    from bench.startup import display

    folders = {
        "before": private_copy(data_dir, OUT / "startup-before"),
        "after": private_copy(data_dir, OUT / "startup-after"),
    }
    trees: dict[str, Path | None] = {"before": before, "after": ROOT, "bare": None}
    results: dict[str, list[tuple[float, float, float]]] = {name: [] for name in trees}
    with display() as env:
        for name, tree in trees.items():  # migrations, the disk's and the interpreter's caches
            one_start(tree, folders.get(name, data_dir), env)
        load_start = os.getloadavg()
        names = list(trees)
        for round_ in range(rounds):
            for name in names[round_ % 3 :] + names[: round_ % 3]:
                results[name].append(one_start(trees[name], folders.get(name, data_dir), env))
        load_end = os.getloadavg()
    medians = {}
    print(f"\n{rounds} rounds, display {env.get('QT_QPA_PLATFORM')}")
    for name, samples in results.items():
        wall, cpu, gui = (statistics.median(s[i] for s in samples) for i in range(3))
        medians[name] = (wall, cpu, gui)
        spread = ", ".join(f"{s[0]:.2f}/{s[1]:.2f}" for s in samples)
        print(
            f"  {name:7} wall {wall:5.2f} s  process CPU {cpu:5.2f} s  GUI thread CPU "
            f"{gui:5.2f} s   (wall/CPU: {spread})"
        )
    bare = medians["bare"]
    for name in ("before", "after"):
        m = medians[name]
        print(
            f"  {name:7} / bare window: wall {m[0] / bare[0]:.1f}x, process CPU "
            f"{m[1] / bare[1]:.1f}x, GUI thread CPU {m[2] / bare[2]:.1f}x"
        )
    b, a = medians["before"], medians["after"]
    print(
        f"  after / before: wall {a[0] / b[0]:.2f}, process CPU {a[1] / b[1]:.2f}, "
        f"GUI thread CPU {a[2] / b[2]:.2f}"
    )
    print(f"  load average (1, 5, 15 min): start {_load(load_start)}, end {_load(load_end)}")


def _load(values: tuple[float, float, float]) -> str:
    return " ".join(f"{value:.1f}" for value in values)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--before", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    compare(args.data_dir, args.before.resolve(), args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
