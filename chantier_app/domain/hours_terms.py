"""What a contract says about time: its dates, its hours over time (amendments), its
suspensions, and the hours it makes a person expect in a month (working days, public holidays).

Everything here is exact: minutes are integers, expectations are ``Fraction``s rounded once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from chantier_app.domain.codes.contract_codes import ContractKind
from chantier_app.domain.holidays_fr import FIRST_YEAR, LAST_YEAR, METROPOLITAN

DAY_MAX_MINUTES = 10 * 60  # more than 10 h in a day is refused
WEEK_MAX_MINUTES = 48 * 60  # more than 48 h in a (calendar) week is refused
WORKING_DAYS_PER_WEEK = 5  # weekly hours are spread over Monday to Friday

# holidays.France subdivisions; the structure's setting may use the department numbers.
_REGION_ALIASES = {"67": "6AE", "68": "6AE"}


# Months -------------------------------------------------------------------------------
def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_to_enter(today: dt.date) -> dt.date:
    """The month whose hours are being entered: the previous one during the first ten days
    (last month's sheets come back then), else the month under way."""
    if today.day <= 10:
        return month_start(month_start(today) - dt.timedelta(days=1))
    return month_start(today)


def next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


@lru_cache(maxsize=4096)
def month_end(month: dt.date) -> dt.date:
    # Cached: asked for every contract of every month of a year's plan.
    return next_month(month_start(month)) - dt.timedelta(days=1)


def month_days(month: dt.date) -> list[dt.date]:
    first, last = month_start(month), month_end(month)
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def year_months(year: int) -> list[dt.date]:
    return [dt.date(year, m, 1) for m in range(1, 13)]


def public_holidays(years: Iterable[int], region: str | None = None) -> frozenset[dt.date]:
    """Public holidays in France (with Alsace-Moselle's or overseas' extra days by region).

    An unknown region falls back to metropolitan France rather than blocking hours entry.
    Metropolitan France comes from a table of the library's own dates (no import).
    """
    years = sorted(set(years))
    if not (region or "").strip() and all(FIRST_YEAR <= y <= LAST_YEAR for y in years):
        return frozenset(dt.date(y, m, d) for y in years for m, d in METROPOLITAN[y])
    import holidays

    # ``France`` from its module: the package re-exports it without ``__all__``, which type
    # checkers do not count as an export (at run time, the same class).
    from holidays.countries.france import France

    subdiv = _REGION_ALIASES.get((region or "").strip(), (region or "").strip()) or None
    if subdiv not in France.subdivisions:
        subdiv = None
    # The typed factory (``France.__init__`` has no annotations); the same call inside.
    return frozenset(holidays.country_holidays("FR", subdiv=subdiv, years=years).keys())


@lru_cache(maxsize=4096)
def _days_between(first: dt.date, last: dt.date) -> tuple[dt.date, ...]:
    """Every day from ``first`` to ``last`` (a grid asks the same months hundreds of times)."""
    return tuple(first + dt.timedelta(days=i) for i in range((last - first).days + 1))


# A contract's terms ---------------------------------------------------------------------
@dataclass(frozen=True)
class HoursChange:
    """An amendment changing the hours, from ``effective_date`` on (None: unchanged)."""

    effective_date: dt.date
    weekly_minutes: int | None
    monthly_minutes: int | None


@dataclass(frozen=True)
class SuspensionPeriod:
    start: dt.date
    end: dt.date
    pmsmp: bool = False  # the person is in a PMSMP: PMSMP hours are expected, nothing else

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class ContractTerms:
    """A contract as the hours rules see it (built by services from the database)."""

    contract_id: int
    kind: ContractKind
    start: dt.date
    end: dt.date  # the actual end when the contract has ended, else the planned end
    weekly_minutes: int | None  # at the start of the contract (CDDI)
    monthly_minutes: int | None  # at the start of the contract (Premières Heures)
    changes: tuple[HoursChange, ...] = ()  # sorted by effective date
    suspensions: tuple[SuspensionPeriod, ...] = ()

    def active_on(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def suspension_on(self, day: dt.date) -> SuspensionPeriod | None:
        return next((s for s in self.suspensions if s.covers(day)), None)

    def weekly_minutes_on(self, day: dt.date) -> int | None:
        value = self.weekly_minutes
        for change in self.changes:
            if change.effective_date <= day and change.weekly_minutes is not None:
                value = change.weekly_minutes
        return value

    def monthly_minutes_on(self, day: dt.date) -> int | None:
        value = self.monthly_minutes
        for change in self.changes:
            if change.effective_date <= day and change.monthly_minutes is not None:
                value = change.monthly_minutes
        return value

    def active_days(self, month: dt.date) -> list[dt.date]:
        first = max(month_start(month), self.start)
        last = min(month_end(month), self.end)
        return list(_days_between(first, last))

    def available_days(self, month: dt.date, *, pmsmp: bool = False) -> list[dt.date]:
        """Days of the month the contract runs and is not suspended (PMSMP ones if asked)."""
        days = self.active_days(month)
        if not days or not any(s.start <= days[-1] and days[0] <= s.end for s in self.suspensions):
            return days
        kept = []
        for day in days:
            suspension = self.suspension_on(day)
            if suspension is None or (pmsmp and suspension.pmsmp):
                kept.append(day)
        return kept


@dataclass(frozen=True)
class AmendmentHours:
    """The hours fields of an amendment, as stored (previous and new values)."""

    effective_date: dt.date
    previous_weekly_minutes: int | None
    new_weekly_minutes: int | None
    previous_monthly_minutes: int | None
    new_monthly_minutes: int | None


def initial_hours(
    current_weekly: int | None, current_monthly: int | None, amendments: Sequence[AmendmentHours]
) -> tuple[int | None, int | None, tuple[HoursChange, ...]]:
    """Hours at the start and their changes, whether or not the contract row was updated.

    The first amendment changing the weekly (monthly) hours knows the value before it; the
    contract row may hold either the initial or the current value, so it is only a fallback.
    """
    if not amendments:  # most contracts: nothing to walk
        return current_weekly, current_monthly, ()
    ordered = sorted(amendments, key=lambda a: a.effective_date)
    weekly = monthly = None
    weekly_found = monthly_found = False
    changes = []
    for a in ordered:  # one walk (a grid reads hundreds of contracts)
        if a.new_weekly_minutes is not None and not weekly_found:
            weekly, weekly_found = a.previous_weekly_minutes, True
        if a.new_monthly_minutes is not None and not monthly_found:
            monthly, monthly_found = a.previous_monthly_minutes, True
        if a.new_weekly_minutes is not None or a.new_monthly_minutes is not None:
            changes.append(
                HoursChange(a.effective_date, a.new_weekly_minutes, a.new_monthly_minutes)
            )
    return (
        weekly if weekly is not None else current_weekly,
        monthly if monthly is not None else current_monthly,
        tuple(changes),
    )


# Expected hours and limits --------------------------------------------------------------
def expected_minutes(
    terms: ContractTerms, month: dt.date, holidays: Collection[dt.date]
) -> Fraction:
    """Hours the contract plans in ``month`` (paid time and absences together).

    CDDI: weekly hours / 5 on each working day (Monday to Friday, not a public holiday) of
    the contract, outside suspensions (a PMSMP counts: PMSMP hours are expected then).
    Premières Heures: the monthly hours in proportion to the contract's days in the month.
    """
    first, last = month_start(month), month_end(month)
    if terms.start > last or terms.end < first:  # most contracts of a year, most months
        return Fraction(0)
    start, end = max(first, terms.start), min(last, terms.end)
    if isinstance(holidays, frozenset) and not any(
        s.start <= end and start <= s.end for s in terms.suspensions
    ):  # a run of days, no suspension: counted without a list of days (a grid's every row)
        return _expected_run(terms, start, end, (last - first).days + 1, holidays)
    days = terms.available_days(month, pmsmp=True)
    if terms.kind.hours_per_month:
        if not terms.changes:
            numerator = (terms.monthly_minutes or 0) * len(days)
        else:
            numerator = sum(terms.monthly_minutes_on(day) or 0 for day in days)
        return Fraction(numerator, (last - first).days + 1)
    if not terms.changes:
        numerator = (terms.weekly_minutes or 0) * _working_count(days, holidays)
    elif _is_run(days) and isinstance(holidays, frozenset):
        numerator = _weekly_sum_between(terms, days[0], days[-1], holidays)
    else:
        numerator = _weekly_sum(terms, working_days(days, holidays))
    return Fraction(numerator, WORKING_DAYS_PER_WEEK)


def _expected_run(
    terms: ContractTerms, first: dt.date, last: dt.date, length: int, holidays: frozenset[dt.date]
) -> Fraction:
    """``expected_minutes`` when the contract runs unsuspended from ``first`` to ``last``
    (``length``: the days of the month)."""
    if terms.kind.hours_per_month:
        if not terms.changes:
            numerator = (terms.monthly_minutes or 0) * ((last - first).days + 1)
        else:
            numerator = sum(terms.monthly_minutes_on(d) or 0 for d in _days_between(first, last))
        return Fraction(numerator, length)
    if not terms.changes:
        numerator = (terms.weekly_minutes or 0) * _working_count_between(first, last, holidays)
    else:
        numerator = _weekly_sum_between(terms, first, last, holidays)
    return Fraction(numerator, WORKING_DAYS_PER_WEEK)


def _is_run(days: list[dt.date]) -> bool:
    return bool(days) and (days[-1] - days[0]).days == len(days) - 1


def _weekly_sum_between(
    terms: ContractTerms, first: dt.date, last: dt.date, holidays: frozenset[dt.date]
) -> int:
    """``_weekly_sum`` of the working days from ``first`` to ``last``, a stretch of days
    at a time between two changes (their working days counted once per stretch and cached):
    the same walk of the changes, without a list of days (a grid asks it for every row)."""
    changes = [c for c in terms.changes if c.weekly_minutes is not None]
    current, index, total, start = terms.weekly_minutes, 0, 0, first
    while index < len(changes) and changes[index].effective_date <= first:
        current = changes[index].weekly_minutes
        index += 1
    while index < len(changes) and changes[index].effective_date <= last:
        boundary = changes[index].effective_date  # after ``start``: the days before it
        total += (current or 0) * _working_count_between(start, boundary - _DAY, holidays)
        start = boundary
        while index < len(changes) and changes[index].effective_date <= boundary:
            current = changes[index].weekly_minutes
            index += 1
    return total + (current or 0) * _working_count_between(start, last, holidays)


_DAY = dt.timedelta(days=1)


def _weekly_sum(terms: ContractTerms, days: list[dt.date]) -> int:
    """Sum of ``weekly_minutes_on`` over sorted days, walking the sorted changes once."""
    changes = [c for c in terms.changes if c.weekly_minutes is not None]
    current, index, total = terms.weekly_minutes, 0, 0
    for day in days:
        while index < len(changes) and changes[index].effective_date <= day:
            current = changes[index].weekly_minutes
            index += 1
        total += current or 0
    return total


def _working_count(days: list[dt.date], holidays: Collection[dt.date]) -> int:
    if _is_run(days) and isinstance(holidays, frozenset):
        return _working_count_between(days[0], days[-1], holidays)  # a run: the usual case
    return len(working_days(days, holidays))


@lru_cache(maxsize=4096)
def _working_count_between(first: dt.date, last: dt.date, holidays: frozenset[dt.date]) -> int:
    return len(working_days(_days_between(first, last), holidays))


def working_days(days: Iterable[dt.date], holidays: Collection[dt.date]) -> list[dt.date]:
    return [d for d in days if d.weekday() < WORKING_DAYS_PER_WEEK and d not in holidays]


def weeks(days: Iterable[dt.date]) -> Iterator[tuple[dt.date, list[dt.date]]]:
    """Days grouped by calendar week (Monday first), keyed by the week's Monday."""
    grouped: dict[dt.date, list[dt.date]] = {}
    for day in sorted(days):
        grouped.setdefault(day - dt.timedelta(days=day.weekday()), []).append(day)
    yield from grouped.items()


def max_minutes(days: Iterable[dt.date]) -> int:
    """The most anyone may do on these days: 10 h a day, 48 h a calendar week."""
    days = list(days)
    if days and (days[-1] - days[0]).days == len(days) - 1:  # a run of days: the usual case
        return max_minutes_between(days[0], days[-1])
    return _max_minutes(days)


@lru_cache(maxsize=4096)
def max_minutes_between(first: dt.date, last: dt.date) -> int:
    """``max_minutes`` of every day from ``first`` to ``last``."""
    return _max_minutes(_days_between(first, last))


def _max_minutes(days: Iterable[dt.date]) -> int:
    per_week: dict[int, int] = {}
    for day in days:  # keyed by the week (day 1 of the calendar was a Monday)
        week = (day.toordinal() - 1) // 7
        per_week[week] = per_week.get(week, 0) + 1
    return sum(min(WEEK_MAX_MINUTES, n * DAY_MAX_MINUTES) for n in per_week.values())


def round_minutes(value: Fraction) -> int:
    """Half up, to the minute (in integers: Fraction arithmetic is slow)."""
    n, d = value.numerator, value.denominator
    return (2 * n + d) // (2 * d) if n >= 0 else -((d - 2 * n) // (2 * d))


def sum_fractions(values: Iterable[Fraction]) -> Fraction:
    """Exact sum of many fractions sharing few denominators (hours: fifths, month lengths)."""
    by_denominator: dict[int, int] = {}
    for value in values:
        d = value.denominator
        by_denominator[d] = by_denominator.get(d, 0) + value.numerator
    return sum((Fraction(n, d) for d, n in by_denominator.items()), Fraction(0))
