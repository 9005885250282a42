"""The people page as a user works it: search, filters, open a file, create, archive, import."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from chantier_app.db import models as m
from chantier_app.domain.fr_format import fold
from chantier_app.services.context import AppContext
from chantier_app.services.people import records as people
from chantier_app.services.people import views as people_views
from chantier_app.services.people.views import PersonStatus
from chantier_app.ui.people.page import PeoplePage
from tests.services.people_factory import person_input
from tests.team_factory import demo_actor


class FakeNav:
    """The main window's part a page uses."""

    def __init__(self) -> None:
        self.page: PeoplePage | None = None

    def show_page(self, key: str) -> None:
        pass

    def open_person(self, person_id: int, tab: str | None = None) -> None:
        assert self.page is not None
        self.page.open_person(person_id, tab)


@pytest.fixture
def page(qtbot, demo_ctx) -> PeoplePage:
    nav = FakeNav()
    widget = PeoplePage(demo_ctx, nav)
    nav.page = widget
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    widget.on_shown()
    return widget


def _shown(page: PeoplePage) -> list:
    lst = page.list
    return [
        lst.model.row(lst.proxy.source_row(lst.proxy.index(i, 0)))
        for i in range(lst.proxy.rowCount())
    ]


def test_models_pass_qt_checks(page, qtmodeltester) -> None:
    qtmodeltester.check(page.list.model)
    qtmodeltester.check(page.list.proxy)
    page.open_person(_shown(page)[0].id, "eligibility")
    tab = page.file.tab("eligibility")
    for model in (tab.diagnoses, tab.passes, tab.events):
        qtmodeltester.check(model)


def test_list_shows_people_in_progress_by_default(page) -> None:
    rows = _shown(page)
    assert rows and all(r.status.active for r in rows)
    assert page.list.count_label.text().endswith("sur 40")


def test_search_filters_as_you_type_on_names_nir_and_pass(qtbot, page) -> None:
    target = _shown(page)[0]
    qtbot.keyClicks(page.list.search, fold(target.usage_name.split("-")[0][:4]))  # ASCII only
    assert target in _shown(page)
    assert len(_shown(page)) < 22
    page.list.search.clear()
    qtbot.keyClicks(page.list.search, target.pass_number)
    assert _shown(page) == [target]
    # Shown as on the PASS and in the person's file (« 99999 26 12345 »), found either way.
    number = target.pass_number
    shown = f"{number[:5]} {number[5:7]} {number[7:]}"
    column = next(
        c
        for c in range(page.list.proxy.columnCount())
        if page.list.proxy.headerData(c, Qt.Orientation.Horizontal) == "N° PASS IAE"
    )
    assert page.list.proxy.index(0, column).data() == shown
    page.list.search.clear()
    qtbot.keyClicks(page.list.search, shown)
    assert _shown(page) == [target]
    if target.nir:
        page.list.search.clear()
        qtbot.keyClicks(page.list.search, target.nir[:9])
        assert target in _shown(page)
    page.list.search.clear()
    qtbot.keyClicks(page.list.search, "zzzz")
    assert _shown(page) == []


def test_filters_combine(page) -> None:
    lst = page.list
    lst.status_filter.setCurrentIndex(lst.status_filter.findData("former"))
    former = _shown(page)
    assert former and all(r.status is PersonStatus.FORMER for r in former)
    lst.status_filter.setCurrentIndex(lst.status_filter.findData("all"))
    assert len(_shown(page)) == 40
    team_index = 1
    team_id = lst.team_filter.itemData(team_index)
    lst.team_filter.setCurrentIndex(team_index)
    assert _shown(page) and all(r.team_id == team_id for r in _shown(page))
    lst.team_filter.setCurrentIndex(0)
    lst.kind_filter.setCurrentIndex(lst.kind_filter.findData("PH"))
    assert _shown(page) and all(r.contract_kind.value == "PH" for r in _shown(page))
    cip = lst.cip_filter.itemData(1)
    lst.cip_filter.setCurrentIndex(1)
    assert all(r.cip_id == cip for r in _shown(page))


def test_header_click_sorts(qtbot, page) -> None:
    header = page.list.table.horizontalHeader()
    age_column = 2
    x = header.sectionViewportPosition(age_column) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    ages = [r.age for r in _shown(page)]
    assert ages == sorted(ages) or ages == sorted(ages, reverse=True)


