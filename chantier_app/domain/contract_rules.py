"""The legal limits of contracts in an ACI (Code du travail L5132-15-1 and related).

Pure checks: each function takes a person's ``ContractHistory`` and a proposal (a new
contract, a renewal, a change of hours, the move from Premières Heures to a CDDI) and
returns **every** broken rule as a ``Violation``: ``Severity.ERROR`` blocks the action,
``Severity.WARNING`` needs an acknowledgement. Messages are French and start with the
name of the field they are about.

Months are counted as ``domain/contract_dates.py`` explains (date to date with
calendar months; successive contracts add up without their gaps). Successive CDDI are
counted since the start of the PASS IAE valid when the new period starts (a new PASS IAE
is only issued after two years without one, so it opens a new path); Premières Heures
contracts are counted over the person's whole history.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from chantier_app.domain.codes.contract_codes import ContractKind, DerogationKind
from chantier_app.domain.contract_dates import (
    ONE_DAY,
    Span,
    add_months,
    age_on,
    last_day_of,
    lasts_at_least,
)
from chantier_app.domain.contract_history import (
    ContractHistory,
    ProposedContract,
    ProposedHoursChange,
    ProposedRenewal,
)
from chantier_app.domain.contract_limits import (
    MIN_CDDI_MONTHS,
    REVIEW_WINDOW_MONTHS,
    check_cumulative,
    check_hours,
    check_overlaps,
    check_pass,
    check_trial,
    violation,
    warning,
)
from chantier_app.domain.derogations import DerogationPeriod, check_coverage, check_period
from chantier_app.domain.errors import Violation
from chantier_app.domain.fr_format import format_date
from chantier_app.domain.identity_rules import MIN_AGE
from chantier_app.i18n import tr


# New contracts ---------------------------------------------------------------------------
def check_contract(history: ContractHistory, proposal: ProposedContract) -> list[Violation]:
    """Every rule a new contract must respect (hire, or the CDDI after Premières Heures)."""
    p = proposal
    if p.end < p.start:
        return [violation("end_before_start", "end_date", tr("elle précède la date de début."))]
    found = check_hours(p.kind, p.weekly_minutes, p.monthly_minutes, p.derogation)
    if p.kind.is_cddi:
        found += _derogation_checks(
            history,
            p.weekly_minutes,
            p.derogation,
            Span(p.start, p.end),
            p.derogation_period,
            p.recorded_derogations,
        )
    found += check_trial(p.start, p.end, p.trial_days)
    birth = history.person.birth_date
    if birth is not None and age_on(birth, p.start) < MIN_AGE:
        found.append(
            violation(
                "hire_too_young",
                "start_date",
                tr(
                    "la personne aura {age} ans ce jour-là, {min} ans au moins pour un contrat."
                ).format(age=age_on(birth, p.start), min=MIN_AGE),
            )
        )
    if (
        p.kind.is_cddi
        and not p.adjusted_sentence
        and not lasts_at_least(p.start, p.end, MIN_CDDI_MONTHS)
    ):
        found.append(
            violation(
                "cddi_min_4_months",
                "end_date",
                tr(
                    "un CDDI dure au moins 4 mois (fin au plus tôt le {date}), sauf pour une "
                    "personne sous aménagement de peine (à cocher)."
                ).format(date=format_date(last_day_of(p.start, MIN_CDDI_MONTHS))),
            )
        )
    others = [c for c in history.contracts if c.contract_id != p.follows_contract_id]
    if p.follows_contract_id is not None:
        followed = history.contract(p.follows_contract_id)
        if followed is not None:
            others.append(replace(followed, end=p.start - ONE_DAY, ended=True))
    found += check_overlaps(others, Span(p.start, p.end), "start_date")
    found += check_cumulative(
        history,
        p.kind,
        others,
        Span(p.start, p.end),
        p.extension_reason,
        p.extension_until,
        "end_date",
    )
    found += check_pass(history, p.kind, Span(p.start, p.end), "start_date", "end_date")
    if p.kind is ContractKind.CDDI_QUALIFYING and not (p.training_provider or "").strip():
        found.append(
            warning(
                "qualifying_without_training",
                "training_provider",
                tr("un CDDI chantier qualifiant est lié à un organisme de formation."),
            )
        )
    return found


def check_move_to_cddi(
    history: ContractHistory, first_hours_id: int, proposal: ProposedContract
) -> list[Violation]:
    """Premières Heures -> CDDI: the PH ends the day before the CDDI starts."""
    first_hours = history.contract(first_hours_id)
    if first_hours is None or first_hours.kind is not ContractKind.FIRST_HOURS:
        return [
            violation(
                "move_needs_first_hours",
                "contract",
                tr("seul un contrat Premières Heures peut passer en CDDI."),
            )
        ]
    found: list[Violation] = []
    if first_hours.ended:
        found.append(
            violation("contract_ended", "contract", tr("ce contrat Premières Heures est terminé."))
        )
    if not proposal.kind.is_cddi:
        found.append(
            violation("move_needs_cddi", "contract", tr("le nouveau contrat est un CDDI."))
        )
    if not first_hours.start < proposal.start <= first_hours.end + ONE_DAY:
        found.append(
            violation(
                "move_start_outside_first_hours",
                "start_date",
                tr(
                    "le CDDI commence après le début des Premières Heures ({start}) et au plus "
                    "tard le lendemain de leur fin ({next_day})."
                ).format(
                    start=format_date(first_hours.start),
                    next_day=format_date(first_hours.end + ONE_DAY),
                ),
            )
        )
    if found:
        return found
    return check_contract(history, replace(proposal, follows_contract_id=first_hours_id))


# Amendments ------------------------------------------------------------------------------
def check_renewal(history: ContractHistory, proposal: ProposedRenewal) -> list[Violation]:
    """A renewal amendment moves the planned end of a running contract further."""
    contract = history.contract(proposal.contract_id)
    if contract is None:
        return [violation("contract_unknown", "contract", tr("contrat introuvable."))]
    if contract.ended:
        return [violation("contract_ended", "contract", tr("ce contrat est déjà terminé."))]
    if proposal.new_end <= contract.end:
        return [
            violation(
                "renewal_end_not_after",
                "new_end_date",
                tr("elle doit suivre la fin actuelle du contrat ({date}).").format(
                    date=format_date(contract.end)
                ),
            )
        ]
    period = Span(contract.end + ONE_DAY, proposal.new_end)
    others = [c for c in history.contracts if c.contract_id != contract.contract_id]
    found = check_overlaps(others, period, "new_end_date")
    found += check_cumulative(
        history,
        contract.kind,
        [*others, contract],
        period,
        proposal.extension_reason,
        proposal.extension_until,
        "new_end_date",
    )
    found += check_pass(history, contract.kind, period, "new_end_date", "new_end_date")
    if contract.kind.is_cddi:  # hours below 20 h carry on: the added months need a derogation
        found += _derogation_checks(
            history,
            contract.weekly_minutes,
            None,
            period,
            proposal.derogation_period,
            contract.derogations,
        )
    window_start = add_months(proposal.decided_on, -REVIEW_WINDOW_MONTHS)
    if not any(window_start <= day <= proposal.decided_on for day in history.review_dates):
        found.append(
            warning(
                "renewal_without_review",
                "contract",
                tr(
                    "aucun bilan réalisé depuis le {date} : un renouvellement se décide après "
                    "un bilan de moins de deux mois."
                ).format(date=format_date(window_start)),
            )
        )
    return found


def check_hours_change(history: ContractHistory, proposal: ProposedHoursChange) -> list[Violation]:
    """An amendment of the working time, from its effective date to the end of the contract."""
    contract = history.contract(proposal.contract_id)
    if contract is None:
        return [violation("contract_unknown", "contract", tr("contrat introuvable."))]
    if contract.ended:
        return [violation("contract_ended", "contract", tr("ce contrat est déjà terminé."))]
    found: list[Violation] = []
    if not contract.span.contains(proposal.effective_date):
        found.append(
            violation(
                "hours_change_outside_contract",
                "effective_date",
                tr("elle doit être comprise dans le contrat (du {start} au {end}).").format(
                    start=format_date(contract.start), end=format_date(contract.end)
                ),
            )
        )
    found += check_hours(
        contract.kind, proposal.weekly_minutes, proposal.monthly_minutes, proposal.derogation
    )
    if contract.kind.is_cddi:
        found += _derogation_checks(
            history,
            proposal.weekly_minutes,
            proposal.derogation,
            Span(proposal.effective_date, max(proposal.effective_date, contract.end)),
            proposal.derogation_period,
            contract.derogations,
        )
    same = (
        proposal.monthly_minutes == contract.monthly_minutes
        if contract.kind.hours_per_month
        else proposal.weekly_minutes == contract.weekly_minutes
    )
    if same:
        field = "monthly_minutes" if contract.kind.hours_per_month else "weekly_minutes"
        found.append(violation("hours_unchanged", field, tr("identique à la durée actuelle.")))
    return found


def _derogation_checks(
    history: ContractHistory,
    weekly_minutes: int | None,
    kind: DerogationKind | None,
    span: Span,
    new: DerogationPeriod | None,
    existing: Sequence[DerogationPeriod] = (),
) -> list[Violation]:
    """A new derogation period (D5132-43-5, D5132-43-8) and the days below 20 h it covers.

    ``kind`` None: whatever the derogation chosen (a renewal keeps the contract's hours);
    with no derogation at all, ``check_hours`` has refused the hours already.
    """
    found = check_period(new, history.derogations()) if new is not None else []
    if kind is not DerogationKind.NONE:
        periods = [*existing, *([new] if new is not None else [])]
        found += check_coverage(weekly_minutes, span, periods)
    return found
