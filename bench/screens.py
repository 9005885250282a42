"""Screens measured through their real widgets (Qt offscreen, in this process).

The people list (load, then search as you type, key by key), a person's file with every
tab's data, and the monthly hours grid (load, and save every row). Times include the
repaint that shows the result, as the user waits for it.
"""

from __future__ import annotations

import datetime as dt
import os
import time
import unicodedata
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QTableView, QVBoxLayout, QWidget

from bench.common import Figure, median, percentile


class Nav:
    """The main window's part a page uses."""

    def __init__(self) -> None:
        self.page: QWidget | None = None

    def show_page(self, key: str) -> None:
        pass

    def open_person(self, person_id: int, tab: str | None = None) -> None:
        opener = getattr(self.page, "open_person", None)
        if opener is not None:
            opener(person_id, tab)


def _typed(text: str) -> str:
    """A name as typed on a keyboard without accents (``QTest`` types ASCII only)."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


def app() -> QApplication:
    from chantier_app.ui.app import create_application

    return create_application()


def shown(widget: QWidget) -> None:
    """Let Qt lay out and paint what changed (the event loop's next turn), as the user sees it."""
    QApplication.processEvents()


def discard(widget: QWidget) -> None:
    """Close and delete now (deleteLater alone waits for an event loop the bench never runs)."""
    widget.close()
    widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    QApplication.processEvents()


def _timed(action: Callable[[], object], widget: QWidget) -> float:
    return _timed_cpu(action, widget)[0]


def _timed_cpu(action: Callable[[], object], widget: QWidget) -> tuple[float, float]:
    """Wall seconds until ``widget`` shows the result, and this process's CPU seconds for it
    (``process_time``: what the other programs' load changes least)."""
    cpu = time.process_time()
    started = time.perf_counter()
    action()
    shown(widget)
    return time.perf_counter() - started, time.process_time() - cpu


def _ms(values: list[float]) -> list[float]:
    return [v * 1000 for v in values]


class _BareRows(QAbstractTableModel):
    """The floor's model: the same display texts, the rows a search shows set from outside."""

    def __init__(self, texts: list[tuple[str, ...]], headers: list[str]) -> None:
        super().__init__()
        self.texts = texts
        self.headers = headers
        self.shown: list[int] = list(range(len(texts)))

    def show_rows(self, shown: list[int]) -> None:
        self.layoutAboutToBeChanged.emit()
        self.shown = shown
        self.layoutChanged.emit()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.shown)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.texts[self.shown[index.row()]][index.column()]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


class _BareSearch(QWidget):
    """The search's floor: a bare ``QLineEdit`` above a bare ``QTableView`` of the same size,
    columns and rows; each key typed shows the rows the application's filter found for it
    (computed beforehand), so what is left is Qt's typing, layout change and repaint."""

    def __init__(self, table: QTableView, texts: list[tuple[str, ...]], headers: list[str]):
        super().__init__()
        self.model = _BareRows(texts, headers)
        self.search = QLineEdit()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(
            table.verticalHeader().defaultSectionSize()
        )
        for column in range(len(headers)):
            self.table.setColumnWidth(column, table.columnWidth(column))
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table)
        self.resize(table.width(), table.height() + self.search.sizeHint().height())
        self.next_rows: list[int] = []
        self.search.textChanged.connect(lambda _text: self.model.show_rows(self.next_rows))
        self.show()


