"""Correcting a session of the catalogue entered wrong, and cancelling one entered by mistake.

The discipline of ``contracts.corrections``: the corrected session is checked as a new one
is (``sessions._session_violations``) and against what hangs on it — attendance already
entered stays inside its dates, every person enrolled keeps a contract during them, a
contract prolonged beyond 24 months « to finish a training » (R5132-1-8) or a PASS IAE prolonged
for it, until the session's end, is flagged when that end moves —, one transaction. A reason is asked once
attendance was entered (those hours are in the months' training hours); a session with
attendance cannot be cancelled (they are cleared on the sign-in sheet first).

The previous version is kept in each enrolled person's file (``services.history``: their
« Historique des modifications » shows the session they followed as it was), all stamped
alike so that the trainings page lists each correction once. A session nobody is enrolled
in keeps one version of no one's file (``record_version.person_id`` NULL), read in the
trainings page's « Historique… » only; it holds no one's data (the catalogue's), and goes
with the session, which no retention rule erases (``privacy.retention`` erases people's
data; anonymising a person takes the versions of her file only). A cancelled session
keeps its row, marked cancelled (``db.cancellable``), with its enrolments. Who may: ``roles_matrix.CORRECTIONS`` (whoever
manages trainings: the CIP, the direction).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.db.base import now
from chantier_app.db.cancellable import including_cancelled
from chantier_app.domain.codes.contract_codes import ExtensionReason, PassProlongationReason
from chantier_app.domain.codes.record_kinds import RecordKind, VersionAction
from chantier_app.domain.codes.support_codes import TrainingKind
from chantier_app.domain.errors import NotFoundError, Severity, Violation, refuse_errors
from chantier_app.domain.fr_format import format_date, format_minutes
from chantier_app.domain.parsing import clean_text, parse_minutes
from chantier_app.domain.text_rules import checked_notes, checked_reason
from chantier_app.i18n import tr
from chantier_app.services import _concurrency as concurrency
from chantier_app.services import roles_matrix
from chantier_app.services._records import live, stale_as_violation
from chantier_app.services.context import Actor
from chantier_app.services.contracts._common import settle
from chantier_app.services.history import (
    Recorded,
    RecordVersionView,
    keep_cancellation,
    keep_correction,
    reason_check,
    row_values,
    unchanged,
)
from chantier_app.services.trainings.sessions import (
    SessionInput,
    SessionView,
    _session_violations,
    fill_session,
    require_view,
    session_view,
)


@dataclass(frozen=True)
class SessionCorrection:
    """The session as it should have been entered."""

    session_id: int
    data: SessionInput
    reason: str | None = None


def correct_session(
    session: Session,
    actor: Actor,
    correction: SessionCorrection,
    *,
    acknowledge: Iterable[str] = (),
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> SessionView:
    """Correct a session (dates, hours, organisation, title…): the previous version kept."""
    row = _session_to_change(session, actor, correction.session_id, today)
    concurrency.expect(session, row, expected_version)
    correction = _normal(correction)
    ack = settle(_correction_check(session, row, correction), acknowledge, actor, "correct_session")
    previous = row_values(row)
    changes = _changes(row, correction.data)
    fill_session(row, correction.data)
    session.flush()
    what = tr("session « {title} »").format(title=row.title)
    people: list[int | None] = [*sorted({e.person_id for e in row.enrolments})]
    # One version per enrolled person, stamped alike, in each one's file; nobody enrolled:
    # one version of no one's file, read in the session's « Historique… ».
    stamp = now()
    for person_id in people or [None]:
        version = keep_correction(
            session,
            actor,
            RecordKind.TRAINING_SESSION,
            record_id=row.id,
            person_id=person_id,
            previous=previous,
            reason=correction.reason,
            what=what,
            changes=changes,
            acknowledged=ack.codes if ack else (),
        )
        version.at = stamp
    return session_view(row)


@stale_as_violation
def check_session_correction(
    session: Session, actor: Actor, correction: SessionCorrection, *, today: dt.date | None = None
) -> list[Violation]:
    """What ``correct_session`` would refuse or warn about (read while the user types)."""
    row = _session_to_change(session, actor, correction.session_id, today)
    return _correction_check(session, row, _normal(correction))


def cancel_session(
    session: Session,
    actor: Actor,
    session_id: int,
    reason: str | None = None,
    *,
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> None:
    """Cancel a session entered by mistake, with its enrolments (kept in the history)."""
    row = _session_to_change(session, actor, session_id, today)
    concurrency.expect(session, row, expected_version)
    refuse_errors(_cancel_check(session, row, reason))
    values = row_values(row)
    summary = tr("session annulée : {session}").format(session=_said(row))
    enrolled = list(row.enrolments)
    stamp = now()
    for enrolment in enrolled:
        keep_cancellation(
            session,
            actor,
            RecordKind.TRAINING_SESSION,
            record_id=row.id,
            person_id=enrolment.person_id,
            # The person's enrolment went with the session: its version keeps it too.
            previous={**values, "enrolment": row_values(enrolment)},
            reason=reason,
            summary=summary + tr(" (inscription comprise)"),
            trail=tr("session de formation annulée, inscription comprise"),
        ).at = stamp
    if not enrolled:  # of no one's file: the session's own history keeps it
        keep_cancellation(
            session,
            actor,
            RecordKind.TRAINING_SESSION,
            record_id=row.id,
            person_id=None,
            previous=values,
            reason=reason,
            summary=summary,
        )
    # Kept, out of every reader's sight (issue 15: nothing is hard-deleted but by the
    # retention rules), its enrolments with it.
    why = checked_reason(reason)
    for enrolment in enrolled:
        enrolment.mark_cancelled(actor.staff_id, why)
    row.mark_cancelled(actor.staff_id, why)
    session.flush()


@stale_as_violation
def check_cancel_session(
    session: Session,
    actor: Actor,
    session_id: int,
    reason: str | None = None,
    *,
    today: dt.date | None = None,
) -> list[Violation]:
    row = _session_to_change(session, actor, session_id, today)
    return _cancel_check(session, row, reason)


def may_change_session(
    session: Session, actor: Actor, session_id: int, *, today: dt.date | None = None
) -> bool:
    by = Recorded.of(session, "training_session", _get(session, session_id).id)
    return roles_matrix.may_correct(
        actor,
        RecordKind.TRAINING_SESSION,
        author_id=by.author_id,
        recorded_on=by.on,
        today=today or dt.date.today(),
    )


def session_history(session: Session, actor: Actor, session_id: int) -> list[RecordVersionView]:
    """The session's corrections, latest first, each once (one version per enrolled person,
    stamped alike): what the trainings page shows."""
    require_view(actor)
    current = _get(session, session_id, including_cancelled())  # a cancelled one's too
    rows = session.scalars(
        select(m.RecordVersion)
        .where(
            m.RecordVersion.kind == RecordKind.TRAINING_SESSION.value,
            m.RecordVersion.record_id == session_id,
            # A cancelled session's id given again to a new one: not its history.
            m.RecordVersion.at >= current.created_at,
        )
        .order_by(m.RecordVersion.at.desc(), m.RecordVersion.id.desc())
    )
    seen: dict[tuple[object, ...], RecordVersionView] = {}
    for row in rows:
        key = (row.at, row.action, row.summary, row.reason, row.staff_name)
        if key in seen:
            continue
        previous = json.loads(row.previous)
        previous.pop("enrolment", None)  # a person's, not the catalogue's
        seen[key] = RecordVersionView(
            id=row.id,
            kind=RecordKind.TRAINING_SESSION,
            record_id=row.record_id,
            action=VersionAction.from_code(row.action),
            at=row.at,
            staff_name=row.staff_name,
            reason=row.reason,
            summary=row.summary,
            previous=previous,
        )
    return list(seen.values())


# Helpers ---------------------------------------------------------------------------------
def _get(
    session: Session, session_id: int, options: Mapping[str, object] | None = None
) -> m.TrainingSession:
    row = session.get(m.TrainingSession, session_id, execution_options=options or {})
    if row is None:
        raise NotFoundError(tr("Session de formation"), session_id)
    return row


def _session_to_change(
    session: Session, actor: Actor, session_id: int, today: dt.date | None
) -> m.TrainingSession:
    # Cancelled meanwhile: a stale edit (``_records.live``). No guard: a session belongs
    # to no person, whoever may open the trainings sees it.
    row = live(session, m.TrainingSession, session_id, tr("Session de formation"))
    by = Recorded.of(session, "training_session", row.id)  # who created it, and when
    roles_matrix.require_correction(
        actor,
        RecordKind.TRAINING_SESSION,
        author_id=by.author_id,
        recorded_on=by.on,
        today=today or dt.date.today(),
    )
    return row


def _said(row: m.TrainingSession) -> str:
    return tr("{title} du {start} au {end}").format(
        title=row.title, start=format_date(row.start_date), end=format_date(row.end_date)
    )


def _first_attendance(session: Session, row: m.TrainingSession) -> dt.date | None:
    return session.scalar(
        select(func.min(m.TrainingAttendance.day))
        .join(m.Enrolment)
        .where(m.Enrolment.session_id == row.id)
    )


def _changes(row: m.TrainingSession, data: SessionInput) -> list[tuple[str, str]]:
    """(field, line) for each field the correction changes."""

    def text(value: str | None) -> str:
        return value or "—"

    def hours(minutes: int) -> str:
        return format_minutes(minutes) if minutes else "—"

    found: list[tuple[str, str]] = []
    assert data.start_date is not None and data.end_date is not None and data.kind is not None
    if (row.start_date, row.end_date) != (data.start_date, data.end_date):
        line = tr("dates : du {a} au {b} → du {c} au {d}").format(
            a=format_date(row.start_date),
            b=format_date(row.end_date),
            c=format_date(data.start_date),
            d=format_date(data.end_date),
        )
        found.append((tr("dates"), line))
    pairs: Sequence[tuple[str, str, str]] = (
        (tr("intitulé"), row.title, text(clean_text(data.title))),
        (tr("type"), row.kind.label, TrainingKind.from_code(data.kind).label),
        (tr("organisme"), text(row.provider), text(clean_text(data.provider))),
        (tr("durée"), hours(row.duration_minutes), hours(parse_minutes(data.duration) or 0)),
        (tr("financement"), text(row.funding), text(clean_text(data.funding))),
        (
            tr("certification visée"),
            text(row.certificate_target),
            text(clean_text(data.certificate_target)),
        ),
        (tr("lieu"), text(row.location), text(clean_text(data.location))),
    )
    for field, old, new in pairs:
        if old != new:
            found.append(
                (field, tr("{field} : {old} → {new}").format(field=field, old=old, new=new))
            )
    if (row.notes or None) != (checked_notes(data.notes) or None):
        found.append((tr("notes"), tr("notes corrigées")))
    return found


def _correction_check(
    session: Session, row: m.TrainingSession, correction: SessionCorrection
) -> list[Violation]:
    """Every rule the corrected session breaks, as a new one is checked, then what hangs on
    it: the enrolled people's contracts, the prolongations until its end, the reason."""
    data = correction.data
    found = _session_violations(session, data, row)
    if [v for v in found if v.code != "training_attendance_outside"]:
        return found  # the typing first: the rest reads the dates
    assert data.start_date is not None and data.end_date is not None
    if not found and not _changes(row, data):
        return [unchanged("title")]
    found += _contracts_check(session, row, data.start_date, data.end_date)
    attended = _first_attendance(session, row) is not None
    because = tr("des présences sont saisies")
    return found + reason_check(correction.reason, attended, because)


