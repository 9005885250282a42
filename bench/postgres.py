"""The same screens and documents on PostgreSQL (local socket) beside SQLite, as ratios.

    PYTHONPATH=. python bench/run.py --postgres --data-dir /tmp/bench-0.1

A throw-away PostgreSQL cluster (tests/postgres_cluster.py: Debian's package, a Unix
socket, removed at the end) gets an empty database, ``serveur init`` and ``copier-depuis``
of a private copy of the folder (the commands' own functions); then each figure is measured
on the SQLite copy and on the server, in rounds that alternate the two engines (a burst of
the other programs' load then touches both), with the ratio PostgreSQL / SQLite. CPU time
(this process's) is shown beside the wall clock: on a loaded machine it moves least. The
statements each operation sends are counted once per engine: over a socket each one is a
round trip, where SQLite's is a function call.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.common import OUT, Figure, merge_rounds, private_copy

ROUNDS = 2
# The figures compared, wall clock and CPU side by side (the keys of screens.py's and
# documents.py's figures).
COMPARED = [
    ("people_load", None),
    ("search_median", None),
    ("person_file", "person_file_cpu"),
    ("grid_load", "grid_load_cpu"),
    ("grid_save", "grid_save_cpu"),
    ("sheet_one", None),
    ("sheet_batch", "sheet_batch_cpu"),
    ("yearly", "yearly_cpu"),
]


@contextmanager
def _server(folder: Path) -> Iterator[str]:
    """A cluster holding ``folder``'s data, through ``serveur init`` and ``copier-depuis``."""
    import sqlalchemy as sa
    from sqlalchemy.pool import NullPool

    from chantier_app.paths import resolve_paths
    from chantier_app.services.safety import server
    from chantier_app.services.structure.accounts import startup_actor
    from tests.postgres_cluster import Cluster

    cluster = Cluster().start()
    try:
        admin = sa.create_engine(cluster.url(), isolation_level="AUTOCOMMIT", poolclass=NullPool)
        with admin.connect() as conn:
            conn.exec_driver_sql("CREATE DATABASE bench")
        admin.dispose()
        url = cluster.url("bench")
        server.init_server(url)
        copied = server.copy_folder_to_server(resolve_paths(folder), url, startup_actor)
        print(f"copier-depuis : {copied.rows} lignes, {len(copied.tables)} tables identiques")
        yield url
    finally:
        cluster.stop()


def _server_context(url: str, local: Path):  # type: ignore[no-untyped-def]
    from chantier_app.db.server_url import parse_server_url
    from chantier_app.paths import resolve_paths
    from chantier_app.services.context import AppContext
    from chantier_app.services.safety.server_open import open_server_data
    from chantier_app.services.structure.accounts import startup_actor

    paths = resolve_paths(local)  # this PC's side: logs and backups
    target, password = parse_server_url(url)
    opened = open_server_data(paths, target, password)
    return AppContext(opened.database, startup_actor(opened.database), paths)


@contextmanager
def counting(ctx) -> Iterator[list[int]]:  # type: ignore[no-untyped-def]
    """The statements sent to the database inside the block (one item: their count)."""
    from sqlalchemy import event

    found = [0]

    def seen(*_args: object) -> None:
        found[0] += 1

    engine = ctx.database.engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        yield found
    finally:
        event.remove(engine, "before_cursor_execute", seen)


def statements(ctx, today: dt.date, files: list[int], people: list[int]) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """How many statements each operation sends, once (the same on both engines but for
    the connection's own set-up)."""
    from bench import screens
    from chantier_app.services.documents import printing as documents
    from chantier_app.services.documents.printing import DocumentKind, DocumentRequest
    from chantier_app.ui.hours.entry_tab import EntryTab
    from chantier_app.ui.people.page import PeoplePage
    from chantier_app.ui.person.file import PersonFile

    month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    found: dict[str, int] = {}

    def count(key: str, action: Callable[[], object]) -> None:
        with counting(ctx) as seen:
            action()
        found[key] = seen[0]

    nav = screens.Nav()
    page = PeoplePage(ctx, nav)
    nav.page = page
    count("people_load", page.on_shown)
    screens.discard(page)
    file = PersonFile(ctx, screens.Nav())
    file.show()

    def open_all() -> None:
        file.load(files[-1], "identity")
        for index in range(file.tabs.count()):
            file.tabs.setCurrentIndex(index)

    open_all()  # the tabs built once; the count is a next file's
    count("person_file", open_all)
    screens.discard(file)
    tab = EntryTab(ctx, month)
    count("grid_load", lambda: tab.load(month))
    screens.discard(tab)

    def sheet(person_id: int) -> None:
        request = DocumentRequest(DocumentKind.FOLLOW_UP, person_id=person_id)
        documents.render(ctx.run(documents.prepare, request, today=today))

    count("sheet_one", lambda: sheet(people[0]))
    yearly = DocumentRequest(DocumentKind.YEARLY_REPORT, year=today.year - 1)
    count("yearly", lambda: documents.render(ctx.run(documents.prepare, yearly, today=today)))
    return found


