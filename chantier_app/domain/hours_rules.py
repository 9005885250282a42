"""The rules hours must follow (DOMAIN.md §4), with French messages naming the cell.

- no hours outside the contract's dates or during a suspension (PMSMP hours are allowed
  during a PMSMP suspension);
- no negative or impossible values (more than 10 h a day or 48 h a calendar week);
- days of sign-in sheets: at most six days worked in a civil week, 11 h of daily rest
  where times are known, 44 h a week on average over 12 weeks (``rest_rules``);
- Premières Heures: at most 72 h of paid time in a month (error);
- CDDI: the month compared with the contract's weekly hours on the month's working days
  (public holidays and partial months taken into account): a warning above 10 % off.

Violation fields: a category's value (``"worked"``…) or ``"total"`` for the whole row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import partial

from chantier_app.domain.codes.hours_codes import HoursCategory
from chantier_app.domain.errors import Severity, Violation
from chantier_app.domain.fr_format import format_date, format_minutes, format_month
from chantier_app.domain.hours_terms import (
    DAY_MAX_MINUTES,
    WEEK_MAX_MINUTES,
    ContractTerms,
    expected_minutes,
    max_minutes,
    max_minutes_between,
    month_end,
    round_minutes,
    weeks,
    working_days,
)
from chantier_app.domain.parsing import parse_minutes
from chantier_app.domain.rest_rules import (
    DayTimes,
    check_daily_rest,
    check_days_per_week,
    check_twelve_weeks,
)
from chantier_app.i18n import tr

FIRST_HOURS_MONTH_MAX = 72 * 60
DEVIATION_PERCENT = 10
TOTAL = "total"
_FIELDS = {category: category.value for category in HoursCategory}  # enum lookups are slow
_CATEGORIES = tuple(HoursCategory)  # in the order of HoursValues' fields


@dataclass(frozen=True)
class HoursValues:
    """The six categories of one month or one day, in integer minutes.

    Field names are the ``HoursCategory`` values, so ``values.get(category)`` works.
    """

    worked: int = 0
    training: int = 0
    pmsmp: int = 0
    paid_absence: int = 0
    sick: int = 0
    unjustified: int = 0

    def get(self, category: HoursCategory) -> int:
        return int(getattr(self, _FIELDS[category]))

    def with_value(self, category: HoursCategory, minutes: int) -> HoursValues:
        # Not dataclasses.replace (slow): asked for every cell of a saved grid.
        values = dict(self.__dict__)
        values[_FIELDS[category]] = minutes
        return HoursValues(**values)

    def as_dict(self) -> dict[HoursCategory, int]:
        # Spelled out: a grid's save asks it for each row it sends.
        values = (self.worked, self.training, self.pmsmp, self.paid_absence, self.sick,
                  self.unjustified)  # fmt: skip
        return dict(zip(_CATEGORIES, values, strict=True))

    @property
    def total(self) -> int:
        # Spelled out: asked for every row of a grid at every check (fields() is slow).
        return (
            self.worked
            + self.training
            + self.pmsmp
            + self.paid_absence
            + self.sick
            + self.unjustified
        )

    @property
    def paid(self) -> int:
        """Work time: worked, paid training, PMSMP — « Heures de travail » on every screen and
        document. Paid absence is paid but is not work time, so it is not in this total.

        The one total the figures use: the FTE (``domain/fte.py``: these minutes over the
        annual full time), hence the aide au poste, which the State funds « par poste de
        travail occupé à temps plein » (FTE conventionnés, Code du travail R5132-37 ff. for
        the ACI), and the monthly statement for the ASP's extranet, whose hours column is
        these minutes (``services/hours/statement.py``); sick leave and absences go in its
        absence column. Training inside the contract is work time (DOMAIN.md, section 5), and
        a PMSMP keeps the contract and its pay running (D5135-3). ``total`` adds the three
        absences: what the month's entry is checked against the contract's hours.
        """
        return self.worked + self.training + self.pmsmp

    def __add__(self, other: HoursValues) -> HoursValues:
        # Spelled out: a grid's totals row adds its hundreds of rows at each load.
        return HoursValues(
            self.worked + other.worked,
            self.training + other.training,
            self.pmsmp + other.pmsmp,
            self.paid_absence + other.paid_absence,
            self.sick + other.sick,
            self.unjustified + other.unjustified,
        )


def parse_cell(category: HoursCategory, text: str | int | None) -> int:
    """A typed cell -> minutes (empty = 0); ValueError with a French message naming the column.

    An ``int`` is already minutes (a value the program computed, not one a person typed).
    """
    if isinstance(text, int) and not isinstance(text, bool):
        return text
    try:
        minutes = parse_minutes(text)
    except ValueError as exc:
        raise ValueError(f"{category.label} : {exc}") from None
    return minutes or 0


def _h(minutes: int | Fraction) -> str:
    value = minutes if isinstance(minutes, int) else round_minutes(minutes)
    return format_minutes(value)


def _error(code: str, message: str, field: str | None = TOTAL) -> Violation:
    return Violation(code, message, Severity.ERROR, field)


def check_values(values: HoursValues) -> list[Violation]:
    """Negative values, whatever the period."""
    if min(values.__dict__.values()) >= 0:  # nearly always: no enum walked (a grid's rows)
        return []
    return [
        _error(
            "hours_negative",
            tr("{label} : un nombre d'heures ne peut pas être négatif.").format(label=c.label),
            c.value,
        )
        for c in HoursCategory
        if values.get(c) < 0
    ]


def month_is_over(month: dt.date, today: dt.date) -> bool:
    return month_end(month) < today


@dataclass(frozen=True, slots=True)
class MonthFrame:
    """What a contract allows in one month, whatever hours are typed: computed once per
    contract and month (``month_frame``), then each check of its row is a few comparisons —
    a grid checks its hundreds of rows at each load and save, and a row at each keystroke."""

    month: dt.date
    terms: ContractTerms
    active: bool  # the contract runs on some day of the month
    available: int  # days of contract not suspended
    with_pmsmp: int  # the same, the days of a PMSMP suspension counted
    limit: int  # max_minutes of the ``available`` days (10 h a day, 48 h a week)
    limit_with_pmsmp: int
    expected: Fraction  # expected_minutes: what the contract plans that month


def month_frame(
    terms: ContractTerms, month: dt.date, holidays: Collection[dt.date] = frozenset()
) -> MonthFrame:
    """The frame ``check_month`` checks a month's values against."""
    month = month.replace(day=1)
    first, last = max(month, terms.start), min(month_end(month), terms.end)
    if first > last:
        return MonthFrame(month, terms, False, 0, 0, 0, 0, Fraction(0))
    if not any(s.start <= last and first <= s.end for s in terms.suspensions):
        count = (last - first).days + 1  # a run of days: the usual case, no list built
        limit = max_minutes_between(first, last)
        expected = expected_minutes(terms, month, holidays)
        return MonthFrame(month, terms, True, count, count, limit, limit, expected)
    available = terms.available_days(month)
    with_pmsmp = terms.available_days(month, pmsmp=True)
    return MonthFrame(
        month,
        terms,
        True,
        len(available),
        len(with_pmsmp),
        max_minutes(available),
        max_minutes(with_pmsmp),
        expected_minutes(terms, month, holidays),
    )


