"""« Ce que la correction change » : the consequences of a correction not saved yet.

One function per correction of the contracts' dialogs, with the same access checks as the
correction itself (``roles_matrix.CORRECTIONS``, the actor's people); each reads only
(``contracts._consequences``), so the dialogs call it while the user types.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import AmendmentKind, SuspensionReason
from chantier_app.domain.correction_consequences import (
    Consequence,
    ConsequenceKind,
    expected_changes,
    of_month,
    statement_line,
)
from chantier_app.domain.fr_format import format_date, format_minutes, format_month, format_number
from chantier_app.domain.hours_rules import check_month
from chantier_app.domain.hours_terms import (
    ContractTerms,
    SuspensionPeriod,
    expected_minutes,
    month_end,
    month_start,
    next_month,
    round_minutes,
)
from chantier_app.i18n import tr
from chantier_app.services.context import Actor
from chantier_app.services.contracts import _terms as terms
from chantier_app.services.contracts._consequences import (
    consequences,
    state_of,
    trial_change,
    workshop_change,
)
from chantier_app.services.contracts.corrections import (
    ContractCorrection,
    _contract_to_correct,
    _exit_to_cancel,
)
from chantier_app.services.contracts.event_corrections import (
    SuspensionCorrection,
    _amendment_to_cancel,
    _suspension_to_change,
)
from chantier_app.services.contracts.exits import _count_exits
from chantier_app.services.contracts.move_corrections import _move_to_cancel
from chantier_app.services.dashboard.figures import ExitsSummary
from chantier_app.services.hours._common import declared_months, entered_hours, holidays_for
from chantier_app.services.hours._contracts import terms_of


def correction_consequences(
    session: Session, actor: Actor, data: ContractCorrection, *, today: dt.date | None = None
) -> list[Consequence]:
    """What correcting the contract (its dates, workshop, team, hours, kind or trial period)
    would change around it: hours entered, milestones, neighbours, the statements declared,
    the hours it plans, the workshop's figures, the day the trial period ends."""
    today = today or dt.date.today()
    contract = _contract_to_correct(session, actor, data.contract_id, today)
    corrected = terms.resolve(contract, data)
    after = terms.state_after(contract, data.start_date, corrected)
    if after.start > after.span.end:
        return []  # no contract left: the rules refuse it, nothing to compare
    found = consequences(session, contract, after, team_id=data.team_id)
    found += workshop_change(session, contract, data.workshop_of(contract), after)
    found += trial_change(contract, data.start_date, corrected.trial_days, today)
    before_terms = terms_of(contract)
    after_terms = terms.hours_terms_after(contract, data.start_date, corrected)
    if (after_terms.weekly_minutes, after_terms.monthly_minutes, after_terms.kind) != (
        before_terms.weekly_minutes,
        before_terms.monthly_minutes,
        before_terms.kind,
    ):  # the hours the contract plans: the grid's « prévu », the FTE
        months = _months(
            min(before_terms.start, after_terms.start), max(before_terms.end, after_terms.end)
        )
        holidays = holidays_for(session, {month.year for month in months})
        declared = set(declared_months(session, months))
        found += _planned(before_terms, after_terms, months, holidays, declared)
        found += _entered_warnings(session, before_terms, after_terms, holidays, declared, today)
    return found


def _entered_warnings(
    session: Session,
    before: ContractTerms,
    after: ContractTerms,
    holidays: Collection[dt.date],
    declared: Collection[dt.date],
    today: dt.date,
) -> list[Consequence]:
    """Months already entered that the corrected hours make the hours rules warn about (a
    CDDI month more than 10 % off its weekly hours): to check by hand, not refused. What
    they refuse (72 h a month for Premières Heures) the rules say under the fields."""
    entered, _days = entered_hours(session, before.contract_id)
    found = []
    for month, values in sorted(entered.items()):
        over = month_end(month) < today  # a month under way is still being entered
        was, now = (
            [
                v
                for v in check_month(terms, month, values, holidays, month_over=over)
                if not v.blocking
            ]
            for terms in (before, after)
        )
        known = {v.code for v in was}
        for violation in now:
            if violation.code in known:
                continue
            text = tr("Heures {month} déjà saisies : {rule}").format(
                month=of_month(month), rule=violation.message.rstrip(".")
            )
            found.append(Consequence(ConsequenceKind.HOURS_OUTSIDE, text, month in declared))
    return found


def _planned(
    before: ContractTerms,
    after: ContractTerms,
    months: list[dt.date],
    holidays: Collection[dt.date],
    declared: Collection[dt.date],
) -> list[Consequence]:
    """The hours planned per month that change; past three, the months not declared are
    told in one line (a year at new hours would fill the panel with twelve alike), each
    declared one still on its own, flagged."""
    lines = expected_changes(before, after, months, holidays, declared)
    if len(lines) <= 3:
        return lines
    kept = [c for c in lines if c.declared]

    def planned(terms: ContractTerms, month: dt.date) -> int:
        return round_minutes(expected_minutes(terms, month, holidays))

    changed = [
        month
        for month in months
        if month not in declared and planned(before, month) != planned(after, month)
    ]
    if not changed:
        return kept
    text = tr("Heures prévues {first} à {last} : {was} → {now} au total").format(
        first=of_month(changed[0]),
        last=format_month(changed[-1]),
        was=format_minutes(sum(planned(before, month) for month in changed)),
        now=format_minutes(sum(planned(after, month) for month in changed)),
    )
    return [*kept, Consequence(ConsequenceKind.EXPECTED_HOURS, text)]


