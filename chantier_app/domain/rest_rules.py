"""Rest between working days, from the days of the sign-in sheets (DOMAIN.md §4).

Code du travail:
- **L3132-1**: « il est interdit de faire travailler un même salarié plus de six jours par
  semaine »; **L3132-2**: the weekly rest is 24 consecutive hours plus the 11 h of daily
  rest. A seventh day worked in a civil week (Monday to Sunday, as the 48 h are counted)
  is refused.
- **L3131-1**: « tout salarié bénéficie d'un repos quotidien d'une durée minimale de onze
  heures consécutives ». Checked only where the start and end times of both days are known
  (``DayTimes``): the sheets record hours, not times, so today no caller has them.
- **L3121-22**: « la durée hebdomadaire de travail calculée sur une période quelconque de
  douze semaines consécutives ne peut dépasser quarante-quatre heures ». A warning, not a
  refusal (an agreement or the administration may allow 46 h): every window of 12
  consecutive civil weeks in which each week has at least one day entered.

A day worked, and the hours that count, are work time: worked, paid training and PMSMP
(``HoursValues.paid``), not absences. Choices where the text is silent, each protecting the
person: a PMSMP day counts as a day worked (the person works that day, at the host); a
week with no day entered at all (hours entered as a monthly total, or outside the
contract) is unknown rather than counted as 0 h, which would lower the average.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from chantier_app.domain.errors import Severity, Violation
from chantier_app.domain.fr_format import format_date, format_minutes
from chantier_app.domain.hours_terms import weeks
from chantier_app.i18n import tr

if TYPE_CHECKING:  # hours_rules calls these checks from check_days: no import at run time
    from chantier_app.domain.hours_rules import HoursValues

MAX_DAYS_PER_WEEK = 6  # L3132-1
DAILY_REST_MINUTES = 11 * 60  # L3131-1
AVERAGE_WEEKS = 12  # L3121-22
AVERAGE_MAX_MINUTES = 44 * 60
ONE_WEEK = dt.timedelta(days=7)


@dataclass(frozen=True)
class DayTimes:
    """When a day's work started and ended (the end may be after midnight: the next day)."""

    start: dt.time
    end: dt.time

    def span(self, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
        begin = dt.datetime.combine(day, self.start)
        finish = dt.datetime.combine(day, self.end)
        if finish <= begin:
            finish += dt.timedelta(days=1)
        return begin, finish


def worked_days(days: Mapping[dt.date, HoursValues]) -> list[dt.date]:
    return sorted(day for day, values in days.items() if values.paid > 0)


def check_days_per_week(days: Mapping[dt.date, HoursValues]) -> dict[dt.date, Violation]:
    """Civil weeks with more than six days worked, keyed by their Monday (L3132-1)."""
    found: dict[dt.date, Violation] = {}
    for monday, in_week in weeks(worked_days(days)):
        if len(in_week) > MAX_DAYS_PER_WEEK:
            found[monday] = Violation(
                "hours_week_over_6_days",
                tr(
                    "Semaine du {monday} : {n} jours travaillés, au plus 6 jours par semaine "
                    "(repos hebdomadaire, L3132-1 et L3132-2)."
                ).format(monday=format_date(monday), n=len(in_week)),
                Severity.ERROR,
                "total",
            )
    return found


def check_daily_rest(times: Mapping[dt.date, DayTimes]) -> dict[dt.date, Violation]:
    """Less than 11 consecutive hours between two days' work, keyed by the second day."""
    found: dict[dt.date, Violation] = {}
    for day in sorted(times):
        before = times.get(day - dt.timedelta(days=1))
        if before is None:
            continue
        _, ended = before.span(day - dt.timedelta(days=1))
        started, _ = times[day].span(day)
        rest = int((started - ended).total_seconds() // 60)
        if rest < DAILY_REST_MINUTES:
            found[day] = Violation(
                "hours_daily_rest_under_11h",
                tr(
                    "Le {day} : {rest} de repos depuis la fin du travail la veille ({end}), "
                    "au moins 11 h consécutives (repos quotidien, L3131-1)."
                ).format(
                    day=format_date(day),
                    rest=format_minutes(max(rest, 0)),
                    end=before.end.strftime("%H:%M"),
                ),
                Severity.ERROR,
                "total",
            )
    return found


def check_twelve_weeks(
    days: Mapping[dt.date, HoursValues], concerned: Iterable[dt.date] = ()
) -> list[Violation]:
    """Windows of 12 consecutive civil weeks averaging more than 44 h (L3121-22), a warning.

    ``concerned``: only the windows holding one of these days count (the month being saved);
    empty: every window.
    """
    per_week: dict[dt.date, int] = {}
    for monday, in_week in weeks(days):
        per_week[monday] = sum(days[d].paid for d in in_week)
    mondays = {d - dt.timedelta(days=d.weekday()) for d in concerned}
    found: list[Violation] = []
    for first in sorted(per_week):
        window = [first + ONE_WEEK * i for i in range(AVERAGE_WEEKS)]
        if any(monday not in per_week for monday in window):
            continue  # a week without any day entered: the average is unknown
        if mondays and not mondays.intersection(window):
            continue
        total = sum(per_week[monday] for monday in window)
        if total > AVERAGE_MAX_MINUTES * AVERAGE_WEEKS:
            found.append(
                Violation(
                    "hours_12_weeks_over_44h",
                    tr(
                        "Du {start} au {end} : {average} par semaine en moyenne sur 12 "
                        "semaines consécutives, au plus 44 h (L3121-22)."
                    ).format(
                        start=format_date(window[0]),
                        end=format_date(window[-1] + dt.timedelta(days=6)),
                        average=format_minutes(round(total / AVERAGE_WEEKS)),
                    ),
                    Severity.WARNING,
                    "total",
                )
            )
    return found
