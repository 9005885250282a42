"""Codes of the work with the State's platforms: the bilan d'accompagnement's recipient and handover."""

from chantier_app.domain.codes import CodeEnum
from chantier_app.i18n import tr


class PathReportRecipient(CodeEnum):
    """Who the « bilan d'accompagnement » is written for (les emplois, PR 8632 and 8813: the
    prescriber who referred the person; the RSA référent for a person on the RSA)."""

    PRESCRIBER = ("PRESCRIPTEUR", tr("Prescripteur (orienteur)"))
    RSA_REFERENT = ("REFERENT_RSA", tr("Référent RSA"))
    OTHER = ("AUTRE", tr("Autre accompagnateur"))


class HandoverMeans(CodeEnum):
    EMAIL = ("COURRIEL", tr("Par courriel"))
    POST = ("COURRIER", tr("Par courrier"))
    HAND = ("MAIN_PROPRE", tr("Remis en main propre"))
    PLATFORM = ("PLATEFORME", tr("Déposé sur les emplois de l'inclusion"))
    MEETING = ("REUNION", tr("Présenté en réunion de suivi"))