def _same(a: ContractTerms, b: ContractTerms) -> bool:
    return a is b or a == b


def check_month(
    terms: ContractTerms,
    month: dt.date,
    values: HoursValues,
    holidays: Collection[dt.date] = frozenset(),
    *,
    month_over: bool = True,
    frame: MonthFrame | None = None,
) -> list[Violation]:
    """Every rule on one contract's month. Nothing entered (all zero) breaks nothing.

    While the month is under way (``month_over`` false), a row without worked hours (only the
    training days recorded from attendance so far) is not compared with the contract's
    month: its hours are still to come. ``frame``: ``month_frame(terms, month, holidays)``
    if the caller has it (the same result, sooner)."""
    violations = check_values(values)
    if violations or values.total == 0:
        return violations
    if frame is None or frame.month != month.replace(day=1) or not _same(frame.terms, terms):
        frame = month_frame(terms, month, holidays)
    if not frame.active:
        return [
            _error(
                "hours_outside_contract",
                tr(
                    "Le contrat (du {start} au {end}) ne court pas en {month} : aucune heure ne "
                    "peut y être saisie."
                ).format(
                    start=format_date(terms.start),
                    end=format_date(terms.end),
                    month=format_month(month),
                ),
            )
        ]
    pmsmp = values.pmsmp
    if (values.total - pmsmp > 0 and not frame.available) or (pmsmp and not frame.with_pmsmp):
        return [
            _error(
                "hours_during_suspension",
                tr(
                    "Le contrat est suspendu pendant tous ses jours de {month} : aucune heure "
                    "ne peut y être saisie (sauf des heures de PMSMP pendant une PMSMP)."
                ).format(month=format_month(month)),
            )
        ]
    for counted, days, limit in (
        (values.total, frame.with_pmsmp, frame.limit_with_pmsmp),
        (values.total - pmsmp, frame.available, frame.limit),
    ):
        if counted > limit:
            return [
                _error(
                    "hours_month_impossible",
                    tr(
                        "{total} saisies en {month} pour {days} jour(s) de contrat hors "
                        "suspension : c'est plus que le maximum possible ({limit} : 10 h par "
                        "jour, 48 h par semaine)."
                    ).format(
                        total=_h(counted), month=format_month(month), days=days, limit=_h(limit)
                    ),
                )
            ]
    if terms.kind.hours_per_month:
        return _check_first_hours(values, month)
    if not month_over and values.worked == 0:
        return []
    return _check_cddi_month(terms, month, values, holidays, frame.expected)


