"""The Paramètres page as the director types into it, and as other roles see it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.services.context import AppContext
from chantier_app.services.structure import accounts
from chantier_app.ui.settings import accounts_tab
from chantier_app.ui.settings.accounts_tab import AccountDialog
from chantier_app.ui.settings.page import SettingsPage
from chantier_app.ui.settings.workshop_dialogs import TeamDialog, WorkshopDialog
from tests.team_factory import demo_actor


def _page(qtbot, ctx) -> SettingsPage:
    page = SettingsPage(ctx, None)  # type: ignore[arg-type]
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    page.on_shown()
    return page


def test_director_saves_the_structure_and_sees_errors_under_fields(qtbot, demo_ctx) -> None:
    page = _page(qtbot, demo_ctx)
    tab = page.structure
    assert tab.texts["name"].text() == "Les Ateliers du Canal" and tab.wage.text() == "11,88"
    tab.texts["siret"].setText("73282932000075")
    tab.idle.setValue(5)
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert tab.errors.message_for("siret").startswith("SIRET : la clé de contrôle")
    tab.texts["siret"].clear()
    qtbot.keyClicks(tab.texts["siret"], "73282932000074")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert tab.status.text() == "Enregistré : verrouillage."
    assert demo_ctx.read(accounts.own_account).has_password is False  # the demo's director
    page.tabs.setCurrentWidget(page.mine)
    assert page.mine.login.text() == "direction"
    assert not page.mine.change_button.isEnabled()


def test_the_director_sets_the_support_schedule(qtbot, demo_ctx) -> None:
    from chantier_app.services.support.schedule import _structure_settings

    tab = _page(qtbot, demo_ctx).structure
    assert tab.diagnosis.value() == 1 and tab.reviews.isChecked()
    tab.plan.setValue(1)
    tab.diagnosis.setValue(2)
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert tab.errors.message_for("schedule_plan_months").startswith("Projet professionnel")
    tab.plan.setValue(3)
    tab.reviews.click()  # inside the scrolled form: the same as a click on the box
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert tab.status.text().startswith("Enregistré : échéance du diagnostic")
    with demo_ctx.database.reading() as session:
        schedule = _structure_settings(session)
    assert (schedule.diagnosis_months, schedule.plan_months, schedule.reviews) == (2, 3, ())


def test_the_director_opens_the_documents_texts_to_edit_them(qtbot, demo_ctx, monkeypatch) -> None:
    from PySide6.QtGui import QDesktopServices

    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    tab = _page(qtbot, demo_ctx).structure
    qtbot.mouseClick(tab.texts_button, Qt.MouseButton.LeftButton)
    folder = demo_ctx.paths.texts_dir
    assert opened == [str(folder)] and (folder / "contrat.md").is_file()
    assert tab.status.text().startswith(f"Textes des documents : {folder}.")


def test_workshops_and_teams_are_created_from_their_dialogs(qtbot, qtmodeltester, demo_ctx) -> None:
    page = _page(qtbot, demo_ctx)
    page.tabs.setCurrentWidget(page.workshops)
    tab = page.workshops
    qtmodeltester.check(tab.workshops)
    qtmodeltester.check(tab.teams)
    dialog = WorkshopDialog(demo_ctx, None, tab)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.hours, "40")
    dialog.accept()
    assert dialog.errors.message_for("name") == "Nom de l'atelier : obligatoire."
    assert "entre 1 et 35" in dialog.errors.message_for("default_weekly_hours")
    qtbot.keyClicks(dialog.name, "Espaces verts")
    dialog.hours.setText("24")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    tab.refresh(dialog.result_value)
    workshop = tab.current_workshop()
    assert workshop.name == "Espaces verts" and workshop.default_weekly_minutes == 24 * 60
    team = TeamDialog(demo_ctx, workshop, None, tab)
    qtbot.addWidget(team)
    qtbot.keyClicks(team.name, "Equipe Sud")
    team.supervisors.item(0).setCheckState(Qt.CheckState.Checked)
    team.accept()
    tab.refresh(workshop.id)
    assert [(t.name, len(t.supervisor_ids)) for t in tab.teams.rows()] == [("Equipe Sud", 1)]


def test_director_adds_an_account_and_gives_its_temporary_password(
    qtbot, qtmodeltester, demo_ctx, monkeypatch
) -> None:
    page = _page(qtbot, demo_ctx)
    page.tabs.setCurrentWidget(page.accounts)
    qtmodeltester.check(page.accounts.model)
    assert page.accounts.model.rowCount() == 6
    shown: list[str] = []
    monkeypatch.setattr(
        accounts_tab,
        "show_temporary_password",
        lambda _p, _n, new: shown.append(new.temporary_password),
    )
    dialog = AccountDialog(demo_ctx, None, page.accounts)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.last_name, "Garnier")
    qtbot.keyClicks(dialog.first_name, "Paul")
    dialog.role.setCurrentIndex(dialog.role.findData(Role.SUPERVISOR.value))
    assert dialog.teams.isEnabled()
    qtbot.keyClicks(dialog.login, "p.garnier")
    dialog.teams.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    first = accounts.log_in(demo_ctx.database, "p.garnier", dialog.new_password.temporary_password)
    assert first.must_change_password and len(first.actor.team_ids) == 1
    page.accounts.refresh()
    row = next(i for i, a in enumerate(page.accounts.model.rows()) if a.login == "p.garnier")
    page.accounts.view.selectRow(row)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(page.accounts.reset_button, Qt.MouseButton.LeftButton)
    assert len(shown) == 1 and accounts.log_in(demo_ctx.database, "p.garnier", shown[0]).actor


@pytest.mark.parametrize(
    ("login", "tabs"),
    [
        ("cip1", ["Structure", "Ateliers et équipes", "Conventions", "Mon compte"]),
        ("encadrant1", ["Structure", "Ateliers et équipes", "Mon compte"]),
    ],
)
def test_other_roles_read_the_settings_without_changing_them(qtbot, demo_database, login, tabs) -> None:  # fmt: skip
    ctx = AppContext(demo_database, demo_actor(demo_database, login))
    page = _page(qtbot, ctx)
    assert page.tab_titles() == tabs
    assert not page.structure.save_button.isVisible()
    assert not page.structure.texts_button.isVisible()
    assert not page.structure.texts["name"].isEnabled()
    assert page.structure.status.text() == "Seule la direction modifie les paramètres."
    assert not page.workshops.new_workshop.isVisible()
    with demo_database.reading() as session:
        assert session.scalars(select(m.Structure.name)).one() == "Les Ateliers du Canal"
