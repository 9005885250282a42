"""FTE (ETP): paid minutes / annual full-time minutes, month by month, and the year's projection.

Minutes are added up as integers and divided once, so twelve months of exactly one twelfth
of a full time make exactly 1 FTE (no float drift, no rounding piled up month after month).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from chantier_app.domain.hours_terms import (
    ContractTerms,
    expected_minutes,
    month_end,
    round_minutes,
    sum_fractions,
    year_months,
)

DEFAULT_ANNUAL_FULLTIME_MINUTES = 1607 * 60


def fte(minutes: int, annual_fulltime_minutes: int) -> Decimal:
    """FTE for ``minutes`` of paid time (28 significant digits, never a float)."""
    if annual_fulltime_minutes <= 0:
        return Decimal(0)
    return Decimal(minutes) / Decimal(annual_fulltime_minutes)


def rounded(value: Decimal, places: int = 2) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class FteMonth:
    month: dt.date
    minutes: int  # recorded paid minutes, or expected ones for a projected month
    cumulative_minutes: int  # since January, recorded then projected
    projected: bool


@dataclass(frozen=True)
class FteYear:
    """Consumption of a year: recorded months up to ``as_of``, projected months after."""

    year: int
    annual_fulltime_minutes: int
    funded_fte: Decimal | None
    months: tuple[FteMonth, ...]
    as_of: dt.date | None  # last month with recorded hours (None: nothing recorded yet)
    rate: Fraction = Fraction(1)  # share of the planned hours actually paid, applied to projections

    def fte(self, minutes: int) -> Decimal:
        return fte(minutes, self.annual_fulltime_minutes)

    @property
    def consumed_minutes(self) -> int:
        return sum(m.minutes for m in self.months if not m.projected)

    @property
    def consumed_fte(self) -> Decimal:
        return self.fte(self.consumed_minutes)

    @property
    def projected_minutes(self) -> int:
        """Recorded plus expected until December."""
        return self.months[-1].cumulative_minutes if self.months else 0

    @property
    def projected_fte(self) -> Decimal:
        return self.fte(self.projected_minutes)

    def month_fte(self, month: FteMonth) -> Decimal:
        """FTE of this month alone (its share of the year)."""
        return self.fte(month.minutes)

    def cumulative_fte(self, month: FteMonth) -> Decimal:
        return self.fte(month.cumulative_minutes)

    def funded_to_date(self, month: dt.date) -> Decimal | None:
        """The funded FTE in proportion to the months elapsed (the pace to keep)."""
        if self.funded_fte is None:
            return None
        return self.funded_fte * month.month / 12

    @property
    def projected_gap(self) -> Decimal | None:
        """Projected minus funded FTE at year end (negative: under-consumption)."""
        if self.funded_fte is None:
            return None
        return self.projected_fte - self.funded_fte


def year_fte(
    year: int,
    annual_fulltime_minutes: int,
    recorded: Mapping[dt.date, int],
    expected: Mapping[dt.date, int],
    funded_fte: Decimal | None = None,
    rate: Fraction = Fraction(1),
    entered: Collection[dt.date] | None = None,
) -> FteYear:
    """Months up to the last one entered come from ``recorded``; later months from
    ``expected`` (what the contracts in force plan) times ``rate`` (the share of planned
    hours actually paid so far: absences and leave lower it). The last month entered is the
    last of ``entered`` (months whose worked hours were typed) when given, else the last
    with recorded minutes."""
    months = year_months(year)
    as_of = last_entered(recorded, entered)
    cumulative = 0
    points = []
    for month in months:
        projected = as_of is None or month > as_of
        if projected:
            minutes = round_minutes(Fraction(expected.get(month, 0)) * rate)
        else:
            minutes = recorded.get(month, 0)
        cumulative += minutes
        points.append(FteMonth(month, minutes, cumulative, projected))
    return FteYear(year, annual_fulltime_minutes, funded_fte, tuple(points), as_of, rate)


def last_entered(
    recorded: Mapping[dt.date, int], entered: Collection[dt.date] | None = None
) -> dt.date | None:
    """The last month whose hours were entered. Training attendance and PMSMP fill a month's
    paid minutes as they happen, before its worked hours are typed: a month with only those
    is still to come, not observed."""
    if entered is not None:
        return max(entered, default=None)
    return max((mo for mo, minutes in recorded.items() if minutes > 0), default=None)


def observed_rate(recorded_paid: int, expected: int) -> Fraction:
    """Paid minutes recorded over those the contracts planned for the same months, capped at
    1 (overtime is not projected); 1 when nothing can be observed yet."""
    if expected <= 0 or recorded_paid <= 0:
        return Fraction(1)
    return min(Fraction(recorded_paid, expected), Fraction(1))


def plan_year(
    year: int,
    annual_fulltime_minutes: int,
    contracts: Sequence[ContractTerms],
    recorded: Mapping[dt.date, int],
    recorded_keys: Collection[tuple[int, dt.date]],
    holidays: Collection[dt.date],
    funded_fte: Decimal | None = None,
    entered: Collection[dt.date] | None = None,
) -> FteYear:
    """The year from what was recorded (paid minutes per month, and which contract-months)
    and what the contracts running that year plan: the rate of presence is observed on the
    recorded contract-months, then applied to the months still to come."""
    expected: dict[dt.date, int] = {}
    as_of = last_entered(recorded, entered)
    observed_expected = 0
    for month in year_months(year):
        last = month_end(month)
        planned = [
            (t.contract_id, expected_minutes(t, month, holidays))
            for t in contracts
            if t.start <= last and t.end >= month  # the others plan nothing that month
        ]
        expected[month] = round_minutes(sum_fractions(p for _, p in planned))
        if as_of is not None and month <= as_of:
            observed_expected += sum(
                round_minutes(p) for cid, p in planned if (cid, month) in recorded_keys
            )
    observed_paid = sum(v for mo, v in recorded.items() if as_of is not None and mo <= as_of)
    return year_fte(
        year,
        annual_fulltime_minutes,
        recorded,
        expected,
        funded_fte,
        observed_rate(observed_paid, observed_expected),
        entered,
    )
