"""A month of hours imported from a file: October 2026 for its 329 contracts (scale 1), as CSV
and as XLSX, previewed then imported as the import dialog does (issue 22: ≤ 1 s).

The parent process makes a private copy of the data for each format, reads the month's
contracts and writes the file (the contract's expected hours as worked hours, a few hours of
sickness on every seventh row; a person with two contracts that month cannot be imported by
file, the grid takes them: they are left out); each format is then measured in a process of
its own: a warm-up preview of a one-row file (modules, compiled statements), then the
dialog's work: ``preview_import`` in a read, then ``apply_import_after_backup`` (the
« avant-import » backup, then every row; asked again with the warnings acknowledged when
there are some, as the dialog does after its question). Printed: wall and CPU time of each
step, the backup apart, the total with the backup (what issue 22 judges: ≤ 1 s), and the
import's peak memory growth over the file's size. ``--earlier-backup`` first takes a backup
of the copy (the one every close takes) and records a login, as when the application is
opened again: the import's backup is then compared with that newest one.

    PYTHONPATH=. python bench/hours_import.py [DATA_DIR] [--rounds 2] [--earlier-backup]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import OUT, default_folder, private_copy  # noqa: E402
from bench.imports import _resident_before, _resident_peak  # noqa: E402

MONTH = dt.date(2026, 10, 1)
HEADERS = [
    "Nom", "Prénom", "Date de naissance", "NIR", "N° PASS IAE", "Mois", "Heures travaillées",
    "Maladie",
]  # fmt: skip


def _hours(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def _context(folder: Path):  # type: ignore[no-untyped-def]
    from bench.run import _context as context

    return context(folder)


def write_hours_file(folder: Path, target: Path) -> int:
    """The month's hours of ``folder``'s contracts in ``target`` (.csv or .xlsx); its rows."""
    import sqlalchemy as sa

    from chantier_app.db import models as m
    from chantier_app.services import tabular
    from chantier_app.services.hours.grid import month_grid

    ctx = _context(folder)
    grid = ctx.read(month_grid, MONTH)
    with ctx.database.reading() as session:
        people = {
            id: (usage, first, birth, nir)
            for id, usage, first, birth, nir in session.execute(
                sa.select(
                    m.Person.id, m.Person.usage_name, m.Person.first_names, m.Person.birth_date,
                    m.Person.nir,
                )
            )
        }  # fmt: skip
        passes = dict(session.execute(sa.select(m.PassIae.person_id, m.PassIae.number)).all())
    ctx.database.dispose()
    contracts: dict[int, int] = {}
    for row in grid.rows:
        contracts[row.person_id] = contracts.get(row.person_id, 0) + 1
    lines = []
    for row in grid.rows:
        if contracts[row.person_id] > 1 or row.from_daily:
            continue
        usage, first, birth, nir = people[row.person_id]
        # The month as entered, a minute less worked (so every row is written), or the
        # contract's expected hours for a month not entered yet.
        worked = row.values.worked - 1 if row.values.worked else row.expected_minutes
        sick = row.values.sick
        lines.append(
            [usage, first, birth, nir or "", passes.get(row.person_id, ""), "10/2026",
             _hours(worked), _hours(sick) if sick else ""]
        )  # fmt: skip
    tabular.write_table(target, HEADERS, lines)
    return len(lines)


def _measure_one(
    folder: Path, source: Path, warm: Path, earlier_backup: bool = False
) -> dict[str, float]:
    """In this process: the dialog's preview and import of ``source`` into ``folder``."""
    from chantier_app.domain.errors import UnacknowledgedWarnings
    from chantier_app.services import audit
    from chantier_app.services.hours import imports
    from chantier_app.services.safety import backups

    ctx = _context(folder)
    if earlier_backup:
        backups.backup_now(ctx, reason="fermeture")
        with ctx.database.transaction() as session:
            audit.record(session, ctx.actor, audit.Action.LOGIN, "database", summary="bench")
    ctx.read(imports.preview_import, warm, MONTH)
    backup_s = [0.0, 0.0]
    step = backups.backup_step

    def timed_step(*args, **kwargs):  # type: ignore[no-untyped-def]
        inner = step(*args, **kwargs)

        def run(*a, **k):  # type: ignore[no-untyped-def]
            wall, cpu = time.perf_counter(), time.process_time()
            inner(*a, **k)
            backup_s[0] += time.perf_counter() - wall
            backup_s[1] += time.process_time() - cpu

        return run

    backups.backup_step = timed_step  # the backup timed apart: it grows with the database
    before = _resident_before()
    cpu = time.process_time()
    start = time.perf_counter()
    preview = ctx.read(imports.preview_import, source, MONTH)
    previewed = time.perf_counter() - start
    preview_cpu = time.process_time() - cpu
    warned = 0
    start = time.perf_counter()
    try:
        result = imports.apply_import_after_backup(ctx, source, MONTH)
    except UnacknowledgedWarnings as warnings:
        warned = len(warnings.violations)
        result = imports.apply_import_after_backup(ctx, source, MONTH, acknowledge_warnings=True)
    imported = time.perf_counter() - start
    cpu = time.process_time() - cpu
    peak = _resident_peak()
    ctx.database.dispose()
    return {
        "rows": len(preview.lines),
        "errors": preview.errors,
        "warnings": warned,
        "saved": result.saved,
        "preview_s": previewed,
        "preview_cpu_s": preview_cpu,
        "import_s": imported,
        "cpu_s": cpu,
        "backup_s": backup_s[0],
        "backup_cpu_s": backup_s[1],
        "total_s": previewed + imported,
        "file_kb": source.stat().st_size / 1e3,
        "growth_mb": (peak - before) / 1024,
    }


