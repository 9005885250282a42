"""What a correction of a contract changes around it, before it is saved (pure rules).

A correction (start date, end date, kind, hours, team, an exit or a renewal cancelled) is compared as two states
of the same contract, before and after: hours already entered that the new dates leave
outside, neighbouring contracts that no longer follow it (the path is cut, or overlaps),
the 24 months of successive CDDI (L5132-15-1) crossed, and the monthly statement lines
(EMI) of months already declared to the ASP that would read differently. The services
load the facts; the dialogs list the consequences before « Enregistrer ».
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

from chantier_app.domain.codes.contract_codes import ContractKind, EndReason
from chantier_app.domain.codes.exit_reasons import ExitReason
from chantier_app.domain.contract_dates import ONE_DAY, Duration, Span, cumulative_duration
from chantier_app.domain.contract_limits import MAX_CDDI_MONTHS
from chantier_app.domain.fr_format import format_date, format_minutes, format_month
from chantier_app.domain.hours_terms import (
    ContractTerms,
    expected_minutes,
    month_end,
    month_start,
    next_month,
    round_minutes,
)
from chantier_app.i18n import tr

DECLARED_FLAG = tr("déjà déclaré à l'ASP")


class ConsequenceKind(Enum):
    HOURS_OUTSIDE = "hours_outside"
    MILESTONES = "milestones"
    CHAIN = "chain"
    PATH_LIMIT = "path_limit"
    DECLARED_STATEMENT = "declared_statement"
    TEAM = "team"
    WORKSHOP = "workshop"
    TRIAL = "trial"
    EXIT_FIGURES = "exit_figures"
    EXPECTED_HOURS = "expected_hours"
    REMOVED = "removed"


@dataclass(frozen=True)
class Consequence:
    """One thing the correction changes besides the record itself, in French."""

    kind: ConsequenceKind
    text: str
    declared: bool = False  # it touches a month already declared to the ASP
    blocking: bool = False  # the correction is refused while it stands (the rules say why)

    @property
    def line(self) -> str:
        """The text as a sentence, flagged when it touches a month declared to the ASP."""
        return f"{self.text} ({DECLARED_FLAG})." if self.declared else f"{self.text}."


@dataclass(frozen=True)
class ContractState:
    """What a correction may change of a contract, as the consequences read it."""

    kind: ContractKind
    start: dt.date
    planned_end: dt.date
    actual_end: dt.date | None = None
    end_reason: EndReason | None = None
    exit_reason: ExitReason | None = None

    @property
    def span(self) -> Span:
        return Span(self.start, self.actual_end or self.planned_end)


@dataclass(frozen=True)
class Neighbour:
    """Another contract of the same person."""

    kind: ContractKind
    span: Span

    @property
    def text(self) -> str:
        return tr("le {kind} du {start} au {end}").format(
            kind=self.kind.label, start=format_date(self.span.start), end=format_date(self.span.end)
        )


# Hours already entered ---------------------------------------------------------------------
def hours_outside(
    before: Span,
    after: Span,
    months: Mapping[dt.date, int],
    days: Mapping[dt.date, int],
    declared: Collection[dt.date] = (),
) -> list[Consequence]:
    """Months and days with hours (minutes) that the corrected dates no longer cover.

    A month left entirely outside, or a signed-in day, refuses the correction (the hours
    rules refuse such hours); a month only partly covered now is to check by hand.
    """
    found: list[Consequence] = []
    for month, minutes in sorted(months.items()):
        was, now = _covered(before, month), _covered(after, month)
        if was is None or now == was:
            continue
        entered = tr("{hours} déjà saisies").format(hours=format_minutes(minutes))
        if now is None:
            text = tr(
                "Heures {month} ({entered}) : hors des dates du contrat corrigé ; "
                "corrigez d'abord ces heures (page Heures)"
            ).format(month=of_month(month), entered=entered)
            blocking = True
        elif now.days < was.days:
            text = tr(
                "Heures {month} ({entered}) : le contrat ne couvre plus que du {start} au "
                "{end} ; vérifiez-les"
            ).format(
                month=of_month(month),
                entered=entered,
                start=format_date(now.start),
                end=format_date(now.end),
            )
            blocking = False
        else:
            continue  # the month is covered more widely: nothing entered is left outside
        found.append(Consequence(ConsequenceKind.HOURS_OUTSIDE, text, month in declared, blocking))
    left = sorted(d for d in days if before.contains(d) and not after.contains(d))
    if left:
        total = sum(days[d] for d in left)
        text = tr(
            "{count} jour(s) émargé(s) du {first} au {last} ({hours}) : hors des dates du "
            "contrat corrigé ; corrigez d'abord ces heures (page Heures)"
        ).format(
            count=len(left),
            first=format_date(left[0]),
            last=format_date(left[-1]),
            hours=format_minutes(total),
        )
        flagged = any(month_start(d) in declared for d in left)
        found.append(Consequence(ConsequenceKind.HOURS_OUTSIDE, text, flagged, True))
    return found


def of_month(month: dt.date) -> str:
    """« de mars 2026 », « d'avril 2026 » (elided before a vowel)."""
    name = format_month(month)
    return f"d'{name}" if name[0] in "aeiouéâ" else f"de {name}"


