"""Correcting an amendment entered wrong, rather than cancelling it and entering it again: an
hours amendment's new hours, effective date and signature date; a renewal's new end and
signature date.

A correction is checked as if the amendment were entered that way now: the same rules as
``change_hours`` / ``renew`` (``check_hours_change``, ``check_renewal``) on the contract as it
stood before the amendment, the same warnings to acknowledge, the hours already entered
(``hours_conflicts``). What it changes around it is read first
(``amendment_correction_consequences``: the hours planned each month, months entered that the
new hours no longer match, declared months flagged). It keeps the previous version
(``services.history``), writes the trail's line, is one transaction, and refuses a stale edit
(``Amendment.version``). Who may: ``roles_matrix.CORRECTIONS`` (RecordKind.AMENDMENT).

What later amendments were signed on stays true: the hours of an amendment followed by
another hours amendment (whose « previous hours » it set), and the end of a renewal followed by
any amendment (which started from that end), are corrected on the last one first.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import AmendmentKind, DerogationKind
from chantier_app.domain.codes.record_kinds import RecordKind
from chantier_app.domain.contract_history import (
    ContractHistory,
    ProposedHoursChange,
    ProposedRenewal,
)
from chantier_app.domain.contract_rules import check_hours_change, check_renewal
from chantier_app.domain.correction_consequences import Consequence, expected_changes
from chantier_app.domain.errors import Violation
from chantier_app.domain.fr_format import format_date, format_minutes
from chantier_app.domain.hours_terms import AmendmentHours, ContractTerms, initial_hours
from chantier_app.i18n import tr
from chantier_app.services import _concurrency as concurrency
from chantier_app.services._records import stale_as_violation
from chantier_app.services.context import Actor
from chantier_app.services.contracts._common import (
    append_acknowledgement,
    describe,
    hours_conflicts,
    settle,
)
from chantier_app.services.contracts._consequences import consequences, declared_changes, state_of
from chantier_app.services.contracts._history import load_history
from chantier_app.services.contracts.corrections import DECLARED, _reason_check
from chantier_app.services.contracts.event_corrections import _amendment_to_cancel, _get
from chantier_app.services.contracts.previews import _entered_warnings, _months, _planned
from chantier_app.services.contracts.views import AmendmentView, _contract_view
from chantier_app.services.history import (
    Recorded,
    keep_correction,
    may_change,
    row_values,
    unchanged,
)
from chantier_app.services.hours._common import declared_months, holidays_for
from chantier_app.services.hours._contracts import terms_of
from chantier_app.services.support import schedule

# Why a reason is asked once a declared month's planned hours would read differently.
DECLARED_HOURS = tr("un mois déjà déclaré à l'ASP ne prévoirait plus les mêmes heures")


@dataclass(frozen=True)
class AmendmentCorrection:
    """The amendment as it should have been entered. Left None, a term stays as stored: an
    hours amendment's effective date and hours (weekly for a CDDI, monthly for Premières
    Heures), a renewal's new end. ``signed_on`` is taken as given (None: not signed)."""

    amendment_id: int
    signed_on: dt.date | None
    effective_date: dt.date | None = None
    weekly_minutes: int | None = None
    monthly_minutes: int | None = None
    new_end_date: dt.date | None = None
    reason: str | None = None  # why (required once it was printed or a month declared)


@dataclass(frozen=True)
class AmendmentCorrectionResult:
    amendment: AmendmentView
    # Set when the amendment was printed: the signed paper no longer says what is recorded.
    notice: str | None = None


@dataclass(frozen=True)
class _Corrected:
    """Every term of the amendment after the correction (the stored ones where not given)."""

    signed_on: dt.date | None
    effective_date: dt.date
    weekly_minutes: int | None
    monthly_minutes: int | None
    new_end_date: dt.date | None


