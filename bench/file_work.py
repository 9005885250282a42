"""The work of opening a person's file, counted rather than timed: SQL statements,
transactions and Python calls per file, as ``bench/run.py --only file`` opens them (the file
loaded, every tab shown, one paint). Counts do not depend on the machine's other load, so a
change can be compared before and after on a busy machine.

    PYTHONPATH=. python bench/file_work.py [DATA_DIR]   # default: bench/out/scale-1
"""

from __future__ import annotations

import cProfile
import os
import pstats
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.common import OUT, default_folder, private_copy  # noqa: E402


def main(argv: list[str]) -> int:
    import sqlalchemy as sa

    from bench import screens
    from bench.run import _context, _files_to_open
    from chantier_app.ui.person.file import PersonFile

    folder = Path(argv[0]) if argv else default_folder(1.0)
    screens.app()
    ctx = _context(private_copy(folder, OUT / "work-copy"))
    people = _files_to_open(ctx, 22)
    file = PersonFile(ctx, screens.Nav())
    file.resize(1200, 760)
    file.show()

    def open_all(person_id: int) -> None:
        file.load(person_id, "identity")
        for index in range(file.tabs.count()):
            file.tabs.setCurrentIndex(index)
        screens.shown(file)

    for person_id in people[:2]:  # modules imported, tabs built: the next files are measured
        open_all(person_id)
    counts = {"statements": 0, "transactions": 0}

    def counted(_conn, _cursor, statement: str, *_args: object) -> None:
        counts["statements"] += 1
        counts["transactions"] += statement.startswith("BEGIN")

    sa.event.listen(ctx.database.engine, "before_cursor_execute", counted)
    profile = cProfile.Profile()
    profile.enable()
    for person_id in people[2:]:
        open_all(person_id)
    profile.disable()
    files = len(people[2:])
    calls = sum(entry[1] for entry in pstats.Stats(profile).stats.values())  # type: ignore[attr-defined]
    print(
        f"par dossier : {counts['statements'] / files:.1f} requêtes SQL, "
        f"{counts['transactions'] / files:.1f} transactions, {calls / files:,.0f} appels Python "
        f"({files} dossiers)"
    )
    ctx.database.dispose()
    return 0


if __name__ == "__main__":
    code = main(sys.argv[1:])
    os._exit(code)  # see run.py: PySide6 may abort while tearing down after many signals
