"""The contract rule engine on new contracts, table-driven at the boundaries of every limit.

Each case builds a person's history by hand, proposes a contract, and expects exactly the
set of violation codes returned (an empty set: the proposal is legal as it is). Renewals,
changes, suspensions and ends: ``test_contract_change_rules.py``.
"""

from __future__ import annotations

import pytest

from chantier_app.domain.codes.contract_codes import ContractKind, DerogationKind, ExtensionReason
from chantier_app.domain.contract_history import PersonFacts, ProposedContract, ProposedRenewal
from chantier_app.domain.contract_limits import check_placement
from chantier_app.domain.contract_rules import check_contract, check_renewal
from chantier_app.domain.derogations import DerogationPeriod
from chantier_app.domain.errors import Severity
from tests.domain.contract_cases import (
    BORN_1976_01_01,
    BORN_1976_01_02,
    DONE_18,
    DONE_54,
    NINE_DAYS_SUSPENDED,
    PH,
    PROLONGED,
    RQTH,
    RUNNING,
    SHORT_PASS,
    TEN_DAYS_SUSPENDED,
    Case,
    D,
    H,
    cddi,
    hist,
    new,
    period,
    ph,
)

CASES = [
    # CDDI at least 4 months (exception: adjusted sentence).
    Case(
        "4 mois moins un jour",
        new(hist(), cddi(D(2026, 1, 1), D(2026, 4, 29))),
        {"cddi_min_4_months"},
    ),
    Case("4 mois exactement", new(hist(), cddi(D(2026, 1, 1), D(2026, 4, 30)))),
    # 16 years old on the first day of the contract.
    Case(
        "16 ans le lendemain de l'embauche",
        new(
            hist(person=PersonFacts(birth_date=D(2010, 1, 2))),
            cddi(D(2026, 1, 1), D(2026, 4, 30)),
        ),
        {"hire_too_young"},
    ),
    Case(
        "16 ans le jour de l'embauche",
        new(
            hist(person=PersonFacts(birth_date=D(2010, 1, 1))),
            cddi(D(2026, 1, 1), D(2026, 4, 30)),
        ),
    ),
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
                derogation_period=DerogationPeriod(
                    DerogationKind.INDIVIDUAL, D(2026, 1, 1), D(2026, 6, 30)
                ),
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
                derogation_period=DerogationPeriod(
                    DerogationKind.COLLECTIVE, D(2026, 1, 1), D(2026, 6, 30)
                ),
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


@pytest.mark.parametrize(
    ("workshop", "team", "job", "codes", "field"),
    [
        (None, None, None, {"contract_without_team", "contract_without_job"}, "workshop_id"),
        (1, None, "Agent d'entretien", {"contract_without_team"}, "team_id"),
        (1, 2, "  ", {"contract_without_job"}, "job_title"),
        (1, 2, "Agent d'entretien", set(), None),
    ],
)
def test_a_contract_without_team_or_job_is_a_warning(workshop, team, job, codes, field) -> None:
    found = check_placement(workshop, team, job)
    assert {v.code for v in found} == codes
    assert all(v.severity is Severity.WARNING for v in found)
    if field is not None:
        assert found[0].field == field
