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
