"""PASS IAE: record the approval, its suspensions and prolongations; the end date follows.

The rules are ``domain/pass_iae.py``'s; this module loads what they need (the PASS with its
decisions, the person, the trainings in progress when the PASS ends) and writes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from chantier_app.db import models as m
from chantier_app.domain import pass_iae as rules
from chantier_app.domain.codes.contract_codes import PassProlongationReason, PassSuspensionReason
from chantier_app.domain.codes.support_codes import EnrolmentStatus
from chantier_app.domain.contract_dates import Span
from chantier_app.domain.errors import (
    NotFoundError,
    UnacknowledgedWarnings,
    Violation,
    refuse_errors,
    warnings_only,
)
from chantier_app.domain.fr_format import format_date
from chantier_app.domain.text_rules import checked_notes
from chantier_app.i18n import tr
from chantier_app.services import audit
from chantier_app.services._records import in_team, live
from chantier_app.services.context import Actor
from chantier_app.services.people.records import _load
from chantier_app.services.permissions import require_person
from chantier_app.services.roles_matrix import Permission, require
from chantier_app.services.sensitivity import EVERYTHING, Clearance, clearance


@dataclass(frozen=True)
class PassInput:
    number: str | None
    start_date: dt.date | None
    end_date: dt.date | None = None  # None: 2 years (730 days) from the start
    notes: str | None = None


@dataclass(frozen=True)
class SuspensionInput:
    reason: PassSuspensionReason | None
    start_date: dt.date | None
    end_date: dt.date | None
    notes: str | None = None


@dataclass(frozen=True)
class ProlongationInput:
    reason: PassProlongationReason | None
    start_date: dt.date | None
    end_date: dt.date | None
    decided_on: dt.date | None = None
    notes: str | None = None


@dataclass(frozen=True)
class SuspensionView:
    id: int
    reason: PassSuspensionReason | None  # None: hidden from this actor (domain/sensitivity)
    start: dt.date
    end: dt.date
    days: int
    notes: str | None
    version: int = 1  # handed back with a correction or a cancellation


@dataclass(frozen=True)
class ProlongationView:
    id: int
    reason: PassProlongationReason | None  # None: hidden from this actor (domain/sensitivity)
    decided_on: dt.date | None
    start: dt.date
    end: dt.date
    days: int
    notes: str | None
    version: int = 1  # handed back with a correction or a cancellation


@dataclass(frozen=True)
class PassView:
    id: int
    number: str
    start: dt.date
    initial_end: dt.date
    end: dt.date  # after suspensions and prolongations
    days_left: int
    status_text: str
    notes: str | None
    suspensions: list[SuspensionView]
    prolongations: list[ProlongationView]
    version: int = 1  # handed back with a correction (services._concurrency)

    @property
    def formatted_number(self) -> str:
        return rules.format_number(self.number)


def pass_period(record: m.PassIae) -> rules.PassPeriod:
    """The PASS as the rules see it (load its suspensions and prolongations with it)."""
    return rules.PassPeriod(
        start=record.start_date,
        initial_end=record.initial_end_date,
        suspensions=tuple(Span(s.start_date, s.end_date) for s in record.suspensions),
        prolongations=tuple(Span(x.start_date, x.end_date) for x in record.prolongations),
        number=record.number,
    )


def _view(p: m.PassIae, today: dt.date, seen: Clearance) -> PassView:
    period = pass_period(p)
    end = period.end
    return PassView(
        id=p.id,
        number=p.number,
        start=p.start_date,
        initial_end=p.initial_end_date,
        end=end,
        days_left=rules.days_left(end, today),
        status_text=rules.status_text(p.start_date, end, today, period.suspensions),
        notes=p.notes,
        suspensions=[
            SuspensionView(
                s.id,
                seen.value("pass_suspension", "reason", s.reason),
                s.start_date,
                s.end_date,
                per.days,
                seen.value("pass_suspension", "notes", s.notes),
                s.version,
            )
            for s, per in zip(p.suspensions, period.suspensions, strict=True)
        ],
        prolongations=[
            ProlongationView(
                x.id,
                seen.value("pass_prolongation", "reason", x.reason),
                x.decided_on,
                x.start_date,
                x.end_date,
                per.days,
                seen.value("pass_prolongation", "notes", x.notes),
                x.version,
            )
            for x, per in zip(p.prolongations, period.prolongations, strict=True)
        ],
        version=p.version,
    )


def list_passes(
    session: Session, actor: Actor, person_id: int, *, today: dt.date | None = None
) -> list[PassView]:
    """The person's PASS IAE, most recent first, with their current end.

    The suspension and prolongation reasons and notes (« Incarcération », « Arrêt
    maladie », « RQTH ») are health, disability and justice facts (RGPD art. 9 and 10):
    None for an actor outside their audience (``domain/sensitivity``)."""
    require_person(session, actor, person_id, Permission.PEOPLE_VIEW)
    seen = clearance(session, actor, person_id)
    today = today or dt.date.today()
    passes = session.scalars(
        select(m.PassIae)
        .where(m.PassIae.person_id == person_id)
        .options(selectinload(m.PassIae.suspensions), selectinload(m.PassIae.prolongations))
        .order_by(m.PassIae.start_date.desc())
    ).all()
    return [_view(p, today, seen) for p in passes]


def _check_pass(
    session: Session, data: PassInput, pass_id: int | None, person_id: int
) -> tuple[str, dt.date]:
    violations = _check_pass_violations(session, data, pass_id, person_id)
    refuse_errors(violations)
    number = rules.normalise_number(data.number)
    end = data.end_date or (rules.default_end(data.start_date) if data.start_date else None)
    assert end is not None
    return number, end


def _check_pass_violations(
    session: Session, data: PassInput, pass_id: int | None, person_id: int
) -> list[Violation]:
    """Every rule a PASS entered as ``data`` breaks (a new one, or ``pass_id`` corrected)."""
    number = rules.normalise_number(data.number)
    end = data.end_date or (rules.default_end(data.start_date) if data.start_date else None)
    violations = rules.check_number(number) + rules.check_pass_dates(data.start_date, end)
    if not violations and data.start_date is not None and end is not None:
        others = session.scalars(
            select(m.PassIae).where(
                m.PassIae.person_id == person_id, m.PassIae.id != (pass_id or 0)
            )
        )
        for other in others:
            period = pass_period(other)
            if data.start_date <= period.end and other.start_date <= end:
                violations.append(
                    Violation(
                        "pass_overlap",
                        tr(
                            "Date de début : ce PASS IAE chevaucherait le PASS n° {number} "
                            "(du {start} au {end}) : une personne n'a qu'un agrément à la fois."
                        ).format(
                            number=rules.format_number(other.number),
                            start=format_date(other.start_date),
                            end=format_date(period.end),
                        ),
                        field="start_date",
                    )
                )
    if not violations:
        same = session.scalars(select(m.PassIae).where(m.PassIae.number == number)).first()
        if same is not None and same.id != pass_id:
            violations.append(
                Violation(
                    "pass_number_taken",
                    tr("Numéro du PASS IAE : déjà enregistré pour un autre dossier."),
                    field="number",
                )
            )
    return violations


def add_pass(session: Session, actor: Actor, person_id: int, data: PassInput) -> int:
    require(actor, Permission.PEOPLE_EDIT)
    _load(session, person_id)
    number, end = _check_pass(session, data, None, person_id)
    record = m.PassIae(
        person_id=person_id,
        number=number,
        start_date=data.start_date,
        initial_end_date=end,
        notes=checked_notes(data.notes),
    )
    session.add(record)
    session.flush()
    audit.record(
        session,
        actor,
        audit.Action.CREATE,
        "pass_iae",
        record.id,
        person_id=person_id,
        summary=tr("PASS IAE enregistré"),
    )
    return record.id


def _load_pass(session: Session, pass_id: int, actor: Actor | None = None) -> m.PassIae:
    """The PASS; for ``actor``'s dialog, one cancelled meanwhile is a stale edit
    (``_records.live``), out of the actor's teams refused first."""
    if actor is not None:
        guard = in_team(session, actor, m.PassIae, lambda p: p.person_id)
        return live(session, m.PassIae, pass_id, tr("PASS IAE"), guard=guard)
    record = session.get(m.PassIae, pass_id)
    if record is None:
        raise NotFoundError(tr("PASS IAE"), pass_id)
    return record


