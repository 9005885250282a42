"""Correcting a PMSMP entered wrong and cancelling one entered by mistake, with history.

``pmsmp.update_pmsmp`` and ``delete_pmsmp`` changed or removed a placement leaving no trace
of what it was; these keep the previous version (``services.history``, the contract's
suspension with it), check the corrected placement as ``create_pmsmp`` checks a new one
(``pmsmp._validate``: inside a contract, no overlap, a month at most, D5135-3's same host),
and the hours already entered on the days the suspension gives or takes (``hours_conflicts``).
A reason once a month of the placement was declared. One transaction. Who may:
``roles_matrix.CORRECTIONS`` (who follows the person: the CIP, the direction). A cancelled
placement and its suspension keep their rows (``db.cancellable``), out of every reader's
sight.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import SuspensionReason
from chantier_app.domain.codes.record_kinds import RecordKind, VersionAction
from chantier_app.domain.errors import StaleEditError, Violation, errors_only, refuse_errors
from chantier_app.domain.fr_format import format_date
from chantier_app.domain.hours_terms import SuspensionPeriod
from chantier_app.domain.text_rules import checked_reason
from chantier_app.i18n import tr
from chantier_app.services import _concurrency as concurrency
from chantier_app.services import audit
from chantier_app.services._records import stale_violation
from chantier_app.services.context import Actor
from chantier_app.services.contracts._common import hours_conflicts
from chantier_app.services.history import (
    Recorded,
    keep_cancellation,
    keep_version,
    may_change,
    reason_check,
    require_may_change,
    row_values,
    unchanged,
)
from chantier_app.services.hours._contracts import terms_of
from chantier_app.services.privacy._access_labels import column_label
from chantier_app.services.support.pmsmp import (
    PmsmpInput,
    PmsmpView,
    _checked,
    _fill,
    _load,
    _suspension,
    _validate,
    _view,
)


def correct_pmsmp(
    session: Session,
    actor: Actor,
    pmsmp_id: int,
    data: PmsmpInput,
    reason: str | None = None,
    *,
    acknowledge_warnings: bool = False,
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> PmsmpView:
    """Correct a placement entered wrong; the contract's suspension follows it."""
    row = _pmsmp_to_change(session, actor, pmsmp_id, today)
    concurrency.expect(session, row, expected_version)
    contract, host, siret, warned = _validate(
        session, row.person_id, data, pmsmp_id, acknowledge_warnings
    )
    suspension = _suspension(session, pmsmp_id)
    before = _view(row).__dict__.copy()
    previous = {
        **row_values(row),
        "suspension": row_values(suspension) if suspension is not None else None,
    }
    assert data.start_date is not None and data.end_date is not None  # _validate checked
    found = _declared(session, row, reason, (data.start_date, data.end_date))
    found += _hours(session, suspension, contract, (data.start_date, data.end_date))
    changed = [
        column_label("pmsmp", k).lower()
        for k in audit.changed_fields(before, _preview(row, data, contract, host, siret))
    ]
    if not changed:
        found.append(unchanged("host_name"))
    refuse_errors(found)
    old = tr("PMSMP chez {host} du {start} au {end}").format(
        host=row.host_name, start=format_date(row.start_date), end=format_date(row.end_date)
    )
    _fill(row, data, contract, host, siret)
    if suspension is None:
        suspension = m.ContractSuspension(reason=SuspensionReason.PMSMP, pmsmp_id=row.id)
        session.add(suspension)
    suspension.contract_id = contract.id
    suspension.start_date, suspension.end_date = row.start_date, row.end_date
    suspension.other_employer = host
    accepted = (
        tr(" ; avertissements acceptés : {codes}").format(codes=", ".join(warned)) if warned else ""
    )
    keep_version(
        session,
        actor,
        RecordKind.PMSMP,
        VersionAction.CORRECT,
        record_id=row.id,
        person_id=row.person_id,
        previous=previous,
        reason=reason,
        summary=tr("{old} : {fields} corrigé(s)").format(old=old, fields=", ".join(changed))
        + accepted,
        audit_summary=tr("PMSMP : {fields} corrigé(s)").format(fields=", ".join(changed))
        + accepted,
    )
    session.flush()
    return _view(row)


