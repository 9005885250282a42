"""Read a person's contract history from the database into the rule engine's plain data.

A fixed number of queries whatever the number of people (contracts with their
suspensions, PASS IAE with their decisions, done reviews), so lists and alerts scale.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from chantier_app.db import models as m
from chantier_app.domain.codes.support_codes import MilestoneKind, MilestoneStatus
from chantier_app.domain.contract_dates import Span
from chantier_app.domain.contract_history import ContractHistory, ContractPeriod, PersonFacts
from chantier_app.domain.derogations import DerogationPeriod
from chantier_app.domain.errors import NotFoundError
from chantier_app.domain.pass_iae import PassPeriod
from chantier_app.i18n import tr
from chantier_app.services.people.pass_iae import pass_period

# What a contract's period is built from (``period_of``), loaded with the contracts.
HISTORY_LOAD = (selectinload(m.Contract.suspensions), selectinload(m.Contract.derogations))

# Reviews that count before a renewal (the exit review does not).
RENEWAL_REVIEWS = tuple(
    k for k in MilestoneKind if k.is_review and k is not MilestoneKind.EXIT_REVIEW
)


def period_of(contract: m.Contract) -> ContractPeriod:
    return ContractPeriod(
        contract_id=contract.id,
        kind=contract.kind,
        start=contract.start_date,
        end=contract.effective_end,
        ended=contract.actual_end_date is not None,
        trial_days=contract.trial_days,
        weekly_minutes=contract.weekly_minutes,
        monthly_minutes=contract.monthly_minutes,
        derogation=contract.derogation,
        suspensions=tuple(Span(s.start_date, s.end_date) for s in contract.suspensions),
        derogations=tuple(derogation_period(d) for d in contract.derogations),
    )


def derogation_period(row: m.ContractDerogation) -> DerogationPeriod:
    return DerogationPeriod(row.kind, row.start_date, row.end_date, row.reference, row.decided_on)


def load_histories(
    session: Session,
    person_ids: Collection[int],
    *,
    contracts_read: Sequence[m.Contract] | None = None,
) -> dict[int, ContractHistory]:
    """The history of each person of ``person_ids`` (people without data get an empty one).

    ``contracts_read``: their contracts as the caller already read them (every one, in start
    order, with their suspensions and derogations loaded), not read again."""
    ids = sorted(set(person_ids))
    if not ids:
        return {}
    facts = {
        row.id: PersonFacts(row.birth_date, row.rqth)
        for row in session.execute(
            select(m.Person.id, m.Person.birth_date, m.Person.rqth).where(m.Person.id.in_(ids))
        )
    }
    contracts: dict[int, list[ContractPeriod]] = defaultdict(list)
    if contracts_read is None:
        contracts_read = session.scalars(
            select(m.Contract)
            .where(m.Contract.person_id.in_(ids))
            .options(*HISTORY_LOAD)
            .order_by(m.Contract.start_date, m.Contract.id)
        ).all()
    for contract in contracts_read:
        contracts[contract.person_id].append(period_of(contract))
    passes: dict[int, list[PassPeriod]] = defaultdict(list)
    for pass_iae in session.scalars(
        select(m.PassIae)
        .where(m.PassIae.person_id.in_(ids))
        .options(selectinload(m.PassIae.suspensions), selectinload(m.PassIae.prolongations))
        .order_by(m.PassIae.start_date)
    ):
        passes[pass_iae.person_id].append(pass_period(pass_iae))
    reviews: dict[int, list[dt.date]] = defaultdict(list)
    for person_id, done in session.execute(
        select(m.Milestone.person_id, m.Milestone.done_date).where(
            m.Milestone.person_id.in_(ids),
            m.Milestone.status == MilestoneStatus.DONE,
            m.Milestone.kind.in_(RENEWAL_REVIEWS),
            m.Milestone.done_date.is_not(None),
        )
    ):
        assert done is not None  # the query keeps only done reviews with their date
        reviews[person_id].append(done)
    return {
        person_id: ContractHistory(
            person=facts[person_id],
            contracts=tuple(contracts[person_id]),
            passes=tuple(passes[person_id]),
            review_dates=tuple(sorted(reviews[person_id])),
        )
        for person_id in ids
        if person_id in facts
    }


def load_history(
    session: Session, person_id: int, contracts_read: Sequence[m.Contract] | None = None
) -> ContractHistory:
    history = load_histories(session, [person_id], contracts_read=contracts_read).get(person_id)
    if history is None:
        raise NotFoundError(tr("Salarié"), person_id)
    return history
