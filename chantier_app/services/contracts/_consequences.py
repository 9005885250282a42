"""What a correction of a contract would change around it, read from the database.

The facts of ``domain.correction_consequences`` loaded for one contract and its proposed
state: the hours entered on it, its milestones (``support.schedule._preview``), the
person's other contracts and PASS IAE, the months declared to the ASP, its team. Reads
only: the dialogs call it while the user types, the corrections call it to ask a reason
when a declared statement would change.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import ExtensionReason
from chantier_app.domain.correction_consequences import (
    Consequence,
    ConsequenceKind,
    ContractState,
    Neighbour,
    chain_changes,
    hours_outside,
    path_limit,
    statement_changes,
)
from chantier_app.domain.fr_format import format_date, format_month
from chantier_app.domain.hours_terms import month_start, next_month
from chantier_app.i18n import tr
from chantier_app.services.contracts._history import load_history
from chantier_app.services.hours._common import declared_months, entered_hours
from chantier_app.services.support import schedule


def state_of(contract: m.Contract) -> ContractState:
    """The contract as stored."""
    return ContractState(
        contract.kind,
        contract.start_date,
        contract.end_date,
        contract.actual_end_date,
        contract.end_reason,
        contract.exit_reason,
    )


def consequences(
    session: Session,
    contract: m.Contract,
    after: ContractState,
    *,
    team_id: int | None = None,
    renewed_ends: tuple[dt.date, ...] | None = None,
    leaving: int | None = None,
) -> list[Consequence]:
    """Everything that changes around ``contract`` were it ``after`` (and in ``team_id``,
    and renewed from ``renewed_ends`` when a renewal is cancelled, the CDDI ``leaving``
    removed with a move to CDDI cancelled); nothing is written."""
    before = state_of(contract)
    declared = _declared(session, before, after)
    months, days = entered_hours(session, contract.id)
    found = hours_outside(
        before.span,
        after.span,
        {month: values.total for month, values in months.items()},
        {day: values.total for day, values in days.items()},
        declared,
    )
    found += statement_changes(before, after, declared, first_hours=leaving is not None)
    found += _milestones(session, contract, after, renewed_ends)
    found += _path(session, contract, before, after, leaving)
    if team_id != contract.team_id:
        found += _team(session, contract, team_id, len(months))
    return found


def declared_changes(session: Session, contract: m.Contract, after: ContractState) -> bool:
    """Would a statement already declared to the ASP read differently (a reason is asked)?"""
    before = state_of(contract)
    return bool(statement_changes(before, after, _declared(session, before, after)))


def _declared(session: Session, before: ContractState, after: ContractState) -> set[dt.date]:
    """The declared months among those either state runs through."""
    first = month_start(min(before.span.start, after.span.start))
    last = max(before.span.end, after.span.end)
    months = []
    while first <= last:
        months.append(first)
        first = next_month(first)
    return set(declared_months(session, months))


def _milestones(
    session: Session,
    contract: m.Contract,
    after: ContractState,
    renewed_ends: tuple[dt.date, ...] | None,
) -> list[Consequence]:
    """The generated milestones the schedule would move, add or remove (those done or
    changed by hand stay)."""
    dates = schedule._contract_dates(session, contract)
    dates = dataclasses.replace(
        dates,
        start=after.start,
        planned_end=after.planned_end,
        actual_end=after.actual_end,
        renewed_ends=dates.renewed_ends if renewed_ends is None else renewed_ends,
    )
    changes, stored = schedule._preview(session, contract, dates)
    found = []
    for milestone_id, due in changes.move:
        milestone = stored[milestone_id]
        text = tr("{kind} : déplacé du {old} au {new}").format(
            kind=milestone.kind.label, old=format_date(milestone.due_date), new=format_date(due)
        )
        found.append((due, text))
    for planned in changes.create:
        text = tr("{kind} : ajouté, prévu le {date}").format(
            kind=planned.kind.label, date=format_date(planned.due_date)
        )
        found.append((planned.due_date, text))
    for milestone_id in changes.delete:
        milestone = stored[milestone_id]
        text = tr("{kind} prévu le {date} : retiré, le contrat ne l'appelle plus").format(
            kind=milestone.kind.label, date=format_date(milestone.due_date)
        )
        found.append((milestone.due_date, text))
    return [Consequence(ConsequenceKind.MILESTONES, text) for _due, text in sorted(found)]


def _path(
    session: Session,
    contract: m.Contract,
    before: ContractState,
    after: ContractState,
    leaving: int | None = None,
) -> list[Consequence]:
    """The person's other contracts that no longer follow this one, and the 24 months."""
    history = load_history(session, contract.person_id)
    others = [c for c in history.contracts if c.contract_id not in (contract.id, leaving)]
    found = chain_changes(before.span, after.span, [Neighbour(c.kind, c.span) for c in others])
    if contract.kind.is_cddi:
        cddi = [c.span for c in others if c.kind.is_cddi]
        pass_iae = history.pass_at(after.start)
        found += path_limit(
            [*cddi, before.span],
            [*cddi, after.span],
            pass_iae.start if pass_iae else None,
            extended=contract.extension_reason is not ExtensionReason.NONE,
        )
    return found


