"""A really full file system for the tests: a small tmpfs, filled to its last block.

Mounting needs root, as the read-only bind mounts of ``readonly_folder`` do (CI runs as
root); without it the fixture fails and says so, rather than pretending a full disk.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def full_file_system(folder: Path, *, size_kib: int = 4096) -> Iterator[Path]:
    """``folder`` as a tmpfs of ``size_kib``; ``fill(folder, leave_kib)`` fills it."""
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kib}k,mode=0700", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.fail(f"a full disk needs a tmpfs, and mounting one needs root: {done.stderr}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def fill(folder: Path, *, leave_kib: int = 0) -> None:
    """Write zeros until only ``leave_kib`` remain free (0: until the disk refuses)."""
    ballast = folder / "ballast"
    with ballast.open("wb") as handle:
        free = os.statvfs(folder)
        left = free.f_bavail * free.f_frsize - leave_kib * 1024
        block = b"\0" * 65536
        try:
            while left > 0:
                left -= handle.write(block[: min(len(block), left)])
                handle.flush()
        except OSError:
            pass  # full: what was wanted