def cancel_pmsmp(
    session: Session,
    actor: Actor,
    pmsmp_id: int,
    reason: str | None = None,
    *,
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> None:
    """Cancel a placement entered by mistake, and the contract's suspension with it."""
    row = _pmsmp_to_change(session, actor, pmsmp_id, today)
    concurrency.expect(session, row, expected_version)
    suspension = _suspension(session, pmsmp_id)
    refuse_errors(_cancel_check(session, row, suspension, reason))
    keep_cancellation(
        session,
        actor,
        RecordKind.PMSMP,
        record_id=row.id,
        person_id=row.person_id,
        previous={
            **row_values(row),
            "suspension": row_values(suspension) if suspension is not None else None,
        },
        reason=reason,
        summary=tr("PMSMP chez {host} du {start} au {end} annulée").format(
            host=row.host_name, start=format_date(row.start_date), end=format_date(row.end_date)
        ),
        trail=tr("PMSMP annulée"),
    )
    # Cancelled, not deleted (db.cancellable): their ids are never another record's.
    if suspension is not None:
        suspension.mark_cancelled(actor.staff_id, checked_reason(reason))
    row.mark_cancelled(actor.staff_id, checked_reason(reason))
    session.flush()


def check_pmsmp_correction(
    session: Session,
    actor: Actor,
    pmsmp_id: int,
    data: PmsmpInput,
    reason: str | None = None,
    *,
    today: dt.date | None = None,
) -> list[Violation]:
    """What ``correct_pmsmp`` would refuse or warn about (read while the user types)."""
    try:
        row = _pmsmp_to_change(session, actor, pmsmp_id, today)
    except StaleEditError as stale:
        return stale_violation(stale)
    found, contract, _host, _siret = _checked(session, row.person_id, data, pmsmp_id)
    if errors_only(found) or data.start_date is None or data.end_date is None:
        return found
    dates = (data.start_date, data.end_date)
    found += _declared(session, row, reason, dates)
    return found + _hours(session, _suspension(session, pmsmp_id), contract, dates)


def check_cancel_pmsmp(
    session: Session,
    actor: Actor,
    pmsmp_id: int,
    reason: str | None = None,
    *,
    today: dt.date | None = None,
) -> list[Violation]:
    """What ``cancel_pmsmp`` would refuse (read while the user types the reason)."""
    try:
        row = _pmsmp_to_change(session, actor, pmsmp_id, today)
    except StaleEditError as stale:
        return stale_violation(stale)
    return _cancel_check(session, row, _suspension(session, pmsmp_id), reason)


def may_correct_pmsmp(
    session: Session, actor: Actor, pmsmp_id: int, *, today: dt.date | None = None
) -> bool:
    row = _load(session, pmsmp_id)
    by = Recorded.of(session, "pmsmp", row.id)
    return may_change(session, actor, RecordKind.PMSMP, row.person_id, by, today)


# Helpers ---------------------------------------------------------------------------------
def _pmsmp_to_change(
    session: Session, actor: Actor, pmsmp_id: int, today: dt.date | None
) -> m.Pmsmp:
    row = _load(session, pmsmp_id)
    by = Recorded.of(session, "pmsmp", row.id)
    require_may_change(session, actor, RecordKind.PMSMP, row.person_id, by, today)
    return row


def _cancel_check(
    session: Session, row: m.Pmsmp, suspension: m.ContractSuspension | None, reason: str | None
) -> list[Violation]:
    """A reason once a month of it was declared; the hours entered on the days the
    suspension gives back to the contract must hold."""
    return _declared(session, row, reason) + _hours(session, suspension, None, None)


def _preview(
    row: m.Pmsmp, data: PmsmpInput, contract: m.Contract, host: str, siret: str | None
) -> dict[str, object]:
    """The placement as the correction would write it (to tell what it changes)."""
    copy = m.Pmsmp(person_id=row.person_id, outcome=row.outcome)
    _fill(copy, data, contract, host, siret)
    copy.id, copy.version = row.id, row.version  # the version is no field the user changed
    return _view(copy).__dict__


def _declared(
    session: Session,
    row: m.Pmsmp,
    reason: str | None,
    corrected: tuple[dt.date, dt.date] | None = None,
) -> list[Violation]:
    months: set[dt.date] = set()
    for start, end in [(row.start_date, row.end_date), *([corrected] if corrected else [])]:
        day = start.replace(day=1)
        while day <= end:
            months.add(day)
            day = (day + dt.timedelta(days=32)).replace(day=1)
    declared = session.scalar(
        select(m.DeclaredMonth.id).where(m.DeclaredMonth.month.in_(sorted(months))).limit(1)
    )
    because = tr("un mois de la PMSMP a été déclaré")
    return reason_check(reason, declared is not None, because, cancel=corrected is None)


def _hours(
    session: Session,
    suspension: m.ContractSuspension | None,
    contract: m.Contract | None,
    dates: tuple[dt.date, dt.date] | None,
) -> list[Violation]:
    """Hours already entered that the moved (or removed) suspension would leave wrong."""
    found: list[Violation] = []
    if suspension is not None:  # the contract it suspends loses it (or sees it move)
        own = suspension.contract
        before = terms_of(own)
        kept = tuple(
            SuspensionPeriod(s.start_date, s.end_date, s.reason is SuspensionReason.PMSMP)
            for s in own.suspensions
            if s is not suspension
        )
        moved = (SuspensionPeriod(*dates, True),) if dates and contract is own else ()
        found += hours_conflicts(
            session, before, dataclasses.replace(before, suspensions=(*kept, *moved))
        )
    if (
        contract is not None
        and dates
        and (suspension is None or contract is not suspension.contract)
    ):
        before = terms_of(contract)
        period = SuspensionPeriod(*dates, True)
        found += hours_conflicts(
            session, before, dataclasses.replace(before, suspensions=(*before.suspensions, period))
        )
    return found
