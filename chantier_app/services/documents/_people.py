"""The data of one person's documents: contract, amendment, attestation (the follow-up
sheet's is in ``_follow_up``).

Each gatherer loads what its document prints in a few queries and returns the plain
dataclass of ``reports.data``. Permissions and the audit trail are in ``documents.printing``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from chantier_app.db import models as m
from chantier_app.db.cancellable import including_cancelled
from chantier_app.domain.codes.contract_codes import AmendmentKind, DerogationKind
from chantier_app.domain.codes.person_codes import Civility
from chantier_app.domain.codes.record_kinds import RecordKind, VersionAction
from chantier_app.domain.codes.support_codes import EnrolmentStatus
from chantier_app.domain.derogations import MIN_WEEKLY_MINUTES
from chantier_app.domain.errors import NotFoundError
from chantier_app.domain.fr_format import format_date
from chantier_app.i18n import tr
from chantier_app.reports.checks import check_person
from chantier_app.reports.data import (
    AmendmentDocument,
    AmendmentTerms,
    AttestationDocument,
    ContractDocument,
    ContractTerms,
    TrainingLine,
)
from chantier_app.reports.errors import DocumentError
from chantier_app.services.documents._common import (
    as_dict,
    contract_line,
    count_print,
    cumulative_months,
    get_person,
    pass_for,
    person_identity,
    staff_civility,
    staff_name,
    structure_info,
    structure_row,
    workshops_by_id,
)
from chantier_app.services.documents._follow_up import _qualifying_exams


def person_contracts(session: Session, person_id: int) -> list[m.Contract]:
    """The person's contracts by start date, with their amendments (one query each)."""
    return list(
        session.scalars(
            select(m.Contract)
            .where(m.Contract.person_id == person_id)
            .options(selectinload(m.Contract.amendments))
            .order_by(m.Contract.start_date, m.Contract.id)
        )
    )


@dataclass(frozen=True)
class WorkingTime:
    weekly_minutes: int | None
    monthly_minutes: int | None
    derogation: DerogationKind
    derogation_reference: str | None


def signed_working_time(contract: m.Contract) -> WorkingTime:
    """The working time the contract was signed with: what its first hours amendment
    replaced (the contract's row holds the hours of the latest one), else its own."""
    first = next((a for a in contract.amendments if a.kind is AmendmentKind.HOURS_CHANGE), None)
    if first is None:
        return WorkingTime(
            contract.weekly_minutes,
            contract.monthly_minutes,
            contract.derogation,
            contract.derogation_reference,
        )
    return WorkingTime(
        first.previous_weekly_minutes,
        first.previous_monthly_minutes,
        first.previous_derogation or DerogationKind.NONE,
        first.previous_derogation_reference,
    )


# A derogation period recorded with a contract or an amendment lands in the same
# transaction (timestamps to the second): a minute's margin, and any later period (a
# renewal's, a later amendment's, or the one migration 0017 derived from the contract's
# dates) was never on that paper.
RECORDED_WITH = dt.timedelta(minutes=1)


def signed_derogation_period(
    contract: m.Contract,
    kind: DerogationKind | None,
    reference: str | None,
    day: dt.date,
    recorded_at: dt.datetime,
    *,
    latest: bool = False,
) -> m.ContractDerogation | None:
    """The derogation period (D5132-43-5, D5132-43-8) a signed document names: of the
    derogation and reference it was signed with, covering ``day`` (the contract's start, the
    amendment's effective date), recorded by the time the document was (``recorded_at``).

    ``kind`` None: any derogation (a renewal names none; the one its months run under).
    Among several, the first recorded (the contract's, recorded at hire) or with ``latest``
    the last (an amendment's own, recorded after the ones it may follow). None when the
    document has no derogation or none was recorded with it: it prints without dates."""
    if kind is DerogationKind.NONE:
        return None
    found = [
        period
        for period in contract.derogations
        if (
            kind is None
            or (period.kind is kind and (period.reference or None) == (reference or None))
        )
        and period.start_date <= day <= period.end_date
        and period.created_at <= recorded_at + RECORDED_WITH
    ]
    if not found:
        return None
    return (max if latest else min)(found, key=lambda period: period.id)


