"""Exit reasons (motifs de sortie) and the category each one counts in.

Categories follow the State's typology used in the yearly dialogue: durable job,
transition job, positive exit, other exits, and exits withdrawn from the rates.
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
    OTHER_SIAE = ("23", tr("Embauche pour une durée déterminée dans une autre SIAE"))
    # Sortie positive
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
        return _CATEGORY_BY_DECADE[self.value[0]]


_CATEGORY_BY_DECADE = {
    "1": ExitCategory.SUSTAINABLE_JOB,
    "2": ExitCategory.TRANSITION_JOB,
    "3": ExitCategory.POSITIVE,
    "4": ExitCategory.OTHER,
    "9": ExitCategory.EXCLUDED,
}
