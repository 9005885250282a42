"""The work of the monthly hours grid, counted as well as timed: CPU time, SQL statements and
Python calls of its load and of its save, as ``bench/run.py --only grid`` does them (the real
``EntryTab``: ``load``, then a minute added to or taken from every row's worked hours and
``save``, each until repainted). Counts do not depend on the machine's other load, so a change
can be compared before and after on a busy machine; ``--profile`` prints where the CPU time
goes (cProfile with ``process_time`` as its clock).

    PYTHONPATH=. python bench/grid_work.py [DATA_DIR] [--repeats 7] [--profile 25]
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import os
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.common import OUT, REFERENCE, default_folder, private_copy  # noqa: E402


def _calls(profile: cProfile.Profile) -> int:
    return sum(entry[1] for entry in pstats.Stats(profile).stats.values())  # type: ignore[attr-defined]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path, nargs="?", default=default_folder(1.0))
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--profile", type=int, default=0, help="print the N costliest functions")
    parser.add_argument("--no-copy", action="store_true", help="work on DATA_DIR itself")
    args = parser.parse_args(argv)

    import sqlalchemy as sa

    from bench import screens
    from bench.run import _context
    from chantier_app.domain.codes.hours_codes import HoursCategory
    from chantier_app.ui.hours import cells
    from chantier_app.ui.hours.entry_tab import EntryTab

    folder = args.data_dir if args.no_copy else private_copy(args.data_dir, OUT / "grid-copy")
    screens.app()
    ctx = _context(folder)
    month = (REFERENCE.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    cells.confirm = lambda *_args, **_kw: True  # warnings never block the benchmark
    tab = EntryTab(ctx, month)
    tab.resize(1200, 760)
    tab.show()
    counts = {"statements": 0}

    def counted(*_args: object) -> None:
        counts["statements"] += 1

    sa.event.listen(ctx.database.engine, "before_cursor_execute", counted)
    profiles = {
        "load": cProfile.Profile(time.process_time),
        "save": cProfile.Profile(time.process_time),
    }
    measured: dict[str, list[tuple[float, int]]] = {"load": [], "save": []}

    def run(name: str, action: Callable[[], object], profiled: bool) -> None:
        counts["statements"] = 0
        profile = profiles[name]
        cpu = time.process_time()
        if profiled:
            profile.enable()
        action()
        screens.shown(tab)
        if profiled:
            profile.disable()
        measured[name].append((time.process_time() - cpu, counts["statements"]))

    def change(turn: int) -> None:
        delta = 1 if turn % 2 == 0 else -1
        for index, row in enumerate(tab.model.rows):
            if row.values.total and HoursCategory.WORKED in row.editable:
                worked = row.values.worked + delta
                tab.model.set_text(index, HoursCategory.WORKED, f"{worked // 60}:{worked % 60:02d}")

    tab.load(month)  # modules imported, teams filled: the next loads are measured
    screens.shown(tab)
    for turn in range(args.repeats):
        profiled = turn == args.repeats - 1  # a last, profiled turn apart from the timed ones
        run("load", lambda: tab.load(month), profiled and args.profile > 0)
        change(turn)
        changed = len(tab.model.changed_rows())
        run("save", tab.save, profiled and args.profile > 0)
        assert not tab.model.changed_rows(), tab.status.text()
    rows = len(tab.model.rows)
    print(f"{rows} contrats, {changed} lignes enregistrées, charge {os.getloadavg()[0]:.2f}")
    for name, samples in measured.items():
        timed = samples[:-1] if args.profile else samples
        cpu = sorted(s for s, _ in timed)
        calls = _calls(profiles[name]) if args.profile else 0
        print(
            f"{name:5}: temps de calcul médian {statistics.median(cpu) * 1000:.1f} ms "
            f"({cpu[0] * 1000:.1f}–{cpu[-1] * 1000:.1f}), {samples[-1][1]} requêtes SQL"
            + (f", {calls:,} appels Python" if args.profile else "")
        )
    if args.profile:
        for name, profile in profiles.items():
            print(f"\n— {name} —")
            pstats.Stats(profile).sort_stats("tottime").print_stats(args.profile)
            pstats.Stats(profile).sort_stats("cumulative").print_stats(args.profile)
    ctx.database.dispose()
    return 0


if __name__ == "__main__":
    code = main(sys.argv[1:])
    sys.stdout.flush()
    os._exit(code)  # see run.py: PySide6 may abort while tearing down after many signals
