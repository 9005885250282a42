"""The State's code lists: codes, labels and the categories they map to."""

from __future__ import annotations

import pytest

from chantier_app.domain.codes.education_levels import EducationLevel
from chantier_app.domain.codes.eligibility_criteria import EligibilityCriterion
from chantier_app.domain.codes.exit_reasons import ExitCategory, ExitReason
from chantier_app.domain.codes.referrers import Referrer


@pytest.mark.parametrize(
    ("reason", "category"),
    [
        (ExitReason.CDI, ExitCategory.SUSTAINABLE_JOB),
        (ExitReason.CDD_6M_PLUS, ExitCategory.SUSTAINABLE_JOB),
        (ExitReason.BUSINESS_CREATION, ExitCategory.SUSTAINABLE_JOB),
        (ExitReason.CDD_UNDER_6M, ExitCategory.TRANSITION_JOB),
        (ExitReason.OTHER_SIAE, ExitCategory.TRANSITION_JOB),
        (ExitReason.QUALIFYING_TRAINING, ExitCategory.POSITIVE),
        (ExitReason.JOBSEEKER, ExitCategory.OTHER),
        (ExitReason.SERIOUS_MISCONDUCT, ExitCategory.OTHER),
        (ExitReason.DEATH, ExitCategory.EXCLUDED),
        (ExitReason.TOO_SHORT, ExitCategory.EXCLUDED),
    ],
)
def test_exit_reason_category(reason: ExitReason, category: ExitCategory) -> None:
    assert reason.category is category


def test_dynamic_exits_are_durable_transition_and_positive() -> None:
    dynamic = {c for c in ExitCategory if c.dynamic}
    assert dynamic == {
        ExitCategory.SUSTAINABLE_JOB,
        ExitCategory.TRANSITION_JOB,
        ExitCategory.POSITIVE,
    }


def test_education_codes_are_the_asp_ones() -> None:
    assert [level.value for level in EducationLevel] == [
        "00",
        "01",
        "10",
        "20",
        "30",
        "40",
        "41",
        "50",
        "51",
        "60",
        "70",
    ]
    assert EducationLevel.CAP_BEP_DIPLOMA.at_most_cap_bep
    assert not EducationLevel.BAC.at_most_cap_bep


def test_referrer_codes() -> None:
    assert Referrer("01").label == "Mission locale"
    assert Referrer("09") is Referrer.SPIP
    assert Referrer("99") is Referrer.UNKNOWN


def test_criteria_levels() -> None:
    level1 = {c for c in EligibilityCriterion if c.level == 1}
    assert level1 == {
        EligibilityCriterion.RSA,
        EligibilityCriterion.ASS,
        EligibilityCriterion.AAH,
        EligibilityCriterion.DETLD,
    }


def test_unknown_code_gives_a_french_message() -> None:
    with pytest.raises(ValueError, match="n'est pas un code valide"):
        ExitReason.from_code("77")


def test_every_code_is_unique_within_its_list() -> None:
    for enum_cls in (ExitReason, EducationLevel, Referrer, EligibilityCriterion):
        codes = [member.value for member in enum_cls]
        assert len(codes) == len(set(codes))
