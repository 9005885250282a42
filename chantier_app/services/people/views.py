"""What screens show of people: the list rows (few queries for any number) and one person's view."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain import pass_iae as pass_rules
from chantier_app.domain.codes.contract_codes import ContractKind
from chantier_app.domain.contract_dates import Span, age_on
from chantier_app.domain.fr_format import format_date, team_label
from chantier_app.domain.person_record import FIELD_NAMES, PersonInput
from chantier_app.i18n import tr
from chantier_app.services.context import Actor
from chantier_app.services.permissions import require_person, scope_clause
from chantier_app.services.roles_matrix import Permission, allowed, require

# What an actor without the situation right does not see of a record (an encadrant).
SITUATION_FIELDS = (
    "ft_registered", "ft_id", "ft_registered_since", "education_level", "rsa", "rsa_band",
    "ass", "ass_band", "aah", "aah_band", "rqth", "lone_parent", "housing", "refugee",
    "released_from_detention", "qpv", "zrr", "mobility", "french_level", "referrer",
    "referrer_contact", "notes", "employed", "unemployed_band", "resourceless", "social_aid",
    "ase_exit", "oeth",
)  # fmt: skip
# Each situation field's default, by name (Any: one type per field); all have one, no MISSING.
_HIDDEN_SITUATION: dict[str, Any] = {
    name: field.default
    for field in dataclasses.fields(PersonInput)
    if (name := field.name) in SITUATION_FIELDS
}


class PersonStatus(enum.StrEnum):
    IN_CONTRACT = "in_contract"
    UPCOMING = "upcoming"
    NO_CONTRACT = "no_contract"
    FORMER = "former"
    ARCHIVED = "archived"

    @property
    def active(self) -> bool:
        """Shown under « En parcours »: in contract, about to start, or being welcomed."""
        return self in (PersonStatus.IN_CONTRACT, PersonStatus.UPCOMING, PersonStatus.NO_CONTRACT)


@dataclass(frozen=True)
class ContractBrief:
    kind: ContractKind
    start: dt.date
    end: dt.date  # the actual end when ended, else the planned end
    team_id: int | None
    ended: bool


@dataclass(frozen=True)
class Situation:
    status: PersonStatus
    contract: ContractBrief | None

    @property
    def text(self) -> str:
        c = self.contract
        if self.status is PersonStatus.IN_CONTRACT and c:
            return tr("En contrat jusqu'au {end}").format(end=format_date(c.end))
        if self.status is PersonStatus.UPCOMING and c:
            return tr("Contrat à partir du {start}").format(start=format_date(c.start))
        if self.status is PersonStatus.FORMER and c:
            return tr("Sorti(e) le {end}").format(end=format_date(c.end))
        if self.status is PersonStatus.ARCHIVED:
            return tr("Dossier archivé")
        return tr("Sans contrat")


def situation(contracts: Sequence[ContractBrief], today: dt.date, *, archived: bool) -> Situation:
    """The contract that describes the person today, and where they stand."""
    running = [c for c in contracts if c.start <= today <= c.end]
    if running:
        current = max(running, key=lambda c: c.start)
        status = PersonStatus.IN_CONTRACT
    elif upcoming := [c for c in contracts if c.start > today]:
        current, status = min(upcoming, key=lambda c: c.start), PersonStatus.UPCOMING
    elif contracts:
        current, status = max(contracts, key=lambda c: c.end), PersonStatus.FORMER
    else:
        current, status = None, PersonStatus.NO_CONTRACT
    if archived:
        status = PersonStatus.ARCHIVED
    return Situation(status, current)


@dataclass(frozen=True)
class PersonRow:
    """One line of the people list."""

    id: int
    usage_name: str
    first_names: str
    birth_date: dt.date | None
    age: int | None
    nir: str | None  # None when the actor may not see it
    pass_number: str | None
    pass_end: dt.date | None
    team_id: int | None
    team_name: str
    cip_id: int | None
    cip_name: str
    contract_kind: ContractKind | None
    status: PersonStatus
    status_text: str

    @property
    def display_name(self) -> str:
        return f"{self.usage_name.upper()} {self.first_names}"


def _contracts_by_person(
    session: Session, person_ids: Iterable[int] | None
) -> dict[int, list[ContractBrief]]:
    query = select(
        m.Contract.person_id,
        m.Contract.kind,
        m.Contract.start_date,
        m.Contract.end_date,
        m.Contract.actual_end_date,
        m.Contract.team_id,
    )
    if person_ids is not None:
        query = query.where(m.Contract.person_id.in_(list(person_ids)))
    grouped: dict[int, list[ContractBrief]] = defaultdict(list)
    for person_id, kind, start, end, actual_end, team_id in session.execute(query):
        grouped[person_id].append(
            ContractBrief(kind, start, actual_end or end, team_id, actual_end is not None)
        )
    return grouped


@dataclass(frozen=True)
class PassBrief:
    id: int
    person_id: int
    number: str
    start: dt.date
    end: dt.date
    suspensions: tuple[Span, ...]


def _passes_by_person(
    session: Session, person_ids: Iterable[int] | None
) -> dict[int, list[PassBrief]]:
    """Every PASS with its current end (suspensions and prolongations applied): 3 queries."""
    query = select(
        m.PassIae.id,
        m.PassIae.person_id,
        m.PassIae.number,
        m.PassIae.start_date,
        m.PassIae.initial_end_date,
    )
    if person_ids is not None:
        query = query.where(m.PassIae.person_id.in_(list(person_ids)))
    rows = session.execute(query).all()
    ids = [row[0] for row in rows]
    suspensions: dict[int, list[Span]] = defaultdict(list)
    prolongations: dict[int, list[Span]] = defaultdict(list)
    if ids:
        for pass_id, start, end in session.execute(
            select(
                m.PassSuspension.pass_id, m.PassSuspension.start_date, m.PassSuspension.end_date
            ).where(m.PassSuspension.pass_id.in_(ids))
        ):
            suspensions[pass_id].append(Span(start, end))
        for pass_id, start, end in session.execute(
            select(
                m.PassProlongation.pass_id,
                m.PassProlongation.start_date,
                m.PassProlongation.end_date,
            ).where(m.PassProlongation.pass_id.in_(ids))
        ):
            prolongations[pass_id].append(Span(start, end))
    grouped: dict[int, list[PassBrief]] = defaultdict(list)
    for pass_id, person_id, number, start, initial_end in rows:
        end = pass_rules.current_end(initial_end, suspensions[pass_id], prolongations[pass_id])
        grouped[person_id].append(
            PassBrief(pass_id, person_id, number, start, end, tuple(suspensions[pass_id]))
        )
    for briefs in grouped.values():
        briefs.sort(key=lambda b: b.start)
    return grouped


def _names(session: Session) -> tuple[dict[int, str], dict[int, str]]:
    teams = {
        team_id: team_label(workshop, name)
        for team_id, name, workshop in session.execute(
            select(m.Team.id, m.Team.name, m.Workshop.name).join(m.Workshop)
        )
    }
    staff = {
        staff_id: f"{first} {last}"
        for staff_id, first, last in session.execute(
            select(m.Staff.id, m.Staff.first_name, m.Staff.last_name)
        )
    }
    return teams, staff


def list_people(session: Session, actor: Actor, *, today: dt.date | None = None) -> list[PersonRow]:
    """The actor's people (anonymised records excepted), in a fixed number of queries."""
    require(actor, Permission.PEOPLE_VIEW)
    today = today or dt.date.today()
    show_nir = allowed(actor, Permission.NIR_VIEW)
    teams, staff = _names(session)
    contracts = _contracts_by_person(session, None)
    passes = _passes_by_person(session, None)
    rows = []
    query = select(
        m.Person.id,
        m.Person.usage_name,
        m.Person.first_names,
        m.Person.birth_date,
        m.Person.nir,
        m.Person.team_id,
        m.Person.cip_id,
        m.Person.archived_at,
    ).where(m.Person.anonymised_at.is_(None))
    if (scope := scope_clause(actor)) is not None:
        query = query.where(scope)
    people = session.execute(query)
    for pid, usage, first, birth, nir, team_id, cip_id, archived_at in people:
        where = situation(contracts.get(pid, []), today, archived=archived_at is not None)
        if (
            where.contract is not None
            and where.contract.team_id is not None
            and where.status is PersonStatus.IN_CONTRACT
        ):
            team_id = where.contract.team_id
        last_pass = passes[pid][-1] if pid in passes else None
        rows.append(
            PersonRow(
                id=pid,
                usage_name=usage,
                first_names=first,
                birth_date=birth,
                age=age_on(birth, today) if birth else None,
                nir=nir if show_nir else None,
                pass_number=last_pass.number if last_pass else None,
                pass_end=last_pass.end if last_pass else None,
                team_id=team_id,
                team_name=teams.get(team_id, "") if team_id else "",
                cip_id=cip_id,
                cip_name=staff.get(cip_id, "") if cip_id else "",
                contract_kind=where.contract.kind if where.contract else None,
                status=where.status,
                status_text=where.text,
            )
        )
    return rows


