"""What every benchmark shares: medians, percentiles, the machine, a private copy of the data."""

from __future__ import annotations

import datetime as dt
import os
import platform
import shutil
import sqlite3
import statistics
import time
from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
REFERENCE = dt.date(2026, 11, 23)  # the reference date of the generated data


def default_folder(scale: float) -> Path:
    """Where ``bench/generate.py`` writes the data of a scale."""
    return OUT / f"scale-{scale:g}"


@dataclass
class Figure:
    """One line of the results: a value, how it was measured, and its budget."""

    key: str
    label: str
    value: float | None  # None: not measured
    unit: str  # "s", "ms", "MB", "x"
    budget: str = ""  # « <= 16 ms », « >= 5x » (empty: information only)
    passed: bool | None = None
    note: str = ""
    samples: list[float] = field(default_factory=list)
    stat: str = "median"  # how ``value`` follows from ``samples``: "median" or "p95"

    def text(self) -> str:
        if self.value is None:
            return f"not measured: {self.note}"
        if self.unit == "x":
            return f"{self.value:.1f}x"
        if self.unit == "ms":
            return f"{self.value:.1f} ms"
        if self.unit == "s":
            return f"{self.value:.2f} s"
        return f"{self.value:.0f} {self.unit}"


def meets(value: float, budget: str) -> bool:
    """``value`` against « <= 16 ms », « >= 5x »..."""
    operator, amount = budget.split()[0], budget.split()[1]
    limit = float(amount.rstrip("xmsMB") or "0")
    return value <= limit if operator == "<=" else value >= limit


def merge_rounds(rounds: Sequence[Sequence[Figure]]) -> list[Figure]:
    """The same figures measured in several rounds spread over the run: their samples put
    together, the value and the verdict computed anew (a burst of another program's load
    then touches a part of the samples, not a whole figure)."""
    by_key: dict[str, list[Figure]] = {}
    for figures in rounds:
        for figure in figures:
            by_key.setdefault(figure.key, []).append(figure)
    merged = []
    for found in by_key.values():
        first = found[0]
        samples = [s for f in found for s in f.samples]
        if not samples:
            merged.append(first)
            continue
        value = percentile(samples, 0.95) if first.stat == "p95" else median(samples)
        passed = meets(value, first.budget) if first.budget else None
        merged.append(
            Figure(first.key, first.label, value, first.unit, first.budget, passed, first.note,
                   samples, first.stat)
        )  # fmt: skip
    return merged


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (``share`` 0.95 for the 95th)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(share * len(ordered) + 0.5)))
    return ordered[rank - 1]


def timed(action: Callable[[], object]) -> float:
    """Seconds taken by ``action``."""
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def cpu_seconds() -> float:
    """CPU used so far by this process, its finished children (LibreOffice) and its live
    ones (the drawing workers, kept between batches)."""
    import multiprocessing
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    live = 0.0
    for child in multiprocessing.active_children():
        try:
            fields = Path(f"/proc/{child.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile: counted with the finished children
        live += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime + live


def timed_cpu(action: Callable[[], object]) -> tuple[float, float]:
    """Seconds taken by ``action``, and the CPU seconds it used (every process together):
    the second does not depend on what else runs on the machine."""
    cpu = cpu_seconds()
    wall = timed(action)
    return wall, cpu_seconds() - cpu


def at_most(value: float, limit: float) -> bool:
    return value <= limit


def private_copy(source_dir: Path, target_dir: Path) -> Path:
    """A consistent copy of the database (SQLite's backup API): benchmarks may write to it."""
    if target_dir.resolve() == source_dir.resolve():
        raise ValueError("the copy would replace its own source")
    if target_dir.exists():
        shutil.rmtree(target_dir)
    target_dir.mkdir(parents=True)
    source = source_dir / "chantier.sqlite3"
    with (
        closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src,
        closing(sqlite3.connect(target_dir / "chantier.sqlite3")) as dst,
    ):
        src.backup(dst)
    return target_dir


def database_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.glob("chantier.sqlite3*"))


def machine() -> dict[str, str]:
    """CPU model, cores, RAM, OS and Python: the figures only mean something with these."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    import PySide6
    import sqlalchemy

    os_name = platform.platform()
    try:
        release = dict(
            line.split("=", 1)
            for line in Path("/etc/os-release").read_text().splitlines()
            if "=" in line
        )
        os_name = release.get("PRETTY_NAME", os_name).strip('"') + f" (kernel {platform.release()})"
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "ram": ram,
        "os": os_name,
        "python": platform.python_version(),
        "pyside6": PySide6.__version__,
        "sqlalchemy": sqlalchemy.__version__,
    }