def measure(data_dir: Path, rounds: int, earlier_backup: bool) -> list[dict[str, float]]:
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-hours-import-") as tmp:
        for turn in range(rounds):
            for suffix in ("csv", "xlsx"):
                folder = private_copy(data_dir, OUT / "hours-import-copy")
                source = Path(tmp) / f"heures-octobre-2026.{suffix}"
                written = write_hours_file(folder, source)
                warm = Path(tmp) / f"echauffement.{suffix}"
                from chantier_app.services import tabular

                first = tabular.read_table(source).rows[0]
                tabular.write_table(warm, HEADERS, [first])
                out = subprocess.run(
                    [sys.executable, "-m", "bench.hours_import", "--one", str(folder),
                     str(source), str(warm)] + (["--earlier-backup"] if earlier_backup else []),
                    cwd=ROOT, capture_output=True, text=True,
                )  # fmt: skip
                if out.returncode:
                    raise SystemExit(out.stderr)
                data = json.loads(out.stdout.strip().splitlines()[-1])
                data["format"] = suffix  # type: ignore[assignment]
                data["written"] = written
                results.append(data)
                total = data["preview_s"] + data["import_s"]
                print(
                    f"{turn + 1}. {suffix:4} {written} lignes ({data['file_kb']:.0f} kB), "
                    f"{data['errors']} en erreur, {data['warnings']} avertissements, "
                    f"{data['saved']} mois enregistrés: aperçu {data['preview_s'] * 1000:.0f} ms "
                    f"(CPU {data['preview_cpu_s'] * 1000:.0f}) + import "
                    f"{data['import_s'] * 1000:.0f} ms dont sauvegarde "
                    f"{data['backup_s'] * 1000:.0f} ms (CPU {data['backup_cpu_s'] * 1000:.0f}) "
                    f"= total avec sauvegarde {total:.2f} s, CPU {data['cpu_s']:.2f} s ; hors sauvegarde "
                    f"{total - data['backup_s']:.2f} s, CPU "
                    f"{data['cpu_s'] - data['backup_cpu_s']:.2f} s ; mémoire +{data['growth_mb']:.1f} MB "
                    f"pour un fichier de {data['file_kb'] / 1000:.2f} MB",
                    flush=True,
                )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description="Mesure de l'import d'un mois d'heures.")
    parser.add_argument("data_dir", type=Path, nargs="?", default=default_folder(1.0))
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--one", type=Path, nargs=3, help="(dossier, fichier, échauffement)")
    parser.add_argument(
        "--earlier-backup",
        action="store_true",
        help="une sauvegarde (celle de la fermeture) et une connexion avant l'import",
    )
    args = parser.parse_args()
    if args.one:
        print(json.dumps(_measure_one(*args.one, earlier_backup=args.earlier_backup)))
        return
    measure(args.data_dir, args.rounds, args.earlier_backup)


if __name__ == "__main__":
    main()
