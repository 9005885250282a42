"""Alerts on running contracts: what the team must decide or prepare, soonest first.

- contract ending within 30 days (or past its planned end without a recorded end);
- CDDI renewal to decide (planned end within 2 months, beyond the 30 days above);
- 22 months of successive CDDI reached (24 is the limit without a recorded reason);
- PASS IAE ending within 7 months (or no valid PASS IAE) for a person in CDDI;
- Premières Heures reaching 12 months within 2 months (time to move to a CDDI).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select, true
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.codes import CodeEnum
from chantier_app.domain.codes.contract_codes import ContractKind
from chantier_app.domain.contract_dates import ONE_DAY, add_months, reached_on
from chantier_app.domain.contract_history import ContractHistory
from chantier_app.domain.fr_format import format_date
from chantier_app.domain.pass_iae import format_number as format_pass
from chantier_app.i18n import tr
from chantier_app.services import permissions, roles_matrix
from chantier_app.services.context import Actor
from chantier_app.services.contracts._history import load_histories
from chantier_app.services.roles_matrix import Permission

ENDING_DAYS = 30
RENEWAL_MONTHS = 2
PATH_WARNING_MONTHS = 22
PASS_MONTHS = 7
FIRST_HOURS_MONTHS_AHEAD = 2


class AlertKind(CodeEnum):
    ENDING_SOON = ("FIN_PROCHE", tr("Fin de contrat dans 30 jours"))
    RENEWAL_TO_DECIDE = ("RENOUVELLEMENT", tr("Renouvellement à décider"))
    PATH_22_MONTHS = ("22_MOIS", tr("22 mois de parcours"))
    PASS_ENDING = ("PASS_IAE", tr("PASS IAE bientôt terminé"))
    FIRST_HOURS_12_MONTHS = ("PH_12_MOIS", tr("Premières Heures : bientôt 12 mois"))


@dataclass(frozen=True)
class OpenContract:
    """A contract without a recorded end, with what the lists show about it."""

    contract_id: int
    person_id: int
    person_name: str
    kind: ContractKind
    start_date: dt.date
    end_date: dt.date
    workshop_id: int | None
    workshop_name: str | None
    team_id: int | None
    team_name: str | None
    weekly_minutes: int | None
    monthly_minutes: int | None


@dataclass(frozen=True)
class ContractAlert:
    kind: AlertKind
    person_id: int
    person_name: str
    contract_id: int
    due_date: dt.date  # the day the alert is about (end of contract, 22 months, PASS end...)
    message: str


def load_open_contracts(session: Session, actor: Actor | None = None) -> list[OpenContract]:
    """Every contract without a recorded end (of the actor's people), in one query."""
    scope = permissions.scope_clause(actor) if actor is not None else None
    rows = session.execute(
        select(
            m.Contract,
            m.Person.usage_name,
            m.Person.first_names,
            m.Workshop.name,
            m.Team.name,
        )
        .join(m.Person, m.Person.id == m.Contract.person_id)
        .outerjoin(m.Workshop, m.Workshop.id == m.Contract.workshop_id)
        .outerjoin(m.Team, m.Team.id == m.Contract.team_id)
        .where(m.Contract.actual_end_date.is_(None))
        .where(scope if scope is not None else true())
        .order_by(m.Contract.end_date, m.Contract.id)
    ).all()
    return [
        OpenContract(
            c.id,
            c.person_id,
            f"{usage_name.upper()} {first_names}",
            c.kind,
            c.start_date,
            c.end_date,
            c.workshop_id,
            workshop,
            c.team_id,
            team,
            c.weekly_minutes,
            c.monthly_minutes,
        )
        for c, usage_name, first_names, workshop, team in rows
    ]


def contract_alerts(
    session: Session, actor: Actor, today: dt.date | None = None
) -> tuple[ContractAlert, ...]:
    roles_matrix.require(actor, Permission.CONTRACTS_VIEW)
    today = today or dt.date.today()
    contracts = load_open_contracts(session, actor)
    histories = load_histories(session, {c.person_id for c in contracts})
    return compute_alerts(contracts, histories, today)


def compute_alerts(
    contracts: list[OpenContract], histories: dict[int, ContractHistory], today: dt.date
) -> tuple[ContractAlert, ...]:
    alerts: list[ContractAlert] = []
    pass_done: set[int] = set()
    for contract in contracts:
        history = histories[contract.person_id]
        alerts += _end_alerts(contract, history, today)
        alerts += _path_alerts(contract, history, today)
        if contract.kind.is_cddi and contract.person_id not in pass_done:
            pass_done.add(contract.person_id)
            alerts += _pass_alert(contract, history, today)
    return tuple(sorted(alerts, key=lambda a: (a.due_date, a.person_name)))


def _alert(kind: AlertKind, c: OpenContract, due: dt.date, message: str) -> ContractAlert:
    return ContractAlert(kind, c.person_id, c.person_name, c.contract_id, due, message)


def _limits(c: OpenContract, history: ContractHistory, months: int) -> dt.date:
    """The day the person's path of this contract's kind reaches ``months`` months."""
    prior = [
        p.span
        for p in history.contracts
        if p.contract_id != c.contract_id and p.kind.is_cddi == c.kind.is_cddi
    ]
    pass_iae = history.pass_at(c.start_date) if c.kind.is_cddi else None
    return reached_on(prior, c.start_date, months, pass_iae.start if pass_iae else None)


def _end_alerts(c: OpenContract, history: ContractHistory, today: dt.date) -> list[ContractAlert]:
    days = (c.end_date - today).days
    if days < 0:
        return [
            _alert(
                AlertKind.ENDING_SOON,
                c,
                c.end_date,
                tr("Terme dépassé depuis le {date} : enregistrez la fin et la sortie.").format(
                    date=format_date(c.end_date)
                ),
            )
        ]
    if days <= ENDING_DAYS:
        return [
            _alert(
                AlertKind.ENDING_SOON,
                c,
                c.end_date,
                tr("{kind} : fin le {date} (dans {days} jours).").format(
                    kind=c.kind.label, date=format_date(c.end_date), days=days
                ),
            )
        ]
    if c.kind.is_cddi and c.end_date <= add_months(today, RENEWAL_MONTHS):
        limit24 = _limits(c, history, 24) - ONE_DAY
        if c.end_date < limit24:
            text = tr("Fin le {date} : renouvellement possible jusqu'au {limit}.").format(
                date=format_date(c.end_date), limit=format_date(limit24)
            )
        else:
            text = tr("Fin le {date} : 24 mois atteints, prolongation seulement avec un motif.")
            text = text.format(date=format_date(c.end_date))
        return [_alert(AlertKind.RENEWAL_TO_DECIDE, c, c.end_date, text)]
    return []


def _path_alerts(c: OpenContract, history: ContractHistory, today: dt.date) -> list[ContractAlert]:
    if c.kind.is_cddi:
        reached22 = _limits(c, history, PATH_WARNING_MONTHS)
        reached24 = _limits(c, history, 24)
        if (
            reached22 <= min(c.end_date, today + dt.timedelta(days=ENDING_DAYS))
            and today < reached24
        ):
            return [
                _alert(
                    AlertKind.PATH_22_MONTHS,
                    c,
                    reached22,
                    tr("22 mois de CDDI le {date} ; limite des 24 mois le {limit}.").format(
                        date=format_date(reached22), limit=format_date(reached24 - ONE_DAY)
                    ),
                )
            ]
        return []
    reached12 = _limits(c, history, 12)
    if reached12 <= add_months(today, FIRST_HOURS_MONTHS_AHEAD):
        return [
            _alert(
                AlertKind.FIRST_HOURS_12_MONTHS,
                c,
                reached12,
                tr(
                    "Premières Heures : 12 mois au plus, jusqu'au {date} ; préparez le passage en CDDI."
                ).format(date=format_date(reached12 - ONE_DAY)),
            )
        ]
    return []


def _pass_alert(c: OpenContract, history: ContractHistory, today: dt.date) -> list[ContractAlert]:
    day = max(today, c.start_date)
    pass_iae = history.pass_at(day)
    if pass_iae is None:
        return [
            _alert(
                AlertKind.PASS_ENDING,
                c,
                day,
                tr("Aucun PASS IAE valide le {date}.").format(date=format_date(day)),
            )
        ]
    if pass_iae.end <= add_months(today, PASS_MONTHS):
        return [
            _alert(
                AlertKind.PASS_ENDING,
                c,
                pass_iae.end,
                tr("PASS IAE n° {number} : fin le {date}.").format(
                    number=format_pass(pass_iae.number), date=format_date(pass_iae.end)
                ),
            )
        ]
    return []
