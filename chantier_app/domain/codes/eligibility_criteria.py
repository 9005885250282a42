"""Eligibility criteria of the IAE diagnosis (level 1 and level 2)."""

from chantier_app.domain.codes import CodeEnum
from chantier_app.i18n import tr


class EligibilityCriterion(CodeEnum):
    # Level 1: one is enough for an ACI hire.
    RSA = ("RSA", tr("Bénéficiaire du RSA"))
    ASS = ("ASS", tr("Allocataire ASS"))
    AAH = ("AAH", tr("Allocataire AAH"))
    DETLD = ("DETLD", tr("Demandeur d'emploi de très longue durée (24 mois et plus)"))
    # Level 2: three are needed.
    LOW_EDUCATION = ("NIV_CAP_BEP", tr("Niveau d'étude inférieur ou égal au CAP/BEP"))
    SENIOR = ("SENIOR", tr("Senior (50 ans et plus)"))
    YOUTH = ("JEUNE", tr("Jeune (moins de 26 ans)"))
    ASE = ("ASE", tr("Aide sociale à l'enfance (ASE)"))
    DELD = ("DELD", tr("Demandeur d'emploi de longue durée (12 à 24 mois)"))
    DISABLED_WORKER = ("TH", tr("Travailleur handicapé"))
    LONE_PARENT = ("PI", tr("Parent isolé"))
    HOMELESS = ("SDF", tr("Sans hébergement ou hébergé"))
    REFUGEE = ("REFUGIE", tr("Réfugié, protection subsidiaire ou demandeur d'asile"))
    # « ZRR/ZFRR » as the platform names it since the zones France ruralités revitalisation
    # (ZFRR) replaced the ZRR; the stored code stays « ZRR ».
    ZRR = ("ZRR", tr("Résident en ZRR/ZFRR (zone de revitalisation rurale, France ruralités)"))
    QPV = ("QPV", tr("Résident en quartier prioritaire de la ville (QPV)"))
    JUSTICE = ("JUSTICE", tr("Sortant de détention ou personne placée sous main de justice"))
    FRENCH_BELOW_A1 = ("FLE", tr("Maîtrise de la langue française inférieure au niveau A1"))
    MOBILITY = ("MOBILITE", tr("Problème de mobilité"))

    @property
    def level(self) -> int:
        return 1 if self in LEVEL_1 else 2


LEVEL_1 = frozenset(
    {
        EligibilityCriterion.RSA,
        EligibilityCriterion.ASS,
        EligibilityCriterion.AAH,
        EligibilityCriterion.DETLD,
    }
)
