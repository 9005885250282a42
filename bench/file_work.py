"""The work of opening a person's file, counted as well as timed: SQL statements, transactions
and Python calls per file, as ``bench/run.py --only file`` opens them (the file loaded, every
tab shown, one paint), then the median CPU time (``process_time``) of the same files, in all
and tab by tab. Counts do not depend on the machine's other load, so a change can be compared
before and after on a busy machine; ``--profile`` prints where the CPU time goes (cProfile
with ``process_time`` as its clock).

    PYTHONPATH=. python bench/file_work.py [DATA_DIR] [--repeats 3] [--profile 30]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.common import OUT, default_folder, private_copy  # noqa: E402


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path, nargs="?", default=default_folder(1.0))
    parser.add_argument("--repeats", type=int, default=3, help="timed passes over the files")
    parser.add_argument("--profile", type=int, default=0, help="print the N costliest functions")
    parser.add_argument("--dump", type=Path, help="write the profile's statistics there")
    parser.add_argument("--no-copy", action="store_true", help="work on DATA_DIR itself")
    args = parser.parse_args(argv)

    import sqlalchemy as sa

    from bench import screens
    from bench.run import _context, _files_to_open
    from chantier_app.ui.person.file import PersonFile

    folder = args.data_dir if args.no_copy else private_copy(args.data_dir, OUT / "work-copy")
    screens.app()
    ctx = _context(folder)
    people = _files_to_open(ctx, 22)
    file = PersonFile(ctx, screens.Nav())
    file.resize(1200, 760)
    file.show()
    steps: dict[str, list[float]] = {}
    counts = {"statements": 0, "transactions": 0}
    per_step: dict[str, int] = {}

    def step(name: str, action: object) -> None:
        before = counts["statements"]
        started = time.process_time()
        action()  # type: ignore[operator]
        steps.setdefault(name, []).append(time.process_time() - started)
        per_step[name] = per_step.get(name, 0) + counts["statements"] - before

    def open_all(person_id: int) -> None:
        step("load", lambda: file.load(person_id, "identity"))
        for index in range(file.tabs.count()):
            step(file._keys[index], lambda index=index: file.tabs.setCurrentIndex(index))
        step("paint", lambda: screens.shown(file))

    for person_id in people[:2]:  # modules imported, tabs built: the next files are measured
        open_all(person_id)
    per_step.clear()

    def counted(_conn, _cursor, statement: str, *_args: object) -> None:  # type: ignore[no-untyped-def]
        counts["statements"] += 1
        counts["transactions"] += statement.startswith("BEGIN")

    sa.event.listen(ctx.database.engine, "before_cursor_execute", counted)
    profile = cProfile.Profile(time.process_time)
    profile.enable()
    for person_id in people[2:]:
        open_all(person_id)
    profile.disable()
    sa.event.remove(ctx.database.engine, "before_cursor_execute", counted)
    files = len(people[2:])
    calls = sum(entry[1] for entry in pstats.Stats(profile).stats.values())  # type: ignore[attr-defined]
    print(
        f"par dossier : {counts['statements'] / files:.1f} requêtes SQL, "
        f"{counts['transactions'] / files:.1f} transactions, {calls / files:,.0f} appels Python "
        f"({files} dossiers)"
    )
    print("  requêtes : " + ", ".join(f"{name} {n / files:.1f}" for name, n in per_step.items()))
    steps.clear()
    totals = []
    for _ in range(args.repeats):
        for person_id in people[2:]:
            started = time.process_time()
            open_all(person_id)
            totals.append(time.process_time() - started)
    ms = [t * 1000 for t in totals]
    print(
        f"temps de calcul par dossier : médiane {statistics.median(ms):.1f} ms "
        f"({min(ms):.1f}–{max(ms):.1f}, {len(ms)} dossiers)"
    )
    print(
        "  dont : "
        + ", ".join(
            f"{name} {statistics.median(values) * 1000:.1f}" for name, values in steps.items()
        )
    )
    if args.dump:
        profile.dump_stats(args.dump)
    if args.profile:
        pstats.Stats(profile).sort_stats("tottime").print_stats(args.profile)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(args.profile)
    ctx.database.dispose()
    return 0


if __name__ == "__main__":
    code = main(sys.argv[1:])
    os._exit(code)  # see run.py: PySide6 may abort while tearing down after many signals