@dataclass(frozen=True)
class PersonView:
    """One person's record for the file's header and tabs (NIR None when hidden)."""

    id: int
    record: PersonInput
    age: int | None
    team_name: str
    cip_name: str
    situation: Situation
    archived_at: dt.datetime | None
    nir_hidden: bool
    created_at: dt.datetime
    updated_at: dt.datetime
    situation_hidden: bool = False  # resources, health, justice...: not the actor's to see
    version: int = 1  # handed back with an edit (services._concurrency)

    @property
    def display_name(self) -> str:
        return f"{(self.record.usage_name or '').upper()} {self.record.first_names or ''}".strip()


def get_person(
    session: Session, actor: Actor, person_id: int, *, today: dt.date | None = None
) -> PersonView:
    person = require_person(session, actor, person_id, Permission.PEOPLE_VIEW)
    today = today or dt.date.today()
    nir_hidden = not allowed(actor, Permission.NIR_VIEW)
    situation_hidden = not allowed(actor, Permission.SITUATION_VIEW)
    record = PersonInput(**{name: getattr(person, name) for name in FIELD_NAMES})
    if nir_hidden:
        record = dataclasses.replace(record, nir=None, nir_missing_reason=None)
    if situation_hidden:
        record = dataclasses.replace(record, **_HIDDEN_SITUATION)
    teams, staff = _names(session)
    where = situation(
        _contracts_by_person(session, [person_id]).get(person_id, []),
        today,
        archived=person.archived_at is not None,
    )
    team_id = person.team_id
    if where.status is PersonStatus.IN_CONTRACT and where.contract and where.contract.team_id:
        team_id = where.contract.team_id
    return PersonView(
        id=person.id,
        record=record,
        age=age_on(person.birth_date, today) if person.birth_date else None,
        team_name=teams.get(team_id, "") if team_id else "",
        cip_name=staff.get(person.cip_id, "") if person.cip_id else "",
        situation=where,
        archived_at=person.archived_at,
        nir_hidden=nir_hidden,
        created_at=person.created_at,
        updated_at=person.updated_at,
        situation_hidden=situation_hidden,
        version=person.version,
    )


@dataclass(frozen=True)
class Choice:
    id: int
    label: str


@dataclass(frozen=True)
class FormChoices:
    """Teams and CIP for the combo boxes of forms and filters."""

    teams: list[Choice]
    cips: list[Choice]


def form_choices(session: Session, actor: Actor) -> FormChoices:
    require(actor, Permission.PEOPLE_VIEW)
    from chantier_app.domain.codes.staff_codes import Role

    teams = [
        Choice(team_id, team_label(workshop, name))
        for team_id, name, workshop in session.execute(
            select(m.Team.id, m.Team.name, m.Workshop.name)
            .join(m.Workshop)
            .where(m.Team.active.is_(True))
            .order_by(m.Workshop.name, m.Team.name)
        )
    ]
    cips = [
        Choice(staff_id, f"{first} {last}")
        for staff_id, first, last in session.execute(
            select(m.Staff.id, m.Staff.first_name, m.Staff.last_name)
            .where(m.Staff.active.is_(True), m.Staff.role.in_([Role.CIP, Role.DIRECTION]))
            .order_by(m.Staff.last_name, m.Staff.first_name)
        )
    ]
    return FormChoices(teams, cips)
