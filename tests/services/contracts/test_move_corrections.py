"""Cancelling a move from Premières Heures to CDDI: the Premières Heures come back as they
were before the move (their row, their milestones, compared), the CDDI is kept in the
history; what the CDDI carries refuses it, leaving the database as it was."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.db.cancellable import including_cancelled
from chantier_app.domain.codes.contract_codes import ContractKind
from chantier_app.domain.codes.hours_codes import HoursCategory
from chantier_app.domain.codes.record_kinds import RecordKind, VersionAction
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.codes.support_codes import MilestoneStatus
from chantier_app.domain.errors import PermissionDeniedError, ValidationError
from chantier_app.services import contracts
from chantier_app.services.context import AppContext
from chantier_app.services.contracts import ContractInput
from chantier_app.services.contracts.move_corrections import (
    cancel_move_to_cddi,
    may_cancel_move,
)
from chantier_app.services.history import record_history, row_values
from chantier_app.services.hours import grid as hours
from chantier_app.services.hours.grid import MonthEntry
from chantier_app.services.structure.accounts import actor_for
from tests import support_factory as f
from tests.contract_factories import add_person, add_workshop
from tests.db_dump import dump

D = dt.date
H = 60


@pytest.fixture
def world(ctx, database) -> dict[str, object]:
    """Premières Heures hired from 05/01/2026 to 04/07/2026 at 40 h a month, then moved to a
    CDDI from 01/04/2026 to 30/09/2026."""
    with database.transaction() as session:
        person = add_person(session)
        workshop, team = add_workshop(session)
        cip, _ = f.staff(session, Role.CIP)
    placed = {"workshop_id": workshop, "team_id": team, "job_title": "Agent d'entretien"}
    first = ctx.run(
        contracts.hire,
        ContractInput(
            person, ContractKind.FIRST_HOURS, D(2026, 1, 5), D(2026, 7, 4),
            monthly_minutes=40 * H, **placed,
        ),
    )  # fmt: skip
    before = _first_hours(database, first.id)
    cddi = ctx.run(
        contracts.move_to_cddi,
        first.id,
        ContractInput(
            person, ContractKind.CDDI_REMOBILISING, D(2026, 4, 1), D(2026, 9, 30),
            weekly_minutes=26 * H, **placed,
        ),
    )  # fmt: skip
    return {"person": person, "first": first.id, "cddi": cddi.id, "before": before, "cip": cip.id}


def _first_hours(database, contract_id: int) -> dict[str, object]:
    """The Premières Heures as the person's file and the schedule hold them."""
    with database.reading() as session:
        row = session.get(m.Contract, contract_id)
        milestones = sorted(
            (ms.kind.value, ms.due_date.isoformat(), ms.status.value, ms.contract_id)
            for ms in session.scalars(
                select(m.Milestone).where(
                    m.Milestone.person_id == row.person_id,
                    m.Milestone.status != MilestoneStatus.CANCELLED,
                )
            )
        )
        return {
            "contract": {k: v for k, v in row_values(row).items() if k != "updated_at"},
            "milestones": milestones,
            "contracts": session.scalars(select(m.Contract.id).order_by(m.Contract.id)).all(),
        }


def test_cancelling_the_move_gives_back_the_first_hours_as_they_were(ctx, database, world) -> None:
    moved = _first_hours(database, world["first"])
    assert moved["contract"]["actual_end_date"] == "2026-03-31"
    view = ctx.run(cancel_move_to_cddi, world["cddi"], "Passage saisi trop tôt")
    assert view.id == world["first"] and not view.ended
    assert _first_hours(database, world["first"]) == world["before"]
    with database.reading() as session:
        # The CDDI is cancelled, not deleted: its row and its milestones stay, cancelled,
        # and no reader sees it.
        assert session.get(m.Contract, world["cddi"]) is None
        cddi = session.get(m.Contract, world["cddi"], execution_options=including_cancelled())
        assert cddi is not None and cddi.cancelled and cddi.cancelled_by_id is None
        assert cddi.cancellation_reason == "Passage saisi trop tôt"
        statuses = session.scalars(
            select(m.Milestone.status).where(m.Milestone.contract_id == world["cddi"])
        ).all()
        assert statuses and set(statuses) == {MilestoneStatus.CANCELLED}
    (version,) = ctx.read(record_history, world["person"])
    assert (version.kind, version.action) == (RecordKind.MOVE_TO_CDDI, VersionAction.CANCEL)
    assert version.summary == (
        "passage en CDDI du 01/04/2026 annulé : CDDI chantier remobilisant du 01/04/2026 au "
        "30/09/2026 retiré, Premières Heures qui reprennent jusqu'au 04/07/2026"
    )
    assert version.reason == "Passage saisi trop tôt"
    assert (
        version.previous["first_hours"]
        == {
            "actual_end_date": "2026-03-31",
            "end_reason": "PASSAGE_CDDI",
        }
        or version.previous["first_hours"]["actual_end_date"] == "2026-03-31"
    )
    assert version.previous["weekly_minutes"] == 26 * H
    with database.reading() as session:
        line = session.scalars(
            select(m.AuditEntry.summary).where(m.AuditEntry.summary.startswith("annulation"))
        ).one()
    assert line.startswith("annulation : passage en CDDI du 01/04/2026 annulé")


def test_the_cip_may_not_cancel_a_move_recorded_by_another(ctx, database, world) -> None:
    with database.reading() as session:
        cip = AppContext(database, actor_for(session.get(m.Staff, world["cip"])))
    assert not cip.read(may_cancel_move, world["cddi"])
    assert ctx.read(may_cancel_move, world["first"])  # from either contract of the move
    before = dump(database)
    with pytest.raises(PermissionDeniedError):
        cip.run(cancel_move_to_cddi, world["cddi"], "x")
    after = dump(database)
    assert {k: v for k, v in after.items() if k != "audit_entry"} == {
        k: v for k, v in before.items() if k != "audit_entry"
    }


def test_hours_entered_on_the_cddi_refuse_the_cancellation(ctx, database, world) -> None:
    ctx.run(
        hours.save_month,
        D(2026, 4, 1),
        [MonthEntry(world["cddi"], {HoursCategory.WORKED: "100"})],
        acknowledge_warnings=True,
    )
    before = dump(database)
    with pytest.raises(ValidationError) as raised:
        ctx.run(cancel_move_to_cddi, world["cddi"], "x")
    assert raised.value.codes == ["move_cddi_hours"]
    assert raised.value.message == (
        "Passage en CDDI : des heures sont saisies sur le CDDI ; effacez-les d'abord."
    )
    assert dump(database) == before


def test_a_contract_outside_a_move_is_refused(ctx, database, world) -> None:
    with database.transaction() as session:
        other = add_person(session, "Durand")
        contract = f.contract(session, session.get(m.Person, other), D(2026, 1, 5), D(2026, 7, 4))
        contract_id = contract.id
    before = dump(database)
    with pytest.raises(ValidationError) as raised:
        ctx.run(cancel_move_to_cddi, contract_id)
    assert raised.value.message == (
        "Contrat : il ne fait pas partie d'un passage de Premières Heures en CDDI."
    )
    assert dump(database) == before
