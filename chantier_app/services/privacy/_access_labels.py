"""French names of the tables and columns in the right-of-access document (« droit d'accès »).

A column without a label here is shown under its own name: the document stays complete.
"""

from __future__ import annotations

from chantier_app.domain.person_record import FIELD_LABELS
from chantier_app.i18n import tr

# (table, French title, shown as a grid rather than one form per row)
SECTIONS: tuple[tuple[str, str, bool], ...] = (
    ("person", tr("Identité et situation"), False),
    ("eligibility_diagnosis", tr("Diagnostics d'éligibilité"), False),
    ("eligibility_criterion", tr("Critères d'éligibilité retenus"), True),
    ("pass_iae", tr("PASS IAE"), False),
    ("pass_suspension", tr("Suspensions du PASS IAE"), True),
    ("pass_prolongation", tr("Prolongations du PASS IAE"), True),
    ("contract", tr("Contrats"), False),
    ("amendment", tr("Avenants"), False),
    ("contract_suspension", tr("Suspensions de contrat"), True),
    ("contract_derogation", tr("Dérogations à 20 h par semaine"), True),
    ("monthly_hours", tr("Heures par mois"), True),
    ("daily_attendance", tr("Heures par jour (feuilles d'émargement)"), True),
    ("training_session", tr("Sessions de formation suivies"), True),
    ("enrolment", tr("Inscriptions en formation"), True),
    ("training_attendance", tr("Présences en formation"), True),
    ("milestone", tr("Entretiens et bilans"), False),
    ("barrier_score", tr("Cotation des freins"), True),
    ("barrier_action", tr("Actions sur les freins"), False),
    ("pmsmp", tr("PMSMP (immersions en entreprise)"), False),
    ("emplois_hire", tr("Embauches importées des emplois de l'inclusion"), False),
    ("path_report", tr("Bilans d'accompagnement"), False),
    ("sensitive_note", tr("Notes confidentielles (santé, justice)"), False),
    ("record_version", tr("Historique des modifications (versions précédentes)"), False),
    ("audit_entry", tr("Journal : qui a consulté ou modifié le dossier"), True),
)

_COMMON = {
    "created_at": tr("Créé le"),
    "updated_at": tr("Modifié le"),
    "version": tr("Version (enregistrements successifs)"),
    "notes": tr("Notes"),
    "start_date": tr("Début"),
    "end_date": tr("Fin"),
    "reason": tr("Motif"),
    "kind": tr("Type"),
    "status": tr("Statut"),
    "month": tr("Mois"),
    "day": tr("Jour"),
    "worked_minutes": tr("Travaillées"),
    "training_minutes": tr("Formation"),
    "pmsmp_minutes": tr("PMSMP"),
    "paid_absence_minutes": tr("Absences payées"),
    "sick_minutes": tr("Maladie"),
    "unjustified_minutes": tr("Absences injustifiées"),
    "acknowledged_warnings": tr("Avertissements lus"),
    "author_id": tr("Auteur"),
    "author_staff_id": tr("Auteur"),
    "created_by_id": tr("Saisi par"),
    "updated_by_id": tr("Saisi par"),
    "workshop_id": tr("Atelier"),
    "team_id": tr("Équipe"),
    "session_id": tr("Session"),
    "due_date": tr("Échéance"),
    "done_date": tr("Réalisé le"),
    "signed_on": tr("Signé le"),
    "barrier": tr("Frein"),
    "extension_reason": tr("Motif de prolongation au-delà de 24 mois"),
    "cancelled_at": tr("Annulé le"),
    "cancelled_by_id": tr("Annulé par"),
    "cancellation_reason": tr("Motif de l'annulation"),
}

