"""Single legal limits of contracts, shared by the checks of ``contract_rules``.

Hours (CDDI 20-35 h a week, Premières Heures 1-72 h a month), trial period, overlaps,
cumulative length (24 / 60 months of CDDI, 12 months of Premières Heures) and PASS IAE.
Months are counted as ``domain/contract_dates.py`` explains.
"""

from __future__ import annotations

import datetime as dt

from chantier_app.domain.codes.contract_codes import ContractKind, DerogationKind, ExtensionReason
from chantier_app.domain.contract_dates import (
    ONE_DAY,
    SENIOR_AGE,
    Span,
    age_on,
    cumulative_limit,
    last_day_of,
    lasts_at_most,
    max_trial_days,
)
from chantier_app.domain.contract_history import ContractHistory, ContractPeriod
from chantier_app.domain.derogations import MIN_WEEKLY_MINUTES
from chantier_app.domain.errors import Severity, Violation
from chantier_app.domain.fr_format import format_date, format_minutes
from chantier_app.i18n import tr

MIN_CDDI_MONTHS = 4
MAX_CDDI_MONTHS = 24
ABSOLUTE_MAX_MONTHS = 60
MAX_FIRST_HOURS_MONTHS = 12
DIFFICULTIES_DECISION_MONTHS = 12
REVIEW_WINDOW_MONTHS = 2
MAX_WEEKLY_MINUTES = 35 * 60
MIN_MONTHLY_MINUTES = 1 * 60
MAX_MONTHLY_MINUTES = 72 * 60

FIELD_LABELS = {
    "start_date": tr("Date de début"),
    "end_date": tr("Date de fin"),
    "new_end_date": tr("Nouvelle date de fin"),
    "weekly_minutes": tr("Heures par semaine"),
    "monthly_minutes": tr("Heures par mois"),
    "trial_days": tr("Période d'essai"),
    "extension_reason": tr("Motif de prolongation au-delà de 24 mois"),
    "extension_until": tr("Fin de la formation"),
    "effective_date": tr("Date d'effet"),
    "training_provider": tr("Organisme de formation"),
    "contract": tr("Contrat"),
    "workshop_id": tr("Atelier"),
    "team_id": tr("Équipe"),
    "job_title": tr("Poste"),
    "derogation": tr("Dérogation"),
    "derogation_start": tr("Début de la dérogation"),
    "derogation_end": tr("Fin de la dérogation"),
    "signed_on": tr("Signé le"),
}


def violation(code: str, field: str, text: str, severity: Severity = Severity.ERROR) -> Violation:
    """A violation whose message starts with the field's French name."""
    label = FIELD_LABELS.get(field, field)
    return Violation(code, f"{label} : {text}", severity, field)


def warning(code: str, field: str, text: str) -> Violation:
    return violation(code, field, text, Severity.WARNING)


def check_placement(
    workshop_id: int | None, team_id: int | None, job_title: str | None
) -> list[Violation]:
    """Where the person works: nothing forbids leaving it blank, but then nobody enters
    their hours and the contract prints a blank for the job (warnings to acknowledge)."""
    found = []
    if team_id is None:
        field = "workshop_id" if workshop_id is None else "team_id"
        found.append(
            warning(
                "contract_without_team",
                field,
                tr(
                    "aucune équipe choisie : la personne ne sera dans la grille d'heures ni "
                    "sur les feuilles d'émargement d'aucun encadrant."
                ),
            )
        )
    if not (job_title or "").strip():
        found.append(
            warning(
                "contract_without_job",
                "job_title",
                tr(
                    "non renseigné : le contrat imprimera « l'emploi de ………… » à compléter à la main."
                ),
            )
        )
    return found


def check_hours(
    kind: ContractKind,
    weekly_minutes: int | None,
    monthly_minutes: int | None,
    derogation: DerogationKind,
) -> list[Violation]:
    """CDDI: 20 to 35 h a week (below 20 with a derogation); Premières Heures: 1 to 72 h a month."""
    if kind.hours_per_month:
        if monthly_minutes is None:
            return [violation("monthly_hours_missing", "monthly_minutes", tr("à renseigner."))]
        if monthly_minutes < MIN_MONTHLY_MINUTES:
            return [
                violation(
                    "first_hours_min_1h",
                    "monthly_minutes",
                    tr("Premières Heures : au moins 1 h par mois."),
                )
            ]
        if monthly_minutes > MAX_MONTHLY_MINUTES:
            return [
                violation(
                    "first_hours_max_72h",
                    "monthly_minutes",
                    tr("Premières Heures : 72 h par mois au plus ({hours} demandées).").format(
                        hours=format_minutes(monthly_minutes)
                    ),
                )
            ]
        return []
    if weekly_minutes is None or weekly_minutes <= 0:
        return [violation("weekly_hours_missing", "weekly_minutes", tr("à renseigner."))]
    if weekly_minutes > MAX_WEEKLY_MINUTES:
        return [
            violation(
                "weekly_hours_max_35",
                "weekly_minutes",
                tr("un CDDI compte 35 h par semaine au plus ({hours} demandées).").format(
                    hours=format_minutes(weekly_minutes)
                ),
            )
        ]
    if weekly_minutes < MIN_WEEKLY_MINUTES and derogation is DerogationKind.NONE:
        return [
            violation(
                "weekly_hours_min_20",
                "weekly_minutes",
                tr(
                    "moins de 20 h par semaine seulement avec une dérogation individuelle "
                    "(D5132-43-5) ou collective (D5132-43-8) enregistrée."
                ),
            )
        ]
    return []


