"""Derogations to the 20-hour weekly minimum of a CDDI in an ACI, and their periods.

Code du travail (numbering of decree 2021-1128; the 2015 text was R5132-43-5):
- **D5132-43-5**, individual: granted by the préfet after examining the person's
  situation; « la période durant laquelle il peut être dérogé à la durée hebdomadaire
  minimale de vingt heures ne peut excéder douze mois ». It « peut être prolongée après un
  bilan établi par l'employeur » (situation, support and training received), to finish the
  actions prescribed at the first request, for no longer than the action or the ACI's
  convention.
- **D5132-43-8**, collective: for every employee of an ACI « présentant des difficultés
  communes particulièrement importantes », at the employer's request, twelve months at
  most (D5132-43-9 lists what the employer gives the préfet). The text has no prolongation:
  a new period is a new decision, twelve months at most again.

Choices where the text is silent, each protecting the person:
- twelve months are counted *de date à date*, as ``contract_dates.end_date_to_date`` counts
  the trial period's six months: 1 January - 31 December is twelve months, one day more is
  refused;
- an individual period starting at the latest the day after another individual period of
  the same person ended is a prolongation: the app cannot know the action's or the
  convention's length, so it is not capped at twelve months but asks to acknowledge the
  review the law requires (a warning, not a refusal);
- hours below 20 h are refused on any day no recorded period covers, whatever its kind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from chantier_app.domain.codes.contract_codes import DerogationKind
from chantier_app.domain.contract_dates import ONE_DAY, Span, add_months, end_date_to_date
from chantier_app.domain.errors import Severity, Violation
from chantier_app.domain.fr_format import format_date, format_minutes
from chantier_app.i18n import tr

MIN_WEEKLY_MINUTES = 20 * 60  # a CDDI's floor outside a derogation (L5132-15-1)
MAX_DEROGATION_MONTHS = 12
# The to-do list asks for the renewal this long before a period lapses.
RENEWAL_NOTICE_MONTHS = 1


_LABELS = {
    "weekly_minutes": tr("Heures par semaine"),
    "derogation_end": tr("Fin de la dérogation"),
}


def violation(code: str, field: str, text: str, severity: Severity = Severity.ERROR) -> Violation:
    """A violation whose message starts with the field's French name (as contract_limits')."""
    return Violation(code, f"{_LABELS[field]} : {text}", severity, field)


def warning(code: str, field: str, text: str) -> Violation:
    return violation(code, field, text, Severity.WARNING)


@dataclass(frozen=True)
class DerogationPeriod:
    """One derogation decision: its kind, its dates (both included) and the decision."""

    kind: DerogationKind
    start: dt.date
    end: dt.date
    reference: str | None = None
    decided_on: dt.date | None = None

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    @property
    def article(self) -> str:
        return "D5132-43-8" if self.kind is DerogationKind.COLLECTIVE else "D5132-43-5"


def period_from(
    kind: DerogationKind,
    start: dt.date | None,
    end: dt.date | None,
    reference: str | None = None,
    decided_on: dt.date | None = None,
) -> DerogationPeriod | None:
    """The period a form gives, or None (no derogation, or its dates left blank)."""
    if kind is DerogationKind.NONE or start is None or end is None:
        return None
    return DerogationPeriod(kind, start, end, (reference or "").strip() or None, decided_on)


def latest_end(start: dt.date) -> dt.date:
    """The last day of twelve months from ``start``, counted de date à date."""
    return end_date_to_date(start, MAX_DEROGATION_MONTHS)


def is_prolongation(period: DerogationPeriod, earlier: Iterable[DerogationPeriod]) -> bool:
    """An individual period that continues another one (D5132-43-5, after a review)."""
    return period.kind is DerogationKind.INDIVIDUAL and any(
        other.kind is DerogationKind.INDIVIDUAL
        and other.start < period.start <= other.end + ONE_DAY
        for other in earlier
    )


def check_period(period: DerogationPeriod, earlier: Sequence[DerogationPeriod]) -> list[Violation]:
    """A new derogation period: dates in order, twelve months at most unless a prolongation."""
    if period.kind is DerogationKind.NONE:
        return []
    if period.end < period.start:
        return [
            violation(
                "derogation_end_before_start", "derogation_end", tr("elle précède son début.")
            )
        ]
    if is_prolongation(period, earlier):
        return [
            warning(
                "derogation_prolongation_review",
                "derogation_end",
                tr(
                    "prolongation de la dérogation individuelle : possible seulement après un "
                    "bilan de l'employeur (situation, accompagnement, formation), pour achever "
                    "les actions prescrites, au plus pour la durée de l'action ou de la "
                    "convention de l'atelier (D5132-43-5)."
                ),
            )
        ]
    if period.end > latest_end(period.start):
        return [
            violation(
                "derogation_over_12_months",
                "derogation_end",
                tr(
                    "une dérogation {kind} est accordée pour douze mois au plus ({article}) : "
                    "fin le {date} au plus tard."
                ).format(
                    kind=tr("collective")
                    if period.kind is DerogationKind.COLLECTIVE
                    else tr("individuelle"),
                    article=period.article,
                    date=format_date(latest_end(period.start)),
                ),
            )
        ]
    return []


def first_uncovered_day(span: Span, periods: Iterable[DerogationPeriod]) -> dt.date | None:
    """The first day of ``span`` no period covers, or None when they cover it whole."""
    cursor = span.start
    ordered = sorted(
        (p for p in periods if p.kind is not DerogationKind.NONE), key=lambda p: p.start
    )
    for period in ordered:
        if period.start > cursor:
            break
        cursor = max(cursor, period.end + ONE_DAY)
    return cursor if cursor <= span.end else None


def check_coverage(
    weekly_minutes: int | None, span: Span, periods: Iterable[DerogationPeriod]
) -> list[Violation]:
    """Below 20 h a week, every day of ``span`` lies in a recorded derogation period."""
    if weekly_minutes is None or not 0 < weekly_minutes < MIN_WEEKLY_MINUTES:
        return []
    day = first_uncovered_day(span, periods)
    if day is None:
        return []
    return [
        violation(
            "weekly_hours_below_20_outside_derogation",
            "weekly_minutes",
            tr(
                "{hours} par semaine le {date} : ce jour n'est couvert par aucune période de "
                "dérogation enregistrée (douze mois au plus, D5132-43-5 individuelle, "
                "D5132-43-8 collective) ; hors dérogation, un CDDI compte 20 h par semaine "
                "au moins."
            ).format(hours=format_minutes(weekly_minutes), date=format_date(day)),
        )
    ]


def lapsing(
    periods: Iterable[DerogationPeriod], contract_end: dt.date, today: dt.date
) -> DerogationPeriod | None:
    """The latest period when it ends before the contract does, within the notice (or past)."""
    latest = max(periods, key=lambda p: p.end, default=None)
    if latest is None or latest.end >= contract_end:
        return None
    return latest if latest.end <= add_months(today, RENEWAL_NOTICE_MONTHS) else None
