"""The contract rule engine, table-driven at the boundaries of every legal limit.

Each case builds a person's history by hand, proposes something, and expects exactly the
set of violation codes returned (an empty set: the proposal is legal as it is).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from chantier_app.domain.codes.contract_codes import (
    ContractKind,
    DerogationKind,
    EndReason,
    ExtensionReason,
)
from chantier_app.domain.codes.exit_reasons import ExitReason
from chantier_app.domain.contract_dates import Span
from chantier_app.domain.contract_end_rules import check_end, check_suspension
from chantier_app.domain.contract_history import (
    ContractHistory,
    ContractPeriod,
    PassPeriod,
    PersonFacts,
    ProposedContract,
    ProposedEnd,
    ProposedHoursChange,
    ProposedRenewal,
    ProposedSuspension,
)
from chantier_app.domain.contract_rules import (
    check_contract,
    check_hours_change,
    check_move_to_cddi,
    check_renewal,
)
from chantier_app.domain.errors import Severity, Violation

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
PROLONGED = PassPeriod(D(2025, 1, 1), D(2026, 12, 31), prolongation_ends=(D(2027, 12, 31),))
RUNNING = period(D(2026, 1, 1), D(2026, 6, 30), trial_days=14)
RUNNING_PH = period(D(2026, 1, 1), D(2026, 6, 30), kind=PH)

CASES = [
    # CDDI at least 4 months (exception: adjusted sentence).
    Case(
        "4 mois moins un jour",
        new(hist(), cddi(D(2026, 1, 1), D(2026, 4, 29))),
        {"cddi_min_4_months"},
    ),
    Case("4 mois exactement", new(hist(), cddi(D(2026, 1, 1), D(2026, 4, 30)))),
    Case("4 mois plus un jour", new(hist(), cddi(D(2026, 1, 1), D(2026, 5, 1)))),
    Case(
        "3 mois sous aménagement de peine",
        new(hist(), cddi(D(2026, 1, 1), D(2026, 3, 31), adjusted_sentence=True)),
    ),
    Case("4 mois jusqu'au 29 février", new(hist(), cddi(D(2023, 10, 30), D(2024, 2, 29)))),
    Case(
        "4 mois depuis le 29 octobre, année bissextile, un jour de moins",
        new(hist(), cddi(D(2023, 10, 29), D(2024, 2, 27))),
        {"cddi_min_4_months"},
    ),
    Case(
        "4 mois depuis le 29 octobre, année bissextile",
        new(hist(), cddi(D(2023, 10, 29), D(2024, 2, 28))),
    ),
    Case(
        "fin avant le début", new(hist(), cddi(D(2026, 5, 1), D(2026, 4, 30))), {"end_before_start"}
    ),
    # Weekly hours 20-35 h; below 20 only with a derogation.
    Case(
        "19,5 h sans dérogation",
        new(hist(), cddi(D(2026, 1, 1), D(2026, 6, 30), weekly_minutes=19 * H + 30)),
        {"weekly_hours_min_20"},
    ),
    Case(
        "19,5 h avec dérogation individuelle",
        new(
            hist(),
            cddi(
                D(2026, 1, 1),
                D(2026, 6, 30),
                weekly_minutes=19 * H + 30,
                derogation=DerogationKind.INDIVIDUAL,
            ),
        ),
    ),
    Case(
        "19,5 h avec dérogation collective",
        new(
            hist(),
            cddi(
                D(2026, 1, 1),
                D(2026, 6, 30),
                weekly_minutes=19 * H + 30,
                derogation=DerogationKind.COLLECTIVE,
            ),
        ),
    ),
    Case("20 h", new(hist(), cddi(D(2026, 1, 1), D(2026, 6, 30), weekly_minutes=20 * H))),
    Case("35 h", new(hist(), cddi(D(2026, 1, 1), D(2026, 6, 30), weekly_minutes=35 * H))),
    Case(
        "35,5 h",
        new(hist(), cddi(D(2026, 1, 1), D(2026, 6, 30), weekly_minutes=35 * H + 30)),
        {"weekly_hours_max_35"},
    ),
    Case(
        "heures par semaine manquantes",
        new(hist(), cddi(D(2026, 1, 1), D(2026, 6, 30), weekly_minutes=None)),
        {"weekly_hours_missing"},
    ),
    # Premières Heures: 1-72 h a month, 12 months in total, no PASS IAE needed.
    Case("PH 72 h par mois", new(hist(), ph(D(2026, 1, 1), D(2026, 3, 31), 72 * H))),
    Case(
        "PH 72,5 h par mois",
        new(hist(), ph(D(2026, 1, 1), D(2026, 3, 31), 72 * H + 30)),
        {"first_hours_max_72h"},
    ),
    Case("PH 1 h par mois", new(hist(), ph(D(2026, 1, 1), D(2026, 3, 31), 1 * H))),
    Case(
        "PH 0,5 h par mois",
        new(hist(), ph(D(2026, 1, 1), D(2026, 3, 31), 30)),
        {"first_hours_min_1h"},
    ),
    Case("PH 12 mois exactement", new(hist(), ph(D(2026, 1, 1), D(2026, 12, 31)))),
    Case(
        "PH 12 mois plus un jour",
        new(hist(), ph(D(2026, 1, 1), D(2027, 1, 1))),
        {"first_hours_max_12_months"},
    ),
    Case(
        "PH 6 + 6 mois avec une interruption",
        new(
            hist(period(D(2025, 1, 1), D(2025, 6, 30), kind=PH, ended=True)),
            ph(D(2025, 9, 1), D(2026, 2, 28)),
        ),
    ),
    Case(
        "PH 6 + 6 mois plus un jour",
        new(
            hist(period(D(2025, 1, 1), D(2025, 6, 30), kind=PH, ended=True)),
            ph(D(2025, 9, 1), D(2026, 3, 1)),
        ),
        {"first_hours_max_12_months"},
    ),
    Case("PH sans PASS IAE", new(hist(passes=()), ph(D(2026, 1, 1), D(2026, 3, 31)))),
    # Trial period: 1 day a week, at most 2 weeks (<= 6 months) or 1 month.
    Case(
        "essai de 14 jours, contrat de 6 mois",
        new(hist(), cddi(D(2026, 1, 1), D(2026, 6, 30), trial_days=14)),
    ),
    Case(
        "essai de 15 jours, contrat de 6 mois",
        new(hist(), cddi(D(2026, 1, 1), D(2026, 6, 30), trial_days=15)),
        {"trial_too_long"},
    ),
    Case(
        "essai de 26 jours, contrat de 6 mois et 1 jour (26 semaines)",
        new(hist(), cddi(D(2026, 1, 1), D(2026, 7, 1), trial_days=26)),
    ),
    Case(
        "essai de 27 jours, contrat de 6 mois et 1 jour",
        new(hist(), cddi(D(2026, 1, 1), D(2026, 7, 1), trial_days=27)),
        {"trial_too_long"},
    ),
    Case(
        "essai d'un mois, contrat de 12 mois",
        new(hist(), cddi(D(2026, 1, 1), D(2026, 12, 31), trial_days=31)),
    ),
    Case(
        "essai de 32 jours, contrat de 12 mois",
        new(hist(), cddi(D(2026, 1, 1), D(2026, 12, 31), trial_days=32)),
        {"trial_too_long"},
    ),
    Case(
        "essai de 29 jours, 12 mois depuis le 1er février 2026",
        new(hist(), cddi(D(2026, 2, 1), D(2027, 1, 31), trial_days=29)),
        {"trial_too_long"},
    ),
    Case(
        "essai de 29 jours, 12 mois depuis le 1er février 2024 (bissextile)",
        new(hist(), cddi(D(2024, 2, 1), D(2025, 1, 31), trial_days=29)),
    ),
    Case(
        "essai de 9 jours, contrat de 2 mois (aménagement de peine)",
        new(hist(), cddi(D(2026, 1, 1), D(2026, 2, 28), trial_days=9, adjusted_sentence=True)),
        {"trial_too_long"},
    ),
    # No two contracts at once.
    Case(
        "chevauchement d'un jour",
        new(
            hist(period(D(2025, 7, 1), D(2026, 1, 1), ended=True)),
            cddi(D(2026, 1, 1), D(2026, 6, 30)),
        ),
        {"contracts_overlap"},
    ),
    Case(
        "contrat suivant le lendemain",
        new(
            hist(period(D(2025, 7, 1), D(2026, 1, 1), ended=True)),
            cddi(D(2026, 1, 2), D(2026, 7, 1)),
        ),
    ),
    # 24 months of successive CDDI; beyond only with a reason; never beyond 60.
    Case("24 mois exactement", new(hist(DONE_18), cddi(D(2025, 7, 1), D(2025, 12, 31)))),
    Case(
        "24 mois plus un jour sans motif",
        new(hist(DONE_18), cddi(D(2025, 7, 1), D(2026, 1, 1))),
        {"cddi_max_24_months"},
    ),
    Case(
        "24 mois plus un jour, difficultés particulières",
        new(
            hist(DONE_18),
            cddi(D(2025, 7, 1), D(2026, 1, 1), extension_reason=ExtensionReason.DIFFICULTIES),
        ),
    ),
    Case(
        "difficultés particulières : décision de 12 mois exactement",
        new(
            hist(DONE_18),
            cddi(D(2025, 7, 1), D(2026, 12, 31), extension_reason=ExtensionReason.DIFFICULTIES),
        ),
    ),
    Case(
        "difficultés particulières : décision de 12 mois plus un jour",
        new(
            hist(DONE_18),
            cddi(D(2025, 7, 1), D(2027, 1, 1), extension_reason=ExtensionReason.DIFFICULTIES),
        ),
        {"extension_decision_max_12_months"},
    ),
    Case(
        "motif 50 ans ou RQTH, personne de 40 ans sans RQTH",
        new(
            hist(DONE_18),
            cddi(D(2025, 7, 1), D(2026, 1, 1), extension_reason=ExtensionReason.SENIOR_OR_RQTH),
        ),
        {"extension_not_senior_nor_rqth"},
    ),
    Case(
        "motif 50 ans ou RQTH, personne avec RQTH",
        new(
            hist(DONE_18, person=RQTH),
            cddi(D(2025, 7, 1), D(2026, 6, 30), extension_reason=ExtensionReason.SENIOR_OR_RQTH),
        ),
    ),
    Case(
        "50 ans le premier jour au-delà de 24 mois",
        new(
            hist(DONE_18, person=BORN_1976_01_01),
            cddi(D(2025, 7, 1), D(2026, 6, 30), extension_reason=ExtensionReason.SENIOR_OR_RQTH),
        ),
    ),
    Case(
        "50 ans le lendemain du premier jour au-delà de 24 mois",
        new(
            hist(DONE_18, person=BORN_1976_01_02),
            cddi(D(2025, 7, 1), D(2026, 6, 30), extension_reason=ExtensionReason.SENIOR_OR_RQTH),
        ),
        {"extension_not_senior_nor_rqth"},
    ),
    Case(
        "achever une formation : date de fin manquante",
        new(
            hist(DONE_18),
            cddi(D(2025, 7, 1), D(2026, 3, 31), extension_reason=ExtensionReason.FINISH_TRAINING),
        ),
        {"extension_training_end_missing"},
    ),
    Case(
        "achever une formation : jusqu'à sa fin",
        new(
            hist(DONE_18),
            cddi(
                D(2025, 7, 1),
                D(2026, 3, 31),
                extension_reason=ExtensionReason.FINISH_TRAINING,
                extension_until=D(2026, 3, 31),
            ),
        ),
    ),
    Case(
        "achever une formation : un jour après sa fin",
        new(
            hist(DONE_18),
            cddi(
                D(2025, 7, 1),
                D(2026, 4, 1),
                extension_reason=ExtensionReason.FINISH_TRAINING,
                extension_until=D(2026, 3, 31),
            ),
        ),
        {"extension_beyond_training"},
    ),
    Case(
        "60 mois exactement avec RQTH",
        new(
            hist(DONE_54, person=RQTH),
            cddi(D(2025, 7, 1), D(2025, 12, 31), extension_reason=ExtensionReason.SENIOR_OR_RQTH),
        ),
    ),
    Case(
        "60 mois plus un jour avec RQTH",
        new(
            hist(DONE_54, person=RQTH),
            cddi(D(2025, 7, 1), D(2026, 1, 1), extension_reason=ExtensionReason.SENIOR_OR_RQTH),
        ),
        {"cddi_max_60_months"},
    ),
    Case(
        "12 + 12 mois avec une interruption : 24 mois",
        new(
            hist(period(D(2024, 1, 1), D(2024, 12, 31), ended=True, ident=9)),
            cddi(D(2025, 7, 1), D(2026, 6, 30)),
        ),
    ),
    Case(
        "12 + 12 mois avec une interruption, plus un jour",
        new(
            hist(period(D(2024, 1, 1), D(2024, 12, 31), ended=True, ident=9)),
            cddi(D(2025, 7, 1), D(2026, 7, 1)),
        ),
        {"cddi_max_24_months"},
    ),
    Case(
        "les Premières Heures ne comptent pas dans les 24 mois",
        new(
            hist(period(D(2024, 1, 1), D(2024, 12, 31), kind=PH, ended=True)),
            cddi(D(2025, 1, 1), D(2026, 12, 31)),
        ),
    ),
    Case(
        "un ancien parcours sous un autre PASS ne compte pas",
        new(
            hist(period(D(2021, 1, 1), D(2022, 12, 31), ended=True, ident=9), passes=(SHORT_PASS,)),
            cddi(D(2025, 1, 15), D(2025, 7, 14)),
        ),
    ),
    # PASS IAE.
    Case(
        "CDDI sans PASS IAE",
        new(hist(passes=()), cddi(D(2026, 1, 1), D(2026, 6, 30))),
        {"pass_iae_missing"},
    ),
    Case(
        "PASS IAE finissant avant le contrat",
        new(hist(passes=(SHORT_PASS,)), cddi(D(2026, 9, 1), D(2027, 2, 28))),
        {"pass_iae_ends_before_contract"},
    ),
    Case(
        "PASS IAE repoussé de 10 jours par une suspension : juste assez",
        new(hist(passes=(TEN_DAYS_SUSPENDED,)), cddi(D(2026, 9, 1), D(2027, 1, 10))),
    ),
    Case(
        "PASS IAE repoussé de 9 jours : un jour trop court",
        new(hist(passes=(NINE_DAYS_SUSPENDED,)), cddi(D(2026, 9, 1), D(2027, 1, 10))),
        {"pass_iae_ends_before_contract"},
    ),
    Case("PASS IAE prolongé", new(hist(passes=(PROLONGED,)), cddi(D(2026, 9, 1), D(2027, 2, 28)))),
    Case(
        "chantier qualifiant sans organisme de formation",
        new(
            hist(),
            ProposedContract(ContractKind.CDDI_QUALIFYING, D(2026, 1, 1), D(2026, 12, 31), 26 * H),
        ),
        {"qualifying_without_training"},
    ),
    # Renewals.
    Case(
        "renouvellement après un bilan",
        renew(hist(RUNNING, reviews=(D(2026, 5, 1),)), D(2026, 12, 31)),
    ),
    Case(
        "renouvellement sans bilan",
        renew(hist(RUNNING), D(2026, 12, 31)),
        {"renewal_without_review"},
    ),
    Case(
        "bilan il y a deux mois jour pour jour",
        renew(hist(RUNNING, reviews=(D(2026, 4, 1),)), D(2026, 12, 31)),
    ),
    Case(
        "bilan il y a deux mois et un jour",
        renew(hist(RUNNING, reviews=(D(2026, 3, 31),)), D(2026, 12, 31)),
        {"renewal_without_review"},
    ),
    Case(
        "nouvelle fin identique à l'actuelle",
        renew(hist(RUNNING, reviews=(D(2026, 5, 1),)), D(2026, 6, 30)),
        {"renewal_end_not_after"},
    ),
    Case(
        "renouvellement d'un contrat terminé",
        renew(hist(period(D(2026, 1, 1), D(2026, 4, 30), ended=True)), D(2026, 12, 31)),
        {"contract_ended"},
    ),
    Case(
        "renouvellement chevauchant un contrat suivant",
        renew(
            hist(RUNNING, period(D(2026, 9, 1), D(2027, 2, 28), ident=2), reviews=(D(2026, 5, 1),)),
            D(2026, 12, 31),
        ),
        {"contracts_overlap"},
    ),
    Case(
        "24 mois atteints le 29 février (bissextile)",
        renew(
            hist(period(D(2022, 3, 1), D(2023, 12, 31)), reviews=(D(2023, 12, 1),)),
            D(2024, 2, 29),
            D(2023, 12, 15),
        ),
    ),
    Case(
        "24 mois dépassés le 1er mars (bissextile)",
        renew(
            hist(period(D(2022, 3, 1), D(2023, 12, 31)), reviews=(D(2023, 12, 1),)),
            D(2024, 3, 1),
            D(2023, 12, 15),
        ),
        {"cddi_max_24_months"},
    ),
    Case(
        "renouvellement au-delà de 24 mois pour difficultés, 12 mois",
        renew(
            hist(period(D(2024, 1, 1), D(2025, 12, 31)), reviews=(D(2025, 12, 1),)),
            D(2026, 12, 31),
            D(2025, 12, 10),
            extension_reason=ExtensionReason.DIFFICULTIES,
        ),
    ),
    Case(
        "renouvellement de Premières Heures au-delà de 12 mois",
        renew(hist(RUNNING_PH, reviews=(D(2026, 5, 1),)), D(2027, 1, 1)),
        {"first_hours_max_12_months"},
    ),
    # Changes of hours.
    Case(
        "avenant à 19 h sans dérogation",
        lambda: check_hours_change(hist(RUNNING), ProposedHoursChange(1, D(2026, 3, 1), 19 * H)),
        {"weekly_hours_min_20"},
    ),
    Case(
        "avenant à 19 h avec dérogation",
        lambda: check_hours_change(
            hist(RUNNING),
            ProposedHoursChange(1, D(2026, 3, 1), 19 * H, derogation=DerogationKind.INDIVIDUAL),
        ),
    ),
    Case(
        "avenant prenant effet après le contrat",
        lambda: check_hours_change(hist(RUNNING), ProposedHoursChange(1, D(2026, 7, 1), 30 * H)),
        {"hours_change_outside_contract"},
    ),
    Case(
        "avenant sans changement",
        lambda: check_hours_change(hist(RUNNING), ProposedHoursChange(1, D(2026, 3, 1), 26 * H)),
        {"hours_unchanged"},
    ),
    Case(
        "avenant de Premières Heures à 72,5 h",
        lambda: check_hours_change(
            hist(RUNNING_PH), ProposedHoursChange(1, D(2026, 3, 1), None, 72 * H + 30)
        ),
        {"first_hours_max_72h"},
    ),
    # Premières Heures -> CDDI.
    Case(
        "passage en CDDI pendant les Premières Heures",
        lambda: check_move_to_cddi(hist(RUNNING_PH), 1, cddi(D(2026, 4, 1), D(2026, 9, 30))),
    ),
    Case(
        "passage en CDDI depuis un CDDI",
        lambda: check_move_to_cddi(hist(RUNNING), 1, cddi(D(2026, 4, 1), D(2026, 9, 30))),
        {"move_needs_first_hours"},
    ),
    Case(
        "passage en CDDI le jour du début des Premières Heures",
        lambda: check_move_to_cddi(hist(RUNNING_PH), 1, cddi(D(2026, 1, 1), D(2026, 6, 30))),
        {"move_start_outside_first_hours"},
    ),
    # Suspensions.
    Case(
        "PMSMP d'un mois",
        lambda: check_suspension(
            hist(RUNNING), ProposedSuspension(1, D(2026, 3, 1), D(2026, 3, 31), is_pmsmp=True)
        ),
    ),
    Case(
        "PMSMP d'un mois et un jour",
        lambda: check_suspension(
            hist(RUNNING), ProposedSuspension(1, D(2026, 3, 1), D(2026, 4, 1), is_pmsmp=True)
        ),
        {"pmsmp_max_one_month"},
    ),
    Case(
        "essai ailleurs sans employeur",
        lambda: check_suspension(
            hist(RUNNING),
            ProposedSuspension(1, D(2026, 3, 1), D(2026, 3, 20), is_trial_elsewhere=True),
        ),
        {"other_employer_missing"},
    ),
    Case(
        "suspension au-delà du contrat",
        lambda: check_suspension(
            hist(RUNNING), ProposedSuspension(1, D(2026, 6, 20), D(2026, 7, 5))
        ),
        {"suspension_outside_contract"},
    ),
    Case(
        "suspension chevauchant une autre",
        lambda: check_suspension(
            hist(
                period(
                    D(2026, 1, 1),
                    D(2026, 6, 30),
                    suspensions=(Span(D(2026, 3, 1), D(2026, 3, 10)),),
                )
            ),
            ProposedSuspension(1, D(2026, 3, 10), D(2026, 3, 20)),
        ),
        {"suspensions_overlap"},
    ),
    # Ends and exits.
    Case(
        "fin au terme avec sortie",
        lambda: check_end(
            hist(RUNNING), ProposedEnd(1, D(2026, 6, 30), EndReason.TERM, ExitReason.CDI)
        ),
    ),
    Case(
        "rupture anticipée « au terme »",
        lambda: check_end(
            hist(RUNNING), ProposedEnd(1, D(2026, 5, 31), EndReason.TERM, ExitReason.CDI)
        ),
        {"early_end_needs_reason"},
    ),
    Case(
        "rupture le dernier jour de l'essai",
        lambda: check_end(
            hist(RUNNING),
            ProposedEnd(1, D(2026, 1, 14), EndReason.TRIAL_EMPLOYEE, ExitReason.JOBSEEKER),
        ),
    ),
    Case(
        "rupture pour essai le lendemain de l'essai",
        lambda: check_end(
            hist(RUNNING),
            ProposedEnd(1, D(2026, 1, 15), EndReason.TRIAL_EMPLOYEE, ExitReason.JOBSEEKER),
        ),
        {"end_after_trial"},
    ),
    Case(
        "fin sans motif de sortie",
        lambda: check_end(
            hist(RUNNING), ProposedEnd(1, D(2026, 5, 31), EndReason.MUTUAL_AGREEMENT, None)
        ),
        {"exit_reason_missing"},
    ),
    Case(
        "fin après la date prévue",
        lambda: check_end(
            hist(RUNNING), ProposedEnd(1, D(2026, 7, 1), EndReason.TERM, ExitReason.CDI)
        ),
        {"end_after_planned_end"},
    ),
    Case(
        "« contrat trop court » après 3 mois",
        lambda: check_end(
            hist(RUNNING),
            ProposedEnd(1, D(2026, 3, 31), EndReason.MUTUAL_AGREEMENT, ExitReason.TOO_SHORT),
        ),
        {"too_short_but_long"},
    ),
    Case(
        "« contrat trop court » après 3 mois moins un jour",
        lambda: check_end(
            hist(RUNNING),
            ProposedEnd(1, D(2026, 3, 30), EndReason.MUTUAL_AGREEMENT, ExitReason.TOO_SHORT),
        ),
    ),
]


def test_there_are_at_least_forty_boundary_scenarios() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_rule_engine(case: Case) -> None:
    found = case.run()
    assert {v.code for v in found} == case.expected, [v.message for v in found]
    for item in found:
        # Every message is French and names its field first (« Date de fin : … »).
        assert " : " in item.message and item.field is not None


def test_warnings_and_errors_have_their_severity() -> None:
    found = check_renewal(
        hist(RUNNING, passes=(SHORT_PASS,)), ProposedRenewal(1, D(2027, 3, 31), D(2026, 6, 1))
    )
    severities = {v.code: v.severity for v in found}
    assert severities == {
        "pass_iae_ends_before_contract": Severity.WARNING,
        "renewal_without_review": Severity.WARNING,
    }
    over = check_contract(hist(DONE_18), cddi(D(2025, 7, 1), D(2026, 1, 1)))
    assert over[0].severity is Severity.ERROR
    assert over[0].message.startswith(
        "Date de fin : la durée totale des CDDI successifs dépasserait 24 mois"
    )
    assert "31/12/2025" in over[0].message


def test_every_broken_rule_is_reported_at_once() -> None:
    found = check_contract(
        hist(passes=()),
        cddi(D(2026, 1, 1), D(2026, 3, 31), weekly_minutes=36 * H, trial_days=20),
    )
    assert {v.code for v in found} == {
        "weekly_hours_max_35",
        "trial_too_long",
        "cddi_min_4_months",
        "pass_iae_missing",
    }
