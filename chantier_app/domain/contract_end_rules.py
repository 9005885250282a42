"""Rules of suspensions and of the end of a contract (early end, term, exit reason)."""

from __future__ import annotations

import datetime as dt

from chantier_app.domain import pmsmp
from chantier_app.domain.codes.contract_codes import EndReason
from chantier_app.domain.codes.exit_reasons import ExitReason
from chantier_app.domain.contract_dates import Span, lasts_at_least
from chantier_app.domain.contract_history import ContractHistory, ProposedEnd, ProposedSuspension
from chantier_app.domain.contract_limits import FIELD_LABELS
from chantier_app.domain.errors import Severity, Violation
from chantier_app.domain.fr_format import format_date
from chantier_app.i18n import tr

EXCLUDED_TOO_SHORT_MONTHS = 3
TRIAL_REASONS = (EndReason.TRIAL_EMPLOYER, EndReason.TRIAL_EMPLOYEE)

LABELS = {
    **FIELD_LABELS,
    "suspension_start": tr("Début de la suspension"),
    "suspension_end": tr("Fin de la suspension"),
    "other_employer": tr("Autre employeur"),
    "offer_qualifies": tr("Emploi proposé"),
    "end_reason": tr("Motif de fin"),
    "exit_reason": tr("Motif de sortie"),
}


def _v(code: str, field: str, text: str, severity: Severity = Severity.ERROR) -> Violation:
    return Violation(code, f"{LABELS[field]} : {text}", severity, field)


def check_suspension(history: ContractHistory, proposal: ProposedSuspension) -> list[Violation]:
    """A suspension (PMSMP, trial at another employer) lies inside the running contract."""
    contract = history.contract(proposal.contract_id)
    if contract is None:
        return [_v("contract_unknown", "contract", tr("contrat introuvable."))]
    if contract.ended:
        return [_v("contract_ended", "contract", tr("ce contrat est déjà terminé."))]
    if proposal.end < proposal.start:
        return [_v("end_before_start", "suspension_end", tr("elle précède le début."))]
    found: list[Violation] = []
    span = Span(proposal.start, proposal.end)
    if not (contract.span.contains(span.start) and contract.span.contains(span.end)):
        found.append(
            _v(
                "suspension_outside_contract",
                "suspension_start",
                tr(
                    "la suspension doit être comprise dans le contrat (du {start} au {end})."
                ).format(start=format_date(contract.start), end=format_date(contract.end)),
            )
        )
    for other in contract.suspensions:
        if other.overlaps(span):
            found.append(
                _v(
                    "suspensions_overlap",
                    "suspension_start",
                    tr("le contrat est déjà suspendu du {start} au {end}.").format(
                        start=format_date(other.start), end=format_date(other.end)
                    ),
                )
            )
    # The same month as the PMSMP agreement itself (domain/pmsmp.py): dates included.
    if proposal.is_pmsmp and span.end > pmsmp.latest_end(span.start):
        found.append(
            _v(
                "pmsmp_max_one_month",
                "suspension_end",
                tr("une PMSMP dure un mois au plus par convention."),
            )
        )
    if proposal.is_trial_elsewhere and not (proposal.other_employer or "").strip():
        found.append(
            _v(
                "other_employer_missing",
                "other_employer",
                tr("indiquez l'employeur chez qui se fait la période d'essai."),
            )
        )
    if proposal.is_trial_elsewhere and proposal.offer_qualifies is False:
        found.append(
            _v(
                "trial_offer_not_qualifying",
                "offer_qualifies",
                tr(
                    "le contrat n'est suspendu pour une période d'essai que si l'emploi proposé "
                    "est un CDI ou un CDD d'au moins 6 mois."
                ),
            )
        )
    return found


def check_end(history: ContractHistory, proposal: ProposedEnd) -> list[Violation]:
    """Ending a contract: a date inside it, a reason, and the exit reason of the person."""
    contract = history.contract(proposal.contract_id)
    if contract is None:
        return [_v("contract_unknown", "contract", tr("contrat introuvable."))]
    if contract.ended:
        return [_v("contract_ended", "contract", tr("ce contrat est déjà terminé."))]
    found: list[Violation] = []
    if proposal.end < contract.start:
        found.append(
            _v(
                "end_before_start",
                "end_date",
                tr("elle précède le début du contrat ({date}).").format(
                    date=format_date(contract.start)
                ),
            )
        )
    if proposal.end > contract.end:
        found.append(
            _v(
                "end_after_planned_end",
                "end_date",
                tr("le contrat finit le {date} ; pour le prolonger, renouvelez-le.").format(
                    date=format_date(contract.end)
                ),
            )
        )
    reason = proposal.end_reason
    if reason is None:
        found.append(_v("end_reason_missing", "end_reason", tr("à choisir.")))
    elif reason is EndReason.TERM and proposal.end < contract.end:
        found.append(
            _v(
                "early_end_needs_reason",
                "end_reason",
                tr(
                    "le contrat finit avant son terme ({date}) : choisissez le motif de la rupture."
                ).format(date=format_date(contract.end)),
            )
        )
    elif reason is EndReason.MOVE_TO_CDDI:
        found.append(
            _v(
                "use_move_to_cddi",
                "end_reason",
                tr("utilisez l'action « Passage en CDDI », qui crée aussi le CDDI."),
            )
        )
    elif reason in TRIAL_REASONS:
        trial_end = contract.trial_end
        if trial_end is None or proposal.end > trial_end:
            found.append(
                _v(
                    "end_after_trial",
                    "end_reason",
                    tr("la période d'essai est terminée ({date}).").format(
                        date=format_date(trial_end) if trial_end else tr("aucune période d'essai")
                    ),
                )
            )
    found += _exit_reason(contract.start, proposal)
    return found


def _exit_reason(start: dt.date, proposal: ProposedEnd) -> list[Violation]:
    exit_reason = proposal.exit_reason
    if exit_reason is None:
        return [_v("exit_reason_missing", "exit_reason", tr("à choisir (motif de l'ASP)."))]
    found: list[Violation] = []
    if exit_reason is ExitReason.TOO_SHORT and lasts_at_least(
        start, proposal.end, EXCLUDED_TOO_SHORT_MONTHS
    ):
        found.append(
            _v(
                "too_short_but_long",
                "exit_reason",
                tr("« contrat trop court » alors que le contrat a duré 3 mois ou plus."),
                Severity.WARNING,
            )
        )
    if (proposal.end_reason is EndReason.DEATH) != (exit_reason is ExitReason.DEATH):
        found.append(
            _v(
                "death_reasons_mismatch",
                "exit_reason",
                tr("le motif de fin et le motif de sortie « Décès » vont ensemble."),
            )
        )
    return found
