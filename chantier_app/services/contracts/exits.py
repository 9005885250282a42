"""Exits (sorties) over a period: by category and reason, and the sorties dynamiques rate.

The State's rate: (emploi durable + emploi de transition + sortie positive) divided by
every exit of the period minus the exits withdrawn from the rates (*retrait des sorties
constatées*: contract too short, death, long sickness, ...). An exit is a contract whose
actual end falls in the period and which has an exit reason (the end of Premières Heures
followed by a CDDI is not an exit).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.errors import ValidationError
from chantier_app.i18n import tr
from chantier_app.services import roles_matrix
from chantier_app.services.context import Actor
from chantier_app.services.dashboard.figures import (
    ExitsSummary,
)
from chantier_app.services.roles_matrix import Permission


def exits_summary(session: Session, actor: Actor, start: dt.date, end: dt.date) -> ExitsSummary:
    roles_matrix.require(actor, Permission.FIGURES_VIEW)
    if end < start:
        raise ValidationError(tr("Période : la fin précède le début."), field="end")
    return _count_exits(session, start, end)


def _count_exits(session: Session, start: dt.date, end: dt.date) -> ExitsSummary:
    """The exits of ``start``..``end`` (the caller has checked the reader's rights)."""
    rows = session.execute(
        select(m.Contract.exit_reason, func.count())
        .where(
            m.Contract.actual_end_date >= start,
            m.Contract.actual_end_date <= end,
            m.Contract.exit_reason.is_not(None),
        )
        .group_by(m.Contract.exit_reason)
    ).all()
    return ExitsSummary.of(start, end, {r: int(n) for r, n in rows if r is not None})
