"""PMSMP on a real database: the contract's suspension follows the placement; limits refused whole."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from chantier_app.db import models as m
from chantier_app.db.cancellable import including_cancelled
from chantier_app.domain.codes.contract_codes import SuspensionReason
from chantier_app.domain.codes.support_codes import PmsmpOutcome
from chantier_app.domain.errors import ValidationError
from chantier_app.services.support import pmsmp
from chantier_app.services.support.pmsmp import PmsmpInput
from tests import support_factory as f

D = dt.date


@pytest.fixture
def ids(database) -> dict[str, int]:
    with database.transaction() as session:
        person = f.person(session)
        contract = f.contract(session, person, D(2026, 1, 1), D(2026, 12, 31))
        return {"person": person.id, "contract": contract.id}


def _suspensions(database) -> list[tuple]:
    with database.reading() as session:
        return [
            tuple(r)
            for r in session.execute(
                select(
                    m.ContractSuspension.contract_id,
                    m.ContractSuspension.reason,
                    m.ContractSuspension.start_date,
                    m.ContractSuspension.end_date,
                    m.ContractSuspension.pmsmp_id,
                )
            )
        ]


def test_placement_suspends_the_contract_for_its_dates(ctx, database, ids) -> None:
    view = ctx.run(
        pmsmp.create_pmsmp,
        ids["person"],
        PmsmpInput(
            "Hôtel du Canal", D(2026, 3, 1), D(2026, 3, 31), "Agent d'entretien", "73282932000074"
        ),
    )
    assert view.days == 31 and view.contract_id == ids["contract"]
    assert _suspensions(database) == [
        (ids["contract"], SuspensionReason.PMSMP, D(2026, 3, 1), D(2026, 3, 31), view.id)
    ]
    moved = ctx.run(
        pmsmp.update_pmsmp, view.id, PmsmpInput("Hôtel du Canal", D(2026, 4, 1), D(2026, 4, 15))
    )
    assert _suspensions(database)[0][2:4] == (D(2026, 4, 1), D(2026, 4, 15))
    done = ctx.run(pmsmp.record_outcome, moved.id, PmsmpOutcome.HIRING, "CDD proposé")
    assert done.outcome is PmsmpOutcome.HIRING and done.notes == "CDD proposé"
    ctx.run(pmsmp.delete_pmsmp, view.id)
    assert _suspensions(database) == []
    with database.reading() as session:  # cancelled, not deleted: its id stays taken
        kept = session.scalars(
            select(m.ContractSuspension), execution_options=including_cancelled()
        ).one()
        assert kept.cancelled and kept.pmsmp_id == view.id  # the placement is kept too
        placement = session.get(m.Pmsmp, view.id, execution_options=including_cancelled())
        assert placement is not None and placement.cancelled


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (PmsmpInput("Hôtel", D(2026, 3, 1), D(2026, 4, 1)), "pmsmp_max_one_month"),  # 32 days
        (PmsmpInput("Hôtel", D(2026, 3, 10), D(2026, 3, 9)), "pmsmp_end_before_start"),
        (PmsmpInput(" ", D(2026, 3, 1), D(2026, 3, 5)), "pmsmp_host"),
        (PmsmpInput("Hôtel", D(2026, 3, 1), D(2026, 3, 5), host_siret="123"), "pmsmp_siret"),
        (PmsmpInput("Hôtel", D(2026, 12, 20), D(2027, 1, 5)), "pmsmp_outside_contract"),
        (PmsmpInput("Hôtel", None, D(2026, 3, 5)), "pmsmp_start_missing"),
    ],
)
def test_refused_placements_write_nothing(ctx, database, ids, data, code) -> None:
    with pytest.raises(ValidationError) as refused:
        ctx.run(pmsmp.create_pmsmp, ids["person"], data)
    assert code in refused.value.codes
    with database.reading() as session:
        assert session.scalar(select(func.count()).select_from(m.Pmsmp)) == 0
    assert _suspensions(database) == []


def test_two_placements_cannot_overlap(ctx, ids) -> None:
    ctx.run(pmsmp.create_pmsmp, ids["person"], PmsmpInput("A", D(2026, 3, 1), D(2026, 3, 15)))
    with pytest.raises(ValidationError) as refused:
        ctx.run(pmsmp.create_pmsmp, ids["person"], PmsmpInput("B", D(2026, 3, 15), D(2026, 3, 20)))
    assert refused.value.codes == ["pmsmp_overlap"]
    ctx.run(pmsmp.create_pmsmp, ids["person"], PmsmpInput("B", D(2026, 3, 16), D(2026, 4, 15)))
    assert [p.host_name for p in ctx.read(pmsmp.list_pmsmps, ids["person"])] == ["A", "B"]
