"""The State's code lists: codes, labels and the categories they map to."""

from __future__ import annotations

import pytest

from chantier_app.domain.codes.education_levels import EducationLevel
from chantier_app.domain.codes.eligibility_criteria import EligibilityCriterion
from chantier_app.domain.codes.exit_reasons import ExitCategory, ExitReason
from chantier_app.domain.codes.referrers import Referrer

# The State's typology (module docstring of exit_reasons): every reason, its category.
_TYPOLOGY = {
    ExitCategory.SUSTAINABLE_JOB: ["10", "11", "12", "13", "14", "15"],
    ExitCategory.TRANSITION_JOB: ["20", "21", "22"],
    ExitCategory.POSITIVE: ["23", "30", "31", "32"],
    ExitCategory.OTHER: ["40", "41", "42", "43", "44", "45", "46", "49"],
    ExitCategory.EXCLUDED: ["90", "91", "92", "93", "94"],
}


@pytest.mark.parametrize(
    ("code", "category"),
    [(code, category) for category, codes in _TYPOLOGY.items() for code in codes],
)
def test_exit_reason_category(code: str, category: ExitCategory) -> None:
    assert ExitReason(code).category is category


def test_every_exit_reason_is_filed_once() -> None:
    filed = [code for codes in _TYPOLOGY.values() for code in codes]
    assert sorted(filed) == sorted(r.value for r in ExitReason)


def test_hiring_in_another_siae_is_a_positive_exit_with_its_old_code() -> None:
    """« Embauche pour une durée déterminée dans une autre SIAE »: a sortie positive (the
    State's typology), still stored as « 23 » (contracts recorded before keep their code)."""
    assert ExitReason.OTHER_SIAE.value == "23"
    assert ExitReason.OTHER_SIAE.category is ExitCategory.POSITIVE
    assert ExitReason.OTHER_SIAE.category.dynamic


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
