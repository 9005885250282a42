"""Correcting a PASS IAE, a suspension or a prolongation entered wrong, and cancelling one
entered by mistake, with history.

``update_pass`` and the deletions rewrote or removed them leaving no trace; these keep the
previous version (``services.history``: a cancelled PASS with its decisions) and check the
corrected state as the entry checks it: the PASS as ``add_pass`` (number, 2 years at most,
no overlap, a number taken once), a suspension as ``add_suspension`` against the PASS and
its other suspensions, a prolongation as ``add_prolongation`` from the PASS's end without
it (the last one only: a later one starts from its end). The PASS's other suspensions must
still start inside it, and the CDDI concluded under the PASS are checked again
(``contract_limits.check_pass``): one that would not have been entered so, or whose PASS
now ends before it, is a warning to acknowledge. A reason once a month of the PASS was
declared (the EMI carries its number) or a document of the person printed since. One
transaction. Who may: ``roles_matrix.CORRECTIONS`` (who records PASS: the CIP, the
direction).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TypeVar

from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain import pass_iae as rules
from chantier_app.domain.codes.record_kinds import RecordKind
from chantier_app.domain.contract_dates import Span
from chantier_app.domain.errors import (
    NotFoundError,
    Violation,
    errors_only,
)
from chantier_app.domain.fr_format import format_date
from chantier_app.domain.text_rules import checked_notes, checked_reason
from chantier_app.i18n import tr
from chantier_app.services import _concurrency as concurrency
from chantier_app.services._records import in_team, live, parent_person, stale_as_violation
from chantier_app.services.context import Actor
from chantier_app.services.history import (
    Recorded,
    keep_cancellation,
    keep_correction,
    may_change,
    require_may_change,
    row_values,
    unchanged,
)
from chantier_app.services.people._pass_checks import (
    Decision,
    contracts_relying,
    end_without,
    last_check,
    moved_pass,
    others_inside,
    prolongations_follow,
    reason_needed,
)
from chantier_app.services.people.pass_iae import (
    PassInput,
    ProlongationInput,
    SuspensionInput,
    _check_pass_violations,
    _context,
    _load_pass,
    _settle,
    pass_period,
)
from chantier_app.services.roles_matrix import Permission, require

# The field of a decision's correction reason: « reason » is its motif of suspension.
_WHY = "correction_reason"
_KIND = {
    m.PassSuspension: RecordKind.PASS_SUSPENSION,
    m.PassProlongation: RecordKind.PASS_PROLONGATION,
}


# The PASS --------------------------------------------------------------------------------
def correct_pass(
    session: Session,
    actor: Actor,
    pass_id: int,
    data: PassInput,
    reason: str | None = None,
    *,
    acknowledge_warnings: bool = False,
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> None:
    """Correct the number, start, end or notes of a PASS IAE entered wrong.

    ``expected_version``: the PASS as the dialog showed it; refused when someone saved it
    since (``services._concurrency``)."""
    record = _pass_to_change(session, actor, pass_id, today, expected_version)
    changes, found = _pass_check(session, record, data, reason)
    warned = _settle(found, acknowledge_warnings)
    previous = row_values(record)
    number, end = _number_and_end(data)
    # The number names the person: the version keeps it, the trail says « PASS IAE ».
    what = tr("PASS IAE")
    assert data.start_date is not None and end is not None  # _check_pass_violations checked
    record.number, record.start_date, record.initial_end_date = number, data.start_date, end
    record.notes = checked_notes(data.notes)
    keep_correction(
        session,
        actor,
        RecordKind.PASS_IAE,
        record_id=record.id,
        person_id=record.person_id,
        previous=previous,
        reason=reason,
        what=what,
        changes=changes,
        acknowledged=warned,
    )
    session.flush()


@stale_as_violation
def check_pass_correction(
    session: Session,
    actor: Actor,
    pass_id: int,
    data: PassInput,
    reason: str | None = None,
    *,
    today: dt.date | None = None,
) -> list[Violation]:
    """What ``correct_pass`` would refuse or warn about."""
    record = _pass_to_change(session, actor, pass_id, today)
    return _pass_check(session, record, data, reason)[1]


def cancel_pass(
    session: Session,
    actor: Actor,
    pass_id: int,
    reason: str | None = None,
    *,
    acknowledge_warnings: bool = False,
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> None:
    """Cancel a PASS entered by mistake; its suspensions and prolongations go with it."""
    record = _pass_to_change(session, actor, pass_id, today, expected_version)
    warned = _settle(_cancel_pass_check(session, record, reason), acknowledge_warnings)
    previous: dict[str, object] = {
        **row_values(record),
        "suspensions": [row_values(s) for s in record.suspensions],
        "prolongations": [row_values(p) for p in record.prolongations],
    }
    what = tr("PASS IAE du {start} annulé").format(start=format_date(record.start_date))
    details = tr("n° {number}, {s} suspension(s) et {p} prolongation(s) avec lui").format(
        number=rules.format_number(record.number),
        s=len(record.suspensions),
        p=len(record.prolongations),
    )
    accepted = _accepted(warned)
    keep_cancellation(
        session,
        actor,
        RecordKind.PASS_IAE,
        record_id=record.id,
        person_id=record.person_id,
        previous=previous,
        reason=reason,
        summary=f"{what} ; {details}{accepted}",
        trail=what + accepted,
    )
    why = checked_reason(reason)
    # Kept, out of every reader's sight (issue 15: nothing is hard-deleted but by the
    # retention rules), its decisions with it: none counts in any end date any more.
    decisions: list[Decision] = [*record.suspensions, *record.prolongations]
    for decision in decisions:
        decision.mark_cancelled(actor.staff_id, why)
    record.mark_cancelled(actor.staff_id, why)
    # Its number stays on the row as it was: it may be entered again on the right file
    # (the PASS was the wrong person's), unique among live PASS only (migration 0025).
    session.flush()


@stale_as_violation
def check_cancel_pass(
    session: Session,
    actor: Actor,
    pass_id: int,
    reason: str | None = None,
    *,
    today: dt.date | None = None,
) -> list[Violation]:
    """What ``cancel_pass`` would refuse or warn about (read while the reason is typed)."""
    return _cancel_pass_check(session, _pass_to_change(session, actor, pass_id, today), reason)


def _cancel_pass_check(session: Session, record: m.PassIae, reason: str | None) -> list[Violation]:
    found = reason_needed(session, record, reason, cancel=True)
    return found + contracts_relying(session, record, None)


def may_correct_pass(
    session: Session, actor: Actor, pass_id: int, *, today: dt.date | None = None
) -> bool:
    """May ``actor`` correct or cancel this PASS and its decisions?"""
    record = _load_pass(session, pass_id)
    by = Recorded.of(session, "pass_iae", record.id)
    return may_change(session, actor, RecordKind.PASS_IAE, record.person_id, by, today)


# Suspensions -----------------------------------------------------------------------------
def correct_pass_suspension(
    session: Session,
    actor: Actor,
    suspension_id: int,
    data: SuspensionInput,
    reason: str | None = None,
    *,
    acknowledge_warnings: bool = False,
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> None:
    """Correct the reason, dates or notes of a suspension of the PASS entered wrong."""
    row = _decision_to_change(
        session, actor, m.PassSuspension, suspension_id, today, expected_version
    )
    changes, found = _suspension_check(session, row, data, reason)
    warned = _settle(found, acknowledge_warnings)
    previous = row_values(row)
    what = _decision_what(row)
    # _settle refused a missing reason or date (check_suspension, « Motif : obligatoire »).
    assert data.reason is not None and data.start_date is not None and data.end_date is not None
    row.reason, row.notes = data.reason, checked_notes(data.notes)
    row.start_date, row.end_date = data.start_date, data.end_date
    _keep(session, actor, row, previous, reason, what, changes, warned)


@stale_as_violation
def check_pass_suspension_correction(
    session: Session,
    actor: Actor,
    suspension_id: int,
    data: SuspensionInput,
    reason: str | None = None,
    *,
    today: dt.date | None = None,
) -> list[Violation]:
    """What ``correct_pass_suspension`` would refuse or warn about (read while typing)."""
    row = _decision_to_change(session, actor, m.PassSuspension, suspension_id, today)
    return _suspension_check(session, row, data, reason)[1]


def _suspension_check(
    session: Session, row: m.PassSuspension, data: SuspensionInput, reason: str | None
) -> tuple[list[tuple[str, str]], list[Violation]]:
    """The lines the correction changes, and every rule the corrected suspension breaks."""
    record = row.pass_iae
    period = Span(record.start_date, end_without(record, row))
    others = [Span(s.start_date, s.end_date) for s in record.suspensions if s is not row]
    found = rules.check_suspension(
        data.start_date, data.end_date, pass_period=period, others=others
    )
    if data.reason is None:
        found.append(Violation("reason_required", tr("Motif : obligatoire."), field="reason"))
    changes = _decision_changes(row, data.reason, data.start_date, data.end_date, data.notes)
    if not found and not changes:
        found.append(unchanged("start_date"))
    if not errors_only(found):
        assert data.start_date is not None and data.end_date is not None
        moved = moved_pass(record, row, Span(data.start_date, data.end_date))
        found += prolongations_follow(record, moved)
        found += reason_needed(session, record, reason, _WHY)
        found += others_inside(record, row, moved) + contracts_relying(session, record, moved)
    return changes, found


def cancel_pass_suspension(
    session: Session,
    actor: Actor,
    suspension_id: int,
    reason: str | None = None,
    *,
    acknowledge_warnings: bool = False,
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> None:
    """Cancel a suspension entered by mistake: the PASS ends as it would without it."""
    row = _decision_to_change(
        session, actor, m.PassSuspension, suspension_id, today, expected_version
    )
    _cancel(session, actor, row, reason, acknowledge_warnings)


@stale_as_violation
def check_cancel_pass_suspension(
    session: Session,
    actor: Actor,
    suspension_id: int,
    reason: str | None = None,
    *,
    today: dt.date | None = None,
) -> list[Violation]:
    """What ``cancel_pass_suspension`` would refuse or warn about (read while typing)."""
    row = _decision_to_change(session, actor, m.PassSuspension, suspension_id, today)
    return _cancel_check(session, row, reason, [])


# Prolongations ---------------------------------------------------------------------------
def correct_pass_prolongation(
    session: Session,
    actor: Actor,
    prolongation_id: int,
    data: ProlongationInput,
    reason: str | None = None,
    *,
    acknowledge_warnings: bool = False,
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> None:
    """Correct the PASS's last prolongation (reason, end, decision day, notes)."""
    row = _decision_to_change(
        session, actor, m.PassProlongation, prolongation_id, today, expected_version
    )
    added, changes, found = _prolongation_check(session, row, data, reason)
    warned = _settle(found, acknowledge_warnings)
    assert added is not None and data.reason is not None  # context.check refused them
    previous = row_values(row)
    what = _decision_what(row)
    row.reason, row.decided_on, row.notes = data.reason, data.decided_on, checked_notes(data.notes)
    row.start_date, row.end_date = added.start, added.end
    _keep(session, actor, row, previous, reason, what, changes, warned)


