"""The ACI hiring rule (1 level-1 or 3 level-2 criteria) and how long a diagnosis is valid."""

from __future__ import annotations

import datetime as dt

import pytest

from chantier_app.domain import eligibility as rules
from chantier_app.domain.codes.eligibility_criteria import EligibilityCriterion as C
from chantier_app.domain.codes.person_codes import DiagnosisAuthor

MADE = dt.date(2026, 1, 10)


@pytest.mark.parametrize(
    ("criteria", "eligible"),
    [
        ({C.RSA}, True),
        ({C.DETLD}, True),
        ({C.LOW_EDUCATION, C.DELD}, False),
        ({C.LOW_EDUCATION, C.DELD, C.QPV}, True),
        ({C.YOUTH, C.MOBILITY, C.ZRR, C.REFUGEE}, True),
        (set(), False),
    ],
)
def test_one_level1_or_three_level2(criteria, eligible) -> None:
    outcome = rules.assess(criteria)
    assert outcome.eligible is eligible
    assert ("Non éligible" in outcome.summary) is not eligible


@pytest.mark.parametrize(
    ("day", "valid"),
    [(90, True), (91, True), (92, True), (93, False)],  # day 1 = the diagnosis day
)
def test_structure_diagnosis_valid_92_days(day, valid) -> None:
    when = MADE + dt.timedelta(days=day - 1)
    assert rules.is_valid_on(MADE, DiagnosisAuthor.STRUCTURE, when) is valid


def test_prescriber_diagnosis_valid_6_months() -> None:
    assert rules.last_valid_day(MADE, DiagnosisAuthor.PRESCRIBER) == dt.date(2026, 7, 9)
    assert rules.is_valid_on(MADE, DiagnosisAuthor.PRESCRIBER, dt.date(2026, 7, 9))
    assert not rules.is_valid_on(MADE, DiagnosisAuthor.PRESCRIBER, dt.date(2026, 7, 10))
    assert not rules.is_valid_on(MADE, DiagnosisAuthor.PRESCRIBER, MADE - dt.timedelta(days=1))


@pytest.mark.parametrize(
    ("made_on", "author", "name", "criteria", "codes"),
    [
        (MADE, DiagnosisAuthor.PRESCRIBER, "Mission locale", [C.RSA], []),
        (MADE, DiagnosisAuthor.STRUCTURE, None, [C.RSA], []),
        (None, DiagnosisAuthor.STRUCTURE, None, [C.RSA], ["diagnosis_date_required"]),
        (dt.date(2026, 3, 1), DiagnosisAuthor.STRUCTURE, None, [C.RSA], ["diagnosis_date_future"]),
        (MADE, None, None, [C.RSA], ["diagnosis_author_required"]),
        (MADE, DiagnosisAuthor.PRESCRIBER, " ", [C.RSA], ["diagnosis_prescriber_name_required"]),
        (MADE, DiagnosisAuthor.STRUCTURE, None, [], ["diagnosis_no_criterion"]),
    ],
)
def test_diagnosis_checks(made_on, author, name, criteria, codes) -> None:
    violations = rules.check_diagnosis(made_on, author, name, criteria, today=dt.date(2026, 2, 1))
    assert [v.code for v in violations] == codes


# Coherent criteria ------------------------------------------------------------------------
BORN = dt.date(1976, 3, 15)  # 50 on 15 March 2026
YOUNG = dt.date(2000, 3, 15)  # 26 on 15 March 2026


def _codes(violations) -> list[str]:
    return [v.code for v in violations]


@pytest.mark.parametrize(
    ("made_on", "codes"),
    [
        (dt.date(2026, 3, 14), ["criterion_senior_age"]),  # the day before: 49
        (dt.date(2026, 3, 15), []),  # the day of the 50th birthday
        (dt.date(2026, 3, 16), []),
    ],
)
def test_senior_criterion_needs_50_on_the_diagnosis_day(made_on, codes) -> None:
    found = rules.check_criteria({C.SENIOR, C.QPV}, birth_date=BORN, made_on=made_on)
    assert _codes(found) == codes
    if codes:
        assert found[0].field == "criteria" and "49 ans le 14/03/2026" in found[0].message


@pytest.mark.parametrize(
    ("made_on", "codes"),
    [
        (dt.date(2026, 3, 14), []),  # the day before the 26th birthday: still 25
        (dt.date(2026, 3, 15), ["criterion_youth_age"]),  # 26: no longer « moins de 26 ans »
        (dt.date(2026, 3, 16), ["criterion_youth_age"]),
    ],
)
def test_youth_criterion_needs_under_26_on_the_diagnosis_day(made_on, codes) -> None:
    assert _codes(rules.check_criteria({C.YOUTH}, birth_date=YOUNG, made_on=made_on)) == codes


@pytest.mark.parametrize(
    ("criteria", "codes"),
    [
        ({C.SENIOR, C.YOUTH, C.QPV}, ["criteria_exclusive"]),
        ({C.DETLD, C.DELD}, ["criteria_exclusive"]),
        ({C.SENIOR, C.YOUTH, C.DETLD, C.DELD}, ["criteria_exclusive", "criteria_exclusive"]),
        ({C.SENIOR, C.DELD, C.QPV}, []),
    ],
)
def test_exclusive_criteria(criteria, codes) -> None:
    assert _codes(rules.check_criteria(criteria, birth_date=None, made_on=MADE)) == codes


def test_a_36_year_old_cannot_be_both_senior_and_young() -> None:
    born = dt.date(1990, 1, 1)  # 36 on the diagnosis day
    found = rules.check_criteria({C.SENIOR, C.YOUTH, C.QPV}, birth_date=born, made_on=MADE)
    assert _codes(found) == ["criteria_exclusive", "criterion_senior_age", "criterion_youth_age"]


def test_incoherent_criteria_are_not_counted() -> None:
    """« 50 ans et plus » and « moins de 26 ans » with QPV read « Éligible » before: now
    both are left aside (one at least is false) and the diagnosis is not eligible."""
    outcome = rules.assess({C.SENIOR, C.YOUTH, C.QPV})
    assert not outcome.eligible and (outcome.level1, outcome.level2) == (0, 1)
    assert outcome.ignored == (C.SENIOR, C.YOUTH)
    assert "non comptés car incohérents" in outcome.summary
    # With the birth date, the criterion the age confirms counts.
    outcome = rules.assess(
        {C.SENIOR, C.LOW_EDUCATION, C.QPV}, birth_date=BORN, made_on=dt.date(2026, 3, 14)
    )
    assert not outcome.eligible and outcome.ignored == (C.SENIOR,)
    outcome = rules.assess(
        {C.SENIOR, C.LOW_EDUCATION, C.QPV}, birth_date=BORN, made_on=dt.date(2026, 3, 15)
    )
    assert outcome.eligible and outcome.ignored == ()


def test_zrr_label_is_the_platforms() -> None:
    assert "ZRR/ZFRR" in C.ZRR.label and C.ZRR.value == "ZRR"
