"""Codes of support (accompagnement), PMSMP and trainings."""

from chantier_app.domain.codes import CodeEnum
from chantier_app.i18n import tr


class MilestoneKind(CodeEnum):
    WELCOME = ("ACCUEIL", tr("Entretien d'accueil"))
    DIAGNOSIS = ("DIAGNOSTIC", tr("Diagnostic initial"))
    PLAN = ("PROJET", tr("Projet professionnel"))
    REVIEW_M3 = ("BILAN_M3", tr("Bilan à 3 mois"))
    REVIEW_M6 = ("BILAN_M6", tr("Bilan à 6 mois"))
    REVIEW_M10 = ("BILAN_M10", tr("Bilan à 10 mois"))
    RENEWAL_REVIEW = ("BILAN_RENOUV", tr("Bilan avant renouvellement"))
    EXIT_REVIEW = ("BILAN_SORTIE", tr("Bilan de sortie"))
    FOLLOW_UP_3M = ("SUIVI_3M", tr("Suivi 3 mois après la sortie"))
    FOLLOW_UP_6M = ("SUIVI_6M", tr("Suivi 6 mois après la sortie"))
    OTHER = ("AUTRE", tr("Entretien"))

    @property
    def is_review(self) -> bool:
        return self in (
            MilestoneKind.REVIEW_M3,
            MilestoneKind.REVIEW_M6,
            MilestoneKind.REVIEW_M10,
            MilestoneKind.RENEWAL_REVIEW,
            MilestoneKind.EXIT_REVIEW,
        )


class MilestoneStatus(CodeEnum):
    TO_PLAN = ("A_PLANIFIER", tr("À planifier"))
    PLANNED = ("PLANIFIE", tr("Planifié"))
    DONE = ("REALISE", tr("Réalisé"))
    POSTPONED = ("REPORTE", tr("Reporté"))
    CANCELLED = ("ANNULE", tr("Annulé"))


class ActionStatus(CodeEnum):
    TODO = ("A_FAIRE", tr("À faire"))
    IN_PROGRESS = ("EN_COURS", tr("En cours"))
    DONE = ("FAIT", tr("Fait"))
    ABANDONED = ("ABANDONNE", tr("Abandonné"))


class SensitiveNoteKind(CodeEnum):
    HEALTH = ("SANTE", tr("Santé"))
    JUSTICE = ("JUSTICE", tr("Justice"))


class PmsmpOutcome(CodeEnum):
    PENDING = ("EN_COURS", tr("En cours ou à venir"))
    CONFIRMED_PROJECT = ("PROJET_CONFIRME", tr("Projet professionnel confirmé"))
    DISCOVERY = ("DECOUVERTE", tr("Découverte d'un métier, projet à construire"))
    HIRING = ("EMBAUCHE", tr("Embauche proposée"))
    ABANDONED = ("ABANDON", tr("Interrompue"))
    NOT_CONFIRMED = ("NON_CONFIRME", tr("Projet non confirmé"))


class TrainingKind(CodeEnum):
    ADAPTATION = ("ADAPTATION", tr("Adaptation au poste"))
    PRE_QUALIFYING = ("PRE_QUALIF", tr("Pré-qualifiante"))
    QUALIFYING = ("QUALIFIANTE", tr("Qualifiante ou certifiante"))
    BASIC_SKILLS = ("SAVOIRS_BASE", tr("Savoirs de base, français langue étrangère"))
    SAFETY = ("SECURITE", tr("Sécurité, hygiène (SST, HACCP…)"))
    DRIVING = ("PERMIS", tr("Permis de conduire"))


class EnrolmentStatus(CodeEnum):
    ENROLLED = ("INSCRIT", tr("Inscrit"))
    ATTENDING = ("EN_COURS", tr("En cours"))
    COMPLETED = ("TERMINE", tr("Terminé"))
    ABANDONED = ("ABANDON", tr("Abandon"))


class TrainingResult(CodeEnum):
    PENDING = ("EN_ATTENTE", tr("En attente"))
    OBTAINED = ("OBTENU", tr("Obtenu"))
    PARTIAL = ("PARTIEL", tr("Obtenu partiellement"))
    FAILED = ("NON_OBTENU", tr("Non obtenu"))
    NOT_APPLICABLE = ("SANS_OBJET", tr("Sans objet (pas de certification)"))
