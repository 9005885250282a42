"""What screens show of contracts: plain frozen views, built in a few queries."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import (
    AmendmentKind,
    ContractKind,
    DerogationKind,
    EndReason,
    ExtensionReason,
    SuspensionReason,
)
from chantier_app.domain.codes.exit_reasons import ExitCategory, ExitReason
from chantier_app.domain.contract_dates import Duration, cumulative_duration, reached_on
from chantier_app.domain.contract_history import ContractHistory
from chantier_app.domain.errors import NotFoundError
from chantier_app.i18n import tr
from chantier_app.services import permissions
from chantier_app.services.context import Actor
from chantier_app.services.contracts._history import HISTORY_LOAD, load_history
from chantier_app.services.roles_matrix import Permission
from chantier_app.services.sensitivity import Clearance, clearance


@dataclass(frozen=True)
class Acknowledgement:
    """Warnings a user ticked as read before saving: which, who, when."""

    codes: tuple[str, ...]
    by: str
    at: dt.datetime
    action: str

    def to_json(self) -> dict[str, object]:
        return {
            "codes": list(self.codes),
            "by": self.by,
            "at": self.at.isoformat(timespec="seconds"),
            "action": self.action,
        }


def read_acknowledgements(text: str | None) -> tuple[Acknowledgement, ...]:
    if not text:
        return ()
    return tuple(
        Acknowledgement(tuple(e["codes"]), e["by"], dt.datetime.fromisoformat(e["at"]), e["action"])
        for e in json.loads(text)
    )


def write_acknowledgements(entries: tuple[Acknowledgement, ...]) -> str | None:
    return json.dumps([e.to_json() for e in entries], ensure_ascii=False) if entries else None


@dataclass(frozen=True)
class AmendmentView:
    id: int
    number: int
    kind: AmendmentKind
    signed_on: dt.date | None
    effective_date: dt.date
    previous_end_date: dt.date
    new_end_date: dt.date | None
    previous_weekly_minutes: int | None
    new_weekly_minutes: int | None
    previous_monthly_minutes: int | None
    new_monthly_minutes: int | None
    extension_reason: ExtensionReason
    reason: str | None
    acknowledged: tuple[Acknowledgement, ...]
    version: int = 1  # handed back with its correction (services._concurrency)


@dataclass(frozen=True)
class SuspensionView:
    id: int
    reason: SuspensionReason
    start_date: dt.date
    end_date: dt.date
    other_employer: str | None
    notes: str | None


@dataclass(frozen=True)
class ContractView:
    id: int
    person_id: int
    kind: ContractKind
    workshop_id: int | None
    workshop_name: str | None
    team_id: int | None
    team_name: str | None
    job_title: str | None
    signed_on: dt.date | None
    start_date: dt.date
    initial_end_date: dt.date
    end_date: dt.date
    actual_end_date: dt.date | None
    weekly_minutes: int | None
    monthly_minutes: int | None
    trial_days: int | None
    derogation: DerogationKind
    adjusted_sentence: bool | None  # None: hidden from this actor (domain/sensitivity)
    extension_reason: ExtensionReason
    extension_until: dt.date | None
    previous_contract_id: int | None
    training_provider: str | None
    target_diploma: str | None
    end_reason: EndReason | None
    exit_reason: ExitReason | None
    exit_notes: str | None
    amendments: tuple[AmendmentView, ...]
    suspensions: tuple[SuspensionView, ...]
    acknowledged: tuple[Acknowledgement, ...]
    version: int = 1  # handed back with an action on it (services._concurrency)

    @property
    def ended(self) -> bool:
        return self.actual_end_date is not None

    @property
    def effective_end(self) -> dt.date:
        return self.actual_end_date or self.end_date

    @property
    def exit_category(self) -> ExitCategory | None:
        return self.exit_reason.category if self.exit_reason else None


def build_view(contract: m.Contract, names: Names) -> ContractView:
    """The view of a contract loaded with its amendments and suspensions."""
    return ContractView(
        id=contract.id,
        person_id=contract.person_id,
        kind=contract.kind,
        workshop_id=contract.workshop_id,
        workshop_name=names.workshops.get(contract.workshop_id or 0),
        team_id=contract.team_id,
        team_name=names.teams.get(contract.team_id or 0),
        job_title=contract.job_title,
        signed_on=contract.signed_on,
        start_date=contract.start_date,
        initial_end_date=contract.initial_end_date,
        end_date=contract.end_date,
        actual_end_date=contract.actual_end_date,
        weekly_minutes=contract.weekly_minutes,
        monthly_minutes=contract.monthly_minutes,
        trial_days=contract.trial_days,
        derogation=contract.derogation,
        adjusted_sentence=contract.adjusted_sentence,
        extension_reason=contract.extension_reason,
        extension_until=contract.extension_until,
        previous_contract_id=contract.previous_contract_id,
        training_provider=contract.training_provider,
        target_diploma=contract.target_diploma,
        end_reason=contract.end_reason,
        exit_reason=contract.exit_reason,
        exit_notes=contract.exit_notes,
        amendments=tuple(
            AmendmentView(
                a.id,
                a.number,
                a.kind,
                a.signed_on,
                a.effective_date,
                a.previous_end_date,
                a.new_end_date,
                a.previous_weekly_minutes,
                a.new_weekly_minutes,
                a.previous_monthly_minutes,
                a.new_monthly_minutes,
                a.extension_reason,
                a.reason,
                read_acknowledgements(a.acknowledged_warnings),
                a.version,
            )
            for a in contract.amendments
        ),
        suspensions=tuple(
            SuspensionView(s.id, s.reason, s.start_date, s.end_date, s.other_employer, s.notes)
            for s in contract.suspensions
        ),
        acknowledged=read_acknowledgements(contract.acknowledged_warnings),
        version=contract.version,
    )


_LOAD = (selectinload(m.Contract.amendments), selectinload(m.Contract.suspensions))


@dataclass(frozen=True)
class Names:
    """Names of workshops and teams by id (a handful of rows: read once per screen)."""

    workshops: dict[int, str]
    teams: dict[int, str]

    @classmethod
    def load(cls, session: Session) -> Names:
        return cls(
            {i: n for i, n in session.execute(select(m.Workshop.id, m.Workshop.name))},
            {i: n for i, n in session.execute(select(m.Team.id, m.Team.name))},
        )


def _contract_view(session: Session, contract_id: int) -> ContractView:
    contract = session.scalars(
        select(m.Contract).where(m.Contract.id == contract_id).options(*_LOAD)
    ).first()
    if contract is None:
        raise NotFoundError(tr("Contrat"), contract_id)
    return build_view(contract, Names.load(session))


@dataclass(frozen=True)
class Choice:
    id: int
    name: str
    parent_id: int | None = None  # the workshop of a team
    kind: ContractKind | None = None  # the usual contract of a workshop
    weekly_minutes: int | None = None
    training_provider: str | None = None
    target_diploma: str | None = None


@dataclass(frozen=True)
class PersonContracts:
    """The Contracts tab: every contract of the person and the path's totals."""

    person_id: int
    person_name: str
    contracts: tuple[ContractView, ...]
    history: ContractHistory  # for live checks in the dialogs
    cddi_total: Duration  # successive CDDI under the current PASS IAE, up to today
    cddi_24_months_on: dt.date | None  # the day 24 months are reached if the path goes on
    first_hours_total: Duration
    workshops: tuple[Choice, ...]
    teams: tuple[Choice, ...]
    today: dt.date
    person_team_id: int | None = None  # the team set in the person's file

    @property
    def current(self) -> ContractView | None:
        """The running contract (or the next one to start), else None."""
        running = [c for c in self.contracts if not c.ended]
        return running[-1] if running else None


