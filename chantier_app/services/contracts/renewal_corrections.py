"""Cancelling the last renewal of a contract entered by mistake: its planned end goes back
to the one the renewal moved (``Amendment.previous_end_date``).

The discipline of ``contracts.event_corrections``: the last amendment only, on a contract
still running, refused once hours are entered after the previous end (the same check as an
end, ``hours_conflicts``), a reason once the amendment was printed; the previous version is
kept, one transaction, who may is ``roles_matrix.CORRECTIONS``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import AmendmentKind, ExtensionReason
from chantier_app.domain.codes.record_kinds import RecordKind, VersionAction
from chantier_app.domain.errors import Violation
from chantier_app.domain.fr_format import format_date
from chantier_app.i18n import tr
from chantier_app.services import permissions, roles_matrix
from chantier_app.services._records import stale_as_violation
from chantier_app.services.context import Actor
from chantier_app.services.contracts._common import describe, hours_conflicts, settle
from chantier_app.services.contracts._consequences import declared_changes, state_of
from chantier_app.services.contracts.corrections import DECLARED, _reason_check
from chantier_app.services.contracts.event_corrections import (
    _amendment_to_cancel,
    _derogations_added,
    _get,
    _is_last,
    cancel_kept,
)
from chantier_app.services.contracts.views import ContractView, _contract_view
from chantier_app.services.history import keep_version, row_values
from chantier_app.services.hours._contracts import terms_of
from chantier_app.services.support import schedule


def cancel_renewal(
    session: Session,
    actor: Actor,
    amendment_id: int,
    reason: str | None = None,
    *,
    acknowledge: Iterable[str] = (),
    today: dt.date | None = None,
) -> ContractView:
    """Cancel the contract's last renewal: it ends again on the day it ended before."""
    amendment = _amendment_to_cancel(session, actor, amendment_id, today)
    found = _cancel_renewal_check(session, amendment, reason)
    settle(found, acknowledge, actor, "cancel_renewal")
    contract = amendment.contract
    added = _derogations_added(amendment)
    previous: dict[str, object] = {
        **row_values(amendment),
        "derogations": [row_values(d) for d in added],
    }
    contract.end_date = amendment.previous_end_date
    for row in added:
        contract.derogations.remove(row)
    what = tr("avenant n° {n} de renouvellement annulé : {what}").format(
        n=amendment.number, what=describe(contract)
    )
    summary = tr("{what} ; fin : {new} → {old}").format(
        what=what,
        new=format_date(amendment.new_end_date),
        old=format_date(amendment.previous_end_date),
    )
    keep_version(
        session,
        actor,
        RecordKind.AMENDMENT,
        VersionAction.CANCEL,
        record_id=amendment.id,
        person_id=contract.person_id,
        previous=previous,
        reason=reason,
        summary=summary,
        audit_summary=what,
    )
    cancel_kept(session, actor, amendment, reason)
    schedule.on_contract_changed(session, actor, contract.id)  # reviews follow the end
    return _contract_view(session, contract.id)


@stale_as_violation
def check_cancel_renewal(
    session: Session,
    actor: Actor,
    amendment_id: int,
    reason: str | None = None,
    *,
    today: dt.date | None = None,
) -> list[Violation]:
    """What ``cancel_renewal`` would refuse or warn about."""
    amendment = _amendment_to_cancel(session, actor, amendment_id, today)
    return _cancel_renewal_check(session, amendment, reason)


def may_cancel_renewal(
    session: Session, actor: Actor, amendment_id: int, *, today: dt.date | None = None
) -> bool:
    """Is this the contract's last amendment, a renewal, that ``actor`` may cancel?"""
    amendment = _get(session, m.Amendment, amendment_id, tr("Avenant"))
    if amendment.kind is not AmendmentKind.RENEWAL or not _is_last(amendment):
        return False
    return permissions.in_scope(
        session, actor, amendment.contract.person_id
    ) and roles_matrix.may_correct(
        actor,
        RecordKind.AMENDMENT,
        author_id=amendment.created_by_id,
        recorded_on=amendment.created_at.date(),
        today=today or dt.date.today(),
    )


def _cancel_renewal_check(
    session: Session, amendment: m.Amendment, reason: str | None
) -> list[Violation]:
    def refused(code: str, text: str) -> list[Violation]:
        message = tr("Avenant n° {n} : {text}").format(n=amendment.number, text=text)
        return [Violation(code, message, field="amendment")]

    contract = amendment.contract
    if amendment.kind is not AmendmentKind.RENEWAL:
        return refused("amendment_not_renewal", tr("ce n'est pas un avenant de renouvellement."))
    if not _is_last(amendment):
        return refused(
            "amendment_not_last", tr("un avenant plus récent le suit ; annulez d'abord le dernier.")
        )
    if contract.actual_end_date is not None:
        return refused(
            "contract_ended", tr("le contrat est terminé ; annulez d'abord sa fin et sa sortie.")
        )
    if amendment.extension_reason is not ExtensionReason.NONE:
        # The contract's extension before it is not recorded: it cannot be given back.
        return refused(
            "renewal_with_extension",
            tr(
                "il prolonge le parcours au-delà de 24 mois ({reason}) ; la prolongation "
                "d'avant lui n'est pas enregistrée, corrigez-le par un nouvel avenant."
            ).format(reason=amendment.extension_reason.label),
        )
    printed = amendment.print_count > 0
    found = _reason_check(reason, printed, tr("l'avenant a déjà été imprimé"), cancel=True)
    if not found:
        ends = dataclasses.replace(state_of(contract), planned_end=amendment.previous_end_date)
        declared = declared_changes(session, contract, ends)
        found = _reason_check(reason, declared, DECLARED, cancel=True)
    before = terms_of(contract)
    after = dataclasses.replace(before, end=amendment.previous_end_date)
    return found + hours_conflicts(session, before, after)
