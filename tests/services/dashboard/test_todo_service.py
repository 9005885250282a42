"""The to-do list: what is due within 14 days or overdue, for everyone or « mes suivis »."""

from __future__ import annotations

import datetime as dt

import pytest

from chantier_app.domain.codes.barriers import Barrier
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.codes.support_codes import (
    ActionStatus,
    MilestoneKind,
    PmsmpOutcome,
    TrainingKind,
)
from chantier_app.domain.errors import PermissionDeniedError
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.dashboard import todo
from chantier_app.services.dashboard.todo import TodoKind
from chantier_app.services.support import barriers, pmsmp, schedule
from chantier_app.services.support import milestones as support
from chantier_app.services.support.barriers import ActionInput
from chantier_app.services.support.milestones import ReviewInput
from chantier_app.services.support.pmsmp import PmsmpInput
from chantier_app.services.trainings import enrolments
from chantier_app.services.trainings import sessions as trainings
from chantier_app.services.trainings.sessions import SessionInput
from tests import support_factory as f

D = dt.date
TODAY = D(2026, 4, 1)


@pytest.fixture
def world(database):
    """Two CIPs each following one person hired on 5 January 2026."""
    with database.transaction() as session:
        cip1, actor1 = f.staff(session, Role.CIP, "Bensaïd")
        cip2, actor2 = f.staff(session, Role.CIP, "Lacroix")
        mine = f.person(session, "Lefèvre", cip1)
        theirs = f.person(session, "Diallo", cip2)
        for who in (mine, theirs):
            contract = f.contract(session, who, D(2026, 1, 5), D(2026, 7, 4))
            schedule.on_contract_changed(session, Actor.system(), contract.id)
        ids = {"mine": mine.id, "theirs": theirs.id}
    return ids, AppContext(database, actor1), AppContext(database, actor2)


def _titles(items) -> list[tuple[str, str]]:
    return [(i.person_name, i.title) for i in items]


def test_overdue_and_due_within_14_days_overdue_first(world) -> None:
    ids, cip1, _ = world
    items = cip1.read(todo.todo_list, today=TODAY)
    mine = [i for i in items if i.person_id == ids["mine"]]
    assert [(i.title, i.due_date, i.overdue) for i in mine] == [
        ("Entretien d'accueil", D(2026, 1, 5), True),
        ("Diagnostic initial", D(2026, 2, 4), True),
        ("Projet professionnel", D(2026, 3, 4), True),
        ("Bilan à 3 mois", D(2026, 4, 5), False),  # within 14 days
    ]
    assert all(i.tab_key == "support" and i.kind is TodoKind.MILESTONE for i in mine)
    assert items[0].overdue and not items[-1].overdue


def test_a_milestone_done_leaves_the_list(world) -> None:
    _, cip1, _ = world
    before = cip1.read(todo.todo_list, mine_only=True, today=TODAY)
    welcome = next(i for i in before if i.title == "Entretien d'accueil")
    cip1.run(support.mark_done, welcome.ref_id, ReviewInput(D(2026, 1, 6)), today=TODAY)
    after = cip1.read(todo.todo_list, mine_only=True, today=TODAY)
    assert "Entretien d'accueil" not in [i.title for i in after]
    assert len(after) == len(before) - 1


def test_planned_date_and_postponement_move_the_item(world) -> None:
    ids, cip1, _ = world
    plan = next(
        i
        for i in cip1.read(todo.todo_list, mine_only=True, today=TODAY)
        if i.title == "Projet professionnel"
    )
    cip1.run(support.postpone_milestone, plan.ref_id, D(2026, 5, 1))
    assert "Projet professionnel" not in [
        i.title for i in cip1.read(todo.todo_list, mine_only=True, today=TODAY)
    ]
    review = next(
        x
        for x in cip1.read(support.list_milestones, ids["mine"])
        if x.kind is MilestoneKind.EXIT_REVIEW
    )
    cip1.run(support.plan_milestone, review.id, D(2026, 4, 10))  # due in July, appointment in April
    item = next(
        i
        for i in cip1.read(todo.todo_list, mine_only=True, today=TODAY)
        if i.title == "Bilan de sortie"
    )
    assert item.due_date == D(2026, 4, 10) and "rendez-vous le 10/04/2026" in item.detail


def test_mes_suivis_keeps_the_people_i_follow(world) -> None:
    ids, cip1, cip2 = world
    assert {i.person_id for i in cip1.read(todo.todo_list, mine_only=True, today=TODAY)} == {
        ids["mine"]
    }
    assert {i.person_id for i in cip2.read(todo.todo_list, mine_only=True, today=TODAY)} == {
        ids["theirs"]
    }
    assert {i.person_id for i in cip1.read(todo.todo_list, today=TODAY)} == {
        ids["mine"],
        ids["theirs"],
    }


def test_actions_pmsmp_and_trainings_open_the_right_tab(world, ctx) -> None:
    ids, cip1, _ = world
    person = ids["mine"]
    cip1.run(
        barriers.add_action,
        person,
        ActionInput(Barrier.HOUSING, "Dossier SIAO", "CCAS", D(2026, 4, 10)),
    )
    cip1.run(
        barriers.add_action, person, ActionInput(Barrier.MOBILITY, "Plus tard", None, D(2026, 6, 1))
    )
    cip1.run(
        barriers.add_action,
        person,
        ActionInput(Barrier.FINANCES, "Déjà fait", None, D(2026, 3, 1), ActionStatus.DONE),
    )
    ending = cip1.run(
        pmsmp.create_pmsmp, person, PmsmpInput("Hôtel du Canal", D(2026, 3, 20), D(2026, 4, 8))
    )
    ended = cip1.run(
        pmsmp.create_pmsmp, person, PmsmpInput("Cantine", D(2026, 2, 2), D(2026, 2, 20))
    )
    cip1.run(
        pmsmp.record_outcome, ending.id, PmsmpOutcome.DISCOVERY
    )  # outcome known before the end
    session_id = ctx.run(
        trainings.save_session,
        None,
        SessionInput("HACCP", TrainingKind.SAFETY, D(2026, 4, 7), D(2026, 4, 9)),
    ).id
    cip1.run(enrolments.enrol, session_id, person)
    items = [
        i
        for i in cip1.read(todo.todo_list, mine_only=True, today=TODAY)
        if i.kind is not TodoKind.MILESTONE
    ]
    assert [(i.kind, i.title, i.tab_key, i.overdue) for i in items] == [
        (TodoKind.PMSMP, "Bilan de la PMSMP à saisir — Cantine", "support", True),
        (TodoKind.TRAINING, "HACCP", "trainings", False),
        (TodoKind.PMSMP, "Fin de PMSMP — Hôtel du Canal", "support", False),
        (TodoKind.ACTION, "Dossier SIAO", "support", False),
    ]
    assert ended.id in {i.ref_id for i in items}


def test_supervisors_have_no_todo_list(database) -> None:
    with database.transaction() as session:
        _, supervisor = f.staff(session, Role.SUPERVISOR)
    with pytest.raises(PermissionDeniedError):
        AppContext(database, supervisor).read(todo.todo_list)


def test_demo_data_gives_a_list_for_each_cip(demo_ctx) -> None:
    from tests.conftest import TODAY as DEMO_TODAY

    items = demo_ctx.read(todo.todo_list, today=DEMO_TODAY)
    assert items and {i.kind for i in items} >= {
        TodoKind.MILESTONE,
        TodoKind.ACTION,
        TodoKind.TRAINING,
    }
    assert all(i.due_date <= DEMO_TODAY + dt.timedelta(days=14) for i in items)
