"""Codes of the employee record (fiche salarié): civility, resources, situation."""

from chantier_app.domain.codes import CodeEnum
from chantier_app.i18n import tr


class Civility(CodeEnum):
    MR = ("M", tr("M."))
    MRS = ("MME", tr("Mme"))


class Nationality(CodeEnum):
    FRENCH = ("FR", tr("Française"))
    EU = ("UE", tr("Union européenne"))
    NON_EU = ("HORS_UE", tr("Hors Union européenne"))


class NirMissingReason(CodeEnum):
    FOREIGN_PENDING = ("ETRANGER", tr("Personne étrangère, numéro en cours d'attribution"))
    TEMPORARY = ("PROVISOIRE", tr("Numéro provisoire (NIA / NTT)"))
    NOT_PROVIDED = ("NON_FOURNI", tr("Non communiqué par la personne"))
    OTHER = ("AUTRE", tr("Autre raison"))
    # A record created from les emplois' export, which never carries the NIR.
    TO_COMPLETE = ("A_COMPLETER", tr("À compléter (dossier importé des emplois de l'inclusion)"))


class RsaKind(CodeEnum):
    NONE = ("NON", tr("Non bénéficiaire"))
    NOT_INCREASED = ("NON_MAJORE", tr("RSA non majoré"))
    INCREASED = ("MAJORE", tr("RSA majoré"))


class DurationBand(CodeEnum):
    """How long a resource (RSA, ASS, AAH) or a registration has lasted."""

    UNDER_6M = ("M6", tr("Moins de 6 mois"))
    FROM_6_TO_11M = ("M12", tr("De 6 à 11 mois"))
    FROM_12_TO_23M = ("M24", tr("De 12 à 23 mois"))
    AT_LEAST_24M = ("M24P", tr("24 mois et plus"))


class HousingSituation(CodeEnum):
    OWN = ("AUTONOME", tr("Logement autonome (propriétaire ou locataire)"))
    FAMILY = ("FAMILLE", tr("Hébergé par la famille ou des amis"))
    HOSTEL = ("STRUCTURE", tr("Hébergement collectif ou en structure (CHRS, foyer…)"))
    EMERGENCY = ("URGENCE", tr("Hébergement d'urgence ou hôtel social"))
    HOMELESS = ("SDF", tr("Sans domicile"))
    OTHER = ("AUTRE", tr("Autre"))


class Mobility(CodeEnum):
    LICENCE_AND_VEHICLE = ("PERMIS_VEHICULE", tr("Permis B et véhicule"))
    LICENCE_ONLY = ("PERMIS", tr("Permis B sans véhicule"))
    PUBLIC_TRANSPORT = ("TRANSPORTS", tr("Transports en commun"))
    LIMITED = ("LIMITEE", tr("Mobilité limitée"))


class FrenchLevel(CodeEnum):
    NATIVE = ("MATERNELLE", tr("Langue maternelle"))
    FLUENT = ("COURANT", tr("Courant (B2 et plus)"))
    INTERMEDIATE = ("INTERMEDIAIRE", tr("Intermédiaire (A2-B1)"))
    BEGINNER = ("DEBUTANT", tr("Débutant (A1)"))
    BELOW_A1 = ("INFRA_A1", tr("Inférieur au niveau A1"))


class DiagnosisAuthor(CodeEnum):
    PRESCRIBER = ("PRESCRIPTEUR", tr("Prescripteur habilité"))
    STRUCTURE = ("STRUCTURE", tr("La structure (auto-prescription)"))