COLUMNS: dict[str, dict[str, str]] = {
    "person": {
        **FIELD_LABELS,
        "archived_at": tr("Dossier archivé le"),
        "anonymised_at": tr("Anonymisé le"),
    },
    "eligibility_diagnosis": {
        "made_on": tr("Réalisé le"),
        "author_kind": tr("Prescription"),
        "author_name": tr("Prescripteur"),
    },
    "eligibility_criterion": {"criterion": tr("Critère"), "proof": tr("Justificatif")},
    "pass_iae": {"number": tr("Numéro"), "initial_end_date": tr("Fin initiale")},
    "pass_prolongation": {"decided_on": tr("Décidée le")},
    "contract": {
        "job_title": tr("Poste"),
        "initial_end_date": tr("Fin initiale"),
        "end_date": tr("Fin prévue"),
        "weekly_minutes": tr("Heures par semaine"),
        "monthly_minutes": tr("Heures par mois"),
        "trial_days": tr("Période d'essai (jours)"),
        "hourly_wage": tr("Salaire horaire (€)"),
        "derogation": tr("Dérogation horaire"),
        "derogation_reference": tr("Référence de la dérogation"),
        "adjusted_sentence": tr("Aménagement de peine"),
        "extension_until": tr("Prolongé jusqu'au"),
        "extension_notes": tr("Précisions sur la prolongation"),
        "training_provider": tr("Organisme de formation"),
        "target_diploma": tr("Diplôme visé"),
        "exam_date": tr("Date de l'examen"),
        "exam_result": tr("Résultat de l'examen"),
        "actual_end_date": tr("Fin effective"),
        "end_reason": tr("Motif de fin"),
        "exit_reason": tr("Motif de sortie"),
        "exit_notes": tr("Précisions sur la sortie"),
    },
    "amendment": {
        "number": tr("N°"),
        "effective_date": tr("Effet le"),
        "previous_end_date": tr("Fin précédente"),
        "new_end_date": tr("Nouvelle fin"),
        # « Avant : Nouvelles heures par semaine : 30 h » in the history, where « Heures par
        # semaine après » read as the history's own « Après ».
        "previous_weekly_minutes": tr("Heures par semaine remplacées"),
        "new_weekly_minutes": tr("Nouvelles heures par semaine"),
        "previous_monthly_minutes": tr("Heures par mois remplacées"),
        "new_monthly_minutes": tr("Nouvelles heures par mois"),
    },
    "contract_suspension": {"other_employer": tr("Autre employeur")},
    "contract_derogation": {
        "kind": tr("Dérogation"),
        "reference": tr("Référence de la décision"),
        "decided_on": tr("Décision du"),
    },
    "monthly_hours": {"from_daily": tr("Depuis les feuilles")},
    "training_session": {
        "title": tr("Intitulé"),
        "provider": tr("Organisme"),
        "duration_minutes": tr("Durée"),
        "funding": tr("Financement"),
        "certificate_target": tr("Certification visée"),
        "location": tr("Lieu"),
    },
    "enrolment": {
        "attended_minutes": tr("Heures suivies"),
        "result": tr("Résultat"),
        "certificate_obtained": tr("Certification obtenue"),
        "result_date": tr("Date du résultat"),
    },
    "training_attendance": {"minutes": tr("Heures")},
    "milestone": {
        "planned_date": tr("Prévu le"),
        "objectives_reached": tr("Objectifs atteints"),
        "next_objectives": tr("Prochains objectifs"),
        "generated": tr("Planifié automatiquement"),
    },
    "barrier_score": {
        "scored_on": tr("Coté le"),
        "score": tr("Cote (1 à 5)"),
        "comment": tr("Commentaire"),
    },
    "barrier_action": {"description": tr("Action"), "partner": tr("Partenaire")},
    "pmsmp": {
        "host_name": tr("Entreprise d'accueil"),
        "host_siret": tr("SIRET de l'entreprise"),
        "host_contact": tr("Tuteur ou contact"),
        "target_job": tr("Métier visé"),
        "agreement_reference": tr("Référence de la convention"),
        "outcome": tr("Bilan"),
    },
    "sensitive_note": {"written_on": tr("Écrite le"), "text": tr("Note")},
    "audit_entry": {
        "at": tr("Date"),
        "staff_name": tr("Par"),
        "action": tr("Action"),
        "entity": tr("Donnée"),
        "summary": tr("Détail"),
    },
}


def column_label(table: str, column: str) -> str:
    return COLUMNS.get(table, {}).get(column) or _COMMON.get(column) or column


# The trail's codes, as a reader says them.
AUDIT_ACTIONS = {
    "create": tr("création"), "update": tr("modification"), "delete": tr("suppression"),
    "archive": tr("archivage"), "export": tr("export"), "print": tr("impression"),
    "import": tr("import"), "login": tr("connexion"), "login_failed": tr("connexion refusée"),
    "refused": tr("action refusée"), "lock": tr("verrouillage"), "unlock": tr("déverrouillage"),
    "backup": tr("sauvegarde"), "restore": tr("restauration"), "anonymise": tr("effacement"),
}  # fmt: skip
AUDIT_ENTITIES = {
    "person": tr("fiche salarié"), "contract": tr("contrat"), "milestone": tr("entretien"),
    "barrier_score": tr("cotation des freins"), "barrier_action": tr("action sur un frein"),
    "sensitive_note": tr("note confidentielle"), "pmsmp": tr("PMSMP"),
    "contract_suspension": tr("suspension de contrat"), "amendment": tr("avenant"),
    "monthly_hours": tr("heures du mois"),
    "daily_attendance": tr("heures du jour"), "enrolment": tr("inscription en formation"),
    "training_attendance": tr("présence en formation"), "eligibility_diagnosis": tr("diagnostic"),
    "pass_iae": tr("PASS IAE"), "support": tr("accompagnement"),
}  # fmt: skip
