"""Derogations below 20 h through the contract services: hire, renewal, change of hours,
and the renewal on the to-do list (D5132-43-5 individual, D5132-43-8 collective)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import ContractKind, DerogationKind
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.errors import UnacknowledgedWarnings, ValidationError
from chantier_app.services import contracts
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.contracts import ContractInput, HoursChangeInput, RenewalInput
from chantier_app.services.dashboard import todo
from chantier_app.services.dashboard.todo import TodoKind
from tests import support_factory as f
from tests.contract_factories import add_contract, add_person, add_review, snapshot

D = dt.date
H = 60
IND = DerogationKind.INDIVIDUAL


def refused(database, action, *args, code: str, **kwargs) -> ValidationError:
    before = snapshot(database)
    with pytest.raises(ValidationError) as raised:
        AppContext(database, Actor.system()).run(action, *args, **kwargs)
    assert code in raised.value.codes, raised.value.message
    assert snapshot(database) == before  # a refused action leaves nothing behind
    return raised.value


def below_20(person: int, start: D, end: D, derogation_end: D, **kw: object) -> ContractInput:
    return ContractInput(
        person, ContractKind.CDDI_REMOBILISING, start, end, weekly_minutes=19 * H,
        derogation=IND, derogation_reference="Arrêté n° 12", derogation_start=start,
        derogation_end=derogation_end, derogation_decided_on=start - dt.timedelta(days=10),
        **kw,  # type: ignore[arg-type]
    )  # fmt: skip


@pytest.fixture
def person(database) -> int:
    with database.transaction() as session:
        return add_person(session, pass_start=D(2026, 1, 1))


def test_hire_twelve_months_exactly_and_not_one_day_more(ctx, database, person) -> None:
    error = refused(
        database,
        contracts.hire,
        below_20(person, D(2026, 1, 1), D(2026, 12, 31), D(2027, 1, 1)),
        code="derogation_over_12_months",
    )
    assert "douze mois au plus (D5132-43-5)" in error.message
    ctx.run(
        contracts.hire,
        below_20(person, D(2026, 1, 1), D(2026, 12, 31), D(2026, 12, 31)),
        acknowledge=["contract_without_team", "contract_without_job"],
    )
    with database.reading() as session:
        (row,) = session.scalars(select(m.ContractDerogation)).all()
        assert (row.kind, row.start_date, row.end_date, row.reference, row.decided_on) == (
            IND, D(2026, 1, 1), D(2026, 12, 31), "Arrêté n° 12", D(2025, 12, 22)
        )  # fmt: skip


def test_hours_below_20_after_the_period_are_refused(database, person) -> None:
    refused(
        database,
        contracts.hire,
        below_20(person, D(2026, 1, 1), D(2026, 7, 1), D(2026, 6, 30)),  # one day uncovered
        code="weekly_hours_below_20_outside_derogation",
        acknowledge=["contract_without_team", "contract_without_job"],
    )


@pytest.fixture
def running(database, person) -> int:
    """19 h a week from 1 January to 30 June 2026, derogation until 30 June, a review done."""
    with database.transaction() as session:
        contract = add_contract(
            session, person, D(2026, 1, 1), D(2026, 6, 30), weekly_minutes=19 * H,
            derogation=IND,
        )  # fmt: skip
        session.add(
            m.ContractDerogation(
                contract_id=contract, kind=IND, start_date=D(2026, 1, 1), end_date=D(2026, 6, 30)
            )
        )
        add_review(session, person, D(2026, 6, 1))
        return contract


def test_a_renewal_below_20_hours_needs_the_derogations_prolongation(ctx, database, running):
    renewal = RenewalInput(running, D(2026, 12, 31), signed_on=D(2026, 6, 15))
    refused(database, contracts.renew, renewal, code="weekly_hours_below_20_outside_derogation")
    prolonged = RenewalInput(
        running, D(2026, 12, 31), signed_on=D(2026, 6, 15), derogation=IND,
        derogation_reference="Arrêté n° 40", derogation_start=D(2026, 7, 1),
        derogation_end=D(2026, 12, 31),
    )  # fmt: skip
    with pytest.raises(UnacknowledgedWarnings) as raised:
        ctx.run(contracts.renew, prolonged)
    assert list(raised.value.codes) == ["derogation_prolongation_review"]
    ctx.run(contracts.renew, prolonged, acknowledge=["derogation_prolongation_review"])
    with database.reading() as session:
        contract = session.get(m.Contract, running)
        assert [(d.start_date, d.end_date) for d in contract.derogations] == [
            (D(2026, 1, 1), D(2026, 6, 30)),
            (D(2026, 7, 1), D(2026, 12, 31)),
        ]
        assert contract.derogation_reference is None  # the signed terms are left alone


def test_a_change_of_hours_inside_the_period_needs_nothing_new(ctx, database, running) -> None:
    ctx.run(
        contracts.change_hours,
        HoursChangeInput(running, D(2026, 3, 1), 18 * H, derogation=IND),
    )
    with database.reading() as session:
        assert len(session.get(m.Contract, running).derogations) == 1


@pytest.mark.parametrize(
    ("today", "listed"),
    [
        (D(2026, 5, 29), False),  # the period ends one month and one day later
        (D(2026, 5, 30), True),  # one month before
        (D(2026, 7, 1), True),  # the day after it lapsed: overdue
    ],
)
def test_the_renewal_is_on_the_to_do_list_a_month_before(database, today, listed) -> None:
    with database.transaction() as session:
        cip, actor = f.staff(session, Role.CIP)
        who = f.person(session, "Lefèvre", cip)
        contract = add_contract(
            session, who.id, D(2026, 1, 1), D(2026, 12, 31), weekly_minutes=19 * H,
            derogation=IND,
        )  # fmt: skip
        session.add(
            m.ContractDerogation(
                contract_id=contract, kind=IND, start_date=D(2026, 1, 1), end_date=D(2026, 6, 30)
            )
        )
    items = AppContext(database, actor).read(todo.todo_list, today=today)
    found = [i for i in items if i.kind is TodoKind.DEROGATION]
    assert bool(found) is listed
    if listed:
        (item,) = found
        assert (item.title, item.due_date, item.tab_key, item.overdue) == (
            "Dérogation de moins de 20 h à renouveler (19 h par semaine)",
            D(2026, 6, 30),
            "contracts",
            today > D(2026, 6, 30),
        )
        assert item.detail == (
            "fin le 30/06/2026 ; prolongation après un bilan de l'employeur (D5132-43-5)"
        )
