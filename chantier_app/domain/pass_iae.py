"""The PASS IAE (approval): number, two years of validity, suspensions and prolongations.

Dates are inclusive: a PASS starting on 1 January 2026 lasts 730 days and ends on
31 December 2027 (as the national platform issues it). Each suspended day pushes the end
one day later (R5132-1-3: the PASS is suspended, its validity resumes afterwards; no
ceiling per suspension in the Code, the platform accepts up to 36 months each).

A prolongation (R5132-1-8) extends the PASS **from its current end**, and the PASS then
ends on the prolongation's end. The platform's decisions start on the PASS's last day
(« du 31/12/2026 au 31/12/2027 » for a PASS ending on 31 December 2026); typed that way, or
from the next day, a prolongation is recorded as the days it adds, from the day after
the current end to its end, both included (``prolongation_span``), so the end stays
« initial end + suspended days + prolonged days », whatever the order they were typed in.

Ceilings (R5132-1-8; the platform's ``PROLONGATION_RULES``): each decision covers at most
12 months; the prolongations of a PASS, **all reasons together**, stay within the ceiling
of the reason asked: 5 years for « 50 ans et plus » (a path of 84 months), 3 years for
RQTH and for « difficultés particulières » (60 months); to finish a training, until the
training ends, with no cumulative ceiling. A request is possible from 12 months before
the end until 6 months after it (the platform's ``IS_OPEN_TO_PROLONGATION_BOUNDARIES``).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from chantier_app.domain.codes.contract_codes import PassProlongationReason
from chantier_app.domain.contract_dates import (
    ONE_DAY,
    SENIOR_AGE,
    Span,
    add_months,
    age_on,
    last_day_of,
)
from chantier_app.domain.errors import Severity, Violation
from chantier_app.domain.fr_format import format_date
from chantier_app.i18n import tr

PASS_DAYS = 730
NUMBER_DIGITS = 12
# The platform's Suspension.MAX_DURATION_MONTHS: beyond it, a warning (the Code sets none).
SUSPENSION_PLATFORM_MAX_MONTHS = 36
PROLONGATION_MAX_MONTHS = 12
REQUEST_MONTHS_BEFORE_END = 12
REQUEST_MONTHS_AFTER_END = 6
_NUMBER = re.compile(rf"^\d{{{NUMBER_DIGITS}}}$")
# Cumulative ceilings of every prolongation of a PASS, against the reason asked, in years
# (R5132-1-8 2°: 84 months of path for 50 and over, 60 for RQTH or particular
# difficulties, i.e. 5 and 3 years beyond the initial 2). Counted 365.25 days a year,
# rounded up: never below the platform's 365-day years, whatever the leap days.
# Finishing a training (R5132-1-8 1° b) has no cumulative ceiling: until the training ends.
PROLONGATION_LIMIT_YEARS = {
    PassProlongationReason.SENIOR: 5,
    PassProlongationReason.RQTH: 3,
    PassProlongationReason.DIFFICULTIES: 3,
}


def ceiling_days(reason: PassProlongationReason) -> int | None:
    """The cumulative ceiling of ``reason`` in days (None: finishing a training)."""
    years = PROLONGATION_LIMIT_YEARS.get(reason)
    return None if years is None else math.ceil(365.25 * years)


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
    """Inside the PASS, never overlapping another suspension. No ceiling (R5132-1-3 sets
    none): beyond the platform's 36 months, a warning to check the dates."""
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
    platform_max = last_day_of(start, SUSPENSION_PLATFORM_MAX_MONTHS)
    if end > platform_max:
        violations.append(
            Violation(
                "suspension_over_36_months",
                tr(
                    "Date de fin : la plateforme de l'inclusion enregistre une suspension de "
                    "36 mois au plus (jusqu'au {date}) ; le Code du travail ne fixe pas de "
                    "plafond (R5132-1-3) : vérifiez la date."
                ).format(date=format_date(platform_max)),
                Severity.WARNING,
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


def prolongation_span(start: dt.date, end: dt.date, current_end: dt.date) -> Span:
    """The days a prolongation adds: from the day after the PASS's current end to its end.

    The platform's decision « du {current_end} au {end} » and the same typed from the next
    day both give this span (``check_prolongation`` refuses any other start)."""
    del start  # either the current end or the next day: the same days are added
    return Span(current_end + ONE_DAY, end)


def longest_prolongation(current_end: dt.date) -> dt.date:
    """The last day one decision may reach: 12 months from the current end (by the
    platform's reading, from its last day, or from the next day: the later of both)."""
    return max(
        add_months(current_end, PROLONGATION_MAX_MONTHS),
        last_day_of(current_end + ONE_DAY, PROLONGATION_MAX_MONTHS),
    )


def request_window(current_end: dt.date) -> Span:
    """When a prolongation may be asked: 12 months before the end to 6 months after."""
    return Span(
        add_months(current_end, -REQUEST_MONTHS_BEFORE_END),
        add_months(current_end, REQUEST_MONTHS_AFTER_END),
    )


def remaining_days(reason: PassProlongationReason, others: Iterable[Span]) -> int | None:
    """Days still available under ``reason``'s ceiling, every prolongation counted."""
    ceiling = ceiling_days(reason)
    if ceiling is None:
        return None
    return max(0, ceiling - sum(p.days for p in others))


def latest_prolongation_end(
    reason: PassProlongationReason, current_end: dt.date, others: Iterable[Span]
) -> dt.date:
    """The last day a new prolongation for ``reason`` may reach (12 months, the ceiling)."""
    latest = longest_prolongation(current_end)
    left = remaining_days(reason, others)
    if left is not None:
        latest = min(latest, current_end + dt.timedelta(days=left))
    return latest


def check_prolongation(
    reason: PassProlongationReason | None,
    start: dt.date | None,
    end: dt.date | None,
    *,
    current_end: dt.date,
    others: Iterable[Prolongation],
    decided_on: dt.date | None = None,
    birth_date: dt.date | None = None,
    rqth: bool | None = None,
    training_end: dt.date | None = None,
    training_known: bool = False,
) -> list[Violation]:
    """A prolongation of the PASS ending on ``current_end`` (R5132-1-8): from that end,
    12 months a decision, every prolongation counted against the reason's ceiling, asked
    within the request window, the person fitting the reason (50 years old on its first
    day, an RQTH recorded, a training in progress it does not outlast).

    ``training_known``: the person's trainings were looked up; ``training_end`` is the last
    day of the ones in progress when the PASS ends (None: none is recorded)."""
    violations = _dates_violations(start, end)
    if reason is None:
        violations.append(Violation("reason_required", tr("Motif : obligatoire."), field="reason"))
    if violations or start is None or end is None or reason is None:
        return violations
    others = list(others)
    if start not in (current_end, current_end + ONE_DAY):
        return [
            Violation(
                "prolongation_not_from_pass_end",
                tr(
                    "Date de début : une prolongation part de la fin actuelle du PASS, le {end} "
                    "(la décision de la plateforme commence ce jour-là), ou du lendemain, le "
                    "{next}."
                ).format(end=format_date(current_end), next=format_date(current_end + ONE_DAY)),
                field="start_date",
            )
        ]
    if end <= current_end:
        return [
            Violation(
                "prolongation_empty",
                tr("Date de fin : elle doit suivre la fin actuelle du PASS ({end}).").format(
                    end=format_date(current_end)
                ),
                field="end_date",
            )
        ]
    added = prolongation_span(start, end, current_end)
    longest = longest_prolongation(current_end)
    if end > longest:
        violations.append(
            Violation(
                "prolongation_over_12_months",
                tr(
                    "Date de fin : une décision de prolongation couvre au plus 12 mois à partir "
                    "de la fin du PASS (jusqu'au {date})."
                ).format(date=format_date(longest)),
                field="end_date",
            )
        )
    if decided_on is not None:
        window = request_window(current_end)
        if not window.contains(decided_on):
            violations.append(
                Violation(
                    "prolongation_request_window",
                    tr(
                        "Décision du : une prolongation se demande entre le {first} (12 mois "
                        "avant la fin du PASS) et le {last} (6 mois après) ; vérifiez la date."
                    ).format(first=format_date(window.start), last=format_date(window.end)),
                    Severity.WARNING,
                    field="decided_on",
                )
            )
    violations += _fits_reason(reason, added, birth_date, rqth, training_end, training_known)
    ceiling = ceiling_days(reason)
    total = added.days + sum(p.days for p in others)
    if ceiling is not None and total > ceiling:
        violations.append(
            Violation(
                "prolongation_cumulative_limit",
                tr(
                    "Motif « {reason} » : les prolongations du PASS, tous motifs confondus, "
                    "atteindraient {total} jours, au plus {years} ans ({ceiling} jours) pour ce "
                    "motif ; fin au plus tard le {latest}."
                ).format(
                    reason=reason.label,
                    total=total,
                    years=PROLONGATION_LIMIT_YEARS[reason],
                    ceiling=ceiling,
                    latest=format_date(latest_prolongation_end(reason, current_end, others)),
                ),
                field="end_date",
            )
        )
    violations += _overlap(
        added,
        others,
        "prolongation_overlap",
        tr("Dates : la période chevauche la prolongation du {start} au {end}."),
    )
    return violations


@dataclass(frozen=True)
class ProlongationContext:
    """What a new prolongation of one PASS is checked against (loaded by the service)."""

    current_end: dt.date
    others: tuple[Prolongation, ...] = ()
    birth_date: dt.date | None = None
    rqth: bool | None = None
    training_end: dt.date | None = None  # the trainings in progress at the end; None: none

    def check(
        self,
        reason: PassProlongationReason | None,
        start: dt.date | None,
        end: dt.date | None,
        decided_on: dt.date | None = None,
    ) -> list[Violation]:
        return check_prolongation(
            reason,
            start,
            end,
            current_end=self.current_end,
            others=self.others,
            decided_on=decided_on,
            birth_date=self.birth_date,
            rqth=self.rqth,
            training_end=self.training_end,
            training_known=True,
        )

    def latest_end(self, reason: PassProlongationReason) -> dt.date:
        """The last day a new prolongation for ``reason`` may reach (for a training, no
        later than its end when one is recorded)."""
        latest = latest_prolongation_end(reason, self.current_end, self.others)
        if reason is PassProlongationReason.FINISH_TRAINING and self.training_end is not None:
            latest = min(latest, self.training_end)
        return latest


def _fits_reason(
    reason: PassProlongationReason,
    added: Span,
    birth_date: dt.date | None,
    rqth: bool | None,
    training_end: dt.date | None,
    training_known: bool,
) -> list[Violation]:
    """The person fits the reason: 50 on the first added day, an RQTH recorded, a training
    in progress when the PASS ends that the prolongation does not outlast."""
    if reason is PassProlongationReason.SENIOR and birth_date is not None:
        age = age_on(birth_date, added.start)
        if age < SENIOR_AGE:
            return [
                Violation(
                    "prolongation_not_senior",
                    tr("Motif : la personne aura {age} ans le {date}, {min} ans au moins.").format(
                        age=age, date=format_date(added.start), min=SENIOR_AGE
                    ),
                    field="reason",
                )
            ]
    if reason is PassProlongationReason.RQTH and rqth is False:
        return [
            Violation(
                "prolongation_without_rqth",
                tr(
                    "Motif : aucune RQTH n'est enregistrée dans le dossier (onglet Situation) ; "
                    "enregistrez-la d'abord."
                ),
                field="reason",
            )
        ]
    if reason is PassProlongationReason.FINISH_TRAINING and training_known:
        if training_end is None:
            # Trainings outside the catalog are not recorded: a warning, not a refusal.
            return [
                Violation(
                    "prolongation_no_training_recorded",
                    tr(
                        "Motif : aucune formation en cours à la fin du PASS n'est enregistrée "
                        "(onglet Formations) ; la prolongation s'arrête au plus tard à la fin "
                        "de la formation à achever (R5132-1-8)."
                    ),
                    Severity.WARNING,
                    field="reason",
                )
            ]
        if added.end > training_end:
            return [
                Violation(
                    "prolongation_beyond_training",
                    tr(
                        "Date de fin : pour achever une formation, la prolongation s'arrête au "
                        "plus tard à la fin de la formation, le {date} (R5132-1-8)."
                    ).format(date=format_date(training_end)),
                    field="end_date",
                )
            ]
    return []
