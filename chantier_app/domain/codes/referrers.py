"""Who referred the person (orienteur / prescripteur), with the ASP's codes.

The ASP's reference file ref_orienteur_v5 (as les emplois de l'inclusion transcribes it in
``itou/asp/models.py``, ``PrescriberType``): the code is what the employee record's
« orienteur » field carries. Before revision 0015 this list had 13, 14 and 15 wrong
(prévention, CADA, « autre SIAE »): the migration moved them to 14, 18 and 07.
"""

from chantier_app.domain.codes import CodeEnum
from chantier_app.i18n import tr


class Referrer(CodeEnum):
    MISSION_LOCALE = ("01", tr("Mission locale"))
    CAP_EMPLOI = ("02", tr("Cap emploi"))
    FRANCE_TRAVAIL = ("03", tr("France Travail"))
    PLIE = ("04", tr("PLIE (plan local pour l'insertion et l'emploi)"))
    DEPARTMENT_SOCIAL_SERVICE = ("05", tr("Service social du conseil départemental"))
    OTHER_PRESCRIBER = ("06", tr("Autre prescripteur habilité"))
    # The ASP files applications sent by the person or by another SIAE here too.
    SPONTANEOUS = ("07", tr("Candidature spontanée"))
    ORIENTEUR = ("08", tr("Orienteur (prescripteur non habilité)"))
    SPIP = ("09", tr("SPIP (service pénitentiaire d'insertion et de probation)"))
    PJJ = ("10", tr("PJJ (protection judiciaire de la jeunesse)"))
    CCAS = ("11", tr("CCAS (centre communal ou intercommunal d'action sociale)"))
    CHRS = ("12", tr("CHRS (centre d'hébergement et de réinsertion sociale)"))
    CIDFF = ("13", tr("CIDFF (droits des femmes et des familles)"))
    PREVENTION = ("14", tr("Service ou club de prévention"))
    AFPA = ("15", tr("AFPA"))
    PIJ_BIJ = ("16", tr("Point ou bureau information jeunesse (PIJ, BIJ)"))
    CAF = ("17", tr("CAF (caisse d'allocations familiales)"))
    CADA = ("18", tr("CADA (accueil des demandeurs d'asile)"))
    ASE = ("19", tr("ASE (aide sociale à l'enfance)"))
    CAVA = ("20", tr("CAVA (centre d'adaptation à la vie active)"))
    CPH = ("21", tr("CPH (centre provisoire d'hébergement)"))
    CHU = ("22", tr("CHU (centre d'hébergement d'urgence)"))
    OACAS = ("23", tr("OACAS (accueil communautaire et activité solidaire)"))
    UNKNOWN = ("99", tr("Non connu"))