def cancel_exit_consequences(
    session: Session, actor: Actor, contract_id: int, *, today: dt.date | None = None
) -> list[Consequence]:
    """What cancelling the contract's exit would change: it runs again to its planned end."""
    contract = _exit_to_cancel(session, actor, contract_id, today or dt.date.today())
    after = dataclasses.replace(
        state_of(contract), actual_end=None, end_reason=None, exit_reason=None
    )
    found = consequences(session, contract, after, team_id=contract.team_id)
    return found + _yearly_exits(session, contract)


def _yearly_exits(session: Session, contract: m.Contract) -> list[Consequence]:
    """The exit no longer counts in its year's figures (the bilan, the dynamic exits' rate
    discussed with the State)."""
    assert contract.actual_end_date is not None and contract.exit_reason is not None
    year = contract.actual_end_date.year
    before = _count_exits(session, dt.date(year, 1, 1), dt.date(year, 12, 31))
    reasons = dict(before.by_reason)
    reasons[contract.exit_reason] -= 1
    after = ExitsSummary.of(before.start, before.end, {r: n for r, n in reasons.items() if n})
    category = contract.exit_reason.category

    def rate(summary: ExitsSummary) -> str:
        value = summary.dynamic_rate
        return "—" if value is None else format_number(value * 100, 1) + "\u00a0%"

    text = tr(
        "Sorties de l'année {year} : une sortie « {category} » de moins ({was} → {now}) ; "
        "taux de sorties dynamiques {rate_was} → {rate_now}"
    ).format(
        year=year,
        category=category.label,
        was=before.count(category),
        now=after.count(category),
        rate_was=rate(before),
        rate_now=rate(after),
    )
    return [Consequence(ConsequenceKind.EXIT_FIGURES, text)]


def cancel_amendment_consequences(
    session: Session, actor: Actor, amendment_id: int, *, today: dt.date | None = None
) -> list[Consequence]:
    """What cancelling the contract's last amendment would change: a renewal gives the
    contract its end back; an hours amendment changes no date (hours entered under it
    refuse the cancellation)."""
    amendment = _amendment_to_cancel(session, actor, amendment_id, today or dt.date.today())
    contract = amendment.contract
    if amendment.kind is not AmendmentKind.RENEWAL:
        return []
    after = dataclasses.replace(state_of(contract), planned_end=amendment.previous_end_date)
    renewed = tuple(
        a.previous_end_date
        for a in contract.amendments
        if a.kind is AmendmentKind.RENEWAL and a.id != amendment.id and a.new_end_date
    )
    return consequences(session, contract, after, team_id=contract.team_id, renewed_ends=renewed)


def suspension_correction_consequences(
    session: Session, actor: Actor, data: SuspensionCorrection, *, today: dt.date | None = None
) -> list[Consequence]:
    """What correcting a suspension's dates changes: the hours the contract plans in each
    month it covers before or after (the hours grid's « prévu », the FTE), flagged in a
    month already declared to the ASP. Hours entered on suspended days are refused by the
    rules (``check_suspension_correction``)."""
    suspension = _suspension_to_change(session, actor, data.suspension_id, today)
    if data.start_date > data.end_date:
        return []  # no period: the rules refuse it, nothing to compare
    period = SuspensionPeriod(
        data.start_date, data.end_date, data.suspension_reason is SuspensionReason.PMSMP
    )
    return _suspension_consequences(session, suspension, period)


def cancel_suspension_consequences(
    session: Session, actor: Actor, suspension_id: int, *, today: dt.date | None = None
) -> list[Consequence]:
    """What cancelling a suspension changes: the contract plans hours on its days again."""
    suspension = _suspension_to_change(session, actor, suspension_id, today)
    return _suspension_consequences(session, suspension, None)


def _suspension_consequences(
    session: Session, suspension: m.ContractSuspension, period: SuspensionPeriod | None
) -> list[Consequence]:
    before = terms_of(suspension.contract)
    kept = tuple(
        s
        for s in before.suspensions
        if (s.start, s.end) != (suspension.start_date, suspension.end_date)
    )
    after = dataclasses.replace(before, suspensions=(*kept, *([period] if period else [])))
    days = [suspension.start_date, suspension.end_date]
    if period is not None:
        days += [period.start, period.end]
    months = _months(min(days), max(days))
    holidays = holidays_for(session, {month.year for month in months})
    declared = set(declared_months(session, months))
    return expected_changes(before, after, months, holidays, declared)


def cancel_move_consequences(
    session: Session, actor: Actor, contract_id: int, *, today: dt.date | None = None
) -> list[Consequence]:
    """What cancelling a move from Premières Heures to CDDI changes: the Premières Heures
    run again to their planned end (their milestones, their statement lines), the CDDI
    goes with its milestones and its lines in the monthly statements declared to the ASP."""
    first_hours, cddi = _move_to_cancel(session, actor, contract_id, today)
    after = dataclasses.replace(state_of(first_hours), actual_end=None, end_reason=None)
    found = consequences(session, first_hours, after, team_id=first_hours.team_id, leaving=cddi.id)
    milestones = session.scalars(
        select(m.Milestone)
        .where(m.Milestone.contract_id == cddi.id)
        .order_by(m.Milestone.due_date, m.Milestone.id)
    )
    for milestone in milestones:
        text = tr("{kind} prévu le {date} : retiré avec le CDDI").format(
            kind=milestone.kind.label, date=format_date(milestone.due_date)
        )
        found.append(Consequence(ConsequenceKind.MILESTONES, text))
    cddi_state = state_of(cddi)
    for month in declared_months(session, _months(cddi.start_date, cddi.effective_end)):
        if statement_line(cddi_state, month) is not None:
            text = tr("Relevé mensuel {month} : la ligne du CDDI disparaît").format(
                month=of_month(month)
            )
            found.append(Consequence(ConsequenceKind.REMOVED, text, declared=True))
    return found


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    months, month = [], month_start(first)
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months