@stale_as_violation
def check_pass_prolongation_correction(
    session: Session,
    actor: Actor,
    prolongation_id: int,
    data: ProlongationInput,
    reason: str | None = None,
    *,
    today: dt.date | None = None,
) -> list[Violation]:
    """What ``correct_pass_prolongation`` would refuse or warn about (read while typing)."""
    row = _decision_to_change(session, actor, m.PassProlongation, prolongation_id, today)
    return _prolongation_check(session, row, data, reason)[2]


def _prolongation_check(
    session: Session, row: m.PassProlongation, data: ProlongationInput, reason: str | None
) -> tuple[Span | None, list[tuple[str, str]], list[Violation]]:
    """The prolongation as corrected, the lines it changes, every rule it breaks."""
    record = row.pass_iae
    found = last_check(row)
    context = dataclasses.replace(
        _context(session, record),
        current_end=end_without(record, row),
        others=tuple(
            rules.Prolongation(x.start_date, x.end_date, x.reason)
            for x in record.prolongations
            if x is not row
        ),
    )
    if not found:
        found = context.check(data.reason, data.start_date, data.end_date, data.decided_on)
    added, changes = None, []
    if not errors_only(found):
        assert data.start_date is not None and data.end_date is not None
        added = rules.prolongation_span(data.start_date, data.end_date, context.current_end)
        changes = _decision_changes(row, data.reason, added.start, added.end, data.notes)
        if data.decided_on != row.decided_on:
            line = _dates_line(tr("décision"), row.decided_on, data.decided_on)
            changes.append((tr("date de décision"), line))
        if not changes:
            found.append(unchanged("end_date"))
        moved = moved_pass(record, row, added)
        found += reason_needed(session, record, reason, _WHY) + others_inside(record, row, moved)
        found += contracts_relying(session, record, moved)
    return added, changes, found