def _measure(
    ctx, today: dt.date, files: list[int], people: list[int], repeats: int
) -> list[Figure]:  # type: ignore[no-untyped-def]
    from bench import documents, screens

    month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    return (
        screens.people_list(ctx, max(2, repeats // ROUNDS))
        + screens.person_file(ctx, files)
        + screens.hours_grid(ctx, month, repeats)
        + documents.follow_up(ctx, today, people, 1)
        + documents.yearly_report(ctx, today.year - 1, today, repeats)
    )


def compare(folder: Path, today: dt.date, repeats: int, batch: int) -> tuple[list[str], dict]:  # type: ignore[type-arg]
    """The table's lines (French) and the figures as data, both engines side by side."""
    from bench import documents
    from bench.run import _context, _files_to_open

    local = private_copy(folder, OUT / "pg-sqlite-copy")
    source = private_copy(folder, OUT / "pg-source-copy")  # what copier-depuis reads
    on_server = Path(tempfile.mkdtemp(prefix="bench-pg-local-"))
    with _server(source) as url:
        engines = {"sqlite": _context(local), "postgres": _server_context(url, on_server)}
        files = _files_to_open(engines["sqlite"], 22)
        people = documents.people_for_sheets(engines["sqlite"], today, batch)
        rounds: dict[str, list[list[Figure]]] = {name: [] for name in engines}
        for _ in range(ROUNDS):
            for name, ctx in engines.items():
                rounds[name].append(_measure(ctx, today, files, people, repeats))
        counts = {name: statements(ctx, today, files, people) for name, ctx in engines.items()}
        for ctx in engines.values():
            ctx.database.dispose()
    merged = {name: {f.key: f for f in merge_rounds(found)} for name, found in rounds.items()}
    return _table(merged, counts)


def _table(
    merged: dict[str, dict[str, Figure]], counts: dict[str, dict[str, int]]
) -> tuple[list[str], dict]:  # type: ignore[type-arg]
    lite, pg = merged["sqlite"], merged["postgres"]
    lines = [
        f"{'mesure':<62} {'SQLite':>10} {'PostgreSQL':>11} {'PG/SQLite':>9}"
        f" {'CPU SQLite':>10} {'CPU PG':>9} {'CPU PG/SQLite':>13} {'requêtes':>9}"
    ]
    rows = []
    for key, cpu_key in COMPARED:
        if key not in lite or lite[key].value is None or pg[key].value is None:
            continue
        a, b = lite[key], pg[key]
        ratio = b.value / a.value if a.value else None  # type: ignore[operator]
        cpu_a = lite[cpu_key].value if cpu_key and cpu_key in lite else None
        cpu_b = pg[cpu_key].value if cpu_key and cpu_key in pg else None
        cpu_ratio = cpu_b / cpu_a if cpu_a and cpu_b is not None else None
        queries = counts["postgres"].get(key)
        row = {
            "key": key, "label": a.label, "unit": a.unit, "sqlite": a.value, "postgres": b.value,
            "ratio": ratio, "sqlite_cpu": cpu_a, "postgres_cpu": cpu_b, "cpu_ratio": cpu_ratio,
            "statements_sqlite": counts["sqlite"].get(key), "statements_postgres": queries,
        }  # fmt: skip
        rows.append(row)
        lines.append(
            f"{a.label[:62]:<62} {a.text():>10} {b.text():>11} {_x(ratio):>9}"
            f" {_v(cpu_a, a.unit):>10} {_v(cpu_b, a.unit):>9} {_x(cpu_ratio):>13}"
            f" {'' if queries is None else queries:>9}"
        )
    return lines, {"rows": rows, "statements": counts}


def _x(ratio: float | None) -> str:
    return "" if ratio is None else f"{ratio:.2f}x"


def _v(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    return f"{value:.2f} s" if unit == "s" else f"{value:.1f} ms"
