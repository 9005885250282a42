"""The to-do list (« À faire ») of the CIP and the director.

Milestones overdue or due within 14 days, barrier actions due, PMSMP ending (or ended
without an outcome), trainings starting. Each item names the person and the tab of their
file to open. One query per kind of item, whatever the number of people.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.codes.support_codes import ActionStatus, EnrolmentStatus, PmsmpOutcome
from chantier_app.domain.fr_format import format_date
from chantier_app.i18n import tr
from chantier_app.services import permissions
from chantier_app.services.context import Actor
from chantier_app.services.figures import HORIZON_DAYS, TodoItem, TodoKind  # re-exported
from chantier_app.services.permissions import Permission
from chantier_app.services.support import OPEN_STATUSES


def _people(query: Select, actor: Actor, mine_only: bool) -> Select:  # type: ignore[type-arg]
    query = query.where(m.Person.archived_at.is_(None), m.Person.anonymised_at.is_(None))
    if mine_only:  # « Mes suivis »: nobody for an actor without a staff account
        query = query.where(m.Person.cip_id == (actor.staff_id or -1))
    return query


def _name(last: str, first: str) -> str:
    return f"{last.upper()} {first}"


def todo_list(
    session: Session,
    actor: Actor,
    *,
    mine_only: bool = False,
    today: dt.date | None = None,
    horizon_days: int = HORIZON_DAYS,
) -> list[TodoItem]:
    """Everything to do by ``today + horizon_days``, overdue first, then by date."""
    permissions.require(actor, Permission.SUPPORT_VIEW)
    today = today or dt.date.today()
    limit = today + dt.timedelta(days=horizon_days)
    person_cols = (m.Person.id, m.Person.usage_name, m.Person.first_names, m.Person.cip_id)
    items: list[TodoItem] = []

    milestones = session.execute(
        _people(
            select(m.Milestone, *person_cols)
            .join(m.Person, m.Person.id == m.Milestone.person_id)
            .where(
                m.Milestone.status.in_(OPEN_STATUSES),
                func.coalesce(m.Milestone.planned_date, m.Milestone.due_date) <= limit,
            ),
            actor,
            mine_only,
        )
    )
    for milestone, pid, last, first, cip in milestones:
        when = milestone.planned_date or milestone.due_date
        detail = (
            tr("rendez-vous le {date}").format(date=format_date(milestone.planned_date))
            if milestone.planned_date
            else tr("échéance le {date}").format(date=format_date(milestone.due_date))
        )
        items.append(
            TodoItem(
                TodoKind.MILESTONE, milestone.id, when, pid, _name(last, first),
                milestone.kind.label, detail, "support", cip, when < today,
            )
        )  # fmt: skip

    actions = session.execute(
        _people(
            select(m.BarrierAction, *person_cols)
            .join(m.Person, m.Person.id == m.BarrierAction.person_id)
            .where(
                m.BarrierAction.status.in_([ActionStatus.TODO, ActionStatus.IN_PROGRESS]),
                m.BarrierAction.due_date.is_not(None),
                m.BarrierAction.due_date <= limit,
            ),
            actor,
            mine_only,
        )
    )
    for action, pid, last, first, cip in actions:
        detail = action.barrier.label + (f" — {action.partner}" if action.partner else "")
        items.append(
            TodoItem(
                TodoKind.ACTION, action.id, action.due_date, pid, _name(last, first),
                action.description, detail, "support", cip, action.due_date < today,
            )
        )  # fmt: skip

    placements = session.execute(
        _people(
            select(m.Pmsmp, *person_cols)
            .join(m.Person, m.Person.id == m.Pmsmp.person_id)
            .where(m.Pmsmp.end_date <= limit)
            .where((m.Pmsmp.end_date >= today) | (m.Pmsmp.outcome == PmsmpOutcome.PENDING)),
            actor,
            mine_only,
        )
    )
    for pmsmp, pid, last, first, cip in placements:
        ended = pmsmp.end_date < today
        title = (
            tr("Bilan de la PMSMP à saisir") if ended else tr("Fin de PMSMP")
        ) + f" — {pmsmp.host_name}"
        detail = tr("du {start} au {end}").format(
            start=format_date(pmsmp.start_date), end=format_date(pmsmp.end_date)
        )
        items.append(
            TodoItem(
                TodoKind.PMSMP, pmsmp.id, pmsmp.end_date, pid, _name(last, first),
                title, detail, "support", cip, ended,
            )
        )  # fmt: skip

    trainings = session.execute(
        _people(
            select(m.Enrolment, m.TrainingSession, *person_cols)
            .join(m.TrainingSession, m.TrainingSession.id == m.Enrolment.session_id)
            .join(m.Person, m.Person.id == m.Enrolment.person_id)
            .where(
                m.TrainingSession.start_date >= today,
                m.TrainingSession.start_date <= limit,
                m.Enrolment.status == EnrolmentStatus.ENROLLED,
            ),
            actor,
            mine_only,
        )
    )
    for enrolment, training, pid, last, first, cip in trainings:
        detail = tr("début le {date}").format(date=format_date(training.start_date)) + (
            f" — {training.provider}" if training.provider else ""
        )
        items.append(
            TodoItem(
                TodoKind.TRAINING, enrolment.id, training.start_date, pid, _name(last, first),
                training.title, detail, "trainings", cip, False,
            )
        )  # fmt: skip

    return sorted(items, key=lambda i: (not i.overdue, i.due_date, i.person_name, i.kind.value))
