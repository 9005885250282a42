"""The drawing workers of a batch exit when their parent is gone (issue 23, point 12): a
parent that leaves with ``os._exit`` (as a crash would) leaves no worker behind."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PARENT = """
import os, multiprocessing
from chantier_app.services.documents.batch import DrawingPool
pool = DrawingPool()
executor = pool.executor(2, ["follow_up"])
executor.submit(sum, [1, 2]).result()  # the workers are up and serving
print(" ".join(str(p.pid) for p in multiprocessing.active_children()), flush=True)
os._exit(0)  # no close(), no shutdown: what a crash leaves
"""


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for its new parent to reap it has exited)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


def test_workers_exit_when_their_parent_is_gone() -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert parent.stdout is not None
    workers = [int(pid) for pid in parent.stdout.readline().split()]
    assert parent.wait(timeout=60) == 0
    parent.stdout.close()  # the workers hold this pipe too: not read to its end
    assert len(workers) >= 2
    deadline = time.monotonic() + 60  # a bound for a loaded machine, not a measure
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in workers if _alive(pid)]
    for pid in left:  # do not leave them to the next tests either
        os.kill(pid, 9)
    assert not left
