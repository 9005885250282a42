"""Exits (sorties) over a period: by category and reason, and the sorties dynamiques rate.

The State's rate: (emploi durable + emploi de transition + sortie positive) divided by
every exit of the period minus the exits withdrawn from the rates (*retrait des sorties
constatées*: contract too short, death, long sickness, ...). An exit is a contract whose
actual end falls in the period and which has an exit reason (the end of Premières Heures
followed by a CDDI is not an exit).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.codes.exit_reasons import ExitCategory, ExitReason
from chantier_app.domain.errors import ValidationError
from chantier_app.i18n import tr
from chantier_app.services import permissions
from chantier_app.services.context import Actor
from chantier_app.services.permissions import Permission


@dataclass(frozen=True)
class ExitsSummary:
    start: dt.date
    end: dt.date
    by_category: tuple[tuple[ExitCategory, int], ...]  # every category, in the State's order
    by_reason: tuple[tuple[ExitReason, int], ...]  # reasons used in the period, by code

    @property
    def total(self) -> int:
        return sum(n for _, n in self.by_category)

    def count(self, category: ExitCategory) -> int:
        return dict(self.by_category).get(category, 0)

    @property
    def excluded(self) -> int:
        return self.count(ExitCategory.EXCLUDED)

    @property
    def counted(self) -> int:
        """The denominator: every exit minus those withdrawn from the rates."""
        return self.total - self.excluded

    @property
    def dynamic(self) -> int:
        return sum(n for category, n in self.by_category if category.dynamic)

    @property
    def dynamic_rate(self) -> Decimal | None:
        """Sorties dynamiques / counted exits, as a fraction (None when nothing to count)."""
        if not self.counted:
            return None
        return Decimal(self.dynamic) / Decimal(self.counted)


def exits_summary(session: Session, actor: Actor, start: dt.date, end: dt.date) -> ExitsSummary:
    permissions.require(actor, Permission.FIGURES_VIEW)
    if end < start:
        raise ValidationError(tr("Période : la fin précède le début."), field="end")
    return count_exits(session, start, end)


def count_exits(session: Session, start: dt.date, end: dt.date) -> ExitsSummary:
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
    by_reason = {reason: int(n) for reason, n in rows if reason is not None}
    categories = {category: 0 for category in ExitCategory}
    for reason, n in by_reason.items():
        categories[reason.category] += n
    return ExitsSummary(
        start=start,
        end=end,
        by_category=tuple(categories.items()),
        by_reason=tuple(sorted(by_reason.items(), key=lambda item: item[0].value)),
    )
