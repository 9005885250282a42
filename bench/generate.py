"""Make the benchmarks' database: a large association's ten years, through the real services.

    PYTHONPATH=. python bench/generate.py                 # 5,000 people, bench/out/scale-1
    PYTHONPATH=. python bench/generate.py --scale 0.008   # the demo's size
    PYTHONPATH=. python bench/generate.py --scale 10 --data-dir /tmp/big

Deterministic for a seed and a reference date. Prints the time of each phase.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import REFERENCE, default_folder  # noqa: E402
from chantier_app.paths import resolve_paths  # noqa: E402
from chantier_app.services.context import Actor  # noqa: E402
from chantier_app.services.safety.bootstrap import open_data  # noqa: E402
from chantier_app.synthetic import for_scale, generate  # noqa: E402
from chantier_app.synthetic.verify import problems  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 5,000 people (0.008 to 10)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=REFERENCE)
    parser.add_argument("--data-dir", type=Path, help="default: bench/out/scale-<scale>")
    parser.add_argument("--verify", action="store_true", help="check every rule afterwards")
    args = parser.parse_args(argv)
    folder = args.data_dir or default_folder(args.scale)
    if folder.exists():
        shutil.rmtree(folder)
    profile = for_scale(args.scale)
    print(f"{profile.people} salariés sur {profile.months} mois -> {folder}", flush=True)
    opened = open_data(resolve_paths(folder))
    started = time.perf_counter()
    last = [started]

    def progress(phase: str, done: int, total: int) -> None:
        now = time.perf_counter()
        if now - last[0] > 10 or done == total:
            last[0] = now
            print(f"  {phase} {done}/{total}  ({now - started:.0f} s)", flush=True)

    try:
        summary = generate(
            opened.database.transaction,
            Actor.system(),
            profile,
            today=args.today,
            seed=args.seed,
            progress=progress,
        )
        elapsed = time.perf_counter() - started
        if args.verify:
            with opened.database.reading() as session:
                found = problems(session, args.today)
            print(f"vérification : {len(found)} problème(s)")
            for line in found[:20]:
                print("  ", line)
    finally:
        opened.database.dispose()
    print(
        f"{summary.people} salariés, {summary.contracts} contrats, {summary.amendments} avenants, "
        f"{summary.hours_rows} mois d'heures, {summary.milestones} entretiens, "
        f"{summary.barrier_scores} cotations, {summary.enrolments} inscriptions, "
        f"{summary.audit_entries} lignes de journal"
    )
    print("durées : " + ", ".join(f"{k} {v:.1f} s" for k, v in summary.seconds.items()))
    size = sum(p.stat().st_size for p in folder.glob("chantier.sqlite3*"))
    print(f"total {elapsed:.1f} s ; base {size / 1e6:.1f} Mo")
    return 1 if args.verify and found else 0


if __name__ == "__main__":
    sys.exit(main())
