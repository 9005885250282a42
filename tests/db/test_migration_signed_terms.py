"""Migration 0016: existing hours amendments get the terms they replaced, copies their count."""

from __future__ import annotations

import datetime as dt

from alembic import command
from sqlalchemy import select

from chantier_app.db import migrate
from chantier_app.db import models as m
from chantier_app.db.engine import Database
from chantier_app.domain.codes.contract_codes import AmendmentKind, ContractKind, DerogationKind
from tests.contract_factories import add_contract, add_person

D = dt.date
H = 60


def _amendment(contract_id: int, number: int, before: int, after: int) -> m.Amendment:
    return m.Amendment(
        contract_id=contract_id,
        number=number,
        kind=AmendmentKind.HOURS_CHANGE,
        effective_date=D(2026, number + 1, 1),
        previous_end_date=D(2026, 6, 30),
        previous_weekly_minutes=before,
        new_weekly_minutes=after,
    )


def _downgrade_to_0015(database: Database) -> None:
    plain = Database(database.url, foreign_keys=False)
    with plain.engine.begin() as conn:
        command.downgrade(migrate.alembic_config(conn), "0015")
    plain.dispose()


def test_the_chain_of_amendments_gives_each_the_terms_it_replaced(database: Database) -> None:
    """26 h signed, then 16 h under an individual derogation, then 18 h (same derogation),
    then 24 h: the contract row holds only the last terms (24 h, no derogation)."""
    with database.transaction() as session:
        person = add_person(session)
        contract_id = add_contract(
            session,
            person,
            D(2026, 1, 5),
            D(2026, 6, 30),
            weekly_minutes=18 * H,
            derogation=DerogationKind.INDIVIDUAL,
            derogation_reference="Décision du 25/01",
        )
        session.add_all(
            [_amendment(contract_id, 1, 26 * H, 16 * H), _amendment(contract_id, 2, 16 * H, 18 * H)]
        )
        other = add_contract(session, person, D(2025, 1, 6), D(2025, 7, 5))
        # Two prints of the contract, one of its amendment n° 2, recorded by the old version.
        for summary in (
            "Document imprimé : Contrat de travail (CDDI chantier remobilisant du 05/01/2026)",
            "Document imprimé : Contrat de travail (CDDI chantier remobilisant du 05/01/2026)",
            "Document imprimé : Avenant au contrat (n° 2)",
            "Document imprimé : Fiche de suivi",
        ):
            session.add(
                m.AuditEntry(
                    staff_name="Hélène",
                    action="print",
                    entity="person",
                    entity_id=person,
                    person_id=person,
                    summary=summary,
                )
            )
    _downgrade_to_0015(database)
    migrate.upgrade(database)

    with database.reading() as session:
        first, second = session.scalars(
            select(m.Amendment)
            .where(m.Amendment.contract_id == contract_id)
            .order_by(m.Amendment.number)
        )
        # 26 h needed no derogation; the 16 h one was under the derogation still in force.
        assert (first.previous_derogation, first.previous_derogation_reference) == (
            DerogationKind.NONE,
            None,
        )
        assert (first.new_derogation, first.new_derogation_reference) == (
            DerogationKind.INDIVIDUAL,
            "Décision du 25/01",
        )
        assert second.previous_derogation is DerogationKind.INDIVIDUAL
        assert second.new_derogation is DerogationKind.INDIVIDUAL
        assert (first.print_count, second.print_count) == (0, 1)
        assert session.get(m.Contract, contract_id).print_count == 2
        assert session.get(m.Contract, other).print_count == 0


def test_a_new_hours_amendment_keeps_the_derogation_it_replaces(ctx, database) -> None:
    from chantier_app.services import contracts
    from chantier_app.services.contracts import HoursChangeInput

    with database.transaction() as session:
        person = add_person(session)
        contract_id = add_contract(
            session,
            person,
            D(2026, 1, 5),
            D(2026, 6, 30),
            ContractKind.CDDI_REMOBILISING,
            weekly_minutes=16 * H,
            derogation=DerogationKind.COLLECTIVE,
            derogation_reference="Accord 2026",
        )
    ctx.run(contracts.change_hours, HoursChangeInput(contract_id, D(2026, 3, 1), 26 * H))
    with database.reading() as session:
        amendment = session.scalars(select(m.Amendment)).one()
        assert amendment.previous_derogation is DerogationKind.COLLECTIVE
        assert amendment.previous_derogation_reference == "Accord 2026"
        assert amendment.new_derogation is DerogationKind.NONE