def _settle(violations: list[Violation], acknowledge_warnings: bool) -> tuple[str, ...]:
    """Errors refuse; warnings refuse until acknowledged. The acknowledged codes."""
    refuse_errors(violations)
    warned = warnings_only(violations)
    if warned and not acknowledge_warnings:
        raise UnacknowledgedWarnings(warned)
    return tuple(dict.fromkeys(v.code for v in warned))


def _acknowledged(summary: str, codes: tuple[str, ...]) -> str:
    if not codes:
        return summary
    return summary + tr(" (avertissement accepté : {codes})").format(codes=", ".join(codes))


def add_suspension(
    session: Session,
    actor: Actor,
    pass_id: int,
    data: SuspensionInput,
    *,
    acknowledge_warnings: bool = False,
) -> int:
    """Suspend the PASS: its end moves by the number of suspended days."""
    require(actor, Permission.PEOPLE_EDIT)
    record = _load_pass(session, pass_id, actor)
    current = _view(record, dt.date.today(), EVERYTHING)
    violations = rules.check_suspension(
        data.start_date,
        data.end_date,
        pass_period=Span(record.start_date, current.end),
        others=[Span(s.start, s.end) for s in current.suspensions],
    )
    if data.reason is None:
        violations.append(Violation("reason_required", tr("Motif : obligatoire."), field="reason"))
    warned = _settle(violations, acknowledge_warnings)
    suspension = m.PassSuspension(
        reason=data.reason,
        start_date=data.start_date,
        end_date=data.end_date,
        notes=checked_notes(data.notes),
    )
    record.suspensions.append(suspension)
    return _traced_decision(
        session,
        actor,
        record,
        suspension,
        _acknowledged(tr("PASS IAE suspendu du {start} au {end}"), warned),
    )