def _covered(span: Span, month: dt.date) -> Span | None:
    first, last = max(span.start, month), min(span.end, month_end(month))
    return Span(first, last) if first <= last else None


# The path: neighbours and the 24 months ----------------------------------------------------
def chain_changes(before: Span, after: Span, others: Iterable[Neighbour]) -> list[Consequence]:
    """Contracts that followed each other and no longer do (a gap cuts the path), or that
    would overlap; and gaps the correction closes."""
    found: list[Consequence] = []
    for other in sorted(others, key=lambda o: o.span.start):
        was, now = _relation(before, other.span), _relation(after, other.span)
        if was == now:
            continue
        if now == "overlap":
            text = tr("Le contrat chevaucherait {other}").format(other=other.text)
            found.append(Consequence(ConsequenceKind.CHAIN, text, blocking=True))
        elif was in ("follows", "followed") and now is None:
            if was == "follows":
                gap = (after.start - other.span.end).days - 1
                text = tr("Le contrat ne suit plus {other} : {days} jour(s) sans contrat entre")
            else:
                gap = (other.span.start - after.end).days - 1
                text = tr(
                    "Le contrat n'est plus suivi par {other} : {days} jour(s) sans contrat entre"
                )
            text += tr(
                " les deux ; le parcours est interrompu, les mois d'avant l'interruption "
                "comptent à part dans les 24 mois"
            )
            found.append(
                Consequence(ConsequenceKind.CHAIN, text.format(other=other.text, days=gap))
            )
        elif now in ("follows", "followed"):
            text = tr("Le contrat s'enchaîne désormais avec {other}, sans interruption")
            found.append(Consequence(ConsequenceKind.CHAIN, text.format(other=other.text)))
    return found


def _relation(span: Span, other: Span) -> str | None:
    if span.overlaps(other):
        return "overlap"
    if other.end + ONE_DAY == span.start:
        return "follows"
    if span.end + ONE_DAY == other.start:
        return "followed"
    return None


def path_limit(
    before: Sequence[Span],
    after: Sequence[Span],
    since: dt.date | None,
    *,
    extended: bool,
) -> list[Consequence]:
    """The total of successive CDDI (the person's, from the PASS IAE's start) crossing the
    24 months of L5132-15-1, either way. Beyond them without a recorded reason is refused."""
    limit = Duration(MAX_CDDI_MONTHS, 0)
    was, now = cumulative_duration(before, since=since), cumulative_duration(after, since=since)
    if (was > limit) == (now > limit):
        return []
    if now > limit:
        text = tr(
            "Durée totale des CDDI successifs : {was} → {now}, au-delà des 24 mois "
            "(L5132-15-1) ; seulement avec un motif de prolongation enregistré"
        ).format(was=was.text(), now=now.text())
        return [Consequence(ConsequenceKind.PATH_LIMIT, text, blocking=not extended)]
    text = tr("Durée totale des CDDI successifs : {was} → {now}, repasse sous les 24 mois")
    return [Consequence(ConsequenceKind.PATH_LIMIT, text.format(was=was.text(), now=now.text()))]