def check_trial(start: dt.date, end: dt.date, trial_days: int | None) -> list[Violation]:
    if trial_days is None:
        return []
    if trial_days < 0:
        return [violation("trial_negative", "trial_days", tr("nombre de jours négatif."))]
    longest = max_trial_days(start, end)
    if trial_days > longest:
        return [
            violation(
                "trial_too_long",
                "trial_days",
                tr(
                    "{longest} jours au plus pour ce contrat (L1242-10 : 1 jour par semaine, "
                    "au plus 2 semaines pour un contrat de 6 mois ou moins comptés de date à "
                    "date, 1 mois au-delà)."
                ).format(longest=longest),
            )
        ]
    return []


def check_overlaps(others: list[ContractPeriod], period: Span, field: str) -> list[Violation]:
    return [
        violation(
            "contracts_overlap",
            field,
            tr("la période chevauche le contrat {kind} du {start} au {end}.").format(
                kind=other.kind.label, start=format_date(other.start), end=format_date(other.end)
            ),
        )
        for other in others
        if other.span.overlaps(period)
    ]


def check_cumulative(
    history: ContractHistory,
    kind: ContractKind,
    prior: list[ContractPeriod],
    period: Span,
    reason: ExtensionReason,
    until: dt.date | None,
    field: str,
) -> list[Violation]:
    """24 months of successive CDDI (60 with a reason), 12 months of Premières Heures."""
    family = [c.span for c in prior if c.kind.is_cddi == kind.is_cddi]
    if not kind.is_cddi:
        limit = cumulative_limit(family, period.start, MAX_FIRST_HOURS_MONTHS)
        if period.end > limit:
            return [
                violation(
                    "first_hours_max_12_months",
                    field,
                    tr(
                        "Premières Heures : 12 mois au plus en tout (fin au plus tard le {date})."
                    ).format(date=format_date(limit)),
                )
            ]
        return []
    pass_iae = history.pass_at(period.start)
    since = pass_iae.start if pass_iae else None
    limit24 = cumulative_limit(family, period.start, MAX_CDDI_MONTHS, since)
    limit60 = cumulative_limit(family, period.start, ABSOLUTE_MAX_MONTHS, since)
    if period.end > limit60:
        return [
            violation(
                "cddi_max_60_months",
                field,
                tr(
                    "jamais plus de 60 mois de CDDI successifs, quel que soit le motif "
                    "(fin au plus tard le {date})."
                ).format(date=format_date(limit60)),
            )
        ]
    if period.end <= limit24:
        return []
    beyond = Span(max(period.start, limit24 + ONE_DAY), period.end)
    return _extension(history, reason, until, beyond, limit24, field)


def _extension(
    history: ContractHistory,
    reason: ExtensionReason,
    until: dt.date | None,
    beyond: Span,
    limit24: dt.date,
    field: str,
) -> list[Violation]:
    """Beyond 24 months: only with a recorded reason, each with its own condition."""
    if reason is ExtensionReason.NONE:
        return [
            violation(
                "cddi_max_24_months",
                field,
                tr(
                    "la durée totale des CDDI successifs dépasserait 24 mois (le {date}) : "
                    "au-delà, indiquez un motif de prolongation."
                ).format(date=format_date(limit24)),
            )
        ]
    if reason is ExtensionReason.FINISH_TRAINING:
        if until is None:
            return [
                violation(
                    "extension_training_end_missing",
                    "extension_until",
                    tr("indiquez la date de fin de la formation à achever."),
                )
            ]
        if beyond.end > until:
            return [
                violation(
                    "extension_beyond_training",
                    field,
                    tr("la prolongation s'arrête à la fin de la formation ({date}).").format(
                        date=format_date(until)
                    ),
                )
            ]
        return []
    if reason is ExtensionReason.SENIOR_OR_RQTH:
        person = history.person
        senior = (
            person.birth_date is not None and age_on(person.birth_date, beyond.start) >= SENIOR_AGE
        )
        if not (senior or person.rqth):
            return [
                violation(
                    "extension_not_senior_nor_rqth",
                    "extension_reason",
                    tr(
                        "la personne n'aura pas 50 ans le {date} et n'a pas de RQTH enregistrée."
                    ).format(date=format_date(beyond.start)),
                )
            ]
        return []
    if not lasts_at_most(beyond.start, beyond.end, DIFFICULTIES_DECISION_MONTHS):
        return [
            violation(
                "extension_decision_max_12_months",
                field,
                tr(
                    "pour difficultés particulières, chaque décision couvre 12 mois au plus "
                    "(fin au plus tard le {date})."
                ).format(date=format_date(last_day_of(beyond.start, 12))),
            )
        ]
    return []


def check_pass(
    history: ContractHistory, kind: ContractKind, period: Span, start_field: str, end_field: str
) -> list[Violation]:
    """A CDDI starts during a PASS IAE; a warning when the PASS ends before the contract."""
    if not kind.is_cddi:
        return []  # Premières Heures: no prerequisite
    pass_iae = history.pass_at(period.start)
    if pass_iae is None:
        return [
            violation(
                "pass_iae_missing",
                start_field,
                tr(
                    "aucun PASS IAE valide le {date} : un CDDI se conclut pendant un PASS IAE."
                ).format(date=format_date(period.start)),
            )
        ]
    if pass_iae.end < period.end:
        return [
            warning(
                "pass_iae_ends_before_contract",
                end_field,
                tr(
                    "le PASS IAE{number} se termine le {date}, avant la fin du contrat : "
                    "demandez une prolongation."
                ).format(
                    number=f" n° {pass_iae.number}" if pass_iae.number else "",
                    date=format_date(pass_iae.end),
                ),
            )
        ]
    return []
