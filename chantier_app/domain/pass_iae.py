"""The PASS IAE (approval): number, two years of validity, suspensions and prolongations.

Dates are inclusive: a PASS starting on 1 January 2026 lasts 730 days and ends on
31 December 2027. Each suspended day pushes the end one day later; a prolongation adds
its own days (at most 12 months a decision, with a cumulative ceiling per reason).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from chantier_app.domain.codes.contract_codes import PassProlongationReason
from chantier_app.domain.contract_dates import SENIOR_AGE, Span, age_on, last_day_of
from chantier_app.domain.errors import Violation
from chantier_app.domain.fr_format import format_date
from chantier_app.i18n import tr

PASS_DAYS = 730
NUMBER_DIGITS = 12
SUSPENSION_MAX_MONTHS = 12
PROLONGATION_MAX_MONTHS = 12
_NUMBER = re.compile(rf"^\d{{{NUMBER_DIGITS}}}$")
# Cumulative ceilings per reason, in years: those the national platform (« les emplois de
# l'inclusion ») applies to prolongation requests, 365.25 days a year.
PROLONGATION_LIMIT_YEARS = {
    PassProlongationReason.FINISH_TRAINING: 2,
    PassProlongationReason.SENIOR: 5,
    PassProlongationReason.RQTH: 3,
    PassProlongationReason.DIFFICULTIES: 3,
}


@dataclass(frozen=True)
class Prolongation(Span):
    reason: PassProlongationReason


def normalise_number(text: str | None) -> str:
    return re.sub(r"[\s.\-]", "", text or "")


def check_number(text: str | None) -> list[Violation]:
    number = normalise_number(text)
    if not number:
        return [
            Violation(
                "pass_number_required", tr("Numéro du PASS IAE : obligatoire."), field="number"
            )
        ]
    if not _NUMBER.match(number):
        return [
            Violation(
                "pass_number_format",
                tr("Numéro du PASS IAE : {n} chiffres attendus (ex. 99999 26 12345).").format(
                    n=NUMBER_DIGITS
                ),
                field="number",
            )
        ]
    return []


def format_number(number: str) -> str:
    """« 99999 26 12345 », as printed on the PASS."""
    if len(number) != NUMBER_DIGITS:
        return number
    return f"{number[:5]} {number[5:7]} {number[7:]}"


def default_end(start: dt.date) -> dt.date:
    """The last day of a new PASS: 730 days counting the first."""
    return start + dt.timedelta(days=PASS_DAYS - 1)


def current_end(
    initial_end: dt.date, suspensions: Iterable[Span], prolongations: Iterable[Span]
) -> dt.date:
    """The initial end moved by every suspended day and every prolonged day."""
    moved = sum(s.days for s in suspensions) + sum(p.days for p in prolongations)
    return initial_end + dt.timedelta(days=moved)


@dataclass(frozen=True)
class PassPeriod:
    """A PASS IAE as the rules see it: its end follows its suspensions and prolongations."""

    start: dt.date
    initial_end: dt.date
    suspensions: tuple[Span, ...] = ()
    prolongations: tuple[Span, ...] = ()
    number: str = ""

    @property
    def end(self) -> dt.date:
        return current_end(self.initial_end, self.suspensions, self.prolongations)

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def pass_on(passes: Iterable[PassPeriod], day: dt.date) -> PassPeriod | None:
    """The PASS IAE valid on ``day`` (the latest one when several are)."""
    valid = [p for p in passes if p.contains(day)]
    return max(valid, key=lambda p: p.start) if valid else None


def days_left(end: dt.date, today: dt.date) -> int:
    """Days from today to the last valid day (0 = expires tonight, negative = expired)."""
    return (end - today).days


def status_text(
    start: dt.date, end: dt.date, today: dt.date, suspensions: Sequence[Span] = ()
) -> str:
    """« expire dans 12 jours », « suspendu jusqu'au … », « expiré depuis le … »."""
    if today < start:
        return tr("commence le {date}").format(date=format_date(start))
    suspended = next((s for s in suspensions if s.contains(today)), None)
    if suspended is not None and today <= end:
        return tr("suspendu jusqu'au {date}").format(date=format_date(suspended.end))
    left = days_left(end, today)
    if left < 0:
        return tr("expiré depuis le {date}").format(date=format_date(end + dt.timedelta(days=1)))
    if left == 0:
        return tr("expire ce soir")
    if left == 1:
        return tr("expire demain")
    return tr("expire dans {n} jours").format(n=left)


def _dates_violations(start: dt.date | None, end: dt.date | None) -> list[Violation]:
    violations = []
    if start is None:
        violations.append(
            Violation("start_required", tr("Date de début : obligatoire."), field="start_date")
        )
    if end is None:
        violations.append(
            Violation("end_required", tr("Date de fin : obligatoire."), field="end_date")
        )
    if start and end and end < start:
        violations.append(
            Violation(
                "end_before_start",
                tr("Date de fin : elle précède la date de début."),
                field="end_date",
            )
        )
    return violations