# Suspensions and prolongations are decisions on a PASS: saved and traced alike
# (``pass_corrections`` corrects and cancels them).
Decision = m.PassSuspension | m.PassProlongation
_ENTITIES = {m.PassSuspension: "pass_suspension", m.PassProlongation: "pass_prolongation"}


def _traced_decision(
    session: Session, actor: Actor, record: m.PassIae, decision: Decision, summary: str
) -> int:
    """A suspension or a prolongation just added to ``record``: saved and traced."""
    session.flush()
    audit.record(
        session,
        actor,
        audit.Action.CREATE,
        _ENTITIES[type(decision)],
        decision.id,
        person_id=record.person_id,
        summary=summary.format(
            start=format_date(decision.start_date),
            end=format_date(decision.end_date),
        ),
    )
    return decision.id


def suggested_prolongation_start(session: Session, actor: Actor, pass_id: int) -> dt.date:
    """Where a prolongation starts, as the platform writes it: the PASS's current last day."""
    require(actor, Permission.PEOPLE_VIEW)
    found = _load_pass(session, pass_id)
    require_person(session, actor, found.person_id, Permission.PEOPLE_VIEW)
    return pass_period(found).end


def _training_end(session: Session, person_id: int, pass_end: dt.date) -> dt.date | None:
    """The last day of the person's trainings in progress when the PASS ends: sessions
    they are enrolled in (not abandoned) running on that day, and the exam of a qualifying
    CDDI running then. None when none is recorded."""
    sessions = session.scalars(
        select(m.TrainingSession.end_date)
        .join(m.Enrolment)
        .where(
            m.Enrolment.person_id == person_id,
            m.Enrolment.status != EnrolmentStatus.ABANDONED,
            m.TrainingSession.start_date <= pass_end,
            m.TrainingSession.end_date >= pass_end,
        )
    ).all()
    exams = session.scalars(
        select(m.Contract.exam_date).where(
            m.Contract.person_id == person_id,
            m.Contract.start_date <= pass_end,
            m.Contract.exam_date >= pass_end,
        )
    ).all()
    ends = [d for d in (*sessions, *exams) if d is not None]
    return max(ends) if ends else None


def prolongation_rules_input(
    session: Session, actor: Actor, pass_id: int
) -> rules.ProlongationContext:
    """What the prolongation dialog checks while the user types (the same as the save)."""
    require(actor, Permission.PEOPLE_VIEW)
    record = _load_pass(session, pass_id)
    require_person(session, actor, record.person_id, Permission.PEOPLE_VIEW)
    return _context(session, record)


def _context(session: Session, record: m.PassIae) -> rules.ProlongationContext:
    end = pass_period(record).end
    person = record.person
    return rules.ProlongationContext(
        current_end=end,
        others=tuple(
            rules.Prolongation(x.start_date, x.end_date, x.reason) for x in record.prolongations
        ),
        birth_date=person.birth_date,
        rqth=person.rqth,
        training_end=_training_end(session, record.person_id, end),
    )


def add_prolongation(
    session: Session,
    actor: Actor,
    pass_id: int,
    data: ProlongationInput,
    *,
    acknowledge_warnings: bool = False,
) -> int:
    """Prolong the PASS from its current end (R5132-1-8): the days it adds are recorded,
    from the day after the end to the prolongation's end."""
    require(actor, Permission.PEOPLE_EDIT)
    record = _load_pass(session, pass_id, actor)
    context = _context(session, record)
    violations = context.check(data.reason, data.start_date, data.end_date, data.decided_on)
    warned = _settle(violations, acknowledge_warnings)
    assert data.start_date is not None and data.end_date is not None  # checked above
    added = rules.prolongation_span(data.start_date, data.end_date, context.current_end)
    prolongation = m.PassProlongation(
        reason=data.reason,
        decided_on=data.decided_on,
        start_date=added.start,
        end_date=added.end,
        notes=checked_notes(data.notes),
    )
    record.prolongations.append(prolongation)
    return _traced_decision(
        session,
        actor,
        record,
        prolongation,
        _acknowledged(tr("PASS IAE prolongé du {start} au {end}"), warned),
    )
