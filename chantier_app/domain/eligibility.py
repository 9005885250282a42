"""The IAE eligibility diagnosis: the hiring rule of an ACI and how long a diagnosis stays valid.

An ACI may hire a person meeting **1 level-1 criterion or 3 level-2 criteria**. A diagnosis
made by an authorised prescriber is valid 6 months; one made by the structure itself
(auto-prescription) 92 days. Both count the day of the diagnosis as the first day: a
structure's diagnosis made on day 1 is still valid on day 92 and has expired on day 93.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from chantier_app.domain.codes.eligibility_criteria import EligibilityCriterion
from chantier_app.domain.codes.person_codes import DiagnosisAuthor
from chantier_app.domain.errors import Violation
from chantier_app.i18n import tr

LEVEL_1_NEEDED = 1
LEVEL_2_NEEDED = 3
PRESCRIBER_VALIDITY_MONTHS = 6
STRUCTURE_VALIDITY_DAYS = 92


@dataclass(frozen=True)
class EligibilityOutcome:
    level1: int
    level2: int

    @property
    def eligible(self) -> bool:
        return self.level1 >= LEVEL_1_NEEDED or self.level2 >= LEVEL_2_NEEDED

    @property
    def summary(self) -> str:
        counts = tr("{n1} critère(s) de niveau 1, {n2} de niveau 2").format(
            n1=self.level1, n2=self.level2
        )
        if self.eligible:
            return tr("Éligible : {counts}").format(counts=counts)
        return tr(
            "Non éligible : {counts} (il faut 1 critère de niveau 1 ou 3 de niveau 2)"
        ).format(counts=counts)


def assess(criteria: Iterable[EligibilityCriterion]) -> EligibilityOutcome:
    unique = set(criteria)
    level1 = sum(1 for c in unique if c.level == 1)
    return EligibilityOutcome(level1=level1, level2=len(unique) - level1)


def last_valid_day(made_on: dt.date, author: DiagnosisAuthor) -> dt.date:
    """The last day the diagnosis can be used to hire."""
    return expires_on(made_on, author) - dt.timedelta(days=1)


def expires_on(made_on: dt.date, author: DiagnosisAuthor) -> dt.date:
    """The first day the diagnosis is no longer valid."""
    if author is DiagnosisAuthor.STRUCTURE:
        return made_on + dt.timedelta(days=STRUCTURE_VALIDITY_DAYS)
    return made_on + relativedelta(months=PRESCRIBER_VALIDITY_MONTHS)


def is_valid_on(made_on: dt.date, author: DiagnosisAuthor, day: dt.date) -> bool:
    return made_on <= day < expires_on(made_on, author)


def check_diagnosis(
    made_on: dt.date | None,
    author: DiagnosisAuthor | None,
    author_name: str | None,
    criteria: Iterable[EligibilityCriterion],
    *,
    today: dt.date,
) -> list[Violation]:
    violations = []
    if made_on is None:
        violations.append(
            Violation(
                "diagnosis_date_required",
                tr("Date du diagnostic : obligatoire."),
                field="made_on",
            )
        )
    elif made_on > today:
        violations.append(
            Violation(
                "diagnosis_date_future",
                tr("Date du diagnostic : elle ne peut pas être dans le futur."),
                field="made_on",
            )
        )
    if author is None:
        violations.append(
            Violation(
                "diagnosis_author_required",
                tr("Auteur du diagnostic : choisissez un prescripteur ou la structure."),
                field="author_kind",
            )
        )
    elif author is DiagnosisAuthor.PRESCRIBER and not (author_name or "").strip():
        violations.append(
            Violation(
                "diagnosis_prescriber_name_required",
                tr(
                    "Prescripteur : indiquez l'organisme et le conseiller qui ont fait le diagnostic."
                ),
                field="author_name",
            )
        )
    if not list(criteria):
        violations.append(
            Violation(
                "diagnosis_no_criterion",
                tr("Critères : cochez au moins un critère constaté."),
                field="criteria",
            )
        )
    return violations
