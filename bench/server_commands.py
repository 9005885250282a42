"""The commands of a folder set to a shared database, timed on a throw-away cluster.

    PYTHONPATH=. python bench/server_commands.py --data-dir /tmp/bench-data/scale-1

A private copy of the folder (brought to this version's schema) is moved onto a PostgreSQL
cluster on a local socket (``serveur init``, ``copier-depuis``); a second folder holding only
``serveur.json`` then runs ``chantier check`` (amcheck installed) and ``chantier backup``
through ``cli.main``, and two people past both retention dates are anonymised
(``anonymise_with_backup``: the backup before, the erasing, the rewrite of the tables it
wrote, the backups anonymised). Wall clock and this process's CPU time, one run each.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import shutil
import tempfile
import time
from pathlib import Path

from bench.common import private_copy

LATER = dt.date(2034, 1, 1)  # every generated person is past both dates by then


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    import sqlalchemy as sa
    from sqlalchemy.pool import NullPool

    from chantier_app.cli import main as chantier
    from chantier_app.db import server_config
    from chantier_app.db.server_url import parse_server_url
    from chantier_app.paths import resolve_paths
    from chantier_app.services.context import AppContext
    from chantier_app.services.privacy.erasure import anonymise_with_backup
    from chantier_app.services.privacy.retention import RetentionStep, retention_list
    from chantier_app.services.safety import server
    from chantier_app.services.safety.bootstrap import open_data
    from chantier_app.services.safety.server_open import open_server_data
    from chantier_app.services.structure.accounts import startup_actor
    from tests.postgres_cluster import Cluster

    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, required=True)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="chantier-bench-server-"))
    source = private_copy(args.data_dir, work / "source")
    open_data(resolve_paths(source)).database.dispose()  # at this version's schema
    cluster = Cluster().start()
    try:
        admin = sa.create_engine(cluster.url(), isolation_level="AUTOCOMMIT", poolclass=NullPool)
        with admin.connect() as conn:
            conn.exec_driver_sql("CREATE DATABASE bench")
        admin.dispose()
        url = cluster.url("bench")
        server.init_server(url)
        began = time.monotonic()
        copied = server.copy_folder_to_server(resolve_paths(source), url, startup_actor)
        print(f"copier-depuis : {copied.rows} lignes en {time.monotonic() - began:.1f} s")
        office = resolve_paths(work / "poste")
        office.ensure()
        target = parse_server_url(url)[0]
        server_config.write_config(office.data_dir / server_config.CONFIG_NAME, target)
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            conn.exec_driver_sql("CREATE EXTENSION amcheck")
        engine.dispose()
        for argv in (["check"], ["backup"]):
            began, cpu = time.monotonic(), _cpu()
            code = chantier(["--data-dir", str(office.data_dir), *argv])
            print(
                f"chantier {argv[0]} : code {code}, {time.monotonic() - began:.1f} s, "
                f"CPU {_cpu() - cpu:.1f} s"
            )
        opened = open_server_data(office, target, None)
        ctx = AppContext(opened.database, startup_actor(opened.database), office)
        due = [
            row
            for row in ctx.read(retention_list, today=LATER)
            if row.step is RetentionStep.ANONYMISE
        ]
        for row in due[:2]:
            began, cpu = time.monotonic(), _cpu()
            done = anonymise_with_backup(ctx, row.person_id, RetentionStep.ANONYMISE, today=LATER)
            rewritten = done.rewritten
            print(
                f"anonymisation : {time.monotonic() - began:.1f} s, CPU {_cpu() - cpu:.1f} s ; "
                f"VACUUM FULL {rewritten.seconds:.1f} s, {len(rewritten.tables)} tables "
                f"{rewritten.tables}, non réécrites {rewritten.left} ; "
                f"{len(done.backups.anonymised)} sauvegarde(s) anonymisée(s)"
            )
        opened.database.dispose()
    finally:
        cluster.stop()
        shutil.rmtree(work, ignore_errors=True)  # the copies of the folder's records


if __name__ == "__main__":
    main()
