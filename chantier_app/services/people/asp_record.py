"""The « Fiche salarié ASP » of a person, and the list of people whose record is incomplete.

What is typed into the ASP's Extranet IAE, field by field (``domain.asp_record``), from the
person's record, their PASS IAE and their path's first day. The record holds resources,
disability and justice facts: CIP and direction only (the situation right), the NIR only
to who may see it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from chantier_app.db import models as m
from chantier_app.domain.asp_fields import AspField, FieldStatus
from chantier_app.domain.asp_record import AspRecord, AspSource, build_record
from chantier_app.domain.contract_dates import Span, merge_runs
from chantier_app.domain.fr_format import fold
from chantier_app.domain.sensitivity import HIDDEN
from chantier_app.i18n import tr
from chantier_app.services import sensitivity
from chantier_app.services.context import Actor
from chantier_app.services.people.pass_iae import pass_period
from chantier_app.services.permissions import require_person, scope_clause
from chantier_app.services.roles_matrix import Permission, allowed, require
from chantier_app.services.sensitivity import Clearance

NIR_HIDDEN = tr("(masqué : réservé à qui peut voir le NIR)")
RESERVED = tr("Réservé à la direction et au CIP référent (santé, handicap, justice).")


@dataclass(frozen=True)
class EmployeeRecordView:
    person_id: int
    person_name: str
    record: AspRecord


@dataclass(frozen=True)
class IncompleteRecord:
    person_id: int
    person_name: str
    in_path: bool  # a contract runs today or starts later
    missing: int
    invalid: int
    problems: tuple[str, ...]  # the Extranet's labels of the fields to complete

    @property
    def summary(self) -> str:
        return ", ".join(self.problems)


def _hiring_date(contracts: Iterable[m.Contract], pass_start: dt.date | None) -> dt.date | None:
    """The first day of the path the record is about: the continuous run of contracts that
    holds the latest contract (from the PASS's start, when there is one)."""
    spans = [Span(c.start_date, c.effective_end) for c in contracts]
    if pass_start is not None:
        spans = [s for s in spans if s.end >= pass_start] or spans
    runs = merge_runs(spans)
    return runs[-1].start if runs else None


def source_of(person: m.Person, contracts: list[m.Contract], siret: str | None) -> AspSource:
    """The record's plain values (the person's PASS loaded with them)."""
    latest = max(person.passes, key=lambda p: p.start_date, default=None)
    period = pass_period(latest) if latest is not None else None
    return AspSource(
        civility=person.civility,
        usage_name=person.usage_name,
        birth_name=person.birth_name,
        first_names=person.first_names,
        birth_date=person.birth_date,
        birth_place_code=person.birth_place_code,
        birth_place=person.birth_place,
        birth_country=person.birth_country,
        nir=person.nir,
        address_line1=person.address_line1,
        address_line2=person.address_line2,
        postal_code=person.postal_code,
        address_insee_code=person.address_insee_code,
        employed=person.employed,
        unemployed_band=person.unemployed_band,
        resourceless=person.resourceless,
        ft_registered=person.ft_registered,
        ft_id=person.ft_id,
        ft_registered_since=person.ft_registered_since,
        education_level=person.education_level,
        rsa=person.rsa,
        rsa_band=person.rsa_band,
        ass=person.ass,
        ass_band=person.ass_band,
        aah=person.aah,
        aah_band=person.aah_band,
        rqth=person.rqth,
        oeth=person.oeth,
        social_aid=person.social_aid,
        ase_exit=person.ase_exit,
        lone_parent=person.lone_parent,
        housing=person.housing,
        refugee=person.refugee,
        released_from_detention=person.released_from_detention,
        french_level=person.french_level,
        mobility=person.mobility,
        referrer=person.referrer,
        pass_number=latest.number if latest else None,
        pass_start=latest.start_date if latest else None,
        pass_end=period.end if period else None,
        hiring_date=_hiring_date(contracts, latest.start_date if latest else None),
        structure_siret=siret,
    )


def _load_people(
    session: Session, person_ids: Iterable[int] | None, actor: Actor
) -> list[tuple[m.Person, list[m.Contract]]]:
    """People with their PASS (one query each) and their contracts (one query)."""
    query = (
        select(m.Person)
        .where(m.Person.anonymised_at.is_(None))
        .options(
            selectinload(m.Person.passes).selectinload(m.PassIae.suspensions),
            selectinload(m.Person.passes).selectinload(m.PassIae.prolongations),
        )
    )
    if person_ids is not None:
        query = query.where(m.Person.id.in_(list(person_ids)))
    if (scope := scope_clause(actor)) is not None:
        query = query.where(scope)
    people = list(session.scalars(query))
    by_person: dict[int, list[m.Contract]] = {p.id: [] for p in people}
    for contract in session.scalars(
        select(m.Contract).where(m.Contract.person_id.in_(list(by_person)))
    ):
        by_person[contract.person_id].append(contract)
    return [(person, by_person[person.id]) for person in people]


def _siret(session: Session) -> str | None:
    return session.scalar(select(m.Structure.siret).order_by(m.Structure.id).limit(1))


def _masked(record: AspRecord, may_see_nir: bool, seen: Clearance) -> AspRecord:
    """The NIR for who may see it; a health, disability or justice field (RQTH, AAH,
    detention, orienteur…: ``domain.sensitivity``) for the person's followers only, whole
    (its state too: « manquant » on the AAH's duration would tell there is an AAH)."""
    fields = []
    for f in record.fields:
        if f.key == "salarieNIR" and not may_see_nir:
            f = dataclasses.replace(f, value=NIR_HIDDEN if f.value else "")
        elif f.source and not seen.field("person", f.source):
            f = dataclasses.replace(f, value=HIDDEN, status=FieldStatus.HIDDEN, message=RESERVED)
        fields.append(f)
    return AspRecord(tuple(fields))


def employee_record(session: Session, actor: Actor, person_id: int) -> EmployeeRecordView:
    """The person's fiche salarié ASP, each field as it must be typed in the Extranet."""
    # The person checked is the one shown (not anonymised, the actor's: require_person):
    # not read again with its 65 columns, only its PASS and contracts.
    person = require_person(session, actor, person_id, Permission.SITUATION_VIEW)
    passes = session.scalars(
        select(m.PassIae)
        .where(m.PassIae.person_id == person_id)
        .options(selectinload(m.PassIae.suspensions), selectinload(m.PassIae.prolongations))
        .order_by(m.PassIae.start_date)
    ).all()
    set_committed_value(person, "passes", list(passes))
    contracts = list(session.scalars(select(m.Contract).where(m.Contract.person_id == person_id)))
    record = build_record(source_of(person, contracts, _siret(session)))
    seen = sensitivity.clearance(session, actor, person)
    masked = _masked(record, allowed(actor, Permission.NIR_VIEW), seen)
    return EmployeeRecordView(person_id, person.display_name, masked)


def incomplete_records(
    session: Session, actor: Actor, *, today: dt.date | None = None, in_path_only: bool = True
) -> list[IncompleteRecord]:
    """People whose employee record the ASP would refuse, by name: what to complete first."""
    require(actor, Permission.SITUATION_VIEW)
    today = today or dt.date.today()
    siret = _siret(session)
    rows: list[IncompleteRecord] = []
    people = _load_people(session, None, actor)
    seen = sensitivity.clearances(session, actor, [p.id for p, _ in people])
    for person, contracts in people:
        if not contracts or person.archived_at is not None:
            continue
        in_path = any(c.effective_end >= today for c in contracts)
        if in_path_only and not in_path:
            continue
        record = build_record(source_of(person, contracts, siret))
        if record.complete:
            continue
        problems = record.problems
        rows.append(
            IncompleteRecord(
                person.id,
                person.display_name,
                in_path,
                sum(1 for f in problems if f.status is FieldStatus.MISSING),
                sum(1 for f in problems if f.status is FieldStatus.INVALID),
                _labels(_masked(AspRecord(problems), True, seen[person.id]).fields),
            )
        )
    return sorted(rows, key=lambda r: fold(r.person_name))


def _labels(fields: Iterable[AspField]) -> tuple[str, ...]:
    labels: list[str] = []
    for f in fields:
        label = tr("champ réservé au CIP référent") if f.status is FieldStatus.HIDDEN else f.label
        if label not in labels:
            labels.append(label)
    return tuple(labels)
