"""Check generated data against the rules again, after the fact (tests and ``bench/generate``).

Every contract is checked by the contract rules against the person's other contracts and
PASS IAE (with its planned end, so an early end is not mistaken for a short contract), and
every month of hours by the hours rules (not even a warning is expected, except in the month
still under way).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from chantier_app.db import models as m
from chantier_app.domain.contract_history import ContractHistory, ProposedContract
from chantier_app.domain.contract_rules import check_contract
from chantier_app.domain.errors import Severity
from chantier_app.domain.hours_rules import check_month
from chantier_app.domain.hours_terms import month_end
from chantier_app.services.contracts._history import derogation_period, load_histories
from chantier_app.services.hours._common import holidays_for, values_of
from chantier_app.services.hours._contracts import terms_of

AS_SIGNED = frozenset({"cddi_min_4_months", "trial_too_long"})


def contract_problems(session: Session) -> list[str]:
    rows = session.scalars(select_contracts()).all()
    histories = load_histories(session, {c.person_id for c in rows})
    problems = []
    for contract in rows:
        history = histories[contract.person_id]
        others = ContractHistory(
            history.person,
            tuple(c for c in history.contracts if c.contract_id != contract.id),
            history.passes,
            history.review_dates,
        )
        # Ended early: checked on the days it ran (its length was checked when signed).
        early = contract.effective_end < contract.end_date
        proposal = ProposedContract(
            kind=contract.kind,
            start=contract.start_date,
            end=contract.effective_end,
            weekly_minutes=contract.weekly_minutes,
            monthly_minutes=contract.monthly_minutes,
            trial_days=contract.trial_days,
            derogation=contract.derogation,
            recorded_derogations=tuple(derogation_period(d) for d in contract.derogations),
            adjusted_sentence=contract.adjusted_sentence,
            extension_reason=contract.extension_reason,
            extension_until=contract.extension_until,
            training_provider=contract.training_provider,
            target_diploma=contract.target_diploma,
        )
        for violation in check_contract(others, proposal):
            if early and violation.code in AS_SIGNED:
                continue
            problems.append(f"contrat {contract.id} : {violation.code} ({violation.message})")
    return problems


def select_contracts() -> sa.Select[m.Contract]:
    return sa.select(m.Contract).options(
        selectinload(m.Contract.amendments),
        selectinload(m.Contract.suspensions),
        selectinload(m.Contract.derogations),
    )


def hours_problems(session: Session, today: dt.date | None = None) -> list[str]:
    """Every month's hours against the rules; a month not over on ``today`` (hours still to
    come, training attendance already there) only against the errors."""
    contracts = {c.id: c for c in session.scalars(select_contracts())}
    terms = {cid: terms_of(c) for cid, c in contracts.items()}
    rows_by_year: dict[int, list[m.MonthlyHours]] = defaultdict(list)
    for row in session.scalars(sa.select(m.MonthlyHours)):
        rows_by_year[row.month.year].append(row)
    problems = []
    for year, rows in rows_by_year.items():
        holidays = holidays_for(session, [year])
        for row in rows:
            in_progress = today is not None and month_end(row.month) >= today
            for violation in check_month(
                terms[row.contract_id], row.month, values_of(row), holidays
            ):
                if in_progress and violation.severity is not Severity.ERROR:
                    continue
                problems.append(
                    f"heures du contrat {row.contract_id} en {row.month:%m/%Y} : {violation.code}"
                )
    return problems


def problems(session: Session, today: dt.date | None = None) -> list[str]:
    """Everything the rules would object to; empty when the data is sound."""
    return contract_problems(session) + hours_problems(session, today)