def people_list(ctx, repeats: int) -> list[Figure]:  # type: ignore[no-untyped-def]
    """The list's load, then search as you type key by key; after each key, the same key in
    the floor (``_BareSearch``) showing the same rows: both under the same load."""
    from chantier_app.ui.people.page import PeoplePage

    loads = []
    page = None
    for _ in range(repeats):
        if page is not None:
            discard(page)
        nav = Nav()
        page = PeoplePage(ctx, nav)
        nav.page = page
        page.resize(1200, 760)
        page.show()
        loads.append(_timed(page.on_shown, page))
    assert page is not None
    model = page.list.model
    rows = model.rowCount()
    words = []
    for index in range(0, rows, max(1, rows // 25)):
        row = model.row(index)
        words.append(_typed(row.usage_name).split()[0][:7])
        if row.pass_number:
            words.append(row.pass_number[:8])
    search = page.list.search
    page.list.status_filter.setCurrentIndex(page.list.status_filter.findData("all"))
    shown(page)
    proxy = page.list.proxy
    texts = [
        tuple(model.cell(r, c, Qt.ItemDataRole.DisplayRole) for c in range(model.columnCount()))
        for r in range(rows)
    ]
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    bare = _BareSearch(page.list.table, texts, headers)
    shown(bare)
    keys, keys_cpu, floor, floor_cpu = [], [], [], []

    def key(key: str | Qt.Key) -> None:
        wall, cpu = _timed_cpu(lambda: QTest.keyClick(search, key), page)
        keys.append(wall)
        keys_cpu.append(cpu)
        bare.next_rows = list(range(proxy.rowCount())) if proxy._shown is None else proxy._shown
        wall, cpu = _timed_cpu(lambda: QTest.keyClick(bare.search, key), bare)
        floor.append(wall)
        floor_cpu.append(cpu)

    for word in words:
        for char in word:
            key(char)
        for _ in word:
            key(Qt.Key.Key_Backspace)
    discard(bare)
    discard(page)
    ms, ms_cpu, floor_ms, floor_ms_cpu = _ms(keys), _ms(keys_cpu), _ms(floor), _ms(floor_cpu)
    p95 = percentile(ms, 0.95)
    return [
        Figure(
            "people_load", f"Liste des salariés : chargement de {rows} lignes", median(loads) * 1000,
            "ms", samples=_ms(loads),
        ),
        Figure(
            "search_median", "Recherche au fil de la frappe : médiane par frappe",
            median(ms), "ms", samples=ms,
        ),
        Figure(
            "search_p95", "Recherche au fil de la frappe : 95e centile", p95,
            "ms", "<= 8 ms", p95 <= 8, samples=ms, stat="p95",
        ),
        Figure(
            "search_p95_cpu", "Recherche : 95e centile du temps de calcul", percentile(ms_cpu, 0.95),
            "ms", "<= 8 ms", percentile(ms_cpu, 0.95) <= 8, samples=ms_cpu, stat="p95",
        ),
        Figure(
            "search_floor_p95", "Plancher : QLineEdit et QTableView nus, mêmes lignes (95e centile)",
            percentile(floor_ms, 0.95), "ms", samples=floor_ms, stat="p95",
        ),
        Figure(
            "search_floor_p95_cpu", "Plancher : 95e centile du temps de calcul",
            percentile(floor_ms_cpu, 0.95), "ms", samples=floor_ms_cpu, stat="p95",
        ),
    ]  # fmt: skip


def search_ratios(figures: list[Figure]) -> list[Figure]:
    """The search's 95th percentile against its floor's, both from the merged rounds."""
    value = {f.key: f.value for f in figures}
    found = []
    for suffix, label in (("", ""), ("_cpu", ", temps de calcul")):
        app, bare = value.get(f"search_p95{suffix}"), value.get(f"search_floor_p95{suffix}")
        if app is None or not bare:
            continue
        ratio = app / bare
        found.append(
            Figure(f"search_ratio{suffix}", f"Recherche : 95e centile / plancher{label}", ratio,
                   "x", "<= 1.3x", ratio <= 1.3)
        )  # fmt: skip
    return found


def person_file(ctx, person_ids: list[int]) -> list[Figure]:  # type: ignore[no-untyped-def]
    """The people page keeps one file widget: the first file opened builds its tabs, the next
    ones reuse them. Both are reported; the budget is the usual case, the next files."""
    from chantier_app.ui.person.file import PersonFile

    def made() -> PersonFile:
        file = PersonFile(ctx, Nav())
        file.resize(1200, 760)
        file.show()
        return file

    def open_all(file: PersonFile, person_id: int) -> None:
        file.load(person_id, "identity")
        for index in range(file.tabs.count()):
            file.tabs.setCurrentIndex(index)

    warm = made()
    open_all(warm, person_ids[0])  # the tabs' modules are imported once (the warm-up's job)
    discard(warm)
    file = made()
    first = _timed(lambda: open_all(file, person_ids[1]), file) * 1000
    measured = [_timed_cpu(lambda p=p: open_all(file, p), file) for p in person_ids[2:]]
    discard(file)
    times, cpus = _ms([w for w, _ in measured]), _ms([c for _, c in measured])
    value, cpu = median(times), median(cpus)
    return [
        Figure(
            "person_file_first", "Premier dossier ouvert : ses onglets construits", first, "ms",
            note="une fois par session", samples=[first],
        ),
        Figure(
            "person_file", "Dossier d'un salarié suivant, tous ses onglets",
            value, "ms", "<= 25 ms", value <= 25, samples=times,
        ),
        Figure(
            "person_file_cpu", "Dossier d'un salarié suivant : temps de calcul",
            cpu, "ms", "<= 25 ms", cpu <= 25, samples=cpus,
        ),
    ]  # fmt: skip


def hours_grid(ctx, month: dt.date, repeats: int) -> list[Figure]:  # type: ignore[no-untyped-def]
    from chantier_app.domain.codes.hours_codes import HoursCategory
    from chantier_app.ui.hours import cells
    from chantier_app.ui.hours.entry_tab import EntryTab

    cells.confirm = lambda *_args, **_kw: True  # warnings never block the benchmark
    tab = EntryTab(ctx, month)
    tab.resize(1200, 760)
    tab.show()
    measured = [_timed_cpu(lambda: tab.load(month), tab) for _ in range(repeats)]
    loads, loads_cpu = _ms([w for w, _ in measured]), _ms([c for _, c in measured])
    rows = len(tab.model.rows)
    saves, saves_cpu = [], []
    for turn in range(repeats):
        delta = 1 if turn % 2 == 0 else -1
        for index, row in enumerate(tab.model.rows):
            if row.values.total and HoursCategory.WORKED in row.editable:
                worked = row.values.worked + delta
                tab.model.set_text(index, HoursCategory.WORKED, f"{worked // 60}:{worked % 60:02d}")
        changed = len(tab.model.changed_rows())
        wall, cpu = _timed_cpu(tab.save, tab)
        saves.append(wall * 1000)
        saves_cpu.append(cpu * 1000)
        assert not tab.model.changed_rows(), tab.status.text()
    discard(tab)
    load, save = median(loads), median(saves)
    load_cpu, save_cpu = median(loads_cpu), median(saves_cpu)
    return [
        Figure(
            "grid_load", f"Grille mensuelle ({rows} contrats) : chargement", load, "ms",
            "<= 50 ms", load <= 50, samples=loads,
        ),
        Figure(
            "grid_load_cpu", "Grille mensuelle : chargement, temps de calcul", load_cpu, "ms",
            "<= 50 ms", load_cpu <= 50, samples=loads_cpu,
        ),
        Figure(
            "grid_save", f"Grille mensuelle : enregistrement de {changed} lignes",
            save, "ms", "<= 50 ms", save <= 50, samples=saves,
        ),
        Figure(
            "grid_save_cpu", "Grille mensuelle : enregistrement, temps de calcul",
            save_cpu, "ms", "<= 50 ms", save_cpu <= 50, samples=saves_cpu,
        ),
    ]  # fmt: skip
