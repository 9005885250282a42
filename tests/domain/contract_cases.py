"""Building blocks of the table-driven rule tests: histories, proposals and cases by hand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from chantier_app.domain.codes.contract_codes import (
    ContractKind,
)
from chantier_app.domain.contract_dates import Span
from chantier_app.domain.contract_history import (
    ContractHistory,
    ContractPeriod,
    PersonFacts,
    ProposedContract,
    ProposedRenewal,
)
from chantier_app.domain.contract_rules import (
    check_contract,
    check_renewal,
)
from chantier_app.domain.errors import Violation
from chantier_app.domain.pass_iae import PassPeriod

D = dt.date
H = 60  # minutes in an hour
REMOB = ContractKind.CDDI_REMOBILISING
PH = ContractKind.FIRST_HOURS
LONG_PASS = PassPeriod(D(2019, 1, 1), D(2032, 12, 31), number="99999000001")
PERSON_40 = PersonFacts(birth_date=D(1986, 5, 10), rqth=False)


def hist(
    *contracts: ContractPeriod,
    person: PersonFacts = PERSON_40,
    passes: tuple[PassPeriod, ...] = (LONG_PASS,),
    reviews: tuple[dt.date, ...] = (),
) -> ContractHistory:
    return ContractHistory(person, contracts, passes, reviews)


def period(
    start: dt.date, end: dt.date, kind: ContractKind = REMOB, ident: int = 1, **kw: object
) -> ContractPeriod:
    defaults: dict[str, object] = {"weekly_minutes": 26 * H} if kind.is_cddi else {}
    defaults["monthly_minutes"] = None if kind.is_cddi else 40 * H
    defaults.update(kw)
    return ContractPeriod(ident, kind, start, end, **defaults)  # type: ignore[arg-type]


def cddi(start: dt.date, end: dt.date, **kw: object) -> ProposedContract:
    values: dict[str, object] = {"weekly_minutes": 26 * H}
    values.update(kw)
    return ProposedContract(REMOB, start, end, **values)  # type: ignore[arg-type]


def ph(start: dt.date, end: dt.date, monthly: int = 40 * H, **kw: object) -> ProposedContract:
    return ProposedContract(PH, start, end, monthly_minutes=monthly, **kw)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Case:
    name: str
    run: Callable[[], list[Violation]]
    expected: set[str] = field(default_factory=set)


def new(history: ContractHistory, proposal: ProposedContract) -> Callable[[], list[Violation]]:
    return lambda: check_contract(history, proposal)


DECIDED = D(2026, 6, 1)


def renew(
    history: ContractHistory, new_end: dt.date, decided: dt.date = DECIDED, **kw: object
) -> Callable[[], list[Violation]]:
    return lambda: check_renewal(history, ProposedRenewal(1, new_end, decided, **kw))  # type: ignore[arg-type]


# A path of CDDI: 18 months done, the next contract may bring the total to 24 months.
DONE_18 = period(D(2024, 1, 1), D(2025, 6, 30), ended=True, ident=9)
BORN_1976_01_01 = PersonFacts(birth_date=D(1976, 1, 1))
BORN_1976_01_02 = PersonFacts(birth_date=D(1976, 1, 2))
RQTH = PersonFacts(birth_date=D(1990, 1, 1), rqth=True)
# 54 months done: only 6 more are possible, whatever the reason.
DONE_54 = period(D(2021, 1, 1), D(2025, 6, 30), ended=True, ident=9)
SHORT_PASS = PassPeriod(D(2025, 1, 1), D(2026, 12, 31), number="99999000002")
TEN_DAYS_SUSPENDED = PassPeriod(
    D(2025, 1, 1), D(2026, 12, 31), (Span(D(2025, 3, 1), D(2025, 3, 10)),)
)
NINE_DAYS_SUSPENDED = PassPeriod(
    D(2025, 1, 1), D(2026, 12, 31), (Span(D(2025, 3, 1), D(2025, 3, 9)),)
)
PROLONGED = PassPeriod(
    D(2025, 1, 1), D(2026, 12, 31), prolongations=(Span(D(2027, 1, 1), D(2027, 12, 31)),)
)
RUNNING = period(D(2026, 1, 1), D(2026, 6, 30), trial_days=14)
RUNNING_PH = period(D(2026, 1, 1), D(2026, 6, 30), kind=PH)