def _check_first_hours(values: HoursValues, month: dt.date) -> list[Violation]:
    if values.paid <= FIRST_HOURS_MONTH_MAX:
        return []
    return [
        _error(
            "first_hours_72h_month",
            tr(
                "Premières Heures : {paid} de travail en {month}, au plus 72 h par mois "
                "(heures travaillées, formation et PMSMP)."
            ).format(paid=_h(values.paid), month=format_month(month)),
        )
    ]


def _check_cddi_month(
    terms: ContractTerms,
    month: dt.date,
    values: HoursValues,
    holidays: Collection[dt.date],
    expected: Fraction,
) -> list[Violation]:
    # In integers (expected = n / d, d > 0): Fraction arithmetic cost most of a grid's checks.
    n, d = expected.numerator, expected.denominator
    if n <= 0 or abs(values.total * d - n) * 100 <= n * DEVIATION_PERCENT:
        return []
    gap = abs(values.total - expected)
    days = working_days(terms.available_days(month, pmsmp=True), holidays)
    weekly = {terms.weekly_minutes_on(d) for d in days}
    weekly_text = " puis ".join(_h(w or 0) for w in sorted(weekly, key=lambda w: w or 0))
    percent = round_minutes(gap * 100 / expected)
    return [
        Violation(
            "cddi_month_off_contract",
            tr(
                "CDDI : {total} saisies en {month} pour {expected} prévues par le contrat "
                "({weekly} par semaine sur {days} jour(s) ouvré(s), jours fériés exclus) : "
                "écart de {percent} %, plus de 10 %. Vérifiez la saisie."
            ).format(
                total=_h(values.total),
                month=format_month(month),
                expected=_h(expected),
                weekly=weekly_text,
                days=len(days),
                percent=percent,
            ),
            Severity.WARNING,
            TOTAL,
        )
    ]


# Days (sign-in sheets) ------------------------------------------------------------------
def check_day(terms: ContractTerms, day: dt.date, values: HoursValues) -> list[Violation]:
    """One day of a sign-in sheet: within the contract, not suspended, at most 10 h."""
    violations = check_values(values)
    if violations or values.total == 0:
        return violations
    when = format_date(day)
    if not terms.active_on(day):
        return [
            _error(
                "hours_outside_contract",
                tr("Le {day} est en dehors du contrat (du {start} au {end}).").format(
                    day=when, start=format_date(terms.start), end=format_date(terms.end)
                ),
            )
        ]
    suspension = terms.suspension_on(day)
    pmsmp = values.get(HoursCategory.PMSMP)
    if suspension is not None and (values.total - pmsmp > 0 or not suspension.pmsmp):
        return [
            _error(
                "hours_during_suspension",
                tr(
                    "Le {day}, le contrat est suspendu (du {start} au {end}) : aucune heure ne "
                    "peut être saisie (sauf des heures de PMSMP pendant une PMSMP)."
                ).format(
                    day=when,
                    start=format_date(suspension.start),
                    end=format_date(suspension.end),
                ),
            )
        ]
    if values.total > DAY_MAX_MINUTES:
        return [
            _error(
                "hours_day_over_10h",
                tr("Le {day} : {total} saisies, au plus 10 h par jour.").format(
                    day=when, total=_h(values.total)
                ),
            )
        ]
    return []


