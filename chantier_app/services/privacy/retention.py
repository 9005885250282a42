"""Retention (CNIL): who is past their dates, and erasing what must not be kept any longer.

Two dates per person who is not under contract:
- support data (interviews' notes, barriers' comments, actions, PMSMP, health and justice
  notes) are kept ``retention_support_years`` after the last contact;
- contracts and hours (HR, payroll) ``retention_hr_years`` after the departure.
Past the first date, the support's free texts are erased; past both, the person is
anonymised: identity and every free text go, the anonymous figures the yearly reports
count stay (sex, birth year, education, resources, contracts' dates, kinds and exits, hours).
The texts themselves are in ``privacy.erasure``.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import defaultdict
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.db.cancellable import including_cancelled
from chantier_app.domain.codes.record_kinds import RecordKind
from chantier_app.domain.errors import ValidationError
from chantier_app.domain.fr_format import format_date
from chantier_app.i18n import tr
from chantier_app.services import permissions, roles_matrix
from chantier_app.services.context import Actor
from chantier_app.services.roles_matrix import Permission


class RetentionStep(enum.StrEnum):
    SUPPORT = "support"  # the support's free texts are to be erased
    ANONYMISE = "anonymise"  # everything that names the person is to be erased

    @property
    def label(self) -> str:
        if self is RetentionStep.SUPPORT:
            return tr("Accompagnement à effacer")
        return tr("À anonymiser")


@dataclass(frozen=True)
class RetentionRow:
    person_id: int
    name: str
    last_contact: dt.date
    departure: dt.date | None  # end of the last contract (None: never hired)
    support_due: dt.date
    hr_due: dt.date | None
    step: RetentionStep

    @property
    def due(self) -> dt.date:
        return self.support_due if self.step is RetentionStep.SUPPORT else self.anonymise_due

    @property
    def anonymise_due(self) -> dt.date:
        return max(self.support_due, self.hr_due or self.support_due)


@dataclass(frozen=True)
class _Dates:
    last_contact: dt.date
    departure: dt.date | None
    running: bool


def _max_by_person(session: Session, query: Select[int, dt.date | None]) -> dict[int, dt.date]:
    return {pid: day for pid, day in session.execute(query) if day is not None}


def _dates(session: Session, today: dt.date) -> dict[int, _Dates]:
    """Per person: last contact, departure, and whether a contract runs (one query a table)."""
    end = func.coalesce(m.Contract.actual_end_date, m.Contract.end_date)
    contracts = session.execute(
        select(m.Contract.person_id, func.max(end), func.max(m.Contract.start_date)).group_by(
            m.Contract.person_id
        )
    ).all()
    person = m.Person
    contacts: dict[int, list[dt.date]] = defaultdict(list)
    for pid, created in session.execute(
        select(person.id, person.created_at).where(person.anonymised_at.is_(None))
    ):
        contacts[pid].append(created.date())
    for query in (
        select(m.Milestone.person_id, func.max(m.Milestone.done_date)).group_by(m.Milestone.person_id),
        select(m.BarrierScore.person_id, func.max(m.BarrierScore.scored_on)).group_by(m.BarrierScore.person_id),
        select(m.BarrierAction.person_id, func.max(m.BarrierAction.done_date)).group_by(m.BarrierAction.person_id),
        select(m.SensitiveNote.person_id, func.max(m.SensitiveNote.written_on)).group_by(m.SensitiveNote.person_id),
        select(m.Pmsmp.person_id, func.max(m.Pmsmp.end_date)).group_by(m.Pmsmp.person_id),
        select(m.Enrolment.person_id, func.max(m.TrainingSession.end_date))
        .join(m.TrainingSession, m.TrainingSession.id == m.Enrolment.session_id)
        .group_by(m.Enrolment.person_id),
    ):  # fmt: skip
        for pid, day in _max_by_person(session, query).items():
            contacts[pid].append(day)
    found: dict[int, _Dates] = {}
    ends = {pid: (last_end, last_start) for pid, last_end, last_start in contracts}
    for pid, days in contacts.items():
        last_end, last_start = ends.get(pid, (None, None))
        running = (
            last_end is not None
            and last_start is not None  # both None when no contract, never one alone
            and (last_end >= today or last_start > today)
        )
        past = [d for d in days + ([last_end] if last_end else []) if d <= today]
        found[pid] = _Dates(max(past, default=min(days)), last_end, running)
    return found


def _years(structure: m.Structure | None) -> tuple[int, int]:
    if structure is None:
        return 2, 5
    return structure.retention_support_years, structure.retention_hr_years


def _due_dates(dates: _Dates, years: tuple[int, int]) -> tuple[dt.date, dt.date | None]:
    """The support's due date, and the contracts' and hours' (None: never hired)."""
    support_due = dates.last_contact + relativedelta(years=years[0])
    hr_due = dates.departure + relativedelta(years=years[1]) if dates.departure else None
    return support_due, hr_due


