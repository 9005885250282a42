"""People imports at 1,000 / 10,000 / 50,000 rows: preview and import time, peak memory.

Each size runs in its own process (a fresh empty folder, a CSV of synthetic people written by
``chantier_app.synthetic`` beforehand in the parent process), so the peak resident memory is
that import's alone: its growth over a process that has already imported a 10-row file. The
floor is reading the same file with ``tabular.read_table``: what an import cannot do faster.

    .venv/bin/python -m bench.imports --sizes 1000 10000 50000
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import Figure  # noqa: E402

SIZES = (1_000, 10_000, 50_000)


def write_people_file(path: Path, count: int, *, seed: int = 7) -> None:
    """``count`` valid, distinct people in the export's columns (so the file reads back)."""
    from chantier_app.domain.codes import CodeEnum
    from chantier_app.domain.fr_format import match_key
    from chantier_app.domain.person_record import FIELD_LABELS, FIELD_NAMES
    from chantier_app.services import tabular
    from chantier_app.synthetic.identities import make_person

    rng = random.Random(seed)
    fields = [f for f in FIELD_NAMES if f not in ("team_id", "cip_id")]

    def cell(value: object) -> tabular.Cell:
        if isinstance(value, CodeEnum):
            return value.label
        if isinstance(value, bool):
            return "oui" if value else "non"
        if value is None or isinstance(value, str | int | dt.date):
            return value
        return str(value)

    lines = []
    arrival = dt.date(2026, 1, 5)
    seen: set[object] = set()
    index = 0
    while len(lines) < count:
        person = make_person(rng, index, arrival - dt.timedelta(days=index % 3000), None, None)
        index += 1
        # Beyond some 20,000 people, names and birth dates drawn at random meet by chance:
        # such a twin is drawn again, so that every row is imported.
        keys = {
            (match_key(person.usage_name), match_key(person.first_names), person.birth_date),
            person.nir,
        } - {None}
        if keys & seen:
            continue
        seen |= keys
        lines.append([cell(getattr(person, name)) for name in fields])
    tabular.write_table(path, [FIELD_LABELS[f] for f in fields], lines)


def _measure_one(source: Path) -> dict[str, float]:
    """In this process: read ``source`` (floor), preview it, import it.

    The file is written by the parent process, so that writing it does not raise this
    process's peak. A warm-up import of a 10-row file first loads what any import loads once
    (modules, phone metadata, compiled statements): the memory figure is what the file's
    size costs, over that fixed part.
    """
    from chantier_app.paths import resolve_paths
    from chantier_app.services import tabular
    from chantier_app.services.context import AppContext
    from chantier_app.services.people import imports
    from chantier_app.services.safety.bootstrap import open_data
    from chantier_app.services.structure.accounts import startup_actor

    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        folder = Path(tmp)
        paths = resolve_paths(folder / "donnees")
        opened = open_data(paths)
        ctx = AppContext(opened.database, startup_actor(opened.database), paths)
        warm = source.with_name("echauffement.csv")
        warmed = ctx.read(imports.preview_import, warm)
        ctx.run(imports.import_people, warm, preview=warmed)
        before = _resident_before()
        cpu = time.process_time()
        start = time.perf_counter()
        preview = ctx.read(imports.preview_import, source)
        previewed = time.perf_counter() - start
        start = time.perf_counter()
        result = ctx.run(imports.import_people, source, preview=preview)
        imported = time.perf_counter() - start
        cpu = time.process_time() - cpu
        peak = _resident_peak()
        del preview  # the floor, last: its own peak is not the import's
        start = time.perf_counter()
        count = len(tabular.read_table(source).rows)
        read = time.perf_counter() - start
        opened.database.dispose()
        return {
            "rows": count,
            "valid": result.created,
            "created": result.created,
            "read_s": read,
            "preview_s": previewed,
            "import_s": imported,
            "cpu_s": cpu,  # the process's CPU time: what the host's other load does not change
            "file_mb": source.stat().st_size / 1e6,
            "peak_mb": peak / 1024,
            "growth_mb": (peak - before) / 1024,
        }


def _status(field: str) -> int | None:
    """A line of Linux's /proc/self/status, in KiB (None elsewhere)."""
    try:
        text = Path("/proc/self/status").read_text()
    except OSError:
        return None
    found = re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE)
    return int(found.group(1)) if found else None


def _resident_before() -> int:
    """The resident memory now, in KiB, with the peak reset to it where Linux allows
    (``clear_refs``): the peak is then the import's own, not opening the data's (its
    migrations can go higher than a small import, hiding it: « +0 MB »)."""
    gc.collect()
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return _status("VmRSS") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _resident_peak() -> int:
    return _status("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def measure(sizes: tuple[int, ...] = SIZES) -> list[Figure]:
    """One process per size; the 10,000-row line carries the budget."""
    figures = []
    for count in sizes:
        with tempfile.TemporaryDirectory(prefix="bench-import-file-") as tmp:
            source = Path(tmp) / "personnes.csv"
            write_people_file(source, count)
            # Other people than the measured file's (another seed): the warm-up adds none
            # of the file's rows to the database.
            write_people_file(source.with_name("echauffement.csv"), 10, seed=99)
            out = subprocess.run(
                [sys.executable, "-m", "bench.imports", "--one", str(source)],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            )
        data = json.loads(out.stdout.strip().splitlines()[-1])
        total = data["preview_s"] + data["import_s"]
        ratio = data["growth_mb"] / data["file_mb"] if data["file_mb"] else 0.0
        figures.append(
            Figure(
                f"import_people_{count}",
                f"people import, {count:,} rows: preview {data['preview_s']:.2f} s + import "
                f"{data['import_s']:.2f} s, {data['cpu_s']:.2f} s of CPU (reading the file "
                f"alone {data['read_s']:.2f} s); "
                f"{data['created']} created; memory +{data['growth_mb']:.0f} MB for a "
                f"{data['file_mb']:.1f} MB file ({ratio:.1f}x)",
                total,
                "s",
                "<= 10 s" if count == 10_000 else "",
                passed=total <= 10 if count == 10_000 else None,
            )
        )
        print(figures[-1].label, f"= {total:.2f} s", file=sys.stderr, flush=True)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description="Mesure de l'import de salariés.")
    parser.add_argument("--one", type=Path, help="un seul fichier, dans ce processus (JSON)")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    args = parser.parse_args()
    if args.one:
        print(json.dumps(_measure_one(args.one)))
        return
    for figure in measure(tuple(args.sizes)):
        print(f"{figure.label}: {figure.text()} {figure.budget}")


if __name__ == "__main__":
    main()