def masked(view: ContractView, seen: Clearance) -> ContractView:
    """``view`` with the fields ``seen`` may not see left out (None): the « aménagement de
    peine » (justice), the end and exit reasons and notes (« Décision administrative ou de
    justice », « Inaptitude »: RGPD art. 9 and 10), as ``domain/sensitivity`` classifies them."""
    if seen.everything:
        return view
    return replace(
        view,
        adjusted_sentence=seen.value("contract", "adjusted_sentence", view.adjusted_sentence),
        end_reason=seen.value("contract", "end_reason", view.end_reason),
        exit_reason=seen.value("contract", "exit_reason", view.exit_reason),
        exit_notes=seen.value("contract", "exit_notes", view.exit_notes),
    )


def person_contracts(
    session: Session, actor: Actor, person_id: int, today: dt.date | None = None
) -> PersonContracts:
    person = permissions.require_person(session, actor, person_id, Permission.CONTRACTS_VIEW)
    seen = clearance(session, actor, person)
    today = today or dt.date.today()
    contracts = session.scalars(
        select(m.Contract)
        .where(m.Contract.person_id == person_id)
        .options(*_LOAD, *HISTORY_LOAD)
        .order_by(m.Contract.start_date, m.Contract.id)
    ).all()
    history = load_history(session, person_id, contracts)  # the same contracts, not read again
    # Every workshop and team once: their names for the contracts (inactive ones too), the
    # active ones for the dialogs' choices (read twice before, in four statements).
    workshops = session.scalars(select(m.Workshop).order_by(m.Workshop.name)).all()
    teams = session.scalars(select(m.Team).order_by(m.Team.name)).all()
    names = Names({w.id: w.name for w in workshops}, {t.id: t.name for t in teams})
    total, reached = path_totals(history, today)
    first_hours = [c.span for c in history.contracts if not c.kind.is_cddi]
    return PersonContracts(
        person_id=person_id,
        person_name=person.display_name,
        contracts=tuple(masked(build_view(c, names), seen) for c in contracts),
        history=history,
        cddi_total=total,
        cddi_24_months_on=reached,
        first_hours_total=cumulative_duration(first_hours, as_of=today),
        workshops=_as_workshop_choices(w for w in workshops if w.active),
        teams=_as_team_choices(t for t in teams if t.active),
        today=today,
        person_team_id=person.team_id,
    )