def _team(
    session: Session, contract: m.Contract, team_id: int | None, entered: int
) -> list[Consequence]:
    def name(team_id: int | None) -> str:
        team = session.get(m.Team, team_id) if team_id else None
        return tr("l'équipe {name}").format(name=team.name) if team else tr("aucune équipe")

    text = tr(
        "Équipe : la personne passe de {old} à {new} (grille d'heures, feuilles d'émargement)"
    ).format(old=name(contract.team_id), new=name(team_id))
    if entered:
        text += tr(" ; les {n} mois d'heures déjà saisis la suivent").format(n=entered)
    return [Consequence(ConsequenceKind.TEAM, text)]


def workshop_change(
    session: Session, contract: m.Contract, workshop_id: int | None, after: ContractState
) -> list[Consequence]:
    """A contract moved to another workshop: its hours count in that workshop's FTE (the
    convention's ETP per workshop) and its line in that workshop's monthly statement, for
    every month it runs; those already declared to the ASP are flagged (a reason is asked)."""
    if workshop_id == contract.workshop_id:
        return []

    def name(workshop_id: int | None) -> str:
        workshop = session.get(m.Workshop, workshop_id) if workshop_id else None
        return (
            tr("l'atelier {name}").format(name=workshop.name) if workshop else tr("aucun atelier")
        )

    months, _days = entered_hours(session, contract.id)
    text = tr(
        "Atelier : le contrat passe de {old} à {new} (ETP consommés et relevé mensuel de "
        "chaque atelier)"
    ).format(old=name(contract.workshop_id), new=name(workshop_id))
    if months:
        text += tr(" ; les {n} mois d'heures déjà saisis le suivent").format(n=len(months))
    found = [Consequence(ConsequenceKind.WORKSHOP, text)]
    declared = sorted(_declared(session, state_of(contract), after))
    if declared:
        first, last = format_month(declared[0]), format_month(declared[-1])
        months_text = (
            first if first == last else tr("{first} à {last}").format(first=first, last=last)
        )
        text = tr("Relevé mensuel par atelier de {months} : la ligne du contrat change d'atelier")
        found.append(
            Consequence(
                ConsequenceKind.DECLARED_STATEMENT,
                text.format(months=months_text),
                declared=True,
            )
        )
    return found


def trial_change(
    contract: m.Contract, start: dt.date, trial_days: int | None, today: dt.date
) -> list[Consequence]:
    """The day the trial period ends, when the correction moves it (L1242-10): the day until
    which either side may break the contract off without notice. Only when the trial's
    length is corrected: a start moved alone moves its end along, as the dates say."""
    before = _trial_end(contract.start_date, contract.trial_days)
    after = _trial_end(start, trial_days)
    if (trial_days or 0) == (contract.trial_days or 0) or before == after:
        return []
    if after is None:
        text = tr("Période d'essai : plus aucune (elle finissait le {old})").format(
            old=format_date(before)
        )
    else:
        old = format_date(before) if before else tr("aucune")
        text = tr("Période d'essai : elle finit le {new} (avant : {old})").format(
            new=format_date(after), old=old
        )
        if after < today:
            text += tr(", déjà passée")
    return [Consequence(ConsequenceKind.TRIAL, text)]


def _trial_end(start: dt.date, trial_days: int | None) -> dt.date | None:
    return start + dt.timedelta(days=trial_days - 1) if trial_days else None
