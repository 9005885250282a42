"""Amendments (avenants): renewal (the planned end moves) and change of the working time.

Numbered per contract; the same discipline as every contract action (see ``contracts.hiring``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.db.cancellable import including_cancelled
from chantier_app.domain.codes.contract_codes import AmendmentKind, DerogationKind, ExtensionReason
from chantier_app.domain.contract_dates import ONE_DAY
from chantier_app.domain.contract_history import ProposedHoursChange, ProposedRenewal
from chantier_app.domain.contract_rules import check_hours_change, check_renewal
from chantier_app.domain.derogations import DerogationPeriod, period_from
from chantier_app.domain.errors import NotFoundError
from chantier_app.domain.fr_format import format_date, format_minutes
from chantier_app.domain.parsing import clean_text
from chantier_app.domain.text_rules import checked_reason
from chantier_app.i18n import tr
from chantier_app.services import audit
from chantier_app.services.context import Actor
from chantier_app.services.contracts._common import (
    append_acknowledgement,
    contract_to_change,
    derogation_row,
    record_change,
    settle,
)
from chantier_app.services.contracts.views import AmendmentView, _contract_view


@dataclass(frozen=True)
class RenewalInput:
    contract_id: int
    new_end_date: dt.date
    signed_on: dt.date | None = None
    extension_reason: ExtensionReason = ExtensionReason.NONE
    extension_until: dt.date | None = None
    reason: str | None = None
    # A CDDI below 20 h: the derogation period covering the months added, when new.
    derogation: DerogationKind = DerogationKind.NONE
    derogation_reference: str | None = None
    derogation_start: dt.date | None = None
    derogation_end: dt.date | None = None
    derogation_decided_on: dt.date | None = None

    def derogation_period(self) -> DerogationPeriod | None:
        return period_from(
            self.derogation,
            self.derogation_start,
            self.derogation_end,
            self.derogation_reference,
            self.derogation_decided_on,
        )


@dataclass(frozen=True)
class HoursChangeInput:
    contract_id: int
    effective_date: dt.date
    weekly_minutes: int | None = None
    monthly_minutes: int | None = None
    derogation: DerogationKind = DerogationKind.NONE
    derogation_reference: str | None = None
    signed_on: dt.date | None = None
    reason: str | None = None
    derogation_start: dt.date | None = None  # a new derogation period (D5132-43-5, -8)
    derogation_end: dt.date | None = None
    derogation_decided_on: dt.date | None = None

    def derogation_period(self) -> DerogationPeriod | None:
        return period_from(
            self.derogation,
            self.derogation_start,
            self.derogation_end,
            self.derogation_reference,
            self.derogation_decided_on,
        )


def renew(
    session: Session,
    actor: Actor,
    data: RenewalInput,
    *,
    acknowledge: Iterable[str] = (),
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> AmendmentView:
    """Renewal amendment: the contract's planned end moves to ``data.new_end_date``."""
    contract, history = contract_to_change(session, actor, data.contract_id, expected_version)
    decided_on = data.signed_on or today or dt.date.today()
    period = None if contract.kind.hours_per_month else data.derogation_period()
    proposal = ProposedRenewal(
        contract.id,
        data.new_end_date,
        decided_on,
        data.extension_reason,
        data.extension_until,
        period,
    )
    acknowledgement = settle(check_renewal(history, proposal), acknowledge, actor, "renew")
    amendment = m.Amendment(
        number=_next_number(session, contract.id),
        kind=AmendmentKind.RENEWAL,
        signed_on=data.signed_on,
        effective_date=contract.end_date + ONE_DAY,
        previous_end_date=contract.end_date,
        new_end_date=data.new_end_date,
        extension_reason=data.extension_reason,
        reason=checked_reason(data.reason),
        acknowledged_warnings=append_acknowledgement(None, acknowledgement),
        created_by_id=actor.staff_id,
    )
    contract.amendments.append(amendment)
    contract.end_date = data.new_end_date
    if period is not None:  # the contract's signed derogation stays as it was printed
        contract.derogations.append(derogation_row(period, actor))
    if data.extension_reason is not ExtensionReason.NONE:
        contract.extension_reason = data.extension_reason
        contract.extension_until = data.extension_until
    session.flush()
    record_change(
        session,
        actor,
        audit.Action.UPDATE,
        contract,
        tr("avenant n° {n} de renouvellement : fin le {date}").format(
            n=amendment.number, date=format_date(data.new_end_date)
        ),
        acknowledgement,
    )
    return _amendment_view(session, contract.id, amendment.id)


