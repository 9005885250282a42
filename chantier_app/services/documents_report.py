"""The yearly report's figures: people, hires, FTE against the convention, exits, demographics.

Aggregated in a handful of queries. ``_fte``, ``_dynamic_exit_rate`` and ``_age_on``
stand in for the hours and exits areas' domain functions.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.codes.education_levels import EducationLevel
from chantier_app.domain.codes.exit_reasons import ExitCategory
from chantier_app.domain.codes.person_codes import Civility, RsaKind
from chantier_app.i18n import tr
from chantier_app.reports.data import Count, YearlyReport
from chantier_app.services.documents_common import as_dict, structure_info, structure_row

AGE_BANDS = (
    (0, 25, tr("Moins de 26 ans")),
    (26, 49, tr("26 à 49 ans")),
    (50, 200, tr("50 ans et plus")),
)


def _fte(minutes: int, annual_minutes: int) -> Decimal:
    """Full-time equivalents: hours worked over the annual full-time hours (1 607 h)."""
    if not annual_minutes:
        return Decimal(0)
    return (Decimal(minutes) / Decimal(annual_minutes)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def _dynamic_exit_rate(exits: Counter[ExitCategory]) -> Decimal | None:
    """Sorties dynamiques (durable + transition + positive) over exits, withdrawn ones aside."""
    counted = sum(n for category, n in exits.items() if category is not ExitCategory.EXCLUDED)
    if not counted:
        return None
    dynamic = sum(n for category, n in exits.items() if category.dynamic)
    return (Decimal(dynamic) * 100 / Decimal(counted)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def _age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def yearly_report_data(session: Session, year: int, *, today: dt.date) -> YearlyReport:
    structure = structure_row(session)
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    end = func.coalesce(m.Contract.actual_end_date, m.Contract.end_date)
    rows = session.execute(
        select(m.Contract, m.Person)
        .join(m.Person, m.Person.id == m.Contract.person_id)
        .where(m.Contract.start_date <= last, end >= first)
    ).all()
    people = {person.id: person for _, person in rows}
    first_day_in_year: dict[int, dt.date] = {}
    for contract, person in rows:
        day = max(contract.start_date, first)
        first_day_in_year[person.id] = min(day, first_day_in_year.get(person.id, day))
    first_start = as_dict(
        session,
        select(m.Contract.person_id, func.min(m.Contract.start_date))
        .where(m.Contract.person_id.in_(people))
        .group_by(m.Contract.person_id),
    )
    by_month = as_dict(
        session,
        select(m.MonthlyHours.month, func.sum(m.MonthlyHours.worked_minutes))
        .where(m.MonthlyHours.month.between(first, last))
        .group_by(m.MonthlyHours.month),
    )
    worked = sum(int(v or 0) for v in by_month.values())
    annual = structure.annual_fulltime_minutes
    funded_values = list(
        session.scalars(select(m.Convention.funded_fte).where(m.Convention.year == year))
    )
    exits: Counter[ExitCategory] = Counter(
        contract.exit_reason.category
        for contract, _ in rows
        if contract.exit_reason is not None
        and contract.actual_end_date is not None
        and first <= contract.actual_end_date <= last
    )
    return YearlyReport(
        structure=structure_info(structure),
        year=year,
        people_employed=len(people),
        new_hires=sum(1 for start in first_start.values() if first <= start <= last),
        contracts_started=sum(1 for c, _ in rows if c.start_date >= first),
        worked_minutes=worked,
        fte=_fte(worked, annual),
        funded_fte=sum(funded_values, Decimal(0)) if funded_values else None,
        fte_by_month=tuple(
            (
                dt.date(year, month, 1),
                _fte(int(by_month.get(dt.date(year, month, 1)) or 0) * 12, annual),
            )
            for month in range(1, 13)
        ),
        exits=tuple((category, exits.get(category, 0)) for category in ExitCategory),
        dynamic_exit_rate=_dynamic_exit_rate(exits),
        women=sum(1 for p in people.values() if p.civility is Civility.MRS),
        men=sum(1 for p in people.values() if p.civility is Civility.MR),
        age_bands=_age_bands(people, first_day_in_year),
        resources=(
            Count(
                tr("Bénéficiaires du RSA"), sum(p.rsa is not RsaKind.NONE for p in people.values())
            ),
            Count(
                tr("Reconnus travailleurs handicapés (RQTH)"), sum(p.rqth for p in people.values())
            ),
            Count(tr("Résidents d'un QPV"), sum(p.qpv for p in people.values())),
        ),
        education=_education(people),
        issued_on=today,
    )


def _age_bands(people: dict[int, m.Person], days: dict[int, dt.date]) -> tuple[Count, ...]:
    """Age on the person's first day of work in the year."""
    counts: Counter[str] = Counter()
    unknown = 0
    for person_id, person in people.items():
        if person.birth_date is None:
            unknown += 1
            continue
        age = _age_on(person.birth_date, days[person_id])
        label = next(label for low, high, label in AGE_BANDS if low <= age <= high)
        counts[label] += 1
    bands = [Count(label, counts[label]) for _, _, label in AGE_BANDS]
    if unknown:
        bands.append(Count(tr("Date de naissance inconnue"), unknown))
    return tuple(bands)


def _education(people: dict[int, m.Person]) -> tuple[Count, ...]:
    counts = Counter(p.education_level for p in people.values())
    lines = [Count(f"{level.value} – {level.label}", counts[level]) for level in EducationLevel]
    if counts[None]:
        lines.append(Count(tr("Non renseigné"), counts[None]))
    return tuple(lines)