def cancel_pass_prolongation(
    session: Session,
    actor: Actor,
    prolongation_id: int,
    reason: str | None = None,
    *,
    acknowledge_warnings: bool = False,
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> None:
    """Cancel the PASS's last prolongation: it ends again where it ended before it."""
    row = _decision_to_change(
        session, actor, m.PassProlongation, prolongation_id, today, expected_version
    )
    _cancel(session, actor, row, reason, acknowledge_warnings, last_check(row))


@stale_as_violation
def check_cancel_pass_prolongation(
    session: Session,
    actor: Actor,
    prolongation_id: int,
    reason: str | None = None,
    *,
    today: dt.date | None = None,
) -> list[Violation]:
    """What ``cancel_pass_prolongation`` would refuse or warn about (read while typing)."""
    row = _decision_to_change(session, actor, m.PassProlongation, prolongation_id, today)
    return _cancel_check(session, row, reason, last_check(row))


def prolongation_correction_input(
    session: Session, actor: Actor, prolongation_id: int
) -> rules.ProlongationContext:
    """What the correction dialog checks while typing: the PASS without this prolongation."""
    require(actor, Permission.PEOPLE_VIEW)
    row = _get(session, m.PassProlongation, prolongation_id)
    record = row.pass_iae
    return dataclasses.replace(
        _context(session, record),
        current_end=end_without(record, row),
        others=tuple(
            rules.Prolongation(x.start_date, x.end_date, x.reason)
            for x in record.prolongations
            if x is not row
        ),
    )


# Helpers ---------------------------------------------------------------------------------
_T = TypeVar("_T", m.PassSuspension, m.PassProlongation)


def _get(session: Session, model: type[_T], record_id: int) -> _T:
    row = session.get(model, record_id)
    if row is None:
        label = tr("Suspension") if model is m.PassSuspension else tr("Prolongation")
        raise NotFoundError(label, record_id)
    return row


def _pass_to_change(
    session: Session,
    actor: Actor,
    pass_id: int,
    today: dt.date | None,
    expected_version: int | None = None,
) -> m.PassIae:
    record = _load_pass(session, pass_id, actor)
    by = Recorded.of(session, "pass_iae", record.id)
    require_may_change(session, actor, RecordKind.PASS_IAE, record.person_id, by, today)
    concurrency.expect(session, record, expected_version)
    return record


def _decision_to_change(
    session: Session,
    actor: Actor,
    model: type[_T],
    record_id: int,
    today: dt.date | None,
    expected_version: int | None = None,
) -> _T:
    """``expected_version``: the decision as the dialog showed it; refused when another
    office saved it since (``services._concurrency``)."""
    label = tr("Suspension") if model is m.PassSuspension else tr("Prolongation")
    # Cancelled meanwhile, or its PASS: a stale edit (``_records.live``), out of the teams
    # refused first.
    guard = in_team(session, actor, model, lambda r: parent_person(session, m.PassIae, r.pass_id))
    row = live(session, model, record_id, label, guard=guard)
    kind = _KIND[model]
    by = Recorded.of(session, model.__tablename__, row.id)
    require_may_change(session, actor, kind, row.pass_iae.person_id, by, today)
    concurrency.expect(session, row, expected_version)
    return row


def _number_and_end(data: PassInput) -> tuple[str, dt.date | None]:
    number = rules.normalise_number(data.number)
    end = data.end_date or (rules.default_end(data.start_date) if data.start_date else None)
    return number, end


def _pass_check(
    session: Session, record: m.PassIae, data: PassInput, reason: str | None
) -> tuple[list[tuple[str, str]], list[Violation]]:
    """The lines the correction changes, and every rule the corrected PASS breaks."""
    found = _check_pass_violations(session, data, record.id, record.person_id)
    if errors_only(found):
        return [], found
    number, end = _number_and_end(data)
    assert data.start_date is not None and end is not None
    changes = []
    if number != record.number:
        line = tr("numéro : {old} → {new}").format(
            old=rules.format_number(record.number), new=rules.format_number(number)
        )
        changes.append((tr("numéro"), line))
    if data.start_date != record.start_date:
        changes.append((tr("début"), _dates_line(tr("début"), record.start_date, data.start_date)))
    if end != record.initial_end_date:
        changes.append((tr("fin"), _dates_line(tr("fin"), record.initial_end_date, end)))
    if checked_notes(data.notes) != record.notes:
        changes.append((tr("notes"), tr("notes corrigées")))
    if not changes:
        return [], [unchanged("number")]
    moved = dataclasses.replace(pass_period(record), start=data.start_date, initial_end=end)
    if found := errors_only(prolongations_follow(record, moved)):
        return changes, found
    found += reason_needed(session, record, reason)
    found += others_inside(record, None, moved)
    return changes, found + contracts_relying(session, record, moved)


def _dates_line(label: str, old: dt.date | None, new: dt.date | None) -> str:
    return tr("{label} : {old} → {new}").format(
        label=label, old=format_date(old) or "—", new=format_date(new) or "—"
    )


def _decision_what(row: Decision) -> str:
    what = tr("suspension") if isinstance(row, m.PassSuspension) else tr("prolongation")
    return tr("{what} du PASS IAE du {start} au {end}").format(
        what=what, start=format_date(row.start_date), end=format_date(row.end_date)
    )


def _decision_changes(
    row: Decision,
    reason: object,
    start: dt.date | None,
    end: dt.date | None,
    notes: str | None,
) -> list[tuple[str, str]]:
    """The fields corrected; the reason is named, never said (health, justice, disability)."""
    changes = []
    if reason != row.reason:
        changes.append((tr("motif"), tr("motif corrigé")))
    if start != row.start_date:
        changes.append((tr("début"), _dates_line(tr("début"), row.start_date, start)))
    if end != row.end_date:
        changes.append((tr("fin"), _dates_line(tr("fin"), row.end_date, end)))
    if checked_notes(notes) != row.notes:
        changes.append((tr("notes"), tr("notes corrigées")))
    return changes


def _accepted(codes: tuple[str, ...]) -> str:
    if not codes:
        return ""
    return tr(" ; avertissements acceptés : {codes}").format(codes=", ".join(codes))


def _keep(
    session: Session,
    actor: Actor,
    row: Decision,
    previous: dict[str, object],
    reason: str | None,
    what: str,
    changes: list[tuple[str, str]],
    warned: tuple[str, ...],
) -> None:
    keep_correction(
        session,
        actor,
        _KIND[type(row)],
        record_id=row.id,
        person_id=row.pass_iae.person_id,
        previous=previous,
        reason=reason,
        what=what,
        changes=changes,
        acknowledged=warned,
    )
    session.flush()


def _cancel(
    session: Session,
    actor: Actor,
    row: Decision,
    reason: str | None,
    acknowledge_warnings: bool,
    found: list[Violation] | None = None,
) -> None:
    record = row.pass_iae
    warned = _settle(_cancel_check(session, row, reason, found or []), acknowledge_warnings)
    end = pass_period(record).end
    what = tr("{what} annulée").format(what=_decision_what(row))
    summary = tr("{what} ; fin du PASS : {old} → {new}").format(
        what=what, old=format_date(end), new=format_date(end_without(record, row))
    )
    keep_cancellation(
        session,
        actor,
        _KIND[type(row)],
        record_id=row.id,
        person_id=record.person_id,
        previous=row_values(row),
        reason=reason,
        summary=summary + _accepted(warned),
        trail=what + _accepted(warned),
    )
    # Kept, out of every reader's sight: the PASS's end is computed from the live ones.
    row.mark_cancelled(actor.staff_id, checked_reason(reason))
    session.flush()
    session.expire(record, ["suspensions", "prolongations"])  # read again, without it


def _cancel_check(
    session: Session, row: Decision, reason: str | None, found: list[Violation]
) -> list[Violation]:
    """``found`` (the prolongation is not the last), else every rule the PASS without the
    decision breaks."""
    if found:
        return list(found)
    record = row.pass_iae
    moved = moved_pass(record, row, None)
    found = prolongations_follow(record, moved) if isinstance(row, m.PassSuspension) else []
    found += reason_needed(session, record, reason, _WHY, cancel=True)
    return found + others_inside(record, row, moved) + contracts_relying(session, record, moved)
