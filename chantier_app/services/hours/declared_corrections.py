"""Correcting the hours of a month already declared to the State, with a reason.

A declared month is locked (``grid.declare_month``); until now the only way to correct it
was to unlock it, edit, and declare it again, leaving no trace of the hours declared.
``correct_declared_month`` is one transaction: the hours are checked by ``grid.save_month``
exactly as a fresh entry (the same rules, the same warnings), the month stays declared as
it was, and each changed row keeps its previous version, flagged « déclaré » in the
history, since the monthly statement sent to the ASP no longer matches. Who may: the
direction (``roles_matrix.CORRECTIONS``: who declares months).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.codes.record_kinds import RecordKind, VersionAction
from chantier_app.domain.errors import ValidationError, Violation
from chantier_app.domain.fr_format import format_month
from chantier_app.domain.hours_terms import month_start
from chantier_app.domain.parsing import clean_text
from chantier_app.domain.text_rules import REASON_MAX, text_violations
from chantier_app.i18n import tr
from chantier_app.services import roles_matrix
from chantier_app.services.context import Actor
from chantier_app.services.history import keep_version, row_values
from chantier_app.services.hours._common import month_rows
from chantier_app.services.hours.grid import MonthEntry, SaveResult, save_month

_BOOKKEEPING = {"updated_at", "created_at", "updated_by_id"}


def correct_declared_month(
    session: Session,
    actor: Actor,
    month: dt.date,
    entries: Sequence[MonthEntry],
    reason: str | None,
    *,
    acknowledge_warnings: bool = False,
) -> SaveResult:
    """Correct hours of a declared month; it stays declared, the history says it changed."""
    roles_matrix.require_correction(
        actor, RecordKind.MONTH_HOURS, author_id=None, recorded_on=None, today=dt.date.today()
    )
    month = month_start(month)
    declared = session.scalars(
        sa.select(m.DeclaredMonth).where(m.DeclaredMonth.month == month)
    ).first()
    if declared is None:
        raise ValidationError(
            tr(
                "Le mois de {month} n'est pas déclaré : saisissez ses heures dans la grille."
            ).format(month=format_month(month)),
            field="month",
        )
    if refused := reason_violations(reason):
        raise ValidationError(refused)
    keys = [(e.contract_id, month) for e in entries]
    before = {key: _values(row) for key, row in month_rows(session, keys).items()}
    kept = (declared.id, declared.declared_at, declared.declared_by_id)
    # The same rules as a fresh entry: save_month runs on the month unlocked for this
    # transaction only, then the declaration is put back as it was.
    session.delete(declared)
    session.flush()
    result = save_month(session, actor, month, entries, acknowledge_warnings=acknowledge_warnings)
    session.add(
        m.DeclaredMonth(id=kept[0], month=month, declared_at=kept[1], declared_by_id=kept[2])
    )
    session.flush()
    for key, row in month_rows(session, keys).items():
        previous = before.get(key, {})
        if _values(row) == previous:
            continue
        contract = session.get(m.Contract, row.contract_id)
        assert contract is not None
        keep_version(
            session,
            actor,
            RecordKind.MONTH_HOURS,
            VersionAction.CORRECT,
            record_id=row.id,
            person_id=contract.person_id,
            previous=previous,
            reason=reason,
            summary=tr(
                "mois déclaré de {month} : heures corrigées ; le relevé déjà déclaré à l'ASP "
                "ne correspond plus"
            ).format(month=format_month(month)),
        )
    return result


def reason_violations(reason: str | None) -> list[Violation]:
    """A declared month is corrected with a reason (read while the user types it)."""
    if clean_text(reason):
        label = tr("Motif de la correction")
        return text_violations(
            "reason", label, clean_text(reason), max_length=REASON_MAX, multiline=True
        )
    message = tr("Motif de la correction : obligatoire, le mois a été déclaré.")
    return [Violation("reason_required", message, field="reason")]


def _values(row: m.MonthlyHours) -> dict[str, object]:
    return {k: v for k, v in row_values(row).items() if k not in _BOOKKEEPING}
