"""Correcting an eligibility diagnosis entered wrong, and cancelling one entered by mistake.

``eligibility.update_diagnosis`` and ``delete_diagnosis`` rewrote or removed a diagnosis
leaving no trace of what it was; these keep the previous version, its criteria and proofs
with it (``services.history``); a cancelled diagnosis keeps its row, marked cancelled
(``db.cancellable``), and check the corrected diagnosis as ``add_diagnosis``
checks a new one (``eligibility.diagnosis_violations``: a date not in the future, the
author, the criteria coherent with the person's age on that day). A reason once the
diagnosis was used: a contract started while it was valid (it is the hire's eligibility,
which a control of the DDETS checks), or a document of the person printed since. One
transaction. Who may: ``roles_matrix.CORRECTIONS`` (who records diagnoses: the CIP, the
direction).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain import eligibility as rules
from chantier_app.domain.codes.eligibility_criteria import EligibilityCriterion
from chantier_app.domain.codes.record_kinds import RecordKind
from chantier_app.domain.errors import Violation, refuse_errors
from chantier_app.domain.fr_format import format_date
from chantier_app.domain.parsing import clean_text
from chantier_app.domain.text_rules import checked_notes, checked_reason
from chantier_app.i18n import tr
from chantier_app.services import _concurrency as concurrency
from chantier_app.services._records import in_team, live, stale_as_violation
from chantier_app.services.context import Actor
from chantier_app.services.history import (
    Recorded,
    keep_cancellation,
    keep_correction,
    may_change,
    reason_check,
    require_may_change,
    row_values,
    unchanged,
)
from chantier_app.services.people.eligibility import (
    DiagnosisInput,
    DiagnosisView,
    _apply,
    _load_diagnosis,
    _view,
    diagnosis_violations,
)
from chantier_app.services.roles_matrix import Permission, require

_ENTITY = "eligibility_diagnosis"
_ORDER = list(EligibilityCriterion)  # the form's order, level 1 first


def correct_diagnosis(
    session: Session,
    actor: Actor,
    diagnosis_id: int,
    data: DiagnosisInput,
    reason: str | None = None,
    *,
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> DiagnosisView:
    """Correct a diagnosis entered wrong (its date, author, criteria, proofs, notes).

    ``expected_version``: the diagnosis as the dialog showed it; refused when someone saved
    it since (``services._concurrency``)."""
    today = today or dt.date.today()
    diagnosis = _diagnosis_to_change(session, actor, diagnosis_id, today)
    concurrency.expect(session, diagnosis, expected_version)
    changes, found = _correction_check(session, diagnosis, data, reason, today)
    refuse_errors(found)
    previous = _previous(diagnosis)
    what = _what(diagnosis)
    _apply(diagnosis, data)
    concurrency.touch(diagnosis)  # a proof corrected alone is a new version too
    # The criteria may tell RSA, a disability or a detention: the trail names fields only.
    keep_correction(
        session,
        actor,
        RecordKind.DIAGNOSIS,
        record_id=diagnosis.id,
        person_id=diagnosis.person_id,
        previous=previous,
        reason=reason,
        what=what,
        changes=changes,
    )
    session.flush()
    return _view(diagnosis, today)


@stale_as_violation
def check_diagnosis_correction(
    session: Session,
    actor: Actor,
    diagnosis_id: int,
    data: DiagnosisInput,
    reason: str | None = None,
    *,
    today: dt.date | None = None,
) -> list[Violation]:
    """What ``correct_diagnosis`` would refuse (read while the user types)."""
    today = today or dt.date.today()
    diagnosis = _diagnosis_to_change(session, actor, diagnosis_id, today)
    return _correction_check(session, diagnosis, data, reason, today)[1]


def cancel_diagnosis(
    session: Session,
    actor: Actor,
    diagnosis_id: int,
    reason: str | None = None,
    *,
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> None:
    """Cancel a diagnosis entered by mistake (its values stay in the history)."""
    today = today or dt.date.today()
    diagnosis = _diagnosis_to_change(session, actor, diagnosis_id, today)
    concurrency.expect(session, diagnosis, expected_version)
    refuse_errors(_used_check(session, diagnosis, reason, cancel=True))
    keep_cancellation(
        session,
        actor,
        RecordKind.DIAGNOSIS,
        record_id=diagnosis.id,
        person_id=diagnosis.person_id,
        previous=_previous(diagnosis),
        reason=reason,
        summary=tr("{what} annulé (critères : {criteria})").format(
            what=_what(diagnosis), criteria=_criteria_text(c.criterion for c in diagnosis.criteria)
        ),
        trail=tr("{what} annulé").format(what=_what(diagnosis)),
    )
    # Kept, out of every reader's sight (issue 15: nothing is hard-deleted but by the
    # retention rules); its criteria stay with it, read through it only.
    diagnosis.mark_cancelled(actor.staff_id, checked_reason(reason))
    session.flush()


@stale_as_violation
def check_cancel_diagnosis(
    session: Session,
    actor: Actor,
    diagnosis_id: int,
    reason: str | None = None,
    *,
    today: dt.date | None = None,
) -> list[Violation]:
    diagnosis = _diagnosis_to_change(session, actor, diagnosis_id, today or dt.date.today())
    return _used_check(session, diagnosis, reason, cancel=True)


def may_correct_diagnosis(
    session: Session, actor: Actor, diagnosis_id: int, *, today: dt.date | None = None
) -> bool:
    """May ``actor`` correct or cancel this diagnosis (who records them, or its author)?"""
    diagnosis = _load_diagnosis(session, diagnosis_id)
    by = Recorded.of(session, _ENTITY, diagnosis.id)
    return may_change(session, actor, RecordKind.DIAGNOSIS, diagnosis.person_id, by, today)


# Helpers ---------------------------------------------------------------------------------
def _diagnosis_to_change(
    session: Session, actor: Actor, diagnosis_id: int, today: dt.date
) -> m.EligibilityDiagnosis:
    require(actor, Permission.ELIGIBILITY_VIEW)  # criteria and proofs: who may read them
    # Cancelled meanwhile: a stale edit (``_records.live``), out of the teams refused first.
    guard = in_team(session, actor, m.EligibilityDiagnosis, lambda d: d.person_id)
    diagnosis = live(session, m.EligibilityDiagnosis, diagnosis_id, tr("Diagnostic"), guard=guard)
    by = Recorded.of(session, _ENTITY, diagnosis.id)
    require_may_change(session, actor, RecordKind.DIAGNOSIS, diagnosis.person_id, by, today)
    return diagnosis


def _what(diagnosis: m.EligibilityDiagnosis) -> str:
    return tr("diagnostic d'éligibilité du {date}").format(date=format_date(diagnosis.made_on))


def _previous(diagnosis: m.EligibilityDiagnosis) -> dict[str, object]:
    return {
        **row_values(diagnosis),
        "criteria": [
            {"criterion": c.criterion.value, "proof": c.proof}
            for c in sorted(diagnosis.criteria, key=lambda c: _ORDER.index(c.criterion))
        ],
    }


def _criteria_text(criteria: Iterable[EligibilityCriterion]) -> str:
    chosen = sorted(criteria, key=_ORDER.index)
    return ", ".join(c.label for c in chosen) or tr("aucun")


def _correction_check(
    session: Session,
    diagnosis: m.EligibilityDiagnosis,
    data: DiagnosisInput,
    reason: str | None,
    today: dt.date,
) -> tuple[list[tuple[str, str]], list[Violation]]:
    """The lines the correction changes, and every rule it breaks as a new diagnosis."""
    found = diagnosis_violations(data, today, diagnosis.person.birth_date)
    if found:
        return [], found
    changes = _changes(diagnosis, data)
    if not changes:
        return [], [unchanged("made_on")]
    return changes, _used_check(session, diagnosis, reason)


def _changes(diagnosis: m.EligibilityDiagnosis, data: DiagnosisInput) -> list[tuple[str, str]]:
    """Each field corrected and its line: (« date », « date : 05/01/2026 → 12/01/2026 »)."""
    changes = []
    if data.made_on != diagnosis.made_on:
        line = tr("date : {old} → {new}").format(
            old=format_date(diagnosis.made_on), new=format_date(data.made_on)
        )
        changes.append((tr("date"), line))
    author = (data.author_kind, clean_text(data.author_name))
    if author != (diagnosis.author_kind, diagnosis.author_name):
        assert data.author_kind is not None  # diagnosis_violations refused a missing one
        line = tr("réalisé par : {old} → {new}").format(
            old=diagnosis.author_name or diagnosis.author_kind.label,
            new=author[1] or data.author_kind.label,
        )
        changes.append((tr("auteur"), line))
    before = {c.criterion: c.proof for c in diagnosis.criteria}
    after = {c: clean_text(p) for c, p in data.criteria.items()}
    if set(before) != set(after):
        line = tr("critères : {old} → {new}").format(
            old=_criteria_text(before), new=_criteria_text(after)
        )
        changes.append((tr("critères"), line))
    elif before != after:
        changes.append((tr("justificatifs"), tr("justificatifs corrigés")))
    if checked_notes(data.notes) != diagnosis.notes:
        changes.append((tr("notes"), tr("notes corrigées")))
    return changes


def _used_check(
    session: Session,
    diagnosis: m.EligibilityDiagnosis,
    reason: str | None,
    *,
    cancel: bool = False,
) -> list[Violation]:
    """A reason once a contract started while the diagnosis was valid, or a document of the
    person was printed since it was recorded (``cancel``: « Motif de l'annulation »)."""
    last = rules.last_valid_day(diagnosis.made_on, diagnosis.author_kind)
    hired = session.scalar(
        select(m.Contract.start_date)
        .where(
            m.Contract.person_id == diagnosis.person_id,
            m.Contract.start_date >= diagnosis.made_on,
            m.Contract.start_date <= last,
        )
        .order_by(m.Contract.start_date)
        .limit(1)
    )
    if hired is not None:
        because = tr("un contrat a commencé le {date} sur ce diagnostic").format(
            date=format_date(hired)
        )
        return reason_check(reason, True, because, cancel=cancel)
    printed = Recorded.of(session, _ENTITY, diagnosis.id).printed_since(
        session, diagnosis.person_id
    )
    because = tr("un document a été imprimé depuis le diagnostic")
    return reason_check(reason, printed, because, cancel=cancel)
