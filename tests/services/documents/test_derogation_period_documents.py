"""Below 20 h, the contract and its amendments print their derogation's period
(D5132-43-5, D5132-43-8): each the one recorded with it, never a later one."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import ContractKind, DerogationKind
from chantier_app.services import contracts
from chantier_app.services.context import AppContext
from chantier_app.services.contracts import ContractInput, HoursChangeInput, RenewalInput
from chantier_app.services.documents import printing as documents
from chantier_app.services.documents.printing import DocumentKind, DocumentRequest
from tests.contract_factories import add_review
from tests.reports.pdf import flat
from tests.services import document_fixtures as fx

D = dt.date
H = 60
IND, COL = DerogationKind.INDIVIDUAL, DerogationKind.COLLECTIVE
PERIOD = "Cette dérogation est accordée pour la période du"
NOT_YET_COVERED = ["contract_without_team", "contract_without_job"]


@pytest.fixture
def hired(ctx, database) -> int:
    """Zoé hired at 19 h a week from 1 January to 30 June 2026 under an individual
    derogation granted for the same months."""
    with database.transaction() as session:
        ids = fx.build(session)
        session.add(
            m.PassIae(
                person_id=ids.nobody,
                number="999990000001",
                start_date=D(2025, 12, 1),
                initial_end_date=D(2027, 11, 30),
            )
        )
        add_review(session, ids.nobody, D(2026, 6, 1))
    data = ContractInput(
        ids.nobody, ContractKind.CDDI_REMOBILISING, D(2026, 1, 1), D(2026, 6, 30),
        weekly_minutes=19 * H, job_title="Agent d'entretien", derogation=IND,
        derogation_reference="Arrêté n° 12", derogation_start=D(2026, 1, 1),
        derogation_end=D(2026, 6, 30), signed_on=D(2025, 12, 20),
    )  # fmt: skip
    return ctx.run(contracts.hire, data, acknowledge=NOT_YET_COVERED).id


def _print(ctx: AppContext, **request: int) -> str:
    kind = DocumentKind.CONTRACT if "contract_id" in request else DocumentKind.AMENDMENT
    return flat(ctx.run(documents.generate, DocumentRequest(kind, **request), today=fx.TODAY).pdf)


def _amendment_ids(database, contract_id: int) -> list[int]:
    with database.reading() as session:
        return list(
            session.scalars(
                select(m.Amendment.id)
                .where(m.Amendment.contract_id == contract_id)
                .order_by(m.Amendment.number)
            )
        )


def test_the_contract_keeps_the_period_it_was_signed_with(ctx, database, hired) -> None:
    signed = _print(ctx, contract_id=hired)
    assert "en application d'une dérogation individuelle (D5132-43-5)" in signed
    assert f"{PERIOD} 01/01/2026 au 30/06/2026." in signed

    # A renewal with the derogation's prolongation, then 16 h under a collective one.
    renewal = RenewalInput(
        hired, D(2026, 12, 31), signed_on=D(2026, 6, 15), derogation=IND,
        derogation_reference="Arrêté n° 40", derogation_start=D(2026, 7, 1),
        derogation_end=D(2026, 12, 31),
    )  # fmt: skip
    ctx.run(contracts.renew, renewal, acknowledge=["derogation_prolongation_review"])
    hours = HoursChangeInput(
        hired, D(2026, 9, 1), 16 * H, derogation=COL, derogation_reference="Arrêté n° 77",
        derogation_start=D(2026, 9, 1), derogation_end=D(2027, 8, 31),
    )  # fmt: skip
    ctx.run(contracts.change_hours, hours)

    reprint = _print(ctx, contract_id=hired)
    assert f"{PERIOD} 01/01/2026 au 30/06/2026." in reprint  # still the signed one
    assert "01/07/2026" not in reprint and "31/08/2027" not in reprint
    assert "Duplicata" in reprint

    renewed, changed = _amendment_ids(database, hired)
    text = _print(ctx, amendment_id=renewed)
    assert (
        "La durée du travail reste inférieure à 20 heures par semaine en application d'une "
        "dérogation individuelle (D5132-43-5) (référence : Arrêté n° 40), accordée pour la "
        "période du 01/07/2026 au 31/12/2026."
    ) in text  # the prolongation the renewal was recorded with, not the later one
    assert PERIOD not in text
    text = _print(ctx, amendment_id=changed)
    assert "passe de 19 heures par semaine à 16 heures par semaine" in text
    assert "en application d'une dérogation collective (D5132-43-8)" in text
    assert f"{PERIOD} 01/09/2026 au 31/08/2027." in text
    assert text.count(PERIOD) == 1  # not the contract's period as well


def test_an_hours_change_inside_the_period_prints_the_period_it_falls_in(
    ctx, database, hired
) -> None:
    """18 h from 1 March under the same derogation: no new period, the one running then."""
    same = HoursChangeInput(
        hired, D(2026, 3, 1), 18 * H, derogation=IND, derogation_reference="Arrêté n° 12"
    )
    ctx.run(contracts.change_hours, same)
    [amendment] = _amendment_ids(database, hired)
    assert f"{PERIOD} 01/01/2026 au 30/06/2026." in _print(ctx, amendment_id=amendment)


def test_a_period_recorded_after_the_contract_was_never_on_it(ctx, database, hired) -> None:
    """As migration 0017 gave existing derogations the contract's dates: recorded after the
    contract was, such a period is not printed on it (the copy signed had no dates)."""
    with database.transaction() as session:
        contract = session.get(m.Contract, hired)
        [period] = contract.derogations
        period.created_at = contract.created_at + dt.timedelta(minutes=1, seconds=1)
    assert PERIOD not in _print(ctx, contract_id=hired)
    with database.transaction() as session:
        contract = session.get(m.Contract, hired)
        contract.derogations[0].created_at = contract.created_at + dt.timedelta(minutes=1)
    assert f"{PERIOD} 01/01/2026 au 30/06/2026." in _print(ctx, contract_id=hired)


def test_a_renewal_above_20_hours_states_no_derogation(ctx, database, hired) -> None:
    """Back to 24 h from 1 March, then renewed: the months added need no derogation."""
    ctx.run(contracts.change_hours, HoursChangeInput(hired, D(2026, 3, 1), 24 * H))
    renewal = RenewalInput(hired, D(2026, 12, 31), signed_on=D(2026, 6, 15))
    ctx.run(contracts.renew, renewal)
    _, renewed = _amendment_ids(database, hired)
    text = _print(ctx, amendment_id=renewed)
    assert "renouvelé à compter du 01/07/2026 jusqu'au 31/12/2026" in text
    assert "20 heures par semaine" not in text and "dérogation individuelle" not in text