def test_double_click_opens_the_file_and_back_returns(qtbot, page) -> None:
    table = page.list.table
    rect = table.visualRect(page.list.proxy.index(2, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    chosen = page.list.selected_row()
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.stack.currentWidget() is page.file
    assert chosen.usage_name.upper() in page.file.name_label.text()
    assert page.file.current_key() == "identity"
    assert [page.file.tabs.tabText(i) for i in range(page.file.tabs.count())][:3] == [
        "Identité",
        "Situation",
        "Éligibilité et PASS IAE",
    ]
    qtbot.mouseClick(page.file.back, Qt.MouseButton.LeftButton)
    assert page.stack.currentWidget() is page.list
    assert page.list.selected_id() == chosen.id


def test_enter_opens_the_selected_person(qtbot, page) -> None:
    page.list.table.selectRow(0)
    page.list.table.setFocus()
    qtbot.keyClick(page.list.table, Qt.Key.Key_Return)
    assert page.stack.currentWidget() is page.file
    assert page.file.person_id == _shown(page)[0].id


def test_open_person_at_a_tab(page) -> None:
    person_id = next(r.id for r in _shown(page) if r.pass_number)
    page.open_person(person_id, "eligibility")
    assert page.file.current_key() == "eligibility"
    tab = page.file.tab("eligibility")
    assert tab.passes.rowCount() == 1
    assert "expire" in tab.passes.index(0, 3).data() or "expiré" in tab.passes.index(0, 3).data()


def test_archive_asks_then_archives(qtbot, page, demo_ctx, monkeypatch) -> None:
    person_id = demo_ctx.run(people.create_person, person_input())
    page.list.refresh()
    page.list.select(person_id)
    asked = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda *args, **kw: asked.append(args[2]) or QMessageBox.StandardButton.No,
    )
    qtbot.mouseClick(page.list.archive_button, Qt.MouseButton.LeftButton)
    assert asked and "Archiver le dossier de LEFÈVRE Élodie" in asked[0]
    assert demo_ctx.read(people_views.get_person, person_id).archived_at is None
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(page.list.archive_button, Qt.MouseButton.LeftButton)
    assert demo_ctx.read(people_views.get_person, person_id).archived_at is not None
    assert person_id not in [r.id for r in _shown(page)]


def test_supervisor_sees_no_nir_and_cannot_edit(qtbot, demo_database) -> None:
    ctx = AppContext(demo_database, demo_actor(demo_database, "encadrant1"))
    nav = FakeNav()
    widget = PeoplePage(ctx, nav)
    nav.page = widget
    qtbot.addWidget(widget)
    widget.on_shown()
    titles = [c.title for c in widget.list.model.columns]
    assert "NIR" not in titles
    assert not widget.list.new_button.isEnabled() and not widget.list.export_button.isEnabled()
    widget.open_person(widget.list.model.row(0).id, "identity")
    identity = widget.file.tab("identity")
    identity.refresh()
    assert "masqué" in identity.values["nir"].text()
    assert not identity.edit_button.isEnabled()
    # Situation, eligibility and support are not an encadrant's to read.
    assert widget.file._keys == [
        "identity",
        "contracts",
        "hours",
        "trainings",
        "documents",
        "history",
    ]


def test_export_writes_the_rows_shown(page, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    page.list.kind_filter.setCurrentIndex(page.list.kind_filter.findData("PH"))
    shown = len(_shown(page))
    result = page.export_to(tmp_path / "liste.csv")
    assert result is not None and result.count == shown
    lines = (tmp_path / "liste.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == shown + 1


def test_import_dialog_previews_then_imports_valid_rows(
    qtbot, demo_ctx, tmp_path, monkeypatch
) -> None:
    from chantier_app.ui.people.import_dialog import ImportDialog

    path = tmp_path / "nouveaux.csv"
    path.write_text(
        "Civilité;Nom;Prénom;Date de naissance;NIR;Motif d'absence du NIR\n"
        "Mme;Ouattara;Mariam;12/04/1992;;Non communiqué par la personne\n"
        "M.;Petit;Jean;31/02/1990;;Autre raison\n",
        encoding="utf-8",
    )
    dialog = ImportDialog(demo_ctx, path)
    qtbot.addWidget(dialog)
    qtmodel_rows = [dialog.model.row(i) for i in range(dialog.model.rowCount())]
    assert [r.valid for r in qtmodel_rows] == [True, False]
    assert "Date de naissance" in dialog.model.index(1, 3).data()
    assert (
        "le 31 février 1990 n'existe pas (février 1990 a 28 jours)"
        in dialog.model.index(1, 3).data()
    )  # the day does not exist, the format was right
    assert "1 ligne(s) prête(s)" in dialog.summary.text()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.result.created == 1
    with demo_ctx.database.reading() as session:
        assert session.scalar(select(func.count()).select_from(m.Person)) == 41


def test_main_window_opens_a_person_on_the_people_page(qtbot, demo_ctx) -> None:
    from chantier_app.ui.main_window import MainWindow

    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    window.show()
    person_id = demo_ctx.read(people_views.list_people)[4].id
    window.open_person(person_id, "situation")
    page = window.pages["people"]
    assert window.current_key() == "people"
    assert page.stack.currentWidget() is page.file and page.file.current_key() == "situation"
    assert page.file.tab("situation").values["referrer"].text() != "non renseigné"