def correct_amendment(
    session: Session,
    actor: Actor,
    data: AmendmentCorrection,
    *,
    acknowledge: Iterable[str] = (),
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> AmendmentCorrectionResult:
    """Correct what an hours amendment or a renewal was entered with."""
    _lock_contract(session, data.amendment_id)
    amendment = _amendment_to_correct(session, actor, data.amendment_id, today)
    concurrency.expect(session, amendment, expected_version)
    corrected = _resolve(amendment, data)
    changes, found = _check(session, amendment, corrected, data.reason)
    acknowledgement = settle(found, acknowledge, actor, "correct_amendment")
    contract = amendment.contract
    printed = amendment.print_count > 0
    previous = row_values(amendment)
    terms_changed = _terms_changed(amendment, corrected)
    amendment.signed_on = corrected.signed_on
    if amendment.kind is AmendmentKind.HOURS_CHANGE:
        amendment.effective_date = corrected.effective_date
        amendment.new_weekly_minutes = corrected.weekly_minutes
        amendment.new_monthly_minutes = corrected.monthly_minutes
        if terms_changed:  # the contract's last hours amendment: the contract holds its hours
            if contract.kind.hours_per_month:
                contract.monthly_minutes = corrected.monthly_minutes
            else:
                contract.weekly_minutes = corrected.weekly_minutes
    else:
        amendment.new_end_date = corrected.new_end_date
        if terms_changed:  # the contract's last amendment: the contract ends on its end
            assert corrected.new_end_date is not None
            contract.end_date = corrected.new_end_date
    amendment.acknowledged_warnings = append_acknowledgement(
        amendment.acknowledged_warnings, acknowledgement
    )
    keep_correction(
        session,
        actor,
        RecordKind.AMENDMENT,
        record_id=amendment.id,
        person_id=contract.person_id,
        previous=previous,
        reason=data.reason,
        what=_what(amendment, contract),
        changes=changes,
        acknowledged=acknowledgement.codes if acknowledgement is not None else (),
    )
    session.flush()
    schedule.on_contract_changed(session, actor, contract.id)  # reviews follow a renewal's end
    notice = (
        tr(
            "Cet avenant a déjà été imprimé : le document signé ne correspond plus. Faites "
            "signer l'avenant corrigé (réimprimé, il portera le numéro d'exemplaire suivant)."
        )
        if printed
        else None
    )
    view = _contract_view(session, contract.id)
    found_view = next(a for a in view.amendments if a.id == amendment.id)
    return AmendmentCorrectionResult(found_view, notice)


@stale_as_violation
def check_amendment_correction(
    session: Session, actor: Actor, data: AmendmentCorrection, *, today: dt.date | None = None
) -> list[Violation]:
    """What ``correct_amendment`` would refuse or warn about (read while the user types)."""
    amendment = _amendment_to_correct(session, actor, data.amendment_id, today)
    return _check(session, amendment, _resolve(amendment, data), data.reason)[1]


def may_correct_amendment(
    session: Session, actor: Actor, amendment_id: int, *, today: dt.date | None = None
) -> bool:
    """May ``actor`` correct this amendment (the direction, or its author on the same day)?"""
    amendment = _get(session, m.Amendment, amendment_id, tr("Avenant"))
    by = Recorded(amendment.created_by_id, amendment.created_at)
    return may_change(session, actor, RecordKind.AMENDMENT, amendment.contract.person_id, by, today)


def amendment_correction_consequences(
    session: Session, actor: Actor, data: AmendmentCorrection, *, today: dt.date | None = None
) -> list[Consequence]:
    """What correcting the amendment would change around it: the hours the contract plans
    each month (the grid's « prévu », the FTE), months already entered that the new hours
    make the hours rules warn about, and for a renewal's end its neighbours, milestones and
    statements; those touching a month declared to the ASP flagged."""
    today = today or dt.date.today()
    amendment = _amendment_to_correct(session, actor, data.amendment_id, today)
    corrected = _resolve(amendment, data)
    if not _terms_changed(amendment, corrected):
        return []  # a signature date: nothing around it changes
    contract = amendment.contract
    before = terms_of(contract)
    after = _terms_after(contract, amendment, corrected)
    found: list[Consequence] = []
    if amendment.kind is AmendmentKind.RENEWAL:
        assert corrected.new_end_date is not None
        if contract.actual_end_date is not None or contract.start_date > corrected.new_end_date:
            return []  # refused by the rules: nothing to compare
        state = dataclasses.replace(state_of(contract), planned_end=corrected.new_end_date)
        found += consequences(session, contract, state, team_id=contract.team_id)
    months = _months(min(before.start, after.start), max(before.end, after.end))
    holidays = holidays_for(session, {month.year for month in months})
    declared = set(declared_months(session, months))
    found += _planned(before, after, months, holidays, declared)
    if amendment.kind is AmendmentKind.HOURS_CHANGE:
        found += _entered_warnings(session, before, after, holidays, declared, today)
    return found


# Helpers ---------------------------------------------------------------------------------
def _amendment_to_correct(
    session: Session, actor: Actor, amendment_id: int, today: dt.date | None
) -> m.Amendment:
    """The amendment, once the actor may correct it (as one may cancel it)."""
    return _amendment_to_cancel(session, actor, amendment_id, today)


def _lock_contract(session: Session, amendment_id: int) -> None:
    """On a server the contract's row stays locked until the correction commits, as for a
    new amendment (``contract_to_change``): a renewal entered meanwhile waits, and the
    correction reads the amendments as they are (SQLite's writer lock does the same)."""
    if session.get_bind().dialect.name == "sqlite":
        return
    contract_id = session.scalar(
        select(m.Amendment.contract_id).where(m.Amendment.id == amendment_id)
    )
    if contract_id is not None:
        session.get(m.Contract, contract_id, with_for_update=True, populate_existing=True)


def _resolve(amendment: m.Amendment, data: AmendmentCorrection) -> _Corrected:
    if amendment.kind is AmendmentKind.RENEWAL:
        return _Corrected(
            data.signed_on,
            amendment.effective_date,
            amendment.new_weekly_minutes,
            amendment.new_monthly_minutes,
            data.new_end_date or amendment.new_end_date,
        )
    per_month = amendment.contract.kind.hours_per_month
    return _Corrected(
        data.signed_on,
        data.effective_date or amendment.effective_date,
        None if per_month else data.weekly_minutes or amendment.new_weekly_minutes,
        (data.monthly_minutes or amendment.new_monthly_minutes) if per_month else None,
        amendment.new_end_date,
    )


def _terms_changed(amendment: m.Amendment, c: _Corrected) -> bool:
    """Does the correction change what the contract holds (not only the signature date)?"""
    if amendment.kind is AmendmentKind.RENEWAL:
        return c.new_end_date != amendment.new_end_date
    return (c.effective_date, c.weekly_minutes, c.monthly_minutes) != (
        amendment.effective_date,
        amendment.new_weekly_minutes,
        amendment.new_monthly_minutes,
    )


def _what(amendment: m.Amendment, contract: m.Contract) -> str:
    kind = (
        tr("de renouvellement")
        if amendment.kind is AmendmentKind.RENEWAL
        else tr("de durée du travail")
    )
    return tr("avenant n° {n} {kind} : {what}").format(
        n=amendment.number, kind=kind, what=describe(contract)
    )


def _changes(amendment: m.Amendment, c: _Corrected) -> list[tuple[str, str]]:
    """Each term corrected and its line: (« date de prise d'effet », « prise d'effet :
    01/04/2026 → 06/04/2026 »)."""
    changes = []

    def day(value: dt.date | None) -> str:
        return format_date(value) if value else tr("aucune")

    if c.effective_date != amendment.effective_date:
        line = tr("prise d'effet : {old} → {new}").format(
            old=day(amendment.effective_date), new=day(c.effective_date)
        )
        changes.append((tr("date de prise d'effet"), line))
    per_month = amendment.contract.kind.hours_per_month
    old_hours = amendment.new_monthly_minutes if per_month else amendment.new_weekly_minutes
    new_hours = c.monthly_minutes if per_month else c.weekly_minutes
    if amendment.kind is AmendmentKind.HOURS_CHANGE and old_hours != new_hours:
        line = tr("durée : {old} → {new} {unit}").format(
            old=format_minutes(old_hours or 0),
            new=format_minutes(new_hours or 0),
            unit=tr("par mois") if per_month else tr("par semaine"),
        )
        changes.append((tr("durée du travail"), line))
    if c.new_end_date != amendment.new_end_date:
        line = tr("fin : {old} → {new}").format(
            old=day(amendment.new_end_date), new=day(c.new_end_date)
        )
        changes.append((tr("nouvelle date de fin"), line))
    if c.signed_on != amendment.signed_on:
        line = tr("signé le : {old} → {new}").format(
            old=day(amendment.signed_on), new=day(c.signed_on)
        )
        changes.append((tr("date de signature"), line))
    return changes


def _check(
    session: Session, amendment: m.Amendment, c: _Corrected, reason: str | None
) -> tuple[list[tuple[str, str]], list[Violation]]:
    """The lines the correction changes, and every rule it breaks as a fresh amendment."""
    changes = _changes(amendment, c)
    renewal = amendment.kind is AmendmentKind.RENEWAL
    if not changes:
        field = "new_end_date" if renewal else "effective_date"
        return [], [unchanged(field)]
    refused = _order_check(amendment, c)
    if refused:
        return changes, refused
    found = _reason_check(reason, amendment.print_count > 0, tr("l'avenant a déjà été imprimé"))
    contract = amendment.contract
    terms_changed = _terms_changed(amendment, c)
    before = terms_of(contract)
    after = _terms_after(contract, amendment, c)
    if not found and terms_changed:
        if renewal:
            assert c.new_end_date is not None
            state = dataclasses.replace(state_of(contract), planned_end=c.new_end_date)
            found = _reason_check(reason, declared_changes(session, contract, state), DECLARED)
        else:
            found = _reason_check(reason, _declared_hours(session, before, after), DECLARED_HOURS)
    history = _history_before(session, amendment)
    if renewal:
        if contract.actual_end_date is None:  # ended, only its signature date is corrected
            assert c.new_end_date is not None
            decided_on = c.signed_on or amendment.created_at.date()
            proposal = ProposedRenewal(
                contract.id,
                c.new_end_date,
                decided_on,
                amendment.extension_reason,
                contract.extension_until,
            )
            found += check_renewal(history, proposal)
    else:
        hours_change = ProposedHoursChange(
            contract.id,
            c.effective_date,
            c.weekly_minutes,
            c.monthly_minutes,
            amendment.new_derogation or DerogationKind.NONE,
        )
        found += check_hours_change(history, hours_change)
    if terms_changed and after.start <= after.end:
        found += hours_conflicts(session, before, after)
    return changes, found


def _order_check(amendment: m.Amendment, c: _Corrected) -> list[Violation]:
    """The terms later amendments were signed on stay: correct the last one first."""
    if not _terms_changed(amendment, c):
        return []
    contract = amendment.contract
    later = [a for a in contract.amendments if a.number > amendment.number]
    if amendment.kind is AmendmentKind.HOURS_CHANGE:
        later = [a for a in later if a.kind is AmendmentKind.HOURS_CHANGE]
        text = tr(
            "l'avenant n° {later} de durée du travail le suit et part de sa durée ; "
            "corrigez ou annulez d'abord celui-ci."
        )
    else:
        text = tr(
            "l'avenant n° {later} le suit et part de sa date de fin : il ne s'enchaînerait "
            "plus ; corrigez ou annulez d'abord celui-ci."
        )
    if later:
        message = tr("Avenant n° {n} : {text}").format(
            n=amendment.number, text=text.format(later=max(a.number for a in later))
        )
        return [Violation("amendment_not_last", message, field="amendment")]
    if (
        amendment.kind is AmendmentKind.HOURS_CHANGE
        and amendment.previous_end_date < c.effective_date <= contract.effective_end
    ):
        # Signed when the contract ended then: a later renewal's months are another amendment
        # (past the contract's end, the rules of an entry say so).
        message = tr(
            "Date d'effet : elle suit la fin du contrat à la signature de l'avenant (le "
            "{date}) ; pour la durée du travail après un renouvellement, saisissez un "
            "nouvel avenant."
        ).format(date=format_date(amendment.previous_end_date))
        return [Violation("hours_change_after_signed_end", message, field="effective_date")]
    if amendment.kind is AmendmentKind.RENEWAL and contract.actual_end_date is not None:
        message = tr(
            "Avenant n° {n} : le contrat est terminé ; annulez d'abord sa fin et sa sortie."
        ).format(n=amendment.number)
        return [Violation("contract_ended", message, field="new_end_date")]
    return []


def _history_before(session: Session, amendment: m.Amendment) -> ContractHistory:
    """The person's history with the contract as it stood when the amendment was entered:
    running (a renewal: to the end it had then), at the hours it had then (its derogation
    periods, the amendment's own among them, stay recorded)."""
    history = load_history(session, amendment.contract.person_id)
    contract = amendment.contract
    own = history.contract(contract.id)
    assert own is not None  # the amendment's contract is the person's
    then = dataclasses.replace(own, ended=False)
    if amendment.kind is AmendmentKind.RENEWAL:
        then = dataclasses.replace(then, end=amendment.previous_end_date)
    else:
        # To its end as it is now (a later renewal's months need the corrected hours too,
        # a derogation below 20 h; never past an actual end).
        then = dataclasses.replace(
            then,
            weekly_minutes=amendment.previous_weekly_minutes,
            monthly_minutes=amendment.previous_monthly_minutes,
            derogation=amendment.previous_derogation or own.derogation,
        )
    contracts = tuple(then if p is own else p for p in history.contracts)
    return dataclasses.replace(history, contracts=contracts)


def _terms_after(contract: m.Contract, amendment: m.Amendment, c: _Corrected) -> ContractTerms:
    """The contract's hours terms with the amendment as corrected."""
    before = terms_of(contract)
    if amendment.kind is AmendmentKind.RENEWAL:
        if contract.actual_end_date is not None or c.new_end_date is None:
            return before
        return dataclasses.replace(before, end=c.new_end_date)
    hours = [
        AmendmentHours(
            c.effective_date if a.id == amendment.id else a.effective_date,
            a.previous_weekly_minutes,
            c.weekly_minutes if a.id == amendment.id else a.new_weekly_minutes,
            a.previous_monthly_minutes,
            c.monthly_minutes if a.id == amendment.id else a.new_monthly_minutes,
        )
        for a in contract.amendments
        if a.kind is AmendmentKind.HOURS_CHANGE
    ]
    weekly, monthly, changes = initial_hours(
        contract.weekly_minutes, contract.monthly_minutes, hours
    )
    return dataclasses.replace(
        before, weekly_minutes=weekly, monthly_minutes=monthly, changes=changes
    )


def _declared_hours(session: Session, before: ContractTerms, after: ContractTerms) -> bool:
    """Would a month declared to the ASP plan other hours (its FTE, its statement)?"""
    months = _months(min(before.start, after.start), max(before.end, after.end))
    declared = set(declared_months(session, months))
    if not declared:
        return False
    holidays = holidays_for(session, {month.year for month in declared})
    return any(
        c.declared for c in expected_changes(before, after, sorted(declared), holidays, declared)
    )
