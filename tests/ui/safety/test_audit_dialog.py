"""« Journal des actions »: the director filters by dates, staff, person and action, sorts,
searches and exports what is shown."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt

from chantier_app.db import models as m
from chantier_app.domain.codes.person_codes import Civility
from chantier_app.services.context import AppContext
from chantier_app.ui.safety.audit_view import AuditDialog

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def journal(qtbot, ctx: AppContext) -> AuditDialog:
    with ctx.database.transaction() as session:
        people = [
            m.Person(civility=Civility.MRS, usage_name="Lefèvre", first_names="Élodie"),
            m.Person(civility=Civility.MR, usage_name="Diallo", first_names="Moussa"),
        ]
        session.add_all(people)
        session.flush()
        entries = [
            (dt.datetime(2026, 11, 20, 9), "Isabelle Moreau", "create", people[0].id, "création"),
            (
                dt.datetime(2026, 11, 21, 10),
                "Karim Haddad",
                "print",
                people[0].id,
                "fiche de suivi",
            ),
            (
                dt.datetime(2026, 11, 22, 11),
                "Karim Haddad",
                "update",
                people[1].id,
                "=cmd|' /C calc'!A0",
            ),
            (dt.datetime(2026, 6, 1, 8), "Isabelle Moreau", "export", people[1].id, "ancien"),
        ]
        for at, staff, action, person_id, summary in entries:
            session.add(
                m.AuditEntry(
                    at=at,
                    staff_name=staff,
                    action=action,
                    entity="person",
                    entity_id=person_id,
                    person_id=person_id,
                    summary=summary,
                )
            )
    dialog = AuditDialog(ctx, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _summaries(dialog: AuditDialog) -> list[str]:
    return [r.summary for r in dialog.visible_rows()]


def test_models_are_sound_and_recent_period_shown(qtmodeltester, journal: AuditDialog) -> None:
    qtmodeltester.check(journal.model)
    qtmodeltester.check(journal.proxy)
    # Ninety days by default, newest first: the June entry is out of the period.
    assert _summaries(journal) == ["=cmd|' /C calc'!A0", "fiche de suivi", "création"]
    assert journal.count.text() == "3 actions affichées sur 3"


def test_widening_the_dates_asks_the_database(journal: AuditDialog) -> None:
    journal.since.setDate(QDate(2026, 1, 1))
    assert _summaries(journal)[-1] == "ancien"
    journal.until.setDate(QDate(2026, 11, 20))
    assert _summaries(journal) == ["création", "ancien"]


@pytest.mark.parametrize(
    ("combo", "label", "expected"),
    [
        ("staff", "Karim Haddad", ["=cmd|' /C calc'!A0", "fiche de suivi"]),
        ("action", "Impression", ["fiche de suivi"]),
        ("person", "LEFÈVRE Élodie", ["fiche de suivi", "création"]),
    ],
)
def test_filters(journal: AuditDialog, combo: str, label: str, expected: list[str]) -> None:
    box = getattr(journal, combo)
    box.setCurrentIndex(box.findText(label))
    assert _summaries(journal) == expected
    assert journal.count.text() == f"{len(expected)} actions affichées sur 3"
    box.setCurrentIndex(0)
    assert len(_summaries(journal)) == 3


def test_search_and_sort(qtbot, journal: AuditDialog) -> None:
    qtbot.keyClicks(journal.search, "suivi")
    assert _summaries(journal) == ["fiche de suivi"]
    journal.search.clear()
    header = journal.table.horizontalHeader()
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=header.rect().topLeft() + qtbot_point(header.sectionViewportPosition(1) + 5, 5),
    )
    staff = [r.staff_name for r in journal.visible_rows()]
    assert staff == sorted(staff) or staff == sorted(staff, reverse=True)
    assert staff[0] != staff[-1]


def qtbot_point(x: int, y: int):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPoint

    return QPoint(x, y)


def test_export_writes_what_is_shown_neutralised(journal: AuditDialog, tmp_path: Path) -> None:
    journal.staff.setCurrentIndex(journal.staff.findText("Karim Haddad"))
    path = journal.export(tmp_path / "journal.csv")
    assert path is not None
    lines = path.read_bytes().decode("utf-8-sig").splitlines()
    assert len(lines) == 3
    assert lines[1].endswith(";\"'=cmd|' /C calc'!A0\"") or ";'=cmd|" in lines[1]
    assert journal.export_result.text() == f"2 lignes exportées dans {path}"
    # Reloading with a filter on, and one more row (the export is in the journal now).
    journal.until.setDate(QDate.currentDate())
    journal.reload()
    assert len(journal.visible_rows()) == 2
    journal.staff.setCurrentIndex(0)
    assert journal.visible_rows()[0].action_label == "Export"
    assert journal.visible_rows()[0].staff_name == "Système"


def test_export_to_a_missing_folder_says_so(qtbot, journal: AuditDialog, tmp_path: Path) -> None:
    from dialog_helpers import Answers
    from PySide6.QtWidgets import QMessageBox

    answers = Answers(QMessageBox.StandardButton.Ok)
    assert journal.export(tmp_path / "absent" / "journal.csv") is None
    assert answers.done()
    assert answers.seen[0][0] == "Export impossible"
    assert "introuvable" in answers.seen[0][1]
