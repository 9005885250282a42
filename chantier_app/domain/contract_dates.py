"""Date arithmetic of contracts: lengths in months, cumulative limits, trial periods, age.

How months are counted (one rule, used by every check and every screen):

- A period runs from its first day to its last day, **both included**.
- A period starting on S lasts N months exactly when its last day is the day before
  S + N months, computed with dateutil's ``relativedelta`` (calendar months: 31 January
  + 1 month = 28 February, or 29 in a leap year). « At least 4 months » therefore means
  ``last day >= S + 4 months - 1 day``; « at most 24 months » means
  ``last day <= S + 24 months - 1 day``.
- Contracts that follow each other without a gap form one continuous period, measured
  date to date from its first day. Earlier periods, separated by a gap, add their own
  lengths (whole months and remaining days, each measured date to date): the total
  reaches N months on ``anchor + N months - 1 day``, where the *anchor* is the first day
  of the current continuous period moved back by those days, then by those months.
  Example: 2024 in full (12 months), a gap, then from 1 July 2025: the anchor is
  1 July 2024 and 24 months are reached on 30 June 2026.
- Weeks (trial period) are whole weeks of 7 calendar days of the contract as first signed.
- One exception, the trial period's « durée initialement prévue au contrat ... au plus égale
  à six mois » (L1242-10): there the months are counted *de date à date* as the civil law
  counts them (Code de procédure civile art. 641: a time limit in months ends on the same
  day of the month; « à défaut d'un quantième identique, le délai expire le dernier jour du
  mois »), see ``end_date_to_date``. The two readings differ only for a start on the 29th,
  30th or 31st: a CDDI from 31 March to 30 September is six months and one day by the
  first rule (31 March + 6 months is clamped to 30 September) but exactly six months by
  the second, since September has no 31st. The second reading caps its trial at two weeks
  instead of one month: it protects the employee, so it is the one taken (and it is how
  ``domain/pmsmp.py`` already counts the PMSMP's month, D5135-3).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta

from chantier_app.i18n import tr

ONE_DAY = dt.timedelta(days=1)


def period_days(start: dt.date, end: dt.date) -> int:
    """Days from ``start`` to ``end``, both included (0 when the period is empty)."""
    return max(0, (end - start).days + 1)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` + ``months`` calendar months (the end of a short month is clamped)."""
    return day + relativedelta(months=months)


def last_day_of(start: dt.date, months: int) -> dt.date:
    """The last day of a period of exactly ``months`` months starting on ``start``."""
    return add_months(start, months) - ONE_DAY


def end_date_to_date(start: dt.date, months: int) -> dt.date:
    """The last day of ``months`` months from ``start`` counted *de date à date* (CPC 641):
    the day before the same day of the month ``months`` later, or, when that month has no
    such day (a start on the 31st, or the 29th-30th before February), its last day."""
    same_day = add_months(start, months)
    if same_day.day < start.day:  # clamped: no such day in that month
        return same_day
    return same_day - ONE_DAY


def lasts_at_least(start: dt.date, end: dt.date, months: int) -> bool:
    return end >= last_day_of(start, months)


def lasts_at_most(start: dt.date, end: dt.date, months: int) -> bool:
    return end <= last_day_of(start, months)


@dataclass(frozen=True, order=True)
class Duration:
    """A length as people say it: whole months and the remaining days."""

    months: int
    days: int

    @classmethod
    def of_period(cls, start: dt.date, end: dt.date) -> Duration:
        if end < start:
            return cls(0, 0)
        delta = relativedelta(end + ONE_DAY, start)
        return cls(delta.years * 12 + delta.months, delta.days)

    def as_months(self) -> Decimal:
        """Months with one decimal, a day being a thirtieth of a month (« 4,1 mois »)."""
        months = Decimal(self.months) + Decimal(self.days) / 30
        return months.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    def text(self) -> str:
        """« 18 mois et 12 jours », « 6 mois », « 9 jours »."""
        months = tr("{n} mois").format(n=self.months)
        days = tr("{n} jour").format(n=self.days) + ("s" if self.days > 1 else "")
        if self.months and self.days:
            return tr("{months} et {days}").format(months=months, days=days)
        if self.days:
            return days
        return months


@dataclass(frozen=True)
class Span:
    """A closed period of dates (both ends included)."""

    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return period_days(self.start, self.end)

    def overlaps(self, other: Span) -> bool:
        return self.start <= other.end and other.start <= self.end

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def merge_runs(spans: Iterable[Span]) -> list[Span]:
    """Spans merged into continuous runs (a span starting the day after another continues it)."""
    runs: list[Span] = []
    for span in sorted(spans, key=lambda s: s.start):
        if runs and span.start <= runs[-1].end + ONE_DAY:
            runs[-1] = Span(runs[-1].start, max(runs[-1].end, span.end))
        else:
            runs.append(span)
    return runs