def _terms_settled_at(session: Session, contract: m.Contract) -> dt.datetime:
    """When the contract's terms were last settled: its last correction (a corrected
    contract is signed again; a derogation period it added is recorded with it), else its
    hire."""
    corrected = session.scalar(
        select(func.max(m.RecordVersion.at)).where(
            m.RecordVersion.kind == RecordKind.CONTRACT.value,
            m.RecordVersion.record_id == contract.id,
            m.RecordVersion.action == VersionAction.CORRECT.value,
        )
    )
    return max(corrected, contract.created_at) if corrected else contract.created_at


def _dates(period: m.ContractDerogation | None) -> tuple[dt.date | None, dt.date | None]:
    return (None, None) if period is None else (period.start_date, period.end_date)


def _weekly_before(contract: m.Contract, amendment: m.Amendment) -> int | None:
    """The weekly hours in force when ``amendment`` was signed: the signed ones, then each
    earlier hours amendment's."""
    weekly = signed_working_time(contract).weekly_minutes
    for earlier in contract.amendments:
        if earlier.number < amendment.number and earlier.kind is AmendmentKind.HOURS_CHANGE:
            weekly = earlier.new_weekly_minutes
    return weekly


def _amendment_derogation(
    contract: m.Contract, amendment: m.Amendment
) -> tuple[DerogationKind, str | None, m.ContractDerogation | None]:
    """The derogation an amendment states: an hours amendment the one it sets (with its
    period, when recorded); a renewal of a CDDI below 20 h the period its first day falls
    in (the renewal is refused outside one), else none."""
    if amendment.kind is AmendmentKind.HOURS_CHANGE:
        kind = amendment.new_derogation or DerogationKind.NONE
        reference = amendment.new_derogation_reference
        period = signed_derogation_period(
            contract, kind, reference, amendment.effective_date, amendment.created_at, latest=True
        )
        return kind, reference, period
    weekly = _weekly_before(contract, amendment)
    if amendment.kind is AmendmentKind.RENEWAL and weekly and weekly < MIN_WEEKLY_MINUTES:
        period = signed_derogation_period(
            contract, None, None, amendment.effective_date, amendment.created_at, latest=True
        )
        if period is not None:
            return period.kind, period.reference, period
    return DerogationKind.NONE, None, None


def _contract_terms(
    session: Session, contract: m.Contract, structure: m.Structure
) -> ContractTerms:
    """The contract as signed: its initial end and working time, never an amendment's;
    the derogation's period recorded at hire (or with the correction of its terms, which
    is signed again), never a renewal's or an amendment's."""
    workshop = session.get(m.Workshop, contract.workshop_id) if contract.workshop_id else None
    team = session.get(m.Team, contract.team_id) if contract.team_id else None
    signed = signed_working_time(contract)
    derogation_start, derogation_end = _dates(
        signed_derogation_period(
            contract,
            signed.derogation,
            signed.derogation_reference,
            contract.start_date,
            _terms_settled_at(session, contract),
        )
    )
    return ContractTerms(
        kind=contract.kind,
        start_date=contract.start_date,
        end_date=contract.initial_end_date,
        workshop=workshop.name if workshop else None,
        activity=workshop.activity if workshop else None,
        team=team.name if team else None,
        job_title=contract.job_title,
        weekly_minutes=signed.weekly_minutes,
        monthly_minutes=signed.monthly_minutes,
        trial_days=contract.trial_days,
        hourly_wage=contract.hourly_wage or structure.hourly_wage,
        derogation=signed.derogation,
        derogation_reference=signed.derogation_reference,
        derogation_start=derogation_start,
        derogation_end=derogation_end,
        training_provider=contract.training_provider,
        target_diploma=contract.target_diploma,
        signed_on=contract.signed_on,
    )


