"""What may leave the structure in a document written for a partner (the bilan d'accompagnement
for the prescriber or the RSA référent, the control file for the State's inspector).

One rule, read from the one classification of sensitive fields (``domain.sensitivity``):
health, disability and justice facts (RGPD articles 9 and 10) never leave; situation and
social-benefit facts leave only in the sections the CIP ticks (the prescriber and the RSA
référent know them: they made the referral). Confidential notes never leave at all.
"""

from __future__ import annotations

from chantier_app.domain.codes import CodeEnum
from chantier_app.domain.sensitivity import Category, field, rows

NEVER_OUTSIDE = frozenset({Category.HEALTH, Category.DISABILITY, Category.JUSTICE})


def field_may_leave(entity: str, name: str) -> bool:
    """May ``entity.name`` be written in a document for a partner (any unclassified: yes)?"""
    found = field(entity, name)
    return found is None or not (found.categories & NEVER_OUTSIDE)


def row_may_leave(entity: str, code: CodeEnum) -> bool:
    """May a row of ``entity`` whose code is ``code`` (a barrier, a criterion) be shared?"""
    if entity == "sensitive_note":
        return False
    found = rows(entity)
    return found is None or not (found.categories[code] & NEVER_OUTSIDE)