def path_totals(history: ContractHistory, today: dt.date) -> tuple[Duration, dt.date | None]:
    """CDDI months done up to today (under the current PASS), and the day 24 are reached."""
    cddi = [c.span for c in history.contracts if c.kind.is_cddi]
    if not cddi:
        return Duration(0, 0), None
    pass_iae = history.pass_at(today) or history.pass_at(max(s.start for s in cddi))
    since = pass_iae.start if pass_iae else None
    total = cumulative_duration(cddi, as_of=today, since=since)
    last = max(cddi, key=lambda s: s.start)
    earlier = [s for s in cddi if s is not last]
    return total, reached_on(earlier, last.start, 24, since)


def _workshop_choices(session: Session) -> tuple[Choice, ...]:
    return _as_workshop_choices(
        session.scalars(
            select(m.Workshop).where(m.Workshop.active.is_(True)).order_by(m.Workshop.name)
        )
    )


def _as_workshop_choices(workshops: Iterable[m.Workshop]) -> tuple[Choice, ...]:
    return tuple(
        Choice(
            w.id,
            w.name,
            kind=w.contract_kind,
            weekly_minutes=w.default_weekly_minutes,
            training_provider=w.training_provider,
            target_diploma=w.target_diploma,
        )
        for w in workshops
    )


def _team_choices(session: Session) -> tuple[Choice, ...]:
    return _as_team_choices(
        session.scalars(select(m.Team).where(m.Team.active.is_(True)).order_by(m.Team.name))
    )


def _as_team_choices(teams: Iterable[m.Team]) -> tuple[Choice, ...]:
    return tuple(Choice(t.id, t.name, parent_id=t.workshop_id) for t in teams)