def contract_data(
    session: Session, contract: m.Contract, *, with_nir: bool, today: dt.date
) -> ContractDocument:
    """The contract as signed; this print counted (the first copy is the one signed)."""
    structure = structure_row(session)
    person = get_person(session, contract.person_id)
    pass_iae = pass_for(person.passes, contract.start_date)
    identity = person_identity(person)
    check_person(identity, tr("Le contrat"))  # before a copy is counted
    document = ContractDocument(
        structure=structure_info(structure),
        person=identity,
        contract=_contract_terms(session, contract, structure),
        nir=person.nir if with_nir else None,
        pass_number=pass_iae.number if pass_iae else None,
        cip_name=staff_name(session, person.cip_id),
        cip_is_woman=staff_civility(session, person.cip_id) is Civility.MRS,
        issued_on=today,
        copy_number=0,
    )
    # Last, once every query ran: nothing is flushed while gathering (read-only files).
    return replace(document, copy_number=count_print(session, contract))


def amendment_data(
    session: Session, amendment: m.Amendment, *, today: dt.date
) -> AmendmentDocument:
    """The amendment as signed: its own terms and those it replaced; this print counted."""
    structure = structure_row(session)
    contract = amendment.contract
    person = get_person(session, contract.person_id)
    # The total as it stood then: a later renewal does not lengthen this amendment's.
    until = amendment.new_end_date or amendment.previous_end_date
    earlier = [
        c for c in person_contracts(session, person.id) if c.start_date < contract.start_date
    ]
    months = cumulative_months([*earlier, contract], until, cddi=contract.kind.is_cddi)
    identity = person_identity(person)
    check_person(identity, tr("L'avenant"))
    derogation, derogation_reference, period = _amendment_derogation(contract, amendment)
    derogation_start, derogation_end = _dates(period)
    document = AmendmentDocument(
        structure=structure_info(structure),
        person=identity,
        contract=_contract_terms(session, contract, structure),
        amendment=AmendmentTerms(
            number=amendment.number,
            kind=amendment.kind,
            effective_date=amendment.effective_date,
            previous_end_date=amendment.previous_end_date,
            new_end_date=amendment.new_end_date,
            previous_weekly_minutes=amendment.previous_weekly_minutes,
            new_weekly_minutes=amendment.new_weekly_minutes,
            previous_monthly_minutes=amendment.previous_monthly_minutes,
            new_monthly_minutes=amendment.new_monthly_minutes,
            previous_derogation=amendment.previous_derogation or DerogationKind.NONE,
            previous_derogation_reference=amendment.previous_derogation_reference,
            new_derogation=derogation,
            new_derogation_reference=derogation_reference,
            new_derogation_start=derogation_start,
            new_derogation_end=derogation_end,
            extension_reason=amendment.extension_reason,
            reason=amendment.reason,
            signed_on=amendment.signed_on,
        ),
        cumulative_months=months,
        issued_on=today,
        copy_number=0,
    )
    return replace(document, copy_number=count_print(session, amendment))  # last


def latest_contract(session: Session, person_id: int) -> m.Contract:
    contracts = person_contracts(session, person_id)
    if not contracts:
        person = get_person(session, person_id)
        raise DocumentError(
            tr("Aucun contrat pour {name} : rien à imprimer.").format(name=person.display_name)
        )
    return contracts[-1]


def latest_amendment(session: Session, person_id: int) -> m.Amendment:
    contract = latest_contract(session, person_id)
    if not contract.amendments:
        raise DocumentError(
            tr("Le dernier contrat de {name} n'a aucun avenant.").format(
                name=get_person(session, person_id).display_name
            )
        )
    return contract.amendments[-1]


def get_amendment(session: Session, amendment_id: int) -> m.Amendment:
    """The amendment to print; a cancelled one is refused by its name, not « introuvable »:
    a paper printed now would say the contract holds what it no longer holds."""
    amendment = session.get(m.Amendment, amendment_id, execution_options=including_cancelled())
    if amendment is None:
        raise NotFoundError(tr("Avenant"), amendment_id)
    if amendment.cancelled_at is not None:
        raise DocumentError(
            tr(
                "L'avenant n° {n} a été annulé le {day} : il ne s'imprime plus (son "
                "annulation et ce qu'il disait sont dans l'historique des modifications)."
            ).format(n=amendment.number, day=format_date(amendment.cancelled_at.date()))
        )
    return amendment


