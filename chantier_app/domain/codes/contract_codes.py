"""Codes of contracts, amendments, suspensions, early ends and PASS IAE decisions."""

from chantier_app.domain.codes import CodeEnum
from chantier_app.i18n import tr


class ContractKind(CodeEnum):
    FIRST_HOURS = ("PH", tr("Premières Heures"))
    CDDI_REMOBILISING = ("CDDI_REMOB", tr("CDDI chantier remobilisant"))
    CDDI_QUALIFYING = ("CDDI_QUALIF", tr("CDDI chantier qualifiant"))

    @property
    def is_cddi(self) -> bool:
        return self is not ContractKind.FIRST_HOURS

    @property
    def hours_per_month(self) -> bool:
        """Premières Heures count hours per month; CDDI per week."""
        return self is ContractKind.FIRST_HOURS


class AmendmentKind(CodeEnum):
    RENEWAL = ("RENOUVELLEMENT", tr("Renouvellement"))
    HOURS_CHANGE = ("DUREE_TRAVAIL", tr("Modification de la durée du travail"))
    OTHER = ("AUTRE", tr("Autre modification"))


class SuspensionReason(CodeEnum):
    PMSMP = ("PMSMP", tr("Période de mise en situation en milieu professionnel (PMSMP)"))
    TRIAL_ELSEWHERE = ("ESSAI_EMBAUCHE", tr("Période d'essai chez un autre employeur"))
    OTHER = ("AUTRE", tr("Autre suspension"))


class EndReason(CodeEnum):
    """Why a contract ended (the exit reason says where the person went)."""

    TERM = ("TERME", tr("Fin du contrat à son terme"))
    TRIAL_EMPLOYER = ("ESSAI_EMPLOYEUR", tr("Rupture pendant la période d'essai (employeur)"))
    TRIAL_EMPLOYEE = ("ESSAI_SALARIE", tr("Rupture pendant la période d'essai (salarié)"))
    HIRED_ELSEWHERE = ("EMBAUCHE", tr("Embauche en CDI ou CDD de 6 mois ou plus, ou formation"))
    MUTUAL_AGREEMENT = ("COMMUN_ACCORD", tr("Rupture d'un commun accord"))
    SERIOUS_MISCONDUCT = ("FAUTE_GRAVE", tr("Faute grave"))
    FORCE_MAJEURE = ("FORCE_MAJEURE", tr("Force majeure"))
    UNFITNESS = ("INAPTITUDE", tr("Inaptitude constatée par le médecin du travail"))
    MOVE_TO_CDDI = ("PASSAGE_CDDI", tr("Passage de Premières Heures en CDDI"))
    DEATH = ("DECES", tr("Décès"))


class DerogationKind(CodeEnum):
    """Weekly hours below 20: only with a recorded derogation."""

    NONE = ("AUCUNE", tr("Aucune"))
    INDIVIDUAL = ("INDIVIDUELLE", tr("Dérogation individuelle (D5132-43-5)"))
    COLLECTIVE = ("COLLECTIVE", tr("Dérogation collective (D5132-43-8)"))


class ExtensionReason(CodeEnum):
    """Reasons allowing successive CDDI beyond 24 months."""

    NONE = ("AUCUNE", tr("Aucune"))
    FINISH_TRAINING = ("FORMATION", tr("Achever une action de formation en cours"))
    SENIOR_OR_RQTH = ("SENIOR_TH", tr("Salarié de 50 ans et plus ou travailleur handicapé"))
    DIFFICULTIES = ("DIFFICULTES", tr("Difficultés particulières faisant obstacle à l'insertion"))


class PassSuspensionReason(CodeEnum):
    SICKNESS = ("MALADIE", tr("Arrêt maladie"))
    MATERNITY = ("MATERNITE", tr("Congé de maternité"))
    DETENTION = ("INCARCERATION", tr("Incarcération"))
    TRIAL_ELSEWHERE = ("ESSAI", tr("Période d'essai auprès d'un autre employeur"))
    TRAINING = ("FORMATION", tr("Action concourant à l'insertion (formation…)"))
    CONTRACT_SUSPENDED = ("SUSPENSION_CONTRAT", tr("Contrat de travail suspendu"))
    OTHER = ("AUTRE", tr("Autre motif"))


class PassProlongationReason(CodeEnum):
    FINISH_TRAINING = ("FORMATION", tr("Fin d'une formation en cours"))
    SENIOR = ("SENIOR", tr("Salarié de 50 ans et plus"))
    RQTH = ("RQTH", tr("Travailleur handicapé (RQTH)"))
    DIFFICULTIES = ("DIFFICULTES", tr("Difficultés particulières"))
