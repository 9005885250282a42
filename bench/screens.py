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

from PySide6.QtCore import QEvent, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

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
    started = time.perf_counter()
    action()
    shown(widget)
    return time.perf_counter() - started


def people_list(ctx, repeats: int) -> list[Figure]:  # type: ignore[no-untyped-def]
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
    rows = page.list.model.rowCount()
    words = []
    for index in range(0, rows, max(1, rows // 25)):
        row = page.list.model.row(index)
        words.append(_typed(row.usage_name).split()[0][:7])
        if row.pass_number:
            words.append(row.pass_number[:8])
    keys = []
    search = page.list.search
    page.list.status_filter.setCurrentIndex(page.list.status_filter.findData("all"))
    for word in words:
        for char in word:
            keys.append(_timed(lambda c=char: QTest.keyClick(search, c), page))
        for _ in word:
            keys.append(_timed(lambda: QTest.keyClick(search, Qt.Key.Key_Backspace), page))
    discard(page)
    ms = [k * 1000 for k in keys]
    return [
        Figure(
            "people_load", f"Liste des salariés : chargement de {rows} lignes", median(loads) * 1000,
            "ms", samples=[x * 1000 for x in loads],
        ),
        Figure(
            "search_median", "Recherche au fil de la frappe : médiane par frappe",
            median(ms), "ms", samples=ms,
        ),
        Figure(
            "search_p95", "Recherche au fil de la frappe : 95e centile", percentile(ms, 0.95),
            "ms", "<= 16 ms", percentile(ms, 0.95) <= 16, samples=ms, stat="p95",
        ),
    ]  # fmt: skip


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
    times = [_timed(lambda p=p: open_all(file, p), file) * 1000 for p in person_ids[2:]]
    discard(file)
    value = median(times)
    return [
        Figure(
            "person_file_first", "Premier dossier ouvert : ses onglets construits", first, "ms",
            note="une fois par session", samples=[first],
        ),
        Figure(
            "person_file", "Dossier d'un salarié suivant, tous ses onglets",
            value, "ms", "<= 50 ms", value <= 50, samples=times,
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
    loads = [_timed(lambda: tab.load(month), tab) * 1000 for _ in range(repeats)]
    rows = len(tab.model.rows)
    saves = []
    for turn in range(repeats):
        delta = 1 if turn % 2 == 0 else -1
        for index, row in enumerate(tab.model.rows):
            if row.values.total and HoursCategory.WORKED in row.editable:
                worked = row.values.worked + delta
                tab.model.set_text(index, HoursCategory.WORKED, f"{worked // 60}:{worked % 60:02d}")
        changed = len(tab.model.changed_rows())
        saves.append(_timed(tab.save, tab) * 1000)
        assert not tab.model.changed_rows(), tab.status.text()
    discard(tab)
    load, save = median(loads), median(saves)
    return [
        Figure(
            "grid_load", f"Grille mensuelle ({rows} contrats) : chargement", load, "ms",
            "<= 100 ms", load <= 100, samples=loads,
        ),
        Figure(
            "grid_save", f"Grille mensuelle : enregistrement de {changed} lignes",
            save, "ms", "<= 100 ms", save <= 100, samples=saves,
        ),
    ]  # fmt: skip