def attestation_data(session: Session, person_id: int, *, today: dt.date) -> AttestationDocument:
    """What the attestation states, as of ``today`` (its date): the contracts begun by then
    and their state that day, the hours entered for the months up to it, the training hours
    followed (attendance up to that day, never the hours a session plans). Refused for
    someone whose first contract has not begun: it attests work done."""
    structure = structure_info(structure_row(session))
    person = get_person(session, person_id)
    contracts = person_contracts(session, person_id)
    if not contracts:
        raise DocumentError(
            tr(
                "Aucun contrat pour {name} : l'attestation d'expérience ne peut pas être établie."
            ).format(name=person.display_name)
        )
    begun = [c for c in contracts if c.start_date <= today]
    if not begun:
        raise DocumentError(
            tr(
                "{name} n'a pas encore commencé à travailler : son contrat débute le {start}. "
                "L'attestation d'expérience atteste d'un travail effectué ; elle pourra être "
                "établie à partir du {start}."
            ).format(name=person.display_name, start=format_date(contracts[0].start_date))
        )
    worked = as_dict(
        session,
        select(m.MonthlyHours.contract_id, func.sum(m.MonthlyHours.worked_minutes))
        .where(m.MonthlyHours.contract_id.in_([c.id for c in begun]))
        .where(m.MonthlyHours.month <= today)
        .group_by(m.MonthlyHours.contract_id),
    )
    workshops = workshops_by_id(session)
    trainings = _followed_trainings(session, person_id, today)
    activities = dict.fromkeys(
        workshops[c.workshop_id].activity
        for c in begun
        if c.workshop_id and workshops[c.workshop_id].activity
    )
    exams = [
        line if line.end_date <= today else replace(line, result=None)
        for line in _qualifying_exams(begun)
    ]
    return AttestationDocument(
        structure=structure,
        person=person_identity(person),
        contracts=tuple(contract_line(c, workshops, worked, as_of=today) for c in begun),
        issued_on=today,
        worked_minutes=sum(int(v or 0) for v in worked.values()),
        training_minutes=sum(t.minutes for t in trainings),
        activities=tuple(a for a in activities if a),
        trainings=tuple(trainings + exams),
    )


def _followed_trainings(session: Session, person_id: int, today: dt.date) -> list[TrainingLine]:
    """The trainings followed by ``today`` with the hours actually followed: the attendance
    days up to that day, or the hours recorded as attended when no day was entered. A session
    begun but not attended (0 h of 60) prints no hours; one given up is left out."""
    query = (
        select(m.Enrolment, m.TrainingSession)
        .join(m.TrainingSession, m.Enrolment.session_id == m.TrainingSession.id)
        .where(m.Enrolment.person_id == person_id)
        .where(m.Enrolment.status != EnrolmentStatus.ABANDONED)
        .where(m.TrainingSession.start_date <= today)
        .options(selectinload(m.Enrolment.attendances))
        .order_by(m.TrainingSession.start_date)
    )
    lines = []
    for enrolment, session_row in session.execute(query):
        if enrolment.attendances:
            minutes = sum(a.minutes for a in enrolment.attendances if a.day <= today)
        else:
            minutes = enrolment.attended_minutes
        known = enrolment.result_date is None or enrolment.result_date <= today
        result = enrolment.result if known else None
        if not minutes and enrolment.status is not EnrolmentStatus.COMPLETED:
            continue
        lines.append(
            TrainingLine(
                title=session_row.title,
                start_date=session_row.start_date,
                end_date=session_row.end_date,
                provider=session_row.provider,
                minutes=minutes,
                result=result,
                certificate=enrolment.certificate_obtained if known else None,
            )
        )
    return lines