def _has_support_texts(session: Session) -> set[int]:
    """People with support texts left (those already erased are not listed again)."""
    found: set[int] = set()
    for query in (
        select(m.SensitiveNote.person_id),
        select(m.Milestone.person_id).where(
            m.Milestone.notes.is_not(None)
            | m.Milestone.objectives_reached.is_not(None)
            | m.Milestone.next_objectives.is_not(None)
        ),
        select(m.BarrierScore.person_id).where(m.BarrierScore.comment.is_not(None)),
        select(m.BarrierAction.person_id).where(m.BarrierAction.description != ERASED),
        select(m.Pmsmp.person_id).where(m.Pmsmp.host_name != ERASED),
        select(m.RecordVersion.person_id).where(m.RecordVersion.kind.in_(SUPPORT_TEXT_KINDS)),
    ):
        # A cancelled note, score, action or PMSMP still holds its texts until erased.
        found.update(session.scalars(query.distinct(), execution_options=including_cancelled()))
    return found


ERASED = "—"  # what replaces a required text once erased
# The previous versions the support's erasing takes with the texts: a cancelled note's text
# and a corrected action's are kept there only.
SUPPORT_TEXT_KINDS = (RecordKind.SENSITIVE_NOTE.value, RecordKind.BARRIER_ACTION.value)


def retention_list(
    session: Session, actor: Actor, *, today: dt.date | None = None
) -> list[RetentionRow]:
    """People past a retention date, the longest overdue first (direction only)."""
    roles_matrix.require(actor, Permission.PURGE)
    today = today or dt.date.today()
    years = _years(session.scalars(select(m.Structure).limit(1)).first())
    dates = _dates(session, today)
    texts = _has_support_texts(session)
    names = {
        pid: f"{last.upper()} {first}"
        for pid, last, first in session.execute(
            select(m.Person.id, m.Person.usage_name, m.Person.first_names).where(
                m.Person.anonymised_at.is_(None)
            )
        )
    }
    rows = []
    for pid, name in names.items():
        found = dates.get(pid)
        if found is None or found.running:
            continue
        support_due, hr_due = _due_dates(found, years)
        if max(support_due, hr_due or support_due) <= today:
            step = RetentionStep.ANONYMISE
        elif support_due <= today and pid in texts:
            step = RetentionStep.SUPPORT
        else:
            continue
        rows.append(
            RetentionRow(pid, name, found.last_contact, found.departure, support_due, hr_due, step)
        )
    return sorted(rows, key=lambda r: (r.due, r.name))


def check_due(
    session: Session, actor: Actor, person_id: int, step: RetentionStep, today: dt.date
) -> m.Person:
    """The person, if ``step`` is due for them; else a French refusal naming the date."""
    person = permissions.require_person(session, actor, person_id, Permission.PURGE)
    found = _dates(session, today).get(person_id)
    if found is None or found.running:
        raise ValidationError(tr("Cette personne est sous contrat : ses données sont à garder."))
    years = _years(session.scalars(select(m.Structure).limit(1)).first())
    support_due, hr_due = _due_dates(found, years)
    due = support_due if step is RetentionStep.SUPPORT else max(support_due, hr_due or support_due)
    if due > today:
        raise ValidationError(
            tr("Pas encore : ces données sont à conserver jusqu'au {date}.").format(
                date=format_date(due)
            )
        )
    return person
