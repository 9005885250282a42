"""The to-do list proposes the bilan d'accompagnement when a path nears its end: a contract
ending within 30 days (les emplois' « fin de parcours »), 22 months of CDDI."""

from __future__ import annotations

import datetime as dt

import pytest

from chantier_app.db import models as m
from chantier_app.domain.codes.platform_codes import PathReportRecipient
from chantier_app.services.dashboard import todo
from chantier_app.services.dashboard.figures import TodoKind
from chantier_app.services.dashboard.first_screen import read_first_screen
from tests.contract_factories import add_contract, add_person

TODAY = dt.date(2026, 11, 23)


def _bilans(ctx) -> list:
    return [i for i in ctx.read(todo.todo_list, today=TODAY) if i.kind is TodoKind.PATH_REPORT]


@pytest.mark.parametrize(("days", "proposed"), [(29, True), (30, True), (31, False)])
def test_a_contract_ending_within_30_days(ctx, days: int, proposed: bool) -> None:
    with ctx.database.transaction() as session:
        person = add_person(session, pass_start=dt.date(2026, 6, 1))
        add_contract(session, person, dt.date(2026, 6, 1), TODAY + dt.timedelta(days=days))
    items = _bilans(ctx)
    assert bool(items) is proposed
    if proposed:
        (item,) = items
        assert item.person_id == person and item.tab_key == "support"
        assert f"dans {days} jours" in item.detail and item.due_date == TODAY
        if ctx.database.is_sqlite:  # a server has no first screen (dashboard/first_screen)
            # The first screen (read without SQLAlchemy) proposes the same.
            first = read_first_screen(ctx.database.url, TODAY)
            assert first is not None and first.todo is not None
            assert [i for i in first.todo if i.kind is TodoKind.PATH_REPORT] == items


def test_not_when_another_contract_follows_nor_once_a_bilan_is_written(ctx) -> None:
    with ctx.database.transaction() as session:
        renewed = add_person(session, "Durand", pass_start=dt.date(2026, 6, 1))
        add_contract(session, renewed, dt.date(2026, 6, 1), TODAY + dt.timedelta(days=10))
        add_contract(session, renewed, TODAY + dt.timedelta(days=11), dt.date(2027, 6, 1))
        ending = add_person(session, "Morel", pass_start=dt.date(2026, 6, 1))
        add_contract(session, ending, dt.date(2026, 6, 1), TODAY + dt.timedelta(days=10))
    assert [i.person_id for i in _bilans(ctx)] == [ending]
    with ctx.database.transaction() as session:
        session.add(m.PathReport(person_id=ending, recipient_kind=PathReportRecipient.PRESCRIBER,
                                 written_on=TODAY, content="[]"))  # fmt: skip
    assert _bilans(ctx) == []


def test_22_months_of_cddi(ctx) -> None:
    with ctx.database.transaction() as session:
        person = add_person(session, pass_start=dt.date(2025, 1, 6))
        add_contract(session, person, dt.date(2025, 1, 6), dt.date(2026, 1, 5))
        # 22 months on 06/11/2026: reached, the 24 months not yet.
        add_contract(session, person, dt.date(2026, 1, 6), dt.date(2027, 1, 5))
    (item,) = _bilans(ctx)
    assert "22 mois de CDDI le 06/11/2026" in item.detail
