"""The IAE eligibility diagnosis: the hiring rule of an ACI and how long a diagnosis stays valid.

An ACI may hire a person meeting **1 level-1 criterion or 3 level-2 criteria**. A diagnosis
made by an authorised prescriber is valid 6 months; one made by the structure itself
(auto-prescription) 92 days. Both count the day of the diagnosis as the first day: a
structure's diagnosis made on day 1 is still valid on day 92 and has expired on day 93.

Criteria must hold together (``check_criteria``): « Senior (50 ans et plus) » and « Jeune
(moins de 26 ans) » exclude each other, as « DETLD (24 mois et plus) » and « DELD (12 à
24 mois) » do (the national platform refuses both pairs: itou/www/eligibility_views/
forms.py); an age criterion is compared with the person's age **on the day of the
diagnosis**. A diagnosis recorded before these checks keeps its criteria, but ``assess``
no longer counts those that cannot hold: its outcome says which were left aside.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from chantier_app.domain.codes.eligibility_criteria import EligibilityCriterion
from chantier_app.domain.codes.person_codes import DiagnosisAuthor
from chantier_app.domain.contract_dates import SENIOR_AGE, age_on
from chantier_app.domain.errors import Violation
from chantier_app.domain.fr_format import format_date
from chantier_app.i18n import tr

LEVEL_1_NEEDED = 1
LEVEL_2_NEEDED = 3
PRESCRIBER_VALIDITY_MONTHS = 6
STRUCTURE_VALIDITY_DAYS = 92
YOUTH_AGE = 26  # « moins de 26 ans »
_C = EligibilityCriterion
EXCLUSIVE_PAIRS = ((_C.SENIOR, _C.YOUTH), (_C.DETLD, _C.DELD))


@dataclass(frozen=True)
class EligibilityOutcome:
    level1: int
    level2: int
    ignored: tuple[EligibilityCriterion, ...] = ()  # ticked but incoherent: not counted

    @property
    def eligible(self) -> bool:
        return self.level1 >= LEVEL_1_NEEDED or self.level2 >= LEVEL_2_NEEDED

    @property
    def summary(self) -> str:
        counts = tr("{n1} critère(s) de niveau 1, {n2} de niveau 2").format(
            n1=self.level1, n2=self.level2
        )
        if self.eligible:
            text = tr("Éligible : {counts}").format(counts=counts)
        else:
            text = tr(
                "Non éligible : {counts} (il faut 1 critère de niveau 1 ou 3 de niveau 2)"
            ).format(counts=counts)
        if self.ignored:
            text += tr(" ; non comptés car incohérents : {labels}").format(
                labels=", ".join(f"« {c.label} »" for c in self.ignored)
            )
        return text


def incoherent(
    criteria: Iterable[EligibilityCriterion],
    *,
    birth_date: dt.date | None = None,
    made_on: dt.date | None = None,
) -> set[EligibilityCriterion]:
    """The ticked criteria that cannot hold: both of an exclusive pair, an age criterion
    the person's age on the diagnosis day contradicts."""
    ticked = set(criteria)
    found = {c for pair in EXCLUSIVE_PAIRS if set(pair) <= ticked for c in pair}
    if birth_date is not None and made_on is not None:
        age = age_on(birth_date, made_on)
        if _C.SENIOR in ticked and age < SENIOR_AGE:
            found.add(_C.SENIOR)
        if _C.YOUTH in ticked and age >= YOUTH_AGE:
            found.add(_C.YOUTH)
    return found


def assess(
    criteria: Iterable[EligibilityCriterion],
    *,
    birth_date: dt.date | None = None,
    made_on: dt.date | None = None,
) -> EligibilityOutcome:
    """The hiring rule on the criteria that hold (incoherent ones are left aside: both of
    an exclusive pair, an age criterion the birth date contradicts on ``made_on``)."""
    unique = set(criteria)
    left_aside = incoherent(unique, birth_date=birth_date, made_on=made_on)
    counted = unique - left_aside
    level1 = sum(1 for c in counted if c.level == 1)
    ignored = tuple(c for c in EligibilityCriterion if c in left_aside)
    return EligibilityOutcome(level1=level1, level2=len(counted) - level1, ignored=ignored)


def check_criteria(
    criteria: Iterable[EligibilityCriterion],
    *,
    birth_date: dt.date | None,
    made_on: dt.date | None,
) -> list[Violation]:
    """Criteria that hold together: no exclusive pair, age criteria that fit the person's
    age on the day of the diagnosis (errors: such a diagnosis would count a criterion the
    person does not meet, and a PASS IAE issued on it could be withdrawn)."""
    ticked = set(criteria)
    violations = [
        Violation(
            "criteria_exclusive",
            tr(
                "Critères : « {a} » et « {b} » ne peuvent pas être cochés ensemble ; "
                "gardez celui qui correspond à la situation."
            ).format(a=a.label, b=b.label),
            field="criteria",
        )
        for a, b in EXCLUSIVE_PAIRS
        if a in ticked and b in ticked
    ]
    if birth_date is None or made_on is None:
        return violations
    age = age_on(birth_date, made_on)
    when = format_date(made_on)
    if _C.SENIOR in ticked and age < SENIOR_AGE:
        violations.append(
            Violation(
                "criterion_senior_age",
                tr(
                    "Critères : « {label} » : la personne avait {age} ans le {date} (jour du "
                    "diagnostic), {min} ans au moins (date de naissance à vérifier ?)."
                ).format(label=_C.SENIOR.label, age=age, date=when, min=SENIOR_AGE),
                field="criteria",
            )
        )
    if _C.YOUTH in ticked and age >= YOUTH_AGE:
        violations.append(
            Violation(
                "criterion_youth_age",
                tr(
                    "Critères : « {label} » : la personne avait {age} ans le {date} (jour du "
                    "diagnostic), moins de {max} ans pour ce critère (date de naissance à "
                    "vérifier ?)."
                ).format(label=_C.YOUTH.label, age=age, date=when, max=YOUTH_AGE),
                field="criteria",
            )
        )
    return violations


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
