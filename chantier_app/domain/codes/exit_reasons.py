"""Exit reasons (motifs de sortie) and the category each one counts in.

Categories follow the State's typology of IAE exits, as the national platform's operator
(GIP de la plateforme de l'inclusion) publishes it on its community site (« Sorties
positives, sorties dynamiques, sorties vers l'emploi : définition »,
communaute.inclusion.beta.gouv.fr, forum « Les sorties dynamiques dans l'IAE »), and as
the ASP's tables (RefMotifSort → RefCategorieSort) file each reason:

- emploi durable: a CDI, a CDD or a temporary mission of 6 months or more, a post or
  tenure in the civil service, a business creation;
- emploi de transition: a CDD or a temporary mission under 6 months, a subsidised contract
  with an ordinary employer;
- sortie positive: a qualifying or pre-qualifying training, **a hiring in another SIAE**
  (« Embauche pour une durée déterminée dans une autre structure IAE »: an earlier
  version filed it under transition, which left the dynamic rate unchanged but moved it
  between categories), another exit the State recognises as positive;
- autres sorties and retrait des sorties constatées (excluded from the rates).

Each reason's category is written out below (not derived from its code): the codes are
those the application has always stored, so a reason keeps its code when its category
is corrected.
"""

from chantier_app.domain.codes import CodeEnum
from chantier_app.i18n import tr


class ExitCategory(CodeEnum):
    SUSTAINABLE_JOB = ("DURABLE", tr("Emploi durable"))
    TRANSITION_JOB = ("TRANSITION", tr("Emploi de transition"))
    POSITIVE = ("POSITIVE", tr("Sortie positive"))
    OTHER = ("AUTRE", tr("Autres sorties"))
    EXCLUDED = ("RETRAIT", tr("Retrait des sorties constatées"))

    @property
    def dynamic(self) -> bool:
        """Counts as a sortie dynamique (durable + transition + positive)."""
        return self in (
            ExitCategory.SUSTAINABLE_JOB,
            ExitCategory.TRANSITION_JOB,
            ExitCategory.POSITIVE,
        )


class ExitReason(CodeEnum):
    # Emploi durable
    CDI = ("10", tr("Embauche en CDI non aidé"))
    CDI_AIDED = ("11", tr("Embauche en CDI aidé"))
    CDD_6M_PLUS = ("12", tr("Embauche en CDD (sans aide) de 6 mois ou plus"))
    TEMP_6M_PLUS = ("13", tr("Intérim de 6 mois ou plus"))
    CIVIL_SERVICE = ("14", tr("Intégration dans la fonction publique"))
    BUSINESS_CREATION = ("15", tr("Création ou reprise d'entreprise"))
    # Emploi de transition
    CDD_UNDER_6M = ("20", tr("Embauche en CDD (sans aide) de moins de 6 mois"))
    TEMP_UNDER_6M = ("21", tr("Intérim de moins de 6 mois"))
    AIDED_CONTRACT = ("22", tr("Contrat aidé chez un employeur de droit commun"))
    # Sortie positive (« 23 » keeps the code it was stored with when filed under transition)
    OTHER_SIAE = ("23", tr("Embauche pour une durée déterminée dans une autre SIAE"))
    QUALIFYING_TRAINING = ("30", tr("Entrée en formation qualifiante"))
    PRE_QUALIFYING_TRAINING = ("31", tr("Entrée en formation pré-qualifiante ou non qualifiante"))
    OTHER_POSITIVE = ("32", tr("Autre sortie reconnue comme positive"))
    # Autres sorties
    JOBSEEKER = ("40", tr("Au chômage"))
    INACTIVE = ("41", tr("Inactif"))
    NO_NEWS = ("42", tr("Sans nouvelle"))
    RETIREMENT = ("43", tr("Départ à la retraite"))
    SERIOUS_MISCONDUCT = ("44", tr("Licenciement pour faute grave"))
    ADMINISTRATIVE_DECISION = ("45", tr("Décision administrative ou de justice"))
    RESIGNATION = ("46", tr("Rupture à l'initiative du salarié"))
    OTHER_EXIT = ("49", tr("Autre sortie"))
    # Retrait des sorties constatées
    TOO_SHORT = ("90", tr("Contrat trop court (moins de 3 mois)"))
    DEATH = ("91", tr("Décès"))
    LONG_SICKNESS = ("92", tr("Congé longue maladie"))
    EMPLOYER_TRANSFER = ("93", tr("Transfert vers un autre employeur (même groupe ou reprise)"))
    MOVED_AWAY = ("94", tr("Déménagement"))

    @property
    def category(self) -> ExitCategory:
        return CATEGORY[self]


_R, _C = ExitReason, ExitCategory
CATEGORY: dict[ExitReason, ExitCategory] = {
    _R.CDI: _C.SUSTAINABLE_JOB,
    _R.CDI_AIDED: _C.SUSTAINABLE_JOB,
    _R.CDD_6M_PLUS: _C.SUSTAINABLE_JOB,
    _R.TEMP_6M_PLUS: _C.SUSTAINABLE_JOB,
    _R.CIVIL_SERVICE: _C.SUSTAINABLE_JOB,
    _R.BUSINESS_CREATION: _C.SUSTAINABLE_JOB,
    _R.CDD_UNDER_6M: _C.TRANSITION_JOB,
    _R.TEMP_UNDER_6M: _C.TRANSITION_JOB,
    _R.AIDED_CONTRACT: _C.TRANSITION_JOB,
    _R.OTHER_SIAE: _C.POSITIVE,  # « une embauche dans une autre SIAE »: sortie positive
    _R.QUALIFYING_TRAINING: _C.POSITIVE,
    _R.PRE_QUALIFYING_TRAINING: _C.POSITIVE,
    _R.OTHER_POSITIVE: _C.POSITIVE,
    _R.JOBSEEKER: _C.OTHER,
    _R.INACTIVE: _C.OTHER,
    _R.NO_NEWS: _C.OTHER,
    _R.RETIREMENT: _C.OTHER,
    _R.SERIOUS_MISCONDUCT: _C.OTHER,
    _R.ADMINISTRATIVE_DECISION: _C.OTHER,
    _R.RESIGNATION: _C.OTHER,
    _R.OTHER_EXIT: _C.OTHER,
    _R.TOO_SHORT: _C.EXCLUDED,
    _R.DEATH: _C.EXCLUDED,
    _R.LONG_SICKNESS: _C.EXCLUDED,
    _R.EMPLOYER_TRANSFER: _C.EXCLUDED,
    _R.MOVED_AWAY: _C.EXCLUDED,
}
