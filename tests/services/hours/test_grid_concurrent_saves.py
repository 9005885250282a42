"""Two people saving the same team's month in the grid: the rows the second did not change
stay the first's (only changed rows are sent), a row both changed is refused with who saved
it and when, and nothing of that save is written; never a silent overwrite."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.domain.codes.hours_codes import HoursCategory as C
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.errors import ValidationError
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.hours import grid as hours
from chantier_app.services.hours.grid import MonthEntry
from tests.services.hours_helpers import add_contract, make_world

H = 60
MARCH = dt.date(2026, 3, 1)
FIRST = Actor(None, "Sophie Lacroix", Role.DIRECTION)
SECOND = Actor(None, "Isabelle Moreau", Role.DIRECTION)


def _last_change(ctx: AppContext, entity: str, record_id: int) -> m.AuditEntry:
    with ctx.database.reading() as session:
        entry = session.scalars(
            select(m.AuditEntry)
            .where(m.AuditEntry.entity == entity, m.AuditEntry.entity_id == record_id)
            .order_by(m.AuditEntry.id.desc())
        ).first()
        assert entry is not None
        return entry


def test_two_grids_of_one_month_merge_row_by_row_or_refuse_the_row(database, app_paths) -> None:
    first, second = AppContext(database, FIRST, app_paths), AppContext(database, SECOND, app_paths)
    with database.transaction() as session:
        world = make_world(session)
        durand, martin, petit = (
            add_contract(session, world, name).id
            for name in ("DURAND Marie", "MARTIN Paul", "PETIT Léa")
        )
    seen_first = {r.contract_id: r.version for r in first.read(hours.month_grid, MARCH).rows}
    seen_second = {r.contract_id: r.version for r in second.read(hours.month_grid, MARCH).rows}
    assert seen_first == seen_second == {durand: 0, martin: 0, petit: 0}

    def entry(contract_id: int, worked: str, seen: dict[int, int]) -> MonthEntry:
        return MonthEntry(contract_id, {C.WORKED: worked}, seen[contract_id])

    saved = first.run(
        hours.save_month,
        MARCH,
        [entry(durand, "100", seen_first), entry(martin, "90", seen_first)],
        acknowledge_warnings=True,
    )
    assert saved.versions == {durand: 1, martin: 1}
    # The second typed DURAND over the first's save: that row is refused, and nothing saved.
    with pytest.raises(ValidationError) as refused:
        second.run(
            hours.save_month,
            MARCH,
            [entry(durand, "80", seen_second), entry(petit, "70", seen_second)],
            acknowledge_warnings=True,
        )
    change = _last_change(first, "monthly_hours", _month_row(database, durand).id)
    assert refused.value.by_field == {
        f"{durand}/total": [
            f"DURAND Marie : modifié par Sophie Lacroix à {change.at:%H:%M} : rechargez le mois "
            "avant de modifier."
        ]
    }
    assert _worked(database) == {durand: 100 * H, martin: 90 * H}
    # Her rows the first did not save go through; those she left alone stay the first's; a
    # row she typed as the first saved it is no conflict.
    second.run(
        hours.save_month,
        MARCH,
        [entry(petit, "70", seen_second), entry(martin, "90", seen_second)],
        acknowledge_warnings=True,
    )
    assert _worked(database) == {durand: 100 * H, martin: 90 * H, petit: 70 * H}
    # The first's grid, kept on screen with the versions its save returned, saves again.
    first.run(
        hours.save_month,
        MARCH,
        [MonthEntry(durand, {C.WORKED: "101"}, saved.versions[durand])],
        acknowledge_warnings=True,
    )
    assert _worked(database)[durand] == 101 * H


def _month_row(database, contract_id: int) -> m.MonthlyHours:
    with database.reading() as session:
        row = session.scalars(
            select(m.MonthlyHours).where(m.MonthlyHours.contract_id == contract_id)
        ).one()
        return row


def _worked(database) -> dict[int, int]:
    with database.reading() as session:
        return {r.contract_id: r.worked_minutes for r in session.scalars(select(m.MonthlyHours))}
