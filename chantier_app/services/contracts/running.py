"""The Contracts page: running contracts with the person's path so far, and the alerts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from chantier_app.domain.codes.contract_codes import ContractKind
from chantier_app.domain.contract_dates import Duration
from chantier_app.services import roles_matrix
from chantier_app.services.context import Actor
from chantier_app.services.contracts._history import load_histories
from chantier_app.services.contracts.alerts import (
    ContractAlert,
    compute_alerts,
    load_open_contracts,
)
from chantier_app.services.contracts.views import (
    Choice,
    _team_choices,
    _workshop_choices,
    path_totals,
)
from chantier_app.services.roles_matrix import Permission


@dataclass(frozen=True)
class CurrentContractRow:
    contract_id: int
    person_id: int
    person_name: str
    kind: ContractKind
    workshop_id: int | None
    workshop_name: str | None
    team_id: int | None
    team_name: str | None
    start_date: dt.date
    end_date: dt.date
    weekly_minutes: int | None
    monthly_minutes: int | None
    cddi_total: Duration  # successive CDDI up to today
    days_left: int  # negative: the planned end has passed without a recorded end


@dataclass(frozen=True)
class ContractsPageData:
    rows: tuple[CurrentContractRow, ...]
    alerts: tuple[ContractAlert, ...]
    workshops: tuple[Choice, ...]
    teams: tuple[Choice, ...]
    today: dt.date


def contracts_page(
    session: Session, actor: Actor, today: dt.date | None = None
) -> ContractsPageData:
    """Contracts without a recorded end (running or to start), and the alerts, in one read."""
    roles_matrix.require(actor, Permission.CONTRACTS_VIEW)
    today = today or dt.date.today()
    contracts = load_open_contracts(session, actor)
    histories = load_histories(session, {c.person_id for c in contracts})
    totals = {pid: path_totals(h, today)[0] for pid, h in histories.items()}
    rows = tuple(
        CurrentContractRow(
            contract_id=c.contract_id,
            person_id=c.person_id,
            person_name=c.person_name,
            kind=c.kind,
            workshop_id=c.workshop_id,
            workshop_name=c.workshop_name,
            team_id=c.team_id,
            team_name=c.team_name,
            start_date=c.start_date,
            end_date=c.end_date,
            weekly_minutes=c.weekly_minutes,
            monthly_minutes=c.monthly_minutes,
            cddi_total=totals[c.person_id],
            days_left=(c.end_date - today).days,
        )
        for c in contracts
    )
    return ContractsPageData(
        rows=rows,
        alerts=compute_alerts(contracts, histories, today),
        workshops=_workshop_choices(session),
        teams=_team_choices(session),
        today=today,
    )
