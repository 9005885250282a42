"""A really read-only folder for the tests, whoever runs them (a normal user or root)."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def read_only_folder(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Make ``folder`` refuse writes for the duration; yields how it was done.

    chmod is enough for a normal user but not for root (CI runs as root): there a read-only
    bind mount of the folder on itself does it. Without the right to mount, the refusal is
    injected where the application first writes (its lock file), as the kernel would.
    """
    if os.geteuid() != 0:
        saved = {p: p.stat().st_mode for p in [folder, *folder.rglob("*")]}
        for path in saved:
            path.chmod(stat.S_IMODE(saved[path]) & ~0o222)
        try:
            yield "chmod"
        finally:
            for path, mode in saved.items():
                path.chmod(stat.S_IMODE(mode))
        return
    if _run("mount", "--bind", str(folder), str(folder)):
        try:
            if _run("mount", "-o", "remount,bind,ro", str(folder)):
                yield "mount"
                return
        finally:
            subprocess.run(["umount", str(folder)], check=True)
    yield _inject_read_only(folder, monkeypatch)


def _run(*command: str) -> bool:
    try:
        return subprocess.run(command, capture_output=True).returncode == 0
    except OSError:  # no mount command
        return False


def _inject_read_only(folder: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    from chantier_app.services.safety import lock

    def refuse(path: Path, _text: str) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))

    real_access = os.access
    monkeypatch.setattr(lock, "_create_exclusive", refuse)
    monkeypatch.setattr(
        os,
        "access",
        lambda p, mode, **kw: (
            False
            if mode & os.W_OK and Path(p).resolve() == folder.resolve()
            else real_access(p, mode, **kw)
        ),
    )
    return "inject"


@pytest.fixture
def make_read_only(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    return lambda folder: read_only_folder(folder, monkeypatch)