def _overlap(period: Span, others: Iterable[Span], code: str, message: str) -> list[Violation]:
    """The first of ``others`` that ``period`` overlaps, named in ``message``."""
    overlap = next((o for o in others if o.overlaps(period)), None)
    if overlap is None:
        return []
    text = message.format(start=format_date(overlap.start), end=format_date(overlap.end))
    return [Violation(code, text, field="start_date")]


def check_pass_dates(start: dt.date | None, initial_end: dt.date | None) -> list[Violation]:
    violations = _dates_violations(start, initial_end)
    if start and initial_end and initial_end > default_end(start):
        violations.append(
            Violation(
                "pass_longer_than_2_years",
                tr(
                    "Date de fin : un PASS IAE dure au plus 2 ans ({days} jours), soit jusqu'au {date}."
                ).format(days=PASS_DAYS, date=format_date(default_end(start))),
                field="end_date",
            )
        )
    return violations


def check_suspension(
    start: dt.date | None,
    end: dt.date | None,
    *,
    pass_period: Span,
    others: Iterable[Span],
) -> list[Violation]:
    """Inside the PASS, at most 12 months, never overlapping another suspension."""
    violations = _dates_violations(start, end)
    if violations or start is None or end is None:
        return violations
    if not pass_period.contains(start):
        violations.append(
            Violation(
                "suspension_outside_pass",
                tr(
                    "Date de début : la suspension doit commencer pendant le PASS ({start} – {end})."
                ).format(start=format_date(pass_period.start), end=format_date(pass_period.end)),
                field="start_date",
            )
        )
    longest = last_day_of(start, SUSPENSION_MAX_MONTHS)
    if end > longest:
        violations.append(
            Violation(
                "suspension_over_12_months",
                tr("Date de fin : une suspension dure au plus 12 mois (jusqu'au {date}).").format(
                    date=format_date(longest)
                ),
                field="end_date",
            )
        )
    violations += _overlap(
        Span(start, end),
        others,
        "suspension_overlap",
        tr("Dates : la période chevauche la suspension du {start} au {end}."),
    )
    return violations


def check_prolongation(
    reason: PassProlongationReason | None,
    start: dt.date | None,
    end: dt.date | None,
    *,
    pass_start: dt.date,
    others: Iterable[Prolongation],
    birth_date: dt.date | None = None,
    rqth: bool | None = None,
) -> list[Violation]:
    """12 months a decision; the reason's cumulative ceiling; no overlap; the person fits
    the reason (50 years old on its first day, or an RQTH recorded)."""
    violations = _dates_violations(start, end)
    if reason is None:
        violations.append(Violation("reason_required", tr("Motif : obligatoire."), field="reason"))
    if violations or start is None or end is None or reason is None:
        return violations
    others = list(others)
    if start < pass_start:
        violations.append(
            Violation(
                "prolongation_before_pass",
                tr("Date de début : la prolongation ne peut pas précéder le début du PASS."),
                field="start_date",
            )
        )
    longest = last_day_of(start, PROLONGATION_MAX_MONTHS)
    if end > longest:
        violations.append(
            Violation(
                "prolongation_over_12_months",
                tr(
                    "Date de fin : une décision de prolongation couvre au plus 12 mois (jusqu'au {date})."
                ).format(date=format_date(longest)),
                field="end_date",
            )
        )
    if reason is PassProlongationReason.SENIOR and birth_date is not None:
        age = age_on(birth_date, start)
        if age < SENIOR_AGE:
            violations.append(
                Violation(
                    "prolongation_not_senior",
                    tr("Motif : la personne aura {age} ans le {date}, {min} ans au moins.").format(
                        age=age, date=format_date(start), min=SENIOR_AGE
                    ),
                    field="reason",
                )
            )
    if reason is PassProlongationReason.RQTH and rqth is False:
        violations.append(
            Violation(
                "prolongation_without_rqth",
                tr(
                    "Motif : aucune RQTH n'est enregistrée dans le dossier (onglet Situation) ; "
                    "enregistrez-la d'abord."
                ),
                field="reason",
            )
        )
    years = PROLONGATION_LIMIT_YEARS[reason]
    ceiling = math.ceil(365.25 * years)  # a quarter-day a year for leap years
    total = Span(start, end).days + sum(p.days for p in others if p.reason is reason)
    if total > ceiling:
        violations.append(
            Violation(
                "prolongation_cumulative_limit",
                tr(
                    "Motif « {reason} » : les prolongations cumulées atteindraient {total} jours, "
                    "au plus {years} ans ({ceiling} jours)."
                ).format(reason=reason.label, total=total, years=years, ceiling=ceiling),
                field="end_date",
            )
        )
    violations += _overlap(
        Span(start, end),
        others,
        "prolongation_overlap",
        tr("Dates : la période chevauche la prolongation du {start} au {end}."),
    )
    return violations
