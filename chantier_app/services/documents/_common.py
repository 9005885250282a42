"""Helpers shared by the document gatherers: structure, identity, durations, contract lines.

Durations are counted by ``domain.contract_dates`` and PASS IAE ends by ``domain.pass_iae``,
as on the screens; documents print months with one decimal (``Duration.as_months``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TypeVar

from dateutil.relativedelta import relativedelta
from sqlalchemy import Select, Table, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from chantier_app.db import models as m
from chantier_app.domain import fr_format
from chantier_app.domain.codes.person_codes import Civility
from chantier_app.domain.contract_dates import Duration, Span, cumulative_duration
from chantier_app.domain.errors import NotFoundError
from chantier_app.domain.pass_iae import PassPeriod, pass_on
from chantier_app.i18n import tr
from chantier_app.reports.checks import check_structure
from chantier_app.reports.data import ContractLine, PersonIdentity, StructureInfo
from chantier_app.reports.errors import DocumentError
from chantier_app.services.people.pass_iae import pass_period

_K = TypeVar("_K")
_V = TypeVar("_V")


def as_dict(session: Session, query: Select[_K, _V]) -> dict[_K, _V]:
    """A two-column query (key, value) as a dict, e.g. an aggregate per contract."""
    return {key: value for key, value in session.execute(query)}


def count_print(session: Session, row: m.Contract | m.Amendment) -> int:
    """This print's copy number (1: the copy signed, then « Duplicata »), counted by the
    database itself: two prints at once on a server get 1 and 2 (the UPDATE waits for the
    other's row lock, then adds to its count), never two copies numbered 1. Not a change of
    the record: its version stays, so nobody's open dialog is refused for a print."""
    table = type(row).__table__
    assert isinstance(table, Table)  # typed as any FromClause; these classes map a table
    number = session.execute(
        update(table)
        .where(table.c.id == row.id)
        .values(print_count=table.c.print_count + 1)
        .returning(table.c.print_count)
    ).scalar_one()
    set_committed_value(row, "print_count", number)
    return int(number)


def structure_row(session: Session) -> m.Structure:
    structure = session.scalars(select(m.Structure).order_by(m.Structure.id).limit(1)).first()
    if structure is None:
        check_structure(None)  # raises the French message
        raise AssertionError  # pragma: no cover
    return structure


def structure_info(structure: m.Structure) -> StructureInfo:
    """The header's data, checked: a document never prints a half-empty header."""
    lines = [v for v in (structure.address_line1, structure.address_line2) if v]
    town = " ".join(v for v in (structure.postal_code, structure.city) if v)
    if lines and town:
        lines.append(town)
    info = StructureInfo(
        name=structure.name,
        siret=structure.siret,
        address_lines=tuple(lines) if town else (),
        city=structure.city,
        phone=structure.phone,
        email=structure.email,
        director_name=structure.director_name,
    )
    return check_structure(info)


def get_person(session: Session, person_id: int) -> m.Person:
    person = session.get(m.Person, person_id)
    if person is None:
        raise NotFoundError(tr("Salarié"), person_id)
    if person.anonymised_at is not None:
        raise DocumentError(tr("Ce dossier a été anonymisé : aucun document ne peut être imprimé."))
    return person


def person_identity(person: m.Person) -> PersonIdentity:
    town = " ".join(v for v in (person.postal_code, person.city) if v)
    lines = [v for v in (person.address_line1, person.address_line2) if v]
    if lines and town:
        lines.append(town)
    birth_place = person.birth_place
    if birth_place and person.birth_country and person.birth_country != "France":
        birth_place = f"{birth_place} ({person.birth_country})"
    return PersonIdentity(
        civility=person.civility,
        usage_name=person.usage_name,
        first_names=person.first_names,
        birth_name=person.birth_name,
        birth_date=person.birth_date,
        birth_place=birth_place,
        address_lines=tuple(lines),
        phone=person.phone,
    )


def cumulative_months(
    contracts: Iterable[m.Contract], until: dt.date | None = None, *, cddi: bool = True
) -> Decimal:
    """Total length of the successive CDDI (what the 24-month limit counts), or of the
    Premières Heures (``cddi`` false: 12 months at most), up to ``until``."""
    spans = [Span(c.start_date, c.effective_end) for c in contracts if c.kind.is_cddi == cddi]
    return cumulative_duration(spans, as_of=until).as_months()


def pass_for(passes: Iterable[m.PassIae], day: dt.date) -> PassPeriod | None:
    """The PASS IAE covering ``day``, else the latest one."""
    periods = [pass_period(p) for p in passes]
    return pass_on(periods, day) or max(periods, key=lambda p: p.start, default=None)


def contract_line(
    contract: m.Contract,
    workshops: Mapping[int, m.Workshop],
    worked: Mapping[int, int] | None = None,
    *,
    as_of: dt.date | None = None,
) -> ContractLine:
    """The contract as the tables print it; ``as_of`` (a document's date) tells it as it stood
    that day: ended only once its last day is past, its months counted up to that day."""
    workshop = workshops.get(contract.workshop_id) if contract.workshop_id else None
    end = contract.effective_end
    ended = contract.actual_end_date is not None
    until = end
    if as_of is not None:
        ended = end < as_of
        until = min(end, as_of)
    return ContractLine(
        kind=contract.kind,
        start_date=contract.start_date,
        end_date=end,
        ended=ended,
        months=Duration.of_period(contract.start_date, until).as_months(),
        workshop=workshop.name if workshop else None,
        job_title=contract.job_title,
        amendments=len(contract.amendments),
        worked_minutes=(worked or {}).get(contract.id, 0),
        end_reason=contract.end_reason,
    )


def workshops_by_id(session: Session) -> dict[int, m.Workshop]:
    return {w.id: w for w in session.scalars(select(m.Workshop))}


def current_contract(contracts: list[m.Contract], today: dt.date) -> m.Contract | None:
    """The contract in force today, else the latest one."""
    in_force = [c for c in contracts if c.start_date <= today <= c.effective_end]
    if in_force:
        return max(in_force, key=lambda c: c.start_date)
    return max(contracts, key=lambda c: c.start_date) if contracts else None


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    first = month.replace(day=1)
    return first, first + relativedelta(months=1) - dt.timedelta(days=1)


def staff_name(session: Session, staff_id: int | None) -> str | None:
    if staff_id is None:
        return None
    staff = session.get(m.Staff, staff_id)
    return staff.display_name if staff else None


def staff_civility(session: Session, staff_id: int | None) -> Civility | None:
    """M. / Mme of a staff member: their title in the feminine or masculine on a document."""
    staff = session.get(m.Staff, staff_id) if staff_id is not None else None
    return staff.civility if staff else None


def team_label(team: m.Team) -> str:
    """« Nettoyage — Équipe A »"""
    return fr_format.team_label(team.workshop.name, team.name)
