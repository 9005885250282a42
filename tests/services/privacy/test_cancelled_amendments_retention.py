"""A cancelled amendment is the person's data like any other: its row stays for the figures
after anonymisation, its free texts (why it was made, why it was cancelled) go."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.db.cancellable import including_cancelled
from chantier_app.domain.codes.contract_codes import AmendmentKind
from chantier_app.services.privacy.erasure import anonymise_with_backup
from chantier_app.services.privacy.retention import RetentionStep
from tests.live_data import live_bytes
from tests.services.retention_factory import former_employee

D = dt.date
LATER = dt.date(2031, 6, 1)  # five years after her contract's end
WHY = "avenant demandé par Mme Quatrebarbes pour garder son fils Anatole"
WHY_CANCELLED = "annulé : Mme Quatrebarbes a refusé, arrêt chez Dr Pétunia"


def test_anonymisation_keeps_a_cancelled_amendments_figures_not_its_texts(
    demo_ctx, tmp_path
) -> None:
    with demo_ctx.database.transaction() as session:
        person = former_employee(session, demo_ctx.actor)
        contract = session.scalars(select(m.Contract).where(m.Contract.person_id == person)).one()
        amendment = m.Amendment(
            number=1,
            kind=AmendmentKind.HOURS_CHANGE,
            effective_date=D(2025, 3, 3),
            previous_end_date=contract.end_date,
            previous_weekly_minutes=26 * 60,
            new_weekly_minutes=30 * 60,
            reason=WHY,
        )
        contract.amendments.append(amendment)
        session.flush()
        amendment.mark_cancelled(None, WHY_CANCELLED)
    anonymise_with_backup(demo_ctx, person, RetentionStep.ANONYMISE, today=LATER)
    with demo_ctx.database.reading() as session:
        row = session.scalars(
            select(m.Amendment).where(m.Amendment.contract_id == contract.id),
            execution_options=including_cancelled(),
        ).one()
        assert (row.number, row.new_weekly_minutes, row.cancelled) == (1, 30 * 60, True)
        assert (row.reason, row.cancellation_reason) == (None, None)
    data = live_bytes(demo_ctx.database, tmp_path)
    assert WHY.encode() not in data and WHY_CANCELLED.encode() not in data