def change_hours(
    session: Session,
    actor: Actor,
    data: HoursChangeInput,
    *,
    acknowledge: Iterable[str] = (),
    expected_version: int | None = None,
) -> AmendmentView:
    """Amendment of the working time; the contract holds the new hours from then on."""
    contract, history = contract_to_change(session, actor, data.contract_id, expected_version)
    per_month = contract.kind.hours_per_month
    period = None if per_month else data.derogation_period()
    proposal = ProposedHoursChange(
        contract.id,
        data.effective_date,
        None if per_month else data.weekly_minutes,
        data.monthly_minutes if per_month else None,
        data.derogation,
        period,
    )
    acknowledgement = settle(
        check_hours_change(history, proposal), acknowledge, actor, "change_hours"
    )
    amendment = m.Amendment(
        number=_next_number(session, contract.id),
        kind=AmendmentKind.HOURS_CHANGE,
        signed_on=data.signed_on,
        effective_date=data.effective_date,
        previous_end_date=contract.end_date,
        previous_weekly_minutes=contract.weekly_minutes,
        new_weekly_minutes=proposal.weekly_minutes,
        previous_monthly_minutes=contract.monthly_minutes,
        new_monthly_minutes=proposal.monthly_minutes,
        # What the contract (or the amendment before) was signed with, and what this one sets.
        previous_derogation=contract.derogation,
        previous_derogation_reference=contract.derogation_reference,
        new_derogation=contract.derogation if per_month else data.derogation,
        new_derogation_reference=contract.derogation_reference
        if per_month
        else clean_text(data.derogation_reference),
        reason=checked_reason(data.reason),
        acknowledged_warnings=append_acknowledgement(None, acknowledgement),
        created_by_id=actor.staff_id,
    )
    contract.amendments.append(amendment)
    if per_month:
        contract.monthly_minutes = proposal.monthly_minutes
    else:
        contract.weekly_minutes = proposal.weekly_minutes
        contract.derogation = data.derogation
        contract.derogation_reference = clean_text(data.derogation_reference)
        if period is not None:
            contract.derogations.append(derogation_row(period, actor))
    session.flush()
    new_minutes = proposal.monthly_minutes if per_month else proposal.weekly_minutes
    record_change(
        session,
        actor,
        audit.Action.UPDATE,
        contract,
        tr("avenant n° {n} de durée du travail : {hours} {unit} à partir du {date}").format(
            n=amendment.number,
            hours=format_minutes(new_minutes or 0),
            unit=tr("par mois") if per_month else tr("par semaine"),
            date=format_date(data.effective_date),
        ),
        acknowledgement,
    )
    return _amendment_view(session, contract.id, amendment.id)


# Helpers ---------------------------------------------------------------------------------
def _next_number(session: Session, contract_id: int) -> int:
    """The contract's next number, drawn under the lock of its row (``contract_to_change``).
    Cancelled amendments count: their numbers stay theirs (uq_amendment_contract_id_number),
    and the signed paper of a cancelled n° 2 is never confused with a later one."""
    highest = session.scalar(
        select(func.max(m.Amendment.number)).where(m.Amendment.contract_id == contract_id),
        execution_options=including_cancelled(),
    )
    return (highest or 0) + 1


def _amendment_view(session: Session, contract_id: int, amendment_id: int) -> AmendmentView:
    view = _contract_view(session, contract_id)
    found = next((a for a in view.amendments if a.id == amendment_id), None)
    if found is None:
        raise NotFoundError(tr("Avenant"), amendment_id)
    return found
