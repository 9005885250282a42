"""The « Données personnelles » page: anonymising with confirmation, the right of access."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from chantier_app.db import models as m
from chantier_app.services.safety import backups
from chantier_app.ui.privacy.page import PrivacyPage
from tests.services.retention_factory import NIR, former_employee

LATER = dt.date(2031, 6, 1)  # the former employee is past both dates


def _page(qtbot, ctx) -> PrivacyPage:
    page = PrivacyPage(ctx, None, today=LATER)  # type: ignore[arg-type]
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    page.on_shown()
    return page


def test_anonymising_asks_first_then_erases_after_a_backup(
    qtbot, qtmodeltester, demo_ctx, monkeypatch
) -> None:
    with demo_ctx.database.transaction() as session:
        former = former_employee(session, demo_ctx.actor)
    page = _page(qtbot, demo_ctx)
    qtmodeltester.check(page.retention)
    names = [r.name for r in page.retention.rows()]
    assert "QUATREBARBES Zéphyrine" in names
    assert "2 ans après le dernier contact" in page.durations.text()
    assert not page.anonymise_button.isEnabled()
    page.retention_view.selectRow(names.index("QUATREBARBES Zéphyrine"))
    assert page.anonymise_button.isEnabled() and not page.erase_button.isEnabled()
    asked: list[str] = []

    def answer(reply):
        def question(_parent, _title, text, *_a, **_k):
            asked.append(text)
            return reply

        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    qtbot.mouseClick(page.anonymise_button, Qt.MouseButton.LeftButton)
    assert "Anonymiser QUATREBARBES Zéphyrine ?" in asked[0]
    with demo_ctx.database.reading() as session:
        assert session.get(m.Person, former).nir == NIR  # « Non »: nothing happened
    done: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: done.append(text))
    qtbot.mouseClick(page.anonymise_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    assert done[0].startswith("C'est fait. Sauvegarde faite juste avant : chantier-")
    assert "QUATREBARBES Zéphyrine" not in [r.name for r in page.retention.rows()]
    with demo_ctx.database.reading() as session:
        person = session.get(m.Person, former)
        assert person.nir is None and person.anonymised_at is not None
    # In backups/, or on a server in its own sub-folder of it (backups_folder).
    assert list(backups.backups_folder(demo_ctx).glob("*avant-anonymisation*"))


@pytest.mark.sqlite_only(reason="the backups folder's SQLite files are rewritten")
def test_the_confirmation_lists_the_copies_made_elsewhere(
    qtbot, demo_ctx, monkeypatch, tmp_path
) -> None:
    """After the anonymisation the direction reads which copies outside the application
    still hold the person (« Sauvegarder vers… » to a USB key), and that the backups
    folder's copies were anonymised too (issue 16, point 3)."""
    with demo_ctx.database.transaction() as session:
        former_employee(session, demo_ctx.actor)
    usb = tmp_path / "cle-usb"
    usb.mkdir()
    copy = backups.save_to(demo_ctx, usb)
    page = _page(qtbot, demo_ctx)
    names = [r.name for r in page.retention.rows()]
    page.retention_view.selectRow(names.index("QUATREBARBES Zéphyrine"))
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    done: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: done.append(text))
    qtbot.mouseClick(page.anonymise_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(done), timeout=20_000)
    lines = done[0].splitlines()
    assert "anonymisée dans 1 sauvegarde(s) du dossier des sauvegardes" in done[0]
    assert any("hors de l'application contiennent encore cette personne" in x for x in lines)
    [listed] = [x for x in lines if str(copy) in x]
    assert listed.startswith("• ") and "« Sauvegarder vers… »" in listed


def test_exporting_a_persons_data_writes_the_pdf_and_the_json(
    qtbot, qtmodeltester, demo_ctx, tmp_path, monkeypatch
) -> None:
    with demo_ctx.database.transaction() as session:
        former = former_employee(session, demo_ctx.actor)
    page = _page(qtbot, demo_ctx)
    qtmodeltester.check(page.people)
    assert not page.export_button.isEnabled()
    qtbot.keyClicks(page.search, "quatreb")
    assert page.proxy.rowCount() == 1
    page.people_view.selectRow(0)
    assert page.export_button.isEnabled() and page.current_person().id == former
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))
    result = page.export_to(former, tmp_path)
    assert result is not None and result.pdf_path.exists()
    assert json.loads(result.json_path.read_text(encoding="utf-8"))["tables"]["person"][0]["nir"] == NIR  # fmt: skip
    assert told[0].startswith(f"{result.rows} enregistrements écrits dans ")


def test_the_access_list_is_in_alphabetical_order_and_sorts_on_a_click(qtbot, demo_ctx) -> None:
    from chantier_app.domain.fr_format import fold

    page = _page(qtbot, demo_ctx)
    names = [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]
    assert len(names) > 20 and names == sorted(names, key=fold)
    qtbot.mouseClick(
        page.people_view.horizontalHeader().viewport(),
        Qt.MouseButton.LeftButton,
        pos=_section_centre(page.people_view, 0),
    )
    flipped = [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]
    assert flipped == list(reversed(names))


def _section_centre(view, column: int):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPoint

    header = view.horizontalHeader()
    return QPoint(header.sectionViewportPosition(column) + header.sectionSize(column) // 2, 5)
