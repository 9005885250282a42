"""The State's eight barrier categories (freins périphériques à l'emploi)."""

from chantier_app.domain.codes import CodeEnum
from chantier_app.i18n import tr


class Barrier(CodeEnum):
    LANGUAGE = ("LANGUE", tr("Illettrisme, maîtrise du français"))
    ADMINISTRATIVE = ("ADMIN", tr("Démarches administratives et accès aux droits"))
    HOUSING = ("LOGEMENT", tr("Logement"))
    MOBILITY = ("MOBILITE", tr("Mobilité"))
    HEALTH = ("SANTE", tr("Santé"))
    JUSTICE = ("JUSTICE", tr("Justice"))
    FINANCES = ("FINANCES", tr("Dettes et difficultés financières"))
    AVAILABILITY = ("DISPONIBILITE", tr("Disponibilité (garde d'enfants, aidant…)"))

    @property
    def sensitive(self) -> bool:
        """Health and justice details are shown to CIP and direction only."""
        return self in (Barrier.HEALTH, Barrier.JUSTICE)


SCORE_MIN = 1
SCORE_MAX = 5
SCORE_LABELS = {
    1: tr("1 – pas de frein"),
    2: tr("2 – frein léger"),
    3: tr("3 – frein modéré"),
    4: tr("4 – frein important"),
    5: tr("5 – frein bloquant"),
}