def path_anchor(prior: Iterable[Span], start: dt.date, since: dt.date | None = None) -> dt.date:
    """The virtual first day of one continuous path that reaches ``start`` (see the module).

    Only the parts of ``prior`` before ``start`` (and from ``since`` on) count.
    """
    clipped = [
        Span(
            span.start if since is None else max(span.start, since), min(span.end, start - ONE_DAY)
        )
        for span in prior
    ]
    runs = merge_runs(s for s in clipped if s.days > 0)
    current = start
    if runs and runs[-1].end == start - ONE_DAY:
        current = runs.pop().start
    months = days = 0
    for run in runs:
        length = Duration.of_period(run.start, run.end)
        months += length.months
        days += length.days
    return current - dt.timedelta(days=days) - relativedelta(months=months)


def cumulative_limit(
    prior: Iterable[Span], start: dt.date, months: int, since: dt.date | None = None
) -> dt.date:
    """Last day a period starting on ``start`` may reach so the total stays within ``months``."""
    return last_day_of(path_anchor(prior, start, since), months)


def cumulative_duration(
    spans: Iterable[Span], as_of: dt.date | None = None, since: dt.date | None = None
) -> Duration:
    """Total length of ``spans`` (the parts up to ``as_of`` and from ``since``, when given)."""
    limit = as_of or dt.date.max - ONE_DAY
    clipped = [
        Span(span.start if since is None else max(span.start, since), min(span.end, limit))
        for span in spans
    ]
    runs = merge_runs(s for s in clipped if s.days > 0)
    if not runs:
        return Duration(0, 0)
    last = runs[-1]
    return Duration.of_period(path_anchor(runs[:-1], last.start), last.end)


def reached_on(
    prior: Iterable[Span], start: dt.date, months: int, since: dt.date | None = None
) -> dt.date:
    """The day a path continuing from ``start`` completes ``months`` months."""
    return add_months(path_anchor(prior, start, since), months)


TRIAL_SHORT_CONTRACT_MONTHS = 6
TRIAL_SHORT_CAP_DAYS = 14


def trial_short_contract(start: dt.date, end: dt.date) -> bool:
    """The contract « au plus égale à six mois » of L1242-10, six months counted de date à
    date (``end_date_to_date``): 31 March - 30 September is one, 31 March - 1 October not."""
    return end <= end_date_to_date(start, TRIAL_SHORT_CONTRACT_MONTHS)


def max_trial_days(start: dt.date, end: dt.date) -> int:
    """Longest trial period (L1242-10): 1 day per week, at most 2 weeks or 1 month.

    At most 2 weeks (14 days) when the contract lasts 6 months or less (the reading that
    protects the employee, see the module), at most 1 month otherwise, counted from the
    start as ``add_months`` does (28 to 31 days; for a start on the 31st the shorter
    month, again the employee's side).
    """
    weeks = period_days(start, end) // 7
    if trial_short_contract(start, end):
        cap = TRIAL_SHORT_CAP_DAYS
    else:
        cap = (add_months(start, 1) - start).days
    return min(weeks, cap)


SENIOR_AGE = 50  # « 50 ans et plus »: a reason to go beyond 24 months, or to prolong a PASS


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Age in whole years on ``day`` (born 29 February: one year older on 1 March)."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)


def first_days_of_work(periods: Iterable[Span]) -> dict[int, dt.date]:
    """Each year's first day under contract: the day the yearly report takes ages on."""
    first: dict[int, dt.date] = {}
    for period in periods:
        for year in range(period.start.year, period.end.year + 1):
            day = max(period.start, dt.date(year, 1, 1))
            first[year] = min(day, first.get(year, day))
    return first


def anonymous_birth_date(birth_date: dt.date, references: Iterable[dt.date]) -> dt.date:
    """A birth date in the same year that gives the same age on every date of
    ``references`` (the yearly reports' first days of work), and tells no more: the
    earliest day of the year that does. The exact date is gone, the past figures stay."""
    before = [
        (r.month, r.day)
        for r in references
        if (r.month, r.day) < (birth_date.month, birth_date.day)
    ]
    if not before:
        return dt.date(birth_date.year, 1, 1)
    month, day = max(before)
    candidate = dt.date(birth_date.year, month, min(day, 28)) + dt.timedelta(days=1)
    while (candidate.month, candidate.day) <= (month, day):  # 29-31 of a shorter month
        candidate += dt.timedelta(days=1)
    return candidate
