"""PMSMP (work placement in a company): at most one month per agreement (Code du travail D5135-3).

One month is counted from date to date, both days included: a PMSMP starting on 1 March
may end on 31 March (31 days) but not on 1 April (32 days); starting on 1 April it ends
on 30 April at the latest. When the next month has no such day (starting on 31 January),
the month ends on the last day of the next month (28 or 29 February).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from chantier_app.domain.contract_dates import end_date_to_date
from chantier_app.domain.errors import Violation
from chantier_app.domain.fr_format import format_date
from chantier_app.i18n import tr


def latest_end(start: dt.date) -> dt.date:
    """The last day a PMSMP starting on ``start`` may last until (one month, dates included)."""
    return end_date_to_date(start, 1)


def length_days(start: dt.date, end: dt.date) -> int:
    """Calendar days, both ends included."""
    return (end - start).days + 1


def check_dates(start: dt.date | None, end: dt.date | None) -> list[Violation]:
    """Both dates present, in order, and at most one month apart."""
    violations: list[Violation] = []
    if start is None:
        violations.append(
            Violation("pmsmp_start_missing", tr("Date de début : obligatoire."), field="start_date")
        )
    if end is None:
        violations.append(
            Violation("pmsmp_end_missing", tr("Date de fin : obligatoire."), field="end_date")
        )
    if start is None or end is None:
        return violations
    if end < start:
        violations.append(
            Violation(
                "pmsmp_end_before_start",
                tr("Date de fin : elle précède la date de début ({start}).").format(
                    start=format_date(start)
                ),
                field="end_date",
            )
        )
    elif end > latest_end(start):
        violations.append(
            Violation(
                "pmsmp_max_one_month",
                tr(
                    "Date de fin : une PMSMP dure au plus un mois par convention ; commencée le "
                    "{start}, elle se termine au plus tard le {latest} ({days} jours demandés)."
                ).format(
                    start=format_date(start),
                    latest=format_date(latest_end(start)),
                    days=length_days(start, end),
                ),
                field="end_date",
            )
        )
    return violations


def check_within_contract(
    start: dt.date, end: dt.date, contracts: Iterable[tuple[dt.date, dt.date]]
) -> list[Violation]:
    """The placement suspends a contract: it must lie inside one of ``contracts`` (start, end)."""
    if any(c_start <= start and end <= c_end for c_start, c_end in contracts):
        return []
    return [
        Violation(
            "pmsmp_outside_contract",
            tr(
                "Dates : la PMSMP suspend le contrat de la personne ; elle doit se dérouler "
                "entièrement pendant un contrat en cours."
            ),
            field="start_date",
        )
    ]


def check_overlaps(
    start: dt.date, end: dt.date, others: Iterable[tuple[dt.date, dt.date]]
) -> list[Violation]:
    """No two placements (or suspensions) of a person on the same days."""
    for o_start, o_end in others:
        if start <= o_end and o_start <= end:
            return [
                Violation(
                    "pmsmp_overlap",
                    tr(
                        "Dates : elles chevauchent une autre PMSMP ou suspension du contrat "
                        "(du {start} au {end})."
                    ).format(start=format_date(o_start), end=format_date(o_end)),
                    field="start_date",
                )
            ]
    return []
