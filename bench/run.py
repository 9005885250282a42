"""Run every benchmark on the large database and print the figures against their budgets.

    PYTHONPATH=. python bench/generate.py     # once: bench/out/scale-1 (a few minutes)
    PYTHONPATH=. python bench/run.py          # the figures; results in bench/out/results.json
    PYTHONPATH=. python bench/run.py --chiffre   # encrypted / clear (bench/encrypted.py)
    PYTHONPATH=. python bench/run.py --postgres  # PostgreSQL / SQLite (bench/postgres.py)

Each figure is the median of repeated runs, taken in three rounds spread over the run (a
burst of another program's load then touches a part of the samples); each ratio is measured
side by side in the same run. The benchmarks work on a private copy of the database (saving
hours writes to it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Only light modules here: the batch of documents spawns workers, which import this file
# again (as « __mp_main__ ») and must not load Qt; the measuring modules load in main().
from bench.common import (  # noqa: E402
    OUT,
    REFERENCE,
    Figure,
    database_size,
    default_folder,
    machine,
    merge_rounds,
    private_copy,
)

ROUNDS = 3  # each screen and document measure, spread over the run


def _context(folder: Path):  # type: ignore[no-untyped-def]
    from chantier_app.paths import resolve_paths
    from chantier_app.services.context import AppContext
    from chantier_app.services.safety.bootstrap import open_data
    from chantier_app.services.structure.accounts import startup_actor

    paths = resolve_paths(folder)
    opened = open_data(paths)
    return AppContext(opened.database, startup_actor(opened.database), paths)


def _files_to_open(ctx, count: int) -> list[int]:  # type: ignore[no-untyped-def]
    """People with a long history first (the heaviest files), then every tenth person."""
    import sqlalchemy as sa

    from chantier_app.db import models as m

    with ctx.database.reading() as session:
        busiest = session.scalars(
            sa.select(m.Milestone.person_id)
            .group_by(m.Milestone.person_id)
            .order_by(sa.func.count().desc(), m.Milestone.person_id)
            .limit(count // 2)
        ).all()
        others = session.scalars(sa.select(m.Person.id).where(m.Person.id % 10 == 0)).all()
    return list(dict.fromkeys([*busiest, *others]))[:count]


def _large_budgets(ctx, figures: list[Figure]) -> None:  # type: ignore[no-untyped-def]
    """Ten times the data (``generate.py --scale 10``, 50,000 people): the people list loads
    in 1 s at most and the yearly report takes 500 ms at most (issue 22)."""
    import sqlalchemy as sa

    from bench.common import meets
    from chantier_app.db import models as m

    with ctx.database.reading() as session:
        people = session.scalar(sa.select(sa.func.count()).select_from(m.Person)) or 0
    if people < 40_000:
        return
    for figure in figures:
        budget = {"people_load": "<= 1000 ms", "yearly": "<= 500 ms"}.get(figure.key)
        if budget and figure.value is not None:
            figure.budget, figure.passed = budget, meets(figure.value, budget)


def memory(folder: Path) -> list[Figure]:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "memory_probe.py"), str(folder)],
        capture_output=True, text=True, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    peak = int(result.stdout.strip().splitlines()[-1]) / 1024
    return [
        Figure("memory", "Mémoire maximale (RSS), base ouverte, toutes les pages visitées",
               peak, "MB", "<= 300 MB", peak <= 300),
    ]  # fmt: skip


def report(figures: list[Figure], about: dict[str, str]) -> str:
    lines = [
        f"{about['cpu']}, {about['cores']} cœurs, {about['ram']}, {about['os']}, "
        f"Python {about['python']}, PySide6 {about['pyside6']}, SQLAlchemy {about['sqlalchemy']}",
        f"Charge de la machine (load average sur 1 min) : {about['load_before']} au début, "
        f"{about['load_after']} à la fin",
        "",
        f"{'mesure':<72} {'valeur':>14}  {'budget':<9} résultat",
    ]
    for figure in figures:
        verdict = "" if figure.passed is None else ("OK" if figure.passed else "DÉPASSÉ")
        lines.append(f"{figure.label:<72} {figure.text():>14}  {figure.budget:<9} {verdict}")
    return "\n".join(lines)


def _encrypted(args: argparse.Namespace) -> int:
    from bench import encrypted

    if not (args.data_dir / "chantier.sqlite3").exists():
        print(
            f"Pas de base dans {args.data_dir} : lancez d'abord bench/generate.py", file=sys.stderr
        )
        return 2
    load_before = os.getloadavg()[0]
    figures = encrypted.measure(args.data_dir, args.today, args.repeats)
    about = {**machine(), "load_before": f"{load_before:.2f}",
             "load_after": f"{os.getloadavg()[0]:.2f}"}  # fmt: skip
    print(report(figures, about))
    results = {"machine": about, "data_dir": str(args.data_dir),
               "figures": [f.__dict__ for f in figures]}  # fmt: skip
    (OUT / "results-chiffre.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    return 0 if all(f.passed is not False for f in figures) else 1


def _postgres(args: argparse.Namespace) -> int:
    from bench import postgres, screens

    if not (args.data_dir / "chantier.sqlite3").exists():
        print(
            f"Pas de base dans {args.data_dir} : lancez d'abord bench/generate.py", file=sys.stderr
        )
        return 2
    load_before = os.getloadavg()[0]
    screens.app()
    lines, figures = postgres.compare(args.data_dir, args.today, args.repeats, args.batch)
    about = {**machine(), "load_before": f"{load_before:.2f}",
             "load_after": f"{os.getloadavg()[0]:.2f}"}  # fmt: skip
    print("\n".join(report([], about).splitlines()[:2]))
    print("\n".join(lines))
    results = {"machine": about, "data_dir": str(args.data_dir), "batch": args.batch, **figures}
    (OUT / "results-postgres.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=default_folder(1.0))
    parser.add_argument("--today", type=dt.date.fromisoformat, default=REFERENCE)
    parser.add_argument("--repeats", type=int, default=7, help="runs per figure (median)")
    parser.add_argument(
        "--only",
        nargs="*",
        choices=["startup", "people", "file", "grid", "documents", "yearly", "memory"],
    )
    parser.add_argument(
        "--chiffre",
        action="store_true",
        help="the cost of encryption: each figure encrypted / clear (bench/encrypted.py)",
    )
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="the same screens and documents on PostgreSQL (local socket) / SQLite "
        "(bench/postgres.py)",
    )
    parser.add_argument("--batch", type=int, default=300, help="sheets in a batch (--postgres)")
    args = parser.parse_args(argv)
    if args.chiffre:
        return _encrypted(args)
    if args.postgres:
        return _postgres(args)
    from bench import documents, screens, startup

    if not (args.data_dir / "chantier.sqlite3").exists():
        print(
            f"Pas de base dans {args.data_dir} : lancez d'abord bench/generate.py", file=sys.stderr
        )
        return 2
    wanted = set(
        args.only or ["startup", "people", "file", "grid", "documents", "yearly", "memory"]
    )
    load_before = os.getloadavg()[0]  # other programs' load shows in every figure
    copy = private_copy(args.data_dir, OUT / "run-copy")
    figures: list[Figure] = []
    repeats = args.repeats
    if "startup" in wanted:
        figures += startup.measure(copy, max(repeats, 9))
    screens.app()
    ctx = _context(copy)
    today = args.today
    # The screens, then the documents against LibreOffice, in rounds spread over the run: each
    # figure is the median of all its rounds' samples.
    rounds: list[list[Figure]] = []
    files = _files_to_open(ctx, 22)
    month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    for _ in range(ROUNDS):
        found: list[Figure] = []
        if "people" in wanted:
            found += screens.people_list(ctx, max(2, repeats // ROUNDS))
        if "file" in wanted:
            found += screens.person_file(ctx, files)
        if "grid" in wanted:
            found += screens.hours_grid(ctx, month, repeats)
        rounds.append(found)
    merged = merge_rounds(rounds)
    figures += merged + screens.search_ratios(merged)
    if "documents" in wanted:
        people = documents.people_for_sheets(ctx, today, documents.BATCH)
        rounds = [
            documents.follow_up(ctx, today, people, 1)
            + documents.libreoffice(ctx, today, people, 1)
            for _ in range(ROUNDS)
        ]
        measured = merge_rounds(rounds)
        figures += measured + documents.ratios(measured)
    if "yearly" in wanted:
        figures += documents.yearly_report(ctx, today.year - 1, today, repeats)
    _large_budgets(ctx, figures)
    ctx.database.dispose()
    if "memory" in wanted:
        figures += memory(copy)
    size = database_size(args.data_dir) / 1e6
    figures.append(Figure("db_size", "Taille de la base sur le disque", size, "MB"))
    about = {**machine(), "load_before": f"{load_before:.2f}",
             "load_after": f"{os.getloadavg()[0]:.2f}"}  # fmt: skip
    print(report(figures, about))
    results = {
        "machine": about,
        "data_dir": str(args.data_dir),
        "figures": [f.__dict__ for f in figures],
    }
    (OUT / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    return 0 if all(f.passed is not False for f in figures) else 1


if __name__ == "__main__":
    code = main()
    # PySide6 6.12.0 drops a reference to None at every Python slot a Qt signal calls (and
    # QTest.keyClick at every key): after the thousands of the search benchmark, the final
    # collection would abort the interpreter. The results are written: leave at once.
    sys.stdout.flush()
    os._exit(code)
