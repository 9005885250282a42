"""A throw-away PostgreSQL cluster for the tests: made in a temp folder, reached on a socket.

``initdb`` refuses to run as root: as root the cluster is made and started as the
``postgres`` system user (Debian's package creates it), otherwise as the current user.
The server listens on no TCP port, only on a Unix socket inside the cluster's folder, with
``trust`` authentication for that socket: nothing outside this machine's users reaches it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

PG_BIN_ENV = "CHANTIER_PG_BIN"
SUPERUSER = "postgres"


def pg_bin_dir() -> Path:
    """The server's programs: ``CHANTIER_PG_BIN``, else Debian's newest installed version."""
    chosen = os.environ.get(PG_BIN_ENV)
    if chosen:
        return Path(chosen)
    root = Path("/usr/lib/postgresql")
    versions = sorted(
        (p for p in root.glob("*/bin") if (p / "initdb").exists()),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    if versions:
        return versions[-1]
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    raise RuntimeError(
        "PostgreSQL introuvable : installez le paquet Debian « postgresql » "
        f"ou indiquez le dossier de ses programmes dans {PG_BIN_ENV}."
    )


class Cluster:
    """One cluster: ``start()``, then ``url(name)`` for each database, then ``stop()``."""

    def __init__(self, root: Path | None = None) -> None:
        self.bin = pg_bin_dir()
        self.root = root or Path(tempfile.mkdtemp(prefix="chantier-pg-"))
        self.data_dir = self.root / "data"
        self.socket_dir = self.root  # short path: a socket's path is limited to ~100 bytes
        self._as_postgres = os.geteuid() == 0

    def _run(self, program: str, args: Sequence[str]) -> None:
        command = [str(self.bin / program), *args]
        if self._as_postgres:
            command = ["runuser", "-u", SUPERUSER, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:  # say why: initdb's or pg_ctl's own words, and the log
            log = self.root / "log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(
                f"{' '.join(command)} a échoué ({done.returncode}) :\n"
                f"{done.stdout}{done.stderr}{tail}"
            )

    def start(self) -> Cluster:
        try:
            return self._start()
        except BaseException:
            shutil.rmtree(self.root, ignore_errors=True)  # a cluster that never started
            raise

    def _start(self) -> Cluster:
        if self._as_postgres:
            shutil.chown(self.root, user=SUPERUSER)
        self.root.chmod(0o700)
        self._run(
            "initdb",
            [
                "-D",
                str(self.data_dir),
                "-U",
                SUPERUSER,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--no-sync",  # a throw-away cluster: no need to survive a power cut
            ],
        )
        self.configure()
        options = (
            f"-k {self.socket_dir} -c listen_addresses='' -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
            + self.extra_options()
        )
        self._run(
            "pg_ctl",
            ["-D", str(self.data_dir), "-o", options, "-l", str(self.root / "log"), "-w", "start"],
        )
        if self._as_postgres:
            # The tests run as root and reach the socket through its folder.
            self.root.chmod(0o711)
        return self

    def configure(self) -> None:
        """After initdb, before the start: a subclass writes its files (TLS, pg_hba)."""

    def extra_options(self) -> str:
        """More ``-c name=value`` for the server (a subclass: TCP, TLS)."""
        return ""

    def run_as_owner(self, path: Path) -> None:
        """Give ``path`` (written by this process) to the server's account."""
        if self._as_postgres:
            shutil.chown(path, user=SUPERUSER)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{SUPERUSER}@/{database}?host={self.socket_dir}"

    def stop(self) -> None:
        try:
            self._run("pg_ctl", ["-D", str(self.data_dir), "-m", "immediate", "-w", "stop"])
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
