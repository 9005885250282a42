"""The rule engine on renewals, changes of hours, the move to CDDI, suspensions and ends.

Same table as ``test_contract_rules.py``: exactly the set of violation codes expected.
"""

from __future__ import annotations

import pytest

from chantier_app.domain.codes.contract_codes import DerogationKind, EndReason, ExtensionReason
from chantier_app.domain.codes.exit_reasons import ExitReason
from chantier_app.domain.contract_dates import Span
from chantier_app.domain.contract_end_rules import check_end, check_suspension
from chantier_app.domain.contract_history import (
    ProposedEnd,
    ProposedHoursChange,
    ProposedSuspension,
)
from chantier_app.domain.contract_rules import check_hours_change, check_move_to_cddi
from chantier_app.domain.derogations import DerogationPeriod
from tests.domain.contract_cases import (
    RUNNING,
    RUNNING_PH,
    Case,
    D,
    H,
    cddi,
    hist,
    period,
    renew,
)

CASES = [
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
            ProposedHoursChange(
                1,
                D(2026, 3, 1),
                19 * H,
                derogation=DerogationKind.INDIVIDUAL,
                derogation_period=DerogationPeriod(
                    DerogationKind.INDIVIDUAL, D(2026, 3, 1), D(2026, 6, 30)
                ),
            ),
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
        # Same month as the PMSMP agreement (domain/pmsmp): 31 January runs to 28 February.
        "PMSMP du 31 janvier à la fin février",
        lambda: check_suspension(
            hist(RUNNING), ProposedSuspension(1, D(2026, 1, 31), D(2026, 2, 28), is_pmsmp=True)
        ),
    ),
    Case(
        "PMSMP du 31 janvier au 1er mars",
        lambda: check_suspension(
            hist(RUNNING), ProposedSuspension(1, D(2026, 1, 31), D(2026, 3, 1), is_pmsmp=True)
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
        "essai ailleurs pour un CDD de moins de 6 mois",
        lambda: check_suspension(
            hist(RUNNING),
            ProposedSuspension(
                1,
                D(2026, 3, 1),
                D(2026, 3, 20),
                is_trial_elsewhere=True,
                other_employer="Onet",
                offer_qualifies=False,
            ),
        ),
        {"trial_offer_not_qualifying"},
    ),
    Case(
        "essai ailleurs pour un CDI",
        lambda: check_suspension(
            hist(RUNNING),
            ProposedSuspension(
                1,
                D(2026, 3, 1),
                D(2026, 3, 20),
                is_trial_elsewhere=True,
                other_employer="Onet",
                offer_qualifies=True,
            ),
        ),
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


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_rule_engine(case: Case) -> None:
    found = case.run()
    assert {v.code for v in found} == case.expected, [v.message for v in found]
    for item in found:
        # Every message is French and names its field first (« Date de fin : … »).
        assert " : " in item.message and item.field is not None
