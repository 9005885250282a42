"""Who referred the person (orienteur / prescripteur), with the ASP's codes."""

from chantier_app.domain.codes import CodeEnum
from chantier_app.i18n import tr


class Referrer(CodeEnum):
    MISSION_LOCALE = ("01", tr("Mission locale"))
    CAP_EMPLOI = ("02", tr("Cap emploi"))
    FRANCE_TRAVAIL = ("03", tr("France Travail"))
    PLIE = ("04", tr("PLIE"))
    DEPARTMENT_SOCIAL_SERVICE = ("05", tr("Service social du Département"))
    OTHER_PRESCRIBER = ("06", tr("Autre prescripteur habilité"))
    SPONTANEOUS = ("07", tr("Candidature spontanée"))
    ORIENTEUR = ("08", tr("Orienteur (non prescripteur)"))
    SPIP = ("09", tr("SPIP (service pénitentiaire d'insertion et de probation)"))
    PJJ = ("10", tr("PJJ (protection judiciaire de la jeunesse)"))
    CCAS = ("11", tr("CCAS"))
    CHRS = ("12", tr("CHRS"))
    PREVENTION = ("13", tr("Club ou association de prévention spécialisée"))
    CADA = ("14", tr("CADA (accueil des demandeurs d'asile)"))
    OTHER_SIAE = ("15", tr("Autre structure d'insertion (SIAE)"))
    UNKNOWN = ("99", tr("Inconnu"))
