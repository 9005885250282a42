"""Correcting and cancelling a PMSMP with history: create_pmsmp's own rules, the contract's
suspension following, the hours entered checked, refusals change nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from chantier_app.db import models as m
from chantier_app.db.cancellable import including_cancelled
from chantier_app.domain.codes.hours_codes import HoursCategory
from chantier_app.domain.codes.record_kinds import RecordKind, VersionAction
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.errors import PermissionDeniedError, ValidationError
from chantier_app.services.context import AppContext
from chantier_app.services.history import record_history, row_values
from chantier_app.services.hours import grid as hours
from chantier_app.services.hours.grid import MonthEntry
from chantier_app.services.structure.accounts import actor_for
from chantier_app.services.support import pmsmp
from chantier_app.services.support.pmsmp import PmsmpInput
from chantier_app.services.support.pmsmp_corrections import (
    cancel_pmsmp,
    check_cancel_pmsmp,
    check_pmsmp_correction,
    correct_pmsmp,
)
from tests import support_factory as f
from tests.team_factory import team_of

D = dt.date
HOST = "Hôtel du Canal"


@pytest.fixture
def world(ctx, database):
    with database.transaction() as session:
        person = f.person(session)
        contract = f.contract(session, person, D(2026, 1, 1), D(2026, 12, 31))
        supervisor, _ = f.staff(session, Role.SUPERVISOR, last="Petitjean")
        supervisor.teams = [session.get(m.Team, team_of(session, person.id))]
        ids = {"person": person.id, "contract": contract.id, "supervisor": supervisor.id}
    ids["pmsmp"] = ctx.run(
        pmsmp.create_pmsmp, ids["person"], PmsmpInput(HOST, D(2026, 3, 2), D(2026, 3, 13))
    ).id
    return ids


def _state(database) -> tuple[object, ...]:
    with database.reading() as session:
        rows = [
            {k: v for k, v in row_values(r).items() if k != "updated_at"}
            for model in (m.Pmsmp, m.ContractSuspension)
            for r in session.scalars(select(model))
        ]
        counts = [
            session.scalar(select(func.count()).select_from(model))
            for model in (m.RecordVersion, m.AuditEntry)
        ]
    return rows, counts


def _refused(ctx, action, *args, **kwargs) -> ValidationError:
    before = _state(ctx.database)
    with pytest.raises(ValidationError) as raised:
        ctx.run(action, *args, **kwargs)
    assert _state(ctx.database) == before
    return raised.value


def _suspension(database) -> tuple[dt.date, dt.date]:
    with database.reading() as session:
        row = session.scalars(select(m.ContractSuspension)).one()
        return row.start_date, row.end_date


def test_a_pmsmp_is_corrected_its_suspension_follows_and_the_previous_version_is_kept(
    ctx, database, world
) -> None:
    view = ctx.run(
        correct_pmsmp, world["pmsmp"], PmsmpInput(HOST, D(2026, 3, 9), D(2026, 3, 20), "Lingère")
    )
    assert (view.start_date, view.target_job) == (D(2026, 3, 9), "Lingère")
    assert _suspension(database) == (D(2026, 3, 9), D(2026, 3, 20))
    (version,) = ctx.read(record_history, world["person"])
    assert (version.kind, version.action) == (RecordKind.PMSMP, VersionAction.CORRECT)
    assert version.previous["start_date"] == "2026-03-02"
    assert version.previous["suspension"]["end_date"] == "2026-03-13"
    assert version.summary.startswith("PMSMP chez Hôtel du Canal du 02/03/2026 au 13/03/2026 :")
    with database.reading() as session:
        line = session.scalars(
            select(m.AuditEntry.summary).where(m.AuditEntry.summary.startswith("correction"))
        ).one()
    assert line == "correction : PMSMP : fin, début, métier visé corrigé(s)"
    # The encadrant of the team neither corrects nor reads the support history.
    with database.reading() as session:
        supervisor = AppContext(database, actor_for(session.get(m.Staff, world["supervisor"])))
    with pytest.raises(PermissionDeniedError):
        supervisor.run(cancel_pmsmp, world["pmsmp"])
    assert supervisor.read(record_history, world["person"]) == []


@pytest.mark.parametrize(
    ("dates", "code"),
    [
        ((D(2026, 3, 2), D(2026, 4, 20)), "pmsmp_max_one_month"),
        ((D(2026, 3, 2), D(2026, 3, 13)), "correction_unchanged"),
        ((D(2026, 2, 2), D(2026, 2, 27)), "entered_hours_conflict"),
    ],
)
def test_an_invalid_pmsmp_correction_is_refused_and_changes_nothing(
    ctx, database, world, dates, code
) -> None:
    ctx.run(
        hours.save_month,
        D(2026, 2, 1),
        [MonthEntry(world["contract"], {HoursCategory.WORKED: "100"})],
        acknowledge_warnings=True,
    )
    error = _refused(ctx, correct_pmsmp, world["pmsmp"], PmsmpInput(HOST, *dates))
    assert code in error.codes, error.message


def test_a_cancelled_pmsmp_takes_its_suspension_with_it(ctx, database, world) -> None:
    ctx.run(hours.declare_month, D(2026, 3, 1))
    error = _refused(ctx, cancel_pmsmp, world["pmsmp"])
    assert error.by_field == {
        "reason": ["Motif de l'annulation : obligatoire, un mois de la PMSMP a été déclaré."]
    }
    ctx.run(cancel_pmsmp, world["pmsmp"], "Convention jamais signée")
    with database.reading() as session:
        assert session.scalar(select(func.count()).select_from(m.ContractSuspension)) == 0
        assert session.scalar(select(func.count()).select_from(m.Pmsmp)) == 0
        # The suspension is cancelled, not deleted (db.cancellable): read by no one, its id
        # never another suspension's.
        (kept,) = session.scalars(
            select(m.ContractSuspension), execution_options=including_cancelled()
        ).all()
        assert kept.cancelled and kept.cancellation_reason == "Convention jamais signée"
        assert kept.pmsmp_id == world["pmsmp"]  # the PMSMP is kept too, cancelled
        placement = session.get(m.Pmsmp, world["pmsmp"], execution_options=including_cancelled())
        assert placement is not None and placement.cancellation_reason == "Convention jamais signée"
    (version,) = ctx.read(record_history, world["person"])
    assert (version.action, version.reason) == (VersionAction.CANCEL, "Convention jamais signée")
    assert version.summary == "PMSMP chez Hôtel du Canal du 02/03/2026 au 13/03/2026 annulée"


def test_the_checks_read_while_typing_are_the_refusals_of_the_save(ctx, database, world) -> None:
    ctx.run(hours.declare_month, D(2026, 3, 1))
    before = _state(database)
    too_long = PmsmpInput(HOST, D(2026, 3, 2), D(2026, 4, 20))
    found = ctx.read(check_pmsmp_correction, world["pmsmp"], too_long)
    assert {v.code for v in found} == set(
        _refused(ctx, correct_pmsmp, world["pmsmp"], too_long).codes
    )
    moved = PmsmpInput(HOST, D(2026, 3, 2), D(2026, 3, 20))
    (reason,) = ctx.read(check_pmsmp_correction, world["pmsmp"], moved)
    assert reason.message == (
        "Motif de la correction : obligatoire, un mois de la PMSMP a été déclaré."
    )
    assert ctx.read(check_pmsmp_correction, world["pmsmp"], moved, "Prolongee") == []
    (reason,) = ctx.read(check_cancel_pmsmp, world["pmsmp"])
    assert _refused(ctx, cancel_pmsmp, world["pmsmp"]).codes == [reason.code]
    assert ctx.read(check_cancel_pmsmp, world["pmsmp"], "Jamais signee") == []
    assert _state(database) == before  # checking writes nothing