# The monthly statements already declared ---------------------------------------------------
# The columns are quoted with no-break spaces inside the guillemets (French typography), so
# a wrapped line never leaves a « alone at its end.
_COLUMNS = (
    tr("Contrat"),
    tr("Début du contrat"),
    tr("Fin prévue"),
    tr("Date de fin réelle"),
    tr("Motif de fin"),
    tr("Motif de sortie"),
)


def statement_line(state: ContractState, month: dt.date) -> tuple[str, ...] | None:
    """The contract's line in the month's statement (``services.hours.statement``), as the
    columns a correction can change; None when the contract does not run that month."""
    if _covered(state.span, month) is None:
        return None
    ended = state.actual_end is not None and month <= state.actual_end <= month_end(month)
    return (
        state.kind.label,
        format_date(state.start),
        format_date(state.planned_end),
        format_date(state.actual_end) if ended else "",
        state.end_reason.label if ended and state.end_reason else "",
        state.exit_reason.label if ended and state.exit_reason else "",
    )


def statement_changes(
    before: ContractState,
    after: ContractState,
    declared: Iterable[dt.date],
    first_hours: bool = False,
) -> list[Consequence]:
    """Each declared month whose statement line for the contract would read differently
    (months in a row with the same change are told once). ``first_hours``: the contract is
    named (« les Premières Heures »), the dialog being about another one (a move to CDDI)."""
    runs: list[tuple[dt.date, dt.date, str]] = []
    for month in sorted({month_start(d) for d in declared}):
        was, now = statement_line(before, month), statement_line(after, month)
        if was == now:
            continue
        if was is None:
            change = (
                tr("une ligne s'ajoute pour les Premières Heures")
                if first_hours
                else tr("une ligne s'ajoute pour ce contrat")
            )
        elif now is None:
            change = (
                tr("la ligne des Premières Heures disparaît")
                if first_hours
                else tr("la ligne de ce contrat disparaît")
            )
        else:
            change = " ; ".join(
                tr("«\u00a0{column}\u00a0» {old} → {new}").format(
                    column=column, old=old or tr("(vide)"), new=new or tr("(vide)")
                )
                for column, old, new in zip(_COLUMNS, was, now, strict=True)
                if old != new
            )
        if runs and runs[-1][2] == change and next_month(runs[-1][1]) == month:
            runs[-1] = (runs[-1][0], month, change)
        else:
            runs.append((month, month, change))
    found = []
    for first, last, change in runs:
        when = (
            tr("Relevé mensuel {month}").format(month=of_month(first))
            if first == last
            else tr("Relevés mensuels {first} à {last}").format(
                first=of_month(first), last=format_month(last)
            )
        )
        text = tr("{when} : {change}").format(when=when, change=change)
        found.append(Consequence(ConsequenceKind.DECLARED_STATEMENT, text, declared=True))
    return found


# Expected hours (a suspension corrected) ---------------------------------------------------
def expected_changes(
    before: ContractTerms,
    after: ContractTerms,
    months: Iterable[dt.date],
    holidays: Collection[dt.date],
    declared: Collection[dt.date] = (),
) -> list[Consequence]:
    """Each month whose hours planned by the contract (``hours_terms.expected_minutes``:
    the grid's « prévu », the FTE) would change, flagged when the month was declared."""
    found = []
    for month in sorted({month_start(d) for d in months}):
        was = round_minutes(expected_minutes(before, month, holidays))
        now = round_minutes(expected_minutes(after, month, holidays))
        if was == now:
            continue
        text = tr("Heures prévues {month} : {was} → {now}").format(
            month=of_month(month), was=format_minutes(was), now=format_minutes(now)
        )
        found.append(Consequence(ConsequenceKind.EXPECTED_HOURS, text, month in declared))
    return found