def check_training_day(
    who: str, day: dt.date, minutes: int, contract: tuple[dt.date, dt.date] | None, field: str
) -> list[Violation]:
    """One person's attendance on a training day: paid work time, so at most 10 h
    (L3121-18), and only on a day of their contract (``contract``: its first and last day)."""
    if minutes > DAY_MAX_MINUTES:
        message = tr("{who} : plus de 10 heures dans une journée.").format(who=who)
        return [Violation("attendance_over_10h", message, field=field)]
    if minutes and (contract is None or not contract[0] <= day <= contract[1]):
        message = tr("{who} : ce jour est en dehors de son contrat.").format(who=who)
        return [Violation("attendance_outside_contract", message, field=field)]
    return []


def check_weeks(days: Mapping[dt.date, HoursValues]) -> dict[dt.date, Violation]:
    """Calendar weeks over 48 h, keyed by their Monday."""
    found: dict[dt.date, Violation] = {}
    for monday, in_week in weeks(d for d, v in days.items() if v.total):
        total = sum(days[d].total for d in in_week)
        if total > WEEK_MAX_MINUTES:
            found[monday] = _error(
                "hours_week_over_48h",
                tr("Semaine du {monday} : {total} saisies, au plus 48 h par semaine.").format(
                    monday=format_date(monday), total=_h(total)
                ),
            )
    return found


def sum_days(days: Mapping[dt.date, HoursValues]) -> HoursValues:
    total = HoursValues()
    for values in days.values():
        total = total + values
    return total


def check_days(
    terms: ContractTerms,
    month: dt.date,
    days: Mapping[dt.date, HoursValues],
    holidays: Collection[dt.date] = frozenset(),
    neighbours: Mapping[dt.date, HoursValues] | None = None,
    times: Mapping[dt.date, DayTimes] | None = None,
) -> dict[dt.date | None, list[Violation]]:
    """A month of sign-in sheet: each day, each week, then the month they add up to.

    ``neighbours``: the days already entered in the months before and after (a week's 48 h
    and six days count across the turn of a month; the 44 h average over the 12 weeks
    around the month). ``times``: the days' start and end times, where known (L3131-1).

    Keyed by day (a week's violation goes to each of its days); the month's under None.
    """
    found: dict[dt.date | None, list[Violation]] = {}
    for day, values in sorted(days.items()):
        if day.replace(day=1) != month.replace(day=1):
            found.setdefault(day, []).append(
                _error(
                    "hours_day_other_month",
                    tr("Le {day} n'est pas en {month}.").format(
                        day=format_date(day), month=format_month(month)
                    ),
                )
            )
            continue
        day_violations = check_day(terms, day, values)
        if day_violations:
            found.setdefault(day, []).extend(day_violations)
    every = {**(neighbours or {}), **days}
    week_checks = (check_weeks(every), check_days_per_week(every))
    for monday, violation in (item for check in week_checks for item in check.items()):
        for offset in range(7):
            day = monday + dt.timedelta(days=offset)
            if day in days and days[day].total:
                found.setdefault(day, []).append(violation)
    for day, violation in check_daily_rest(times or {}).items():
        if day in days:
            found.setdefault(day, []).append(violation)
    if not any(v.blocking for vs in found.values() for v in vs):
        month_violations = check_month(terms, month, sum_days(days), holidays)
        month_violations += check_twelve_weeks(every, concerned=days)
        if month_violations:
            found[None] = month_violations
    return found


# Hours already entered, when the contract changes -------------------------------------------
def entered_hours_conflicts(
    before: ContractTerms,
    after: ContractTerms,
    months: Mapping[dt.date, HoursValues],
    days: Mapping[dt.date, HoursValues],
    holidays: Collection[dt.date] = frozenset(),
) -> list[Violation]:
    """What an end or a suspension would leave wrong among the hours already entered: a
    month or a day the contract no longer covers. Only what the change breaks counts (an
    older mistake does not block the change)."""
    found: list[Violation] = []

    def broken(check: Callable[[ContractTerms], list[Violation]]) -> list[Violation]:
        was = {v.code for v in check(before) if v.blocking}
        return [v for v in check(after) if v.blocking and v.code not in was]

    for month, values in sorted(months.items()):
        for violation in broken(
            partial(check_month, month=month, values=values, holidays=holidays)
        ):
            found.append(_entered(format_month(month), violation))
    for day, values in sorted(days.items()):
        for violation in broken(partial(check_day, day=day, values=values)):
            found.append(_entered(format_date(day), violation))
    return found


def _entered(when: str, violation: Violation) -> Violation:
    return _error(
        "entered_hours_conflict",
        tr(
            "Heures déjà saisies ({when}) : {rule} Corrigez d'abord ces heures (page Heures), "
            "puis recommencez."
        ).format(when=when, rule=violation.message),
        field=None,
    )
