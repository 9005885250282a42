"""Time ``chantier serveur init`` and ``copier-depuis`` of a generated folder onto a server.

    PYTHONPATH=. python bench/server_copy.py --data-dir /tmp/big   # a bench/generate.py folder

A throw-away PostgreSQL cluster (tests/postgres_cluster.py: Debian's package, a Unix
socket, removed at the end) gets an empty database; the two commands run as a user runs
them (``python -m chantier_app``), each timed as a whole process. Prints the rows copied,
the seconds and the rows per second, and checks the folder's bytes did not change.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import default_folder  # noqa: E402
from tests.postgres_cluster import Cluster  # noqa: E402


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _chantier(*args: str) -> tuple[float, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "chantier_app", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"chantier {' '.join(args[:2])} : {done.returncode}\n{done.stderr}")
    return seconds, done.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=default_folder(1.0))
    args = parser.parse_args(argv)
    before = _digest(args.data_dir)
    cluster = Cluster().start()
    try:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", "createdb", "-h", str(cluster.socket_dir), "bench"]
            if os.geteuid() == 0
            else ["createdb", "-h", str(cluster.socket_dir), "bench"],
            check=True,
        )
        url = cluster.url("bench")
        init_s, _out = _chantier("serveur", "init", url)
        copy_s, out = _chantier("serveur", "copier-depuis", str(args.data_dir), url)
    finally:
        cluster.stop()
    print(out)
    match = re.search(r"^(\d+) lignes copiées .* en ([\d.]+) s", out, re.M)
    assert match is not None, out
    rows, inside = int(match[1]), float(match[2])
    unchanged = _digest(args.data_dir) == before
    print(f"serveur init : {init_s:.1f} s (processus entier)")
    print(
        f"copier-depuis : {copy_s:.1f} s (processus entier), dont {inside:.1f} s pour copier "
        f"et comparer ; {rows} lignes, {rows / copy_s:,.0f} lignes/s (processus), "
        f"{rows / inside:,.0f} lignes/s (copie et comparaison)"
    )
    print(f"dossier source inchangé : {'oui' if unchanged else 'NON'}")
    return 0 if unchanged else 1


if __name__ == "__main__":
    raise SystemExit(main())
