"""« Historique des modifications » read as a user reads it, for the kinds whose corrections
were only read through the service: a PMSMP, a barrier's score, a declared month's hours.
The line (when, who, what, why) and the selected line's « Avant » / « Après »; a health
barrier's score is not shown to a CIP who does not follow the person."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from chantier_app.domain.codes.barriers import Barrier
from chantier_app.domain.codes.hours_codes import HoursCategory
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.services.context import AppContext
from chantier_app.services.hours import grid as hours
from chantier_app.services.hours.declared_corrections import correct_declared_month
from chantier_app.services.support import barriers, pmsmp
from chantier_app.ui.person.file import PersonFile
from chantier_app.ui.support.correction_dialogs import (
    CancelPmsmpDialog,
    CancelScoreDialog,
    CorrectScoreDialog,
)
from tests import support_factory as f
from tests.ui.contracts.test_contracts_tab import Nav, type_into
from tests.ui.people.test_diagnosis_corrections_ui import _history
from tests.ui.support.support_gui import click_row, on_next_dialog, row_of
from tests.ui.support.test_live_corrections_ui import _review_done
from tests.ui.support.test_support_tab import _tab

D = dt.date


def _file(qtbot, ctx: AppContext, person_id: int) -> PersonFile:
    file = PersonFile(ctx, Nav())
    qtbot.addWidget(file)
    file.resize(1280, 720)
    file.show()
    file.load(person_id, "identity")
    return file


def _selected(qtbot, file: PersonFile, row: int) -> str:
    history = file.tab("history")
    click_row(qtbot, history.table, row)
    return history.previous.text()


def _today(line: list[str]) -> bool:
    return line[0].startswith(dt.date.today().strftime("%d/%m/%Y "))


def test_a_pmsmp_corrected_then_cancelled_is_read_in_the_history(qtbot, world, nav) -> None:
    world.cip.run(
        pmsmp.create_pmsmp,
        world.person_id,
        pmsmp.PmsmpInput("Hotel du Canal", D(2026, 3, 2), D(2026, 3, 13), "Lingere"),
    )
    tab = _tab(qtbot, world.cip, nav, world.person_id)

    def correct(dialog: QDialog) -> None:
        assert dialog.windowTitle() == "Corriger la PMSMP"
        type_into(qtbot, dialog.end, "20/03/2026")
        type_into(qtbot, dialog.reason, "Convention prolongee")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    on_next_dialog(correct)
    click_row(qtbot, tab.timeline, row_of(tab.timeline, "PMSMP chez Hotel du Canal"), double=True)
    file = _file(qtbot, world.cip, world.person_id)
    (line,) = _history(file)
    assert _selected(qtbot, file, 0) == "Avant : Fin : 13/03/2026\nAprès : Fin : 20/03/2026"

    click_row(qtbot, tab.timeline, row_of(tab.timeline, "PMSMP chez Hotel du Canal"))

    def cancel(dialog: QDialog) -> None:
        assert isinstance(dialog, CancelPmsmpDialog)
        type_into(qtbot, dialog.reason, "Convention jamais signee")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    on_next_dialog(cancel)
    qtbot.mouseClick(tab.cancel_pmsmp_button, Qt.MouseButton.LeftButton)
    file.tab("history").refresh()  # the support tab above is not this file's: read again
    cancelled, line = _history(file)
    assert all(_today(x) for x in (cancelled, line))
    assert cancelled[1:3] + cancelled[4:] == [
        world.cip.actor.name,
        "Annulation — PMSMP",
        "Convention jamais signee",
    ]
    before, after = _selected(qtbot, file, 0).split("\n")
    assert "Entreprise d'accueil : Hotel du Canal" in before and "Fin : 20/03/2026" in before
    assert after == "Après : retiré du dossier"
    assert line[1:] == [
        world.cip.actor.name,
        "Correction — PMSMP",
        "PMSMP chez Hotel du Canal du 02/03/2026 au 13/03/2026 : fin corrigé(s)",
        "Convention prolongee",
    ]
    # The correction's line still says what it changed, the PMSMP gone since.
    assert _selected(qtbot, file, 1) == "Avant : Fin : 13/03/2026\nAprès : Fin : 20/03/2026"


def test_a_score_corrected_is_read_in_the_history_a_health_one_by_its_followers_only(
    qtbot, database, world, nav
) -> None:
    _review_done(world)  # housing scored 4 at the 3-month review
    world.cip.run(
        barriers.write_scores,
        world.person_id,
        D(2026, 3, 30),
        {Barrier.HEALTH: 3},
    )
    tab = _tab(qtbot, world.cip, nav, world.person_id)
    for barrier, score in ((Barrier.HOUSING, 2), (Barrier.HEALTH, 1)):
        click_row(qtbot, tab.evolution, row_of(tab.evolution, barrier.label))

        def correct(dialog: QDialog, score: int = score) -> None:
            assert isinstance(dialog, CorrectScoreDialog)
            dialog.score.setCurrentIndex(dialog.score.findData(score))
            qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

        on_next_dialog(correct)
        qtbot.mouseClick(tab.correct_score_button, Qt.MouseButton.LeftButton)

    file = _file(qtbot, world.cip, world.person_id)
    lines = _history(file)
    assert [line[1:3] for line in lines] == [
        [world.cip.actor.name, "Correction — cotation d'un frein"]
    ] * 2
    assert all(_today(line) for line in lines)
    assert lines[0][3] == "frein « Santé » coté le 30/03/2026 : cotation 3 → 1"
    assert _selected(qtbot, file, 0).split("\n") == [
        "Avant : Cote (1 à 5) : 3",
        "Après : Cote (1 à 5) : 1",
    ]
    assert lines[1][3] == "frein « Logement » coté le 30/03/2026 : cotation 4 → 2"
    assert _selected(qtbot, file, 1).split("\n") == [
        "Avant : Cote (1 à 5) : 4",
        "Après : Cote (1 à 5) : 2",
    ]

    # The health score was a mistake altogether: cancelled, read as the first line.
    click_row(qtbot, tab.evolution, row_of(tab.evolution, Barrier.HEALTH.label))

    def cancel(dialog: QDialog) -> None:
        assert isinstance(dialog, CancelScoreDialog)
        type_into(qtbot, dialog.reason, "Cotee par erreur")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    on_next_dialog(cancel)
    qtbot.mouseClick(tab.cancel_score_button, Qt.MouseButton.LeftButton)
    file.tab("history").refresh()
    first = _history(file)[0]
    assert first[2] == "Annulation — cotation d'un frein" and first[4] == "Cotee par erreur"
    assert _selected(qtbot, file, 0).split("\n")[1] == "Après : retiré du dossier"

    # A CIP who does not follow her: the housing score's correction, never the health one's.
    with database.transaction() as session:
        _colleague, other_cip = f.staff(session, Role.CIP, last="Moreau")
    seen = _history(_file(qtbot, AppContext(database, other_cip), world.person_id))
    assert [line[3] for line in seen] == ["frein « Logement » coté le 30/03/2026 : cotation 4 → 2"]


def test_a_declared_month_corrected_is_read_in_the_history(qtbot, ctx, world) -> None:
    march = D(2026, 3, 1)
    entry = hours.MonthEntry(world.contract_id, {HoursCategory.WORKED: "100"})
    ctx.run(hours.save_month, march, [entry], acknowledge_warnings=True)
    ctx.run(hours.declare_month, march)
    fixed = hours.MonthEntry(world.contract_id, {HoursCategory.WORKED: "90"})
    ctx.run(correct_declared_month, march, [fixed], "Absence oubliee", acknowledge_warnings=True)

    file = _file(qtbot, ctx, world.person_id)
    (line,) = _history(file)
    assert _today(line)
    assert line[1:] == [
        ctx.actor.name,
        "Correction — heures d'un mois déclaré",
        "mois déclaré de mars 2026 : heures corrigées ; le relevé déjà déclaré à l'ASP ne "
        "correspond plus",
        "Absence oubliee",
    ]
    before, after = _selected(qtbot, file, 0).split("\n")
    assert before.startswith("Avant : ") and "100" in before, before
    assert after.startswith("Après : ") and "90" in after, after
