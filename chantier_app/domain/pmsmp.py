"""PMSMP (work placement in a company): the limits of Code du travail D5135-3.

One month at most per agreement, renewable once; with the same host, at most two
agreements and 60 days (renewals included) over 12 consecutive months.

One month is counted from date to date, both days included: a PMSMP starting on 1 March
may end on 31 March (31 days) but not on 1 April (32 days); starting on 1 April it ends
on 30 April at the latest. When the next month has no such day (starting on 31 January),
the month ends on the last day of the next month (28 or 29 February).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from chantier_app.domain.contract_dates import end_date_to_date
from chantier_app.domain.errors import Severity, Violation
from chantier_app.domain.fr_format import format_date, match_key
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


# With the same host (D5135-3, third paragraph) ------------------------------------------------
SAME_HOST_WINDOW_MONTHS = 12  # « au cours d'une période de douze mois consécutifs »
SAME_HOST_MAX_AGREEMENTS = 2  # « au plus deux conventions … dans la même structure d'accueil »
SAME_HOST_MAX_RECORDS = 4  # two agreements, each renewed once at most (second paragraph)
SAME_HOST_MAX_DAYS = 60  # « sans que la durée totale … renouvellements compris, n'excède 60 jours »


@dataclass(frozen=True)
class Placement:
    """One PMSMP as the same-host rule sees it: its host (name, SIRET) and its dates."""

    host_name: str
    host_siret: str | None
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class SameHostCount:
    """The placements with one host over the 12 consecutive months up to a placement's end."""

    records: int  # agreements and renewals as recorded (the data does not tell them apart)
    days: int  # calendar days of those placements, renewals included

    @property
    def within_limits(self) -> bool:
        """At most two records and 60 days: what a control can tick « Oui » without reading.

        Three or four records may still be lawful (two agreements, each renewed once), but
        the record does not say which one is a renewal: the control file says « Non » and
        the form warns, the reading that protects the person.
        """
        return self.records <= SAME_HOST_MAX_AGREEMENTS and self.days <= SAME_HOST_MAX_DAYS


def same_host(a: Placement, b: Placement) -> bool:
    """Same host: same SIRET when both are known, or the same name (accents and case aside).

    A name shared with a different SIRET still counts as the same host: the wider reading,
    which keeps the person from being placed again and again under two spellings.
    """
    if a.host_siret and b.host_siret and a.host_siret == b.host_siret:
        return True
    return match_key(a.host_name) == match_key(b.host_name)


def window_start(end: dt.date) -> dt.date:
    """The first day of the 12 consecutive months ending on ``end`` (both days counted)."""
    return end - relativedelta(months=SAME_HOST_WINDOW_MONTHS) + dt.timedelta(days=1)


def same_host_count(placement: Placement, placements: Iterable[Placement]) -> SameHostCount:
    """D5135-3: the placements with ``placement``'s host that touch the 12 months up to its end.

    ``placements`` may contain ``placement`` itself (it is counted once). A placement that
    straddles the window's first day counts whole (its days are not cut): the reading that
    counts more days, protecting the person.
    """
    first = window_start(placement.end)
    same = {
        (p.start, p.end, match_key(p.host_name))
        for p in (placement, *placements)
        if same_host(p, placement) and p.end >= first and p.start <= placement.end
    }
    return SameHostCount(len(same), sum(length_days(s, e) for s, e, _ in same))


def check_same_host(placement: Placement, others: Iterable[Placement]) -> list[Violation]:
    """D5135-3: with the same host, at most two agreements and 60 days over 12 months.

    Checked on every 12-month window ending on one of the same host's placements (the new
    one's end and each other's), so a placement typed before earlier ones is caught too.
    - more than 60 days: refused (``pmsmp_same_host_max_60_days``), the text is plain;
    - more than four records: refused (``pmsmp_same_host_max_agreements``): two agreements
      renewed once each is the most the text allows;
    - three or four records: a warning (``pmsmp_same_host_renewal``). The text allows one
      renewal per agreement but the record has no « renouvellement » flag: the user
      confirms that the extra ones are renewals (same object and objectives), rather than
      being refused a lawful renewal.
    """
    everyone = [placement, *[o for o in others if same_host(o, placement)]]
    worst = max(
        (
            same_host_count(p, everyone)
            for p in everyone
            if p.end >= placement.start and placement.end >= window_start(p.end)
        ),
        key=lambda c: (c.days > SAME_HOST_MAX_DAYS, c.records, c.days),
    )
    host = placement.host_name
    if worst.days > SAME_HOST_MAX_DAYS:
        return [
            Violation(
                "pmsmp_same_host_max_60_days",
                tr(
                    "Dates : avec la même structure d'accueil ({host}), les PMSMP durent au plus "
                    "60 jours sur 12 mois consécutifs, renouvellements compris (article D5135-3 "
                    "du Code du travail) ; {days} jours avec celle-ci."
                ).format(host=host, days=worst.days),
                field="end_date",
            )
        ]
    if worst.records > SAME_HOST_MAX_RECORDS:
        return [
            Violation(
                "pmsmp_same_host_max_agreements",
                tr(
                    "Entreprise d'accueil : au plus deux conventions de PMSMP avec la même "
                    "structure d'accueil ({host}) sur 12 mois consécutifs, renouvelées une fois "
                    "chacune au plus (article D5135-3 du Code du travail) ; {n} avec celle-ci."
                ).format(host=host, n=worst.records),
                field="host_name",
            )
        ]
    if worst.records > SAME_HOST_MAX_AGREEMENTS:
        return [
            Violation(
                "pmsmp_same_host_renewal",
                tr(
                    "Entreprise d'accueil : {n} PMSMP avec {host} sur 12 mois consécutifs ; "
                    "l'article D5135-3 permet deux conventions au plus, chacune renouvelée une "
                    "fois pour le même objet : vérifiez que les autres sont des renouvellements."
                ).format(host=host, n=worst.records),
                Severity.WARNING,
                field="host_name",
            )
        ]
    return []
