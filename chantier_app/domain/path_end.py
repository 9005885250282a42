"""When a path nears its end: the moment to write the bilan d'accompagnement.

Les emplois de l'inclusion flags the people « en fin de parcours » whose contract ends within
30 days (``IAE_CONTRACT_ENDING_SOON_DAYS``, PRs 8628 and 8632): that is when a prescriber
asks the structure for its bilan. A CDDI path also nears its end at 22 months, two before
the 24-month limit of L5132-15-1 (the contracts' alert of the same name).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from chantier_app.domain.codes.contract_codes import ContractKind
from chantier_app.domain.contract_dates import ONE_DAY, Span, reached_on
from chantier_app.domain.fr_format import format_date
from chantier_app.i18n import tr

ENDING_SOON_DAYS = 30
PATH_WARNING_MONTHS = 22
PATH_LIMIT_MONTHS = 24


@dataclass(frozen=True)
class PathContract:
    contract_id: int
    kind: ContractKind
    start: dt.date
    end: dt.date  # the actual end when ended, else the planned end
    ended: bool


@dataclass(frozen=True)
class ReportDue:
    contract_id: int
    due: dt.date  # the contract's end, or the day 22 months are reached
    reason: str


def report_due(
    contract: PathContract,
    others: list[PathContract],
    pass_start: dt.date | None,
    today: dt.date,
) -> ReportDue | None:
    """Is a bilan due for the path of ``contract`` (a contract without a recorded end)?"""
    if contract.ended:
        return None
    follows = [o for o in others if o.start > contract.start]
    days = (contract.end - today).days
    if not follows and 0 <= days <= ENDING_SOON_DAYS:
        return ReportDue(
            contract.contract_id,
            contract.end,
            tr("fin du contrat le {date} (dans {days} jours)").format(
                date=format_date(contract.end), days=days
            ),
        )
    if not contract.kind.is_cddi:
        return None
    prior = [Span(o.start, o.end) for o in others if o.kind.is_cddi and o.start < contract.start]
    reached22 = reached_on(prior, contract.start, PATH_WARNING_MONTHS, pass_start)
    horizon = today + dt.timedelta(days=ENDING_SOON_DAYS)
    if reached22 > min(contract.end, horizon):
        return None  # most running paths: the 24 months are not counted (issue 22, start-up)
    reached24 = reached_on(prior, contract.start, PATH_LIMIT_MONTHS, pass_start)
    if today < reached24:
        return ReportDue(
            contract.contract_id,
            reached22,
            tr("22 mois de CDDI le {date} (limite des 24 mois le {limit})").format(
                date=format_date(reached22), limit=format_date(reached24 - ONE_DAY)
            ),
        )
    return None
