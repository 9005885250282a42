"""The yearly report's figures: people, hires, FTE against the convention, exits, demographics.

Aggregated in a handful of queries. FTE, funded FTE and exits are those of the screens
(``services.hours.fte``, ``services.contracts.exits``): paid time over the annual full time, the global
convention (else the workshops' ones), the sorties dynamiques rate.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.codes.education_levels import EducationLevel
from chantier_app.domain.codes.person_codes import Civility, RsaKind
from chantier_app.domain.contract_dates import Span, age_on, first_days_of_work
from chantier_app.domain.fte import fte, rounded
from chantier_app.domain.hours_terms import year_months
from chantier_app.i18n import tr
from chantier_app.reports.data import Count, YearlyReport
from chantier_app.services.contracts.exits import _count_exits
from chantier_app.services.documents._common import as_dict, structure_info, structure_row
from chantier_app.services.hours.fte import PAID_MINUTES, _funded_fte, on_live_contracts

AGE_BANDS = (
    (0, 25, tr("Moins de 26 ans")),
    (26, 49, tr("26 à 49 ans")),
    (50, 200, tr("50 ans et plus")),
)


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
    periods: dict[int, list[Span]] = {}
    for contract, person in rows:
        periods.setdefault(person.id, []).append(Span(contract.start_date, contract.effective_end))
    # The same day anonymisation keeps each person's age on (domain/contract_dates.py).
    first_day_in_year = {pid: first_days_of_work(spans)[year] for pid, spans in periods.items()}
    first_start = as_dict(
        session,
        select(m.Contract.person_id, func.min(m.Contract.start_date))
        .where(m.Contract.person_id.in_(people))
        .group_by(m.Contract.person_id),
    )
    by_month = as_dict(
        session,
        on_live_contracts(select(m.MonthlyHours.month, func.sum(PAID_MINUTES)))
        .where(m.MonthlyHours.month.between(first, last))
        .group_by(m.MonthlyHours.month),
    )
    paid = sum(int(v or 0) for v in by_month.values())
    annual = structure.annual_fulltime_minutes
    exits = _count_exits(session, first, last)
    dynamic_rate = exits.dynamic_rate
    return YearlyReport(
        structure=structure_info(structure),
        year=year,
        people_employed=len(people),
        new_hires=sum(1 for start in first_start.values() if first <= start <= last),
        contracts_started=sum(1 for c, _ in rows if c.start_date >= first),
        paid_minutes=paid,
        fte=rounded(fte(paid, annual)),
        funded_fte=_funded_fte(session, year, None),
        fte_by_month=tuple(
            (month, rounded(fte(int(by_month.get(month) or 0) * 12, annual)))
            for month in year_months(year)
        ),
        exits=exits.by_category,
        dynamic_exit_rate=None if dynamic_rate is None else rounded(dynamic_rate * 100, 1),
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
        age = age_on(person.birth_date, days[person_id])
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
