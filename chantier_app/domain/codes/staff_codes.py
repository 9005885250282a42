"""Roles of the staff members."""

from chantier_app.domain.codes import CodeEnum
from chantier_app.i18n import tr


class Role(CodeEnum):
    DIRECTION = ("DIRECTION", tr("Direction"))
    CIP = ("CIP", tr("Conseiller en insertion professionnelle (CIP)"))
    SUPERVISOR = ("ENCADRANT", tr("Encadrant technique"))
