"""Roles of the staff members, and their labels as a woman's or a man's title."""

from __future__ import annotations

from chantier_app.domain.codes import CodeEnum
from chantier_app.domain.codes.person_codes import Civility
from chantier_app.i18n import tr


class Role(CodeEnum):
    DIRECTION = ("DIRECTION", tr("Direction"))
    CIP = ("CIP", tr("Conseiller en insertion professionnelle (CIP)"))
    SUPERVISOR = ("ENCADRANT", tr("Encadrant technique"))


# A staff member's title follows their civility; with none given (accounts created before
# it was asked), the role's own label: « Direction » and the masculine titles.
_TITLES: dict[tuple[Role, Civility], str] = {
    (Role.DIRECTION, Civility.MRS): tr("Directrice"),
    (Role.DIRECTION, Civility.MR): tr("Directeur"),
    (Role.CIP, Civility.MRS): tr("Conseillère en insertion professionnelle (CIP)"),
    (Role.CIP, Civility.MR): tr("Conseiller en insertion professionnelle (CIP)"),
    (Role.SUPERVISOR, Civility.MRS): tr("Encadrante technique"),
    (Role.SUPERVISOR, Civility.MR): tr("Encadrant technique"),
}


def role_title(role: Role, civility: Civility | None) -> str:
    """The role as shown next to a person's name: « Directrice », « Encadrant technique »."""
    return role.label if civility is None else _TITLES[(role, civility)]
