"""The checks a correction of a PASS IAE re-runs on the corrected state (``pass_corrections``):
the PASS with a decision moved or gone, its other suspensions inside it, the prolongations
that started from its end, the CDDI concluded under it, the reason once it was used."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain import pass_iae as rules
from chantier_app.domain.contract_dates import Span
from chantier_app.domain.contract_limits import check_pass
from chantier_app.domain.errors import Severity, Violation
from chantier_app.domain.fr_format import format_date
from chantier_app.i18n import tr
from chantier_app.services.contracts._history import load_history
from chantier_app.services.history import Recorded, reason_check
from chantier_app.services.people.pass_iae import pass_period

Decision = m.PassSuspension | m.PassProlongation


def end_without(record: m.PassIae, row: Decision) -> dt.date:
    """The PASS's end as it would be without ``row``."""
    return moved_pass(record, row, None).end


def moved_pass(record: m.PassIae, row: Decision, span: Span | None) -> rules.PassPeriod:
    """The PASS with ``row`` at ``span`` (None: without it)."""
    keep = [span] if span is not None else []
    suspensions = [Span(s.start_date, s.end_date) for s in record.suspensions if s is not row]
    prolongations = [Span(p.start_date, p.end_date) for p in record.prolongations if p is not row]
    if isinstance(row, m.PassSuspension):
        suspensions += keep
    else:
        prolongations += keep
    return dataclasses.replace(
        pass_period(record), suspensions=tuple(suspensions), prolongations=tuple(prolongations)
    )


def last_check(row: m.PassProlongation) -> list[Violation]:
    later = [p for p in row.pass_iae.prolongations if p.end_date > row.end_date]
    if not later:
        return []
    message = tr(
        "Prolongation : une prolongation plus récente part de sa fin (jusqu'au {end}) ; "
        "annulez d'abord la dernière."
    ).format(end=format_date(max(p.end_date for p in later)))
    return [Violation("prolongation_not_last", message, field="end_date")]


def prolongations_follow(record: m.PassIae, moved: rules.PassPeriod) -> list[Violation]:
    """A prolongation starts from the PASS's end as it was (R5132-1-8; the platform's
    decision says its last day): a change of that end would not have let it be entered so."""
    if not record.prolongations:
        return []
    before = dataclasses.replace(pass_period(record), prolongations=())
    if dataclasses.replace(moved, prolongations=()).end == before.end:
        return []
    first = min(record.prolongations, key=lambda p: p.start_date)
    message = tr(
        "La prolongation du {start} au {end} part de la fin du PASS telle qu'elle était ; "
        "annulez d'abord les prolongations, corrigez, puis saisissez-les de nouveau."
    ).format(start=format_date(first.start_date), end=format_date(first.end_date))
    return [Violation("prolongation_follows", message, field="pass")]


def others_inside(
    record: m.PassIae, row: Decision | None, moved: rules.PassPeriod
) -> list[Violation]:
    """Every other suspension still starts inside the corrected PASS, as when entered."""
    found = []
    for other in record.suspensions:
        if other is row or moved.contains(other.start_date):
            continue
        message = tr(
            "La suspension du {start} au {end} ne commencerait plus pendant le PASS ({first} "
            "– {last}) ; corrigez-la ou annulez-la d'abord."
        ).format(
            start=format_date(other.start_date),
            end=format_date(other.end_date),
            first=format_date(moved.start),
            last=format_date(moved.end),
        )
        found.append(Violation("suspension_outside_pass", message, field="pass"))
    return found


def contracts_relying(
    session: Session, record: m.PassIae, moved: rules.PassPeriod | None
) -> list[Violation]:
    """The CDDI concluded under this PASS, checked against the corrected one (None: none):
    what was not said when they were entered is said now, as a warning to acknowledge."""
    history = load_history(session, record.person_id)
    own = pass_period(record)
    others = tuple(p for p in history.passes if p != own)
    after = dataclasses.replace(history, passes=(*others, *([moved] if moved else [])))
    found = []
    for contract in history.contracts:
        if not contract.kind.is_cddi or not own.contains(contract.start):
            continue
        args = (contract.kind, contract.span, "start_date", "end_date")
        before = {v.code for v in check_pass(history, *args)}
        for violation in check_pass(after, *args):
            if violation.code in before:
                continue
            text = tr("{kind} du {start} au {end} : {message}").format(
                kind=contract.kind.label,
                start=format_date(contract.start),
                end=format_date(contract.end),
                message=violation.message,
            )
            code = f"pass_used_by_contract_{violation.code}"
            found.append(Violation(code, text, Severity.WARNING, "pass"))
    return found


def reason_needed(
    session: Session,
    record: m.PassIae,
    reason: str | None,
    field: str = "reason",
    *,
    cancel: bool = False,
) -> list[Violation]:
    """A reason once a month of the PASS was declared, or a document printed since; under
    ``field`` (a decision's own « Motif » is its reason of suspension or prolongation).
    ``cancel``: the message names « Motif de l'annulation », the field it stands under."""
    found = _reason_rule(session, record, reason, cancel)
    return [dataclasses.replace(v, field=field) for v in found]


def _reason_rule(
    session: Session, record: m.PassIae, reason: str | None, cancel: bool
) -> list[Violation]:
    period = pass_period(record)
    declared = session.scalar(
        select(m.DeclaredMonth.id)
        .where(
            m.DeclaredMonth.month >= period.start.replace(day=1),
            m.DeclaredMonth.month <= period.end,
        )
        .limit(1)
    )
    if declared is not None:
        because = tr("un mois couvert par le PASS a été déclaré à l'ASP")
        return reason_check(reason, True, because, cancel=cancel)
    printed = Recorded.of(session, "pass_iae", record.id).printed_since(session, record.person_id)
    return reason_check(reason, printed, tr("un document a été imprimé depuis"), cancel=cancel)
