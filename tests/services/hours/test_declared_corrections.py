"""Correcting the hours of a declared month: the direction only, with a reason, the same
rules as an entry, the month still declared, the previous hours kept and flagged."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from chantier_app.db import models as m
from chantier_app.domain.codes.hours_codes import HoursCategory
from chantier_app.domain.codes.record_kinds import RecordKind, VersionAction
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.errors import LockedError, PermissionDeniedError, ValidationError
from chantier_app.services.context import AppContext
from chantier_app.services.history import record_history, row_values
from chantier_app.services.hours import grid as hours
from chantier_app.services.hours.declared_corrections import correct_declared_month
from chantier_app.services.hours.grid import MonthEntry
from chantier_app.services.hours.statement import monthly_statement
from chantier_app.services.structure.accounts import actor_for
from tests import support_factory as f
from tests.team_factory import team_of

D = dt.date
MARCH = D(2026, 3, 1)


@pytest.fixture
def world(ctx, database):
    with database.transaction() as session:
        person = f.person(session)
        contract = f.contract(session, person, D(2026, 1, 1), D(2026, 6, 30))
        supervisor, _ = f.staff(session, Role.SUPERVISOR, last="Petitjean")
        supervisor.teams = [session.get(m.Team, team_of(session, person.id))]
        _cip_row, cip = f.staff(session, Role.CIP)
        ids = {"person": person.id, "contract": contract.id, "supervisor": supervisor.id}
    ctx.run(
        hours.save_month,
        MARCH,
        [MonthEntry(ids["contract"], {HoursCategory.WORKED: "100"})],
        acknowledge_warnings=True,
    )
    ctx.run(hours.declare_month, MARCH)
    with database.reading() as session:
        supervisor_ctx = AppContext(database, actor_for(session.get(m.Staff, ids["supervisor"])))
    return ids, AppContext(database, cip), supervisor_ctx


def _state(database):
    with database.reading() as session:
        rows = [
            {k: v for k, v in row_values(r).items() if k != "updated_at"}
            for model in (m.MonthlyHours, m.DeclaredMonth)
            for r in session.scalars(select(model))
        ]
        counts = [
            session.scalar(select(func.count()).select_from(model))
            for model in (m.RecordVersion, m.AuditEntry)
        ]
    return rows, counts


def test_the_direction_corrects_a_declared_month_which_stays_declared(ctx, database, world) -> None:
    ids, _cip, supervisor = world
    with database.reading() as session:
        declared_before = row_values(session.scalars(select(m.DeclaredMonth)).one())
    statement_before = ctx.read(monthly_statement, MARCH)
    ctx.run(
        correct_declared_month,
        MARCH,
        [MonthEntry(ids["contract"], {HoursCategory.WORKED: "90"})],
        "Heures d'une absence oubliée",
        acknowledge_warnings=True,
    )
    with database.reading() as session:
        assert row_values(session.scalars(select(m.DeclaredMonth)).one()) == declared_before
        worked = session.scalars(select(m.MonthlyHours.worked_minutes)).one()
    assert worked == 90 * 60
    assert ctx.read(monthly_statement, MARCH) != statement_before
    (version,) = ctx.read(record_history, ids["person"])
    assert (version.kind, version.action) == (RecordKind.MONTH_HOURS, VersionAction.CORRECT)
    assert version.previous["worked_minutes"] == 100 * 60
    assert version.reason == "Heures d'une absence oubliée"
    assert "le relevé déjà déclaré à l'ASP ne correspond plus" in version.summary
    # Still locked for an ordinary entry; the team's encadrant reads the line.
    with pytest.raises(LockedError):
        ctx.run(
            hours.save_month, MARCH, [MonthEntry(ids["contract"], {HoursCategory.WORKED: "80"})]
        )
    assert [v.kind for v in supervisor.read(record_history, ids["person"])] == [
        RecordKind.MONTH_HOURS
    ]


def test_refusals_leave_the_declared_month_as_it_was(ctx, database, world) -> None:
    ids, cip, supervisor = world
    entry = [MonthEntry(ids["contract"], {HoursCategory.WORKED: "90"})]
    before = _state(database)
    for other in (cip, supervisor):  # not the direction: refused (the refusal is traced)
        with pytest.raises(PermissionDeniedError):
            other.run(correct_declared_month, MARCH, entry, "Erreur")
    before[1][1] += 2
    assert _state(database) == before
    with pytest.raises(ValidationError) as refused:
        ctx.run(correct_declared_month, MARCH, entry, "  ")
    assert refused.value.codes == ["reason_required"]
    with pytest.raises(ValidationError) as refused:  # save_month's own rule on a cell
        ctx.run(
            correct_declared_month,
            MARCH,
            [MonthEntry(ids["contract"], {HoursCategory.WORKED: "abc"})],
            "Erreur",
        )
    assert _state(database) == before
    with pytest.raises(ValidationError):
        ctx.run(correct_declared_month, D(2026, 4, 1), entry, "Erreur")  # not declared
    assert _state(database) == before
