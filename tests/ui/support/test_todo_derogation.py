"""The to-do list shows a derogation below 20 h to renew a month before it lapses, and
opens the person's contracts (D5132-43-5)."""

from __future__ import annotations

import datetime as dt

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import DerogationKind
from chantier_app.ui.support.todo import TodoList
from tests.ui.support.support_gui import TODAY, click_row, row_of

TITLE = "Dérogation de moins de 20 h à renouveler (19 h par semaine)"


def test_the_derogation_to_renew_opens_the_contracts_tab(qtbot, world, nav, database) -> None:
    with database.transaction() as session:
        contract = session.get(m.Contract, world.contract_id)
        contract.weekly_minutes = 19 * 60
        contract.derogation = DerogationKind.INDIVIDUAL
        contract.derogations.append(
            m.ContractDerogation(
                kind=DerogationKind.INDIVIDUAL,
                start_date=dt.date(2026, 1, 5),
                end_date=dt.date(2026, 5, 1),  # one month after TODAY, exactly
            )
        )
    todo = TodoList(world.cip, nav, today=TODAY)
    qtbot.addWidget(todo)
    todo.show()
    todo.refresh()
    item = next(i for i in todo.view.rows() if i.title == TITLE)
    assert item.person_name == "LEFÈVRE Élodie" and not item.overdue
    assert item.detail == (
        "fin le 01/05/2026 ; prolongation après un bilan de l'employeur (D5132-43-5)"
    )
    click_row(qtbot, todo.view, row_of(todo.view, TITLE), double=True)
    assert nav.opened == [(world.person_id, "contracts")]
    # The day before, the period ends one month and one day later: not listed yet.
    later = TodoList(world.cip, nav, today=TODAY - dt.timedelta(days=1))
    qtbot.addWidget(later)
    later.refresh()
    assert TITLE not in [i.title for i in later.view.rows()]