def _normal(correction: SessionCorrection) -> SessionCorrection:
    """The type as a member (a combo box gives back its plain text)."""
    kind = correction.data.kind
    data = replace(correction.data, kind=TrainingKind.from_code(kind) if kind else None)
    return replace(correction, data=data)


def _contracts_check(
    session: Session, row: m.TrainingSession, start: dt.date, end: dt.date
) -> list[Violation]:
    found: list[Violation] = []
    people = {e.person_id for e in row.enrolments}
    if not people:
        return found
    names = {
        pid: f"{last.upper()} {first}"
        for pid, last, first in session.execute(
            select(m.Person.id, m.Person.usage_name, m.Person.first_names).where(
                m.Person.id.in_(people)
            )
        )
    }
    contract_end = func.coalesce(m.Contract.actual_end_date, m.Contract.end_date)
    covered = set(
        session.scalars(
            select(m.Contract.person_id).where(
                m.Contract.person_id.in_(people),
                m.Contract.start_date <= end,
                contract_end >= start,
            )
        )
    )
    if people - covered:
        who = ", ".join(sorted(names[p] for p in people - covered))
        message = tr(
            "Dates : pas de contrat pendant ces dates pour {who} ; annulez d'abord l'inscription."
        ).format(who=who)
        found.append(Violation("enrolled_without_contract", message, field="start_date"))
    if end != row.end_date:
        # A CDDI prolonged beyond 24 months to finish this training (R5132-1-8) lasts until
        # its end: the prolongation no longer matches the new one.
        for person_id, until in session.execute(
            select(m.Contract.person_id, m.Contract.extension_until).where(
                m.Contract.person_id.in_(people),
                m.Contract.extension_reason == ExtensionReason.FINISH_TRAINING,
                m.Contract.extension_until == row.end_date,
            )
        ):
            message = tr(
                "Fin : le contrat de {who} est prolongé jusqu'au {until} pour achever cette "
                "formation, qui finirait le {end} : corrigez aussi sa prolongation."
            ).format(who=names[person_id], until=format_date(until), end=format_date(end))
            found.append(
                Violation("training_prolongation_dates", message, Severity.WARNING, "end_date")
            )
        # A PASS IAE prolonged to finish a training lasts until it ends, too.
        for person_id, until in session.execute(
            select(m.PassIae.person_id, m.PassProlongation.end_date)
            .join(m.PassIae, m.PassIae.id == m.PassProlongation.pass_id)
            .where(
                m.PassIae.person_id.in_(people),
                m.PassProlongation.reason == PassProlongationReason.FINISH_TRAINING,
                m.PassProlongation.end_date == row.end_date,
            )
        ):
            message = tr(
                "Fin : le PASS IAE de {who} est prolongé jusqu'au {until} pour achever cette "
                "formation, qui finirait le {end} : corrigez aussi sa prolongation."
            ).format(who=names[person_id], until=format_date(until), end=format_date(end))
            found.append(
                Violation("training_pass_prolongation_dates", message, Severity.WARNING, "end_date")
            )
    return found


def _cancel_check(session: Session, row: m.TrainingSession, reason: str | None) -> list[Violation]:
    first = _first_attendance(session, row)
    if first is not None:
        message = tr(
            "Session : des présences sont déjà saisies (le {day}) ; elles comptent dans les "
            "heures de formation du mois. Effacez-les d'abord sur la feuille de présence, puis "
            "annulez la session."
        ).format(day=format_date(first))
        return [Violation("session_attendance_entered", message, field="session")]
    because = tr("des salariés y sont inscrits")
    return reason_check(reason, bool(row.enrolments), because, cancel=True)
