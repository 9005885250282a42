"""A contract or an amendment reprints as it was signed, numbered, a reprint a duplicate."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import DerogationKind
from chantier_app.domain.errors import UnacknowledgedWarnings
from chantier_app.services import contracts
from chantier_app.services.context import AppContext
from chantier_app.services.contracts import HoursChangeInput
from chantier_app.services.contracts.corrections import ContractCorrection, correct_contract
from chantier_app.services.documents import printing as documents
from chantier_app.services.documents.printing import DocumentKind, DocumentRequest
from tests.reports.pdf import flat
from tests.services import document_fixtures as fx

H = 60


@pytest.fixture
def ids(database) -> fx.Ids:
    with database.transaction() as session:
        return fx.build(session)


def _print(ctx: AppContext, kind: DocumentKind, **ids: int) -> str:
    request = DocumentRequest(kind, **ids)
    return flat(ctx.run(documents.generate, request, today=fx.TODAY).pdf)


def _contract(ctx: AppContext, ids: fx.Ids) -> str:
    return _print(ctx, DocumentKind.CONTRACT, contract_id=ids.cddi_contract)


def _amendment(ctx: AppContext, number: int, ids: fx.Ids) -> str:
    with ctx.database.reading() as session:
        amendment_id = session.scalar(
            select(m.Amendment.id).where(
                m.Amendment.contract_id == ids.cddi_contract, m.Amendment.number == number
            )
        )
    assert amendment_id is not None
    return _print(ctx, DocumentKind.AMENDMENT, amendment_id=amendment_id)


def _change_hours(ctx: AppContext, ids: fx.Ids, day: dt.date, hours: int, **extra) -> None:
    ctx.run(contracts.change_hours, HoursChangeInput(ids.cddi_contract, day, hours * H, **extra))


def test_reprint_after_an_hours_amendment_is_the_contract_signed(ctx, ids) -> None:
    first = _contract(ctx, ids)
    assert "La durée hebdomadaire de travail est fixée à 26 heures" in first
    assert "Exemplaire n° 1" in first and "Duplicata" not in first

    _change_hours(ctx, ids, dt.date(2026, 9, 1), 30)  # amendment n° 2 (n° 1 is a renewal)
    reprint = _contract(ctx, ids)
    assert "La durée hebdomadaire de travail est fixée à 26 heures" in reprint
    assert "30 heures" not in reprint
    assert "prend fin le 04/07/2026" in reprint  # the initial end, not the renewed one
    assert "Exemplaire n° 2 — Duplicata — édité le 23/11/2026" in reprint
    with ctx.database.reading() as session:
        assert session.get(m.Contract, ids.cddi_contract).print_count == 2


def test_each_amendment_prints_on_its_own_with_its_terms_and_those_before(ctx, ids) -> None:
    _change_hours(ctx, ids, dt.date(2026, 9, 1), 30)
    _change_hours(
        ctx,
        ids,
        dt.date(2026, 10, 1),
        16,
        derogation=DerogationKind.INDIVIDUAL,
        derogation_reference="Décision du 25/09/2026",
        derogation_start=dt.date(2026, 10, 1),  # its period (D5132-43-5: 12 months at most)
        derogation_end=dt.date(2027, 1, 4),
    )
    _change_hours(ctx, ids, dt.date(2026, 11, 1), 24)

    renewal = _amendment(ctx, 1, ids)
    assert "renouvelé à compter du 05/07/2026 jusqu'au 04/01/2027" in renewal
    assert "heures par semaine" not in renewal  # no later working time leaks in
    assert "Exemplaire n° 1" in renewal

    to_thirty = _amendment(ctx, 2, ids)
    assert "passe de 26 heures par semaine à 30 heures par semaine" in to_thirty
    assert "en application d'une" not in to_thirty and "prend fin à cette date" not in to_thirty

    below_twenty = _amendment(ctx, 3, ids)
    assert "passe de 30 heures par semaine à 16 heures par semaine" in below_twenty
    assert "en application d'une dérogation individuelle (D5132-43-5)" in below_twenty
    assert "référence : Décision du 25/09/2026" in below_twenty

    back = _amendment(ctx, 4, ids)
    assert "passe de 16 heures par semaine à 24 heures par semaine" in back
    assert "La dérogation individuelle (D5132-43-5) à la durée hebdomadaire minimale" in back
    assert "prend fin à cette date" in back

    # Reprinted after the later ones, amendment n° 3 is still itself, as a duplicate.
    again = _amendment(ctx, 3, ids)
    assert "passe de 30 heures par semaine à 16 heures par semaine" in again
    assert "Exemplaire n° 2 — Duplicata — édité le 23/11/2026" in again
    # And the contract never took any amendment's derogation.
    contract = _contract(ctx, ids)
    assert "fixée à 26 heures" in contract and "Dérogation à la durée" not in contract


def test_the_demos_first_cddi_reprints_its_signed_hours(demo_ctx) -> None:
    from tests.conftest import TODAY

    with demo_ctx.database.reading() as session:
        contract = session.scalars(
            select(m.Contract)
            .join(m.Person, m.Person.id == m.Contract.person_id)
            .where(m.Person.usage_name == "Çelik-Müller")
            .order_by(m.Contract.start_date)
        ).first()
        assert contract is not None and contract.weekly_minutes == 30 * H  # after n° 1
        contract_id, amendment_ids = contract.id, [a.id for a in contract.amendments]

    def printed(**request: int) -> str:
        document = demo_ctx.run(
            documents.generate, DocumentRequest(DocumentKind.CONTRACT, **request), today=TODAY
        )
        return flat(document.pdf)

    text = printed(contract_id=contract_id)
    assert "La durée hebdomadaire de travail est fixée à 26 heures" in text
    assert "30 heures" not in text
    hours = demo_ctx.run(
        documents.generate,
        DocumentRequest(DocumentKind.AMENDMENT, amendment_id=amendment_ids[0]),
        today=TODAY,
    )
    assert "passe de 26 heures par semaine à 30 heures par semaine" in flat(hours.pdf)


def test_a_refused_print_counts_no_copy(ctx, ids) -> None:
    with ctx.database.transaction() as session:
        session.get(m.Person, ids.elodie).birth_date = None  # the contract cannot be printed
    with pytest.raises(Exception, match="date de naissance"):
        _contract(ctx, ids)
    with ctx.database.reading() as session:
        assert session.get(m.Contract, ids.cddi_contract).print_count == 0


def test_reprint_after_a_terms_correction_shows_the_corrected_terms_and_period(ctx, ids) -> None:
    """A contract corrected to 16 h with a derogation recorded then is signed again with it:
    the reprint states the hours, the derogation and its period, numbered as the next copy."""
    with ctx.database.transaction() as session:  # hired long before the correction
        row = session.get(m.Contract, ids.cddi_contract)
        row.created_at -= dt.timedelta(days=300)
        start, team, job = row.start_date, row.team_id, row.job_title
    first = _contract(ctx, ids)
    assert "Exemplaire n° 1" in first and "Dérogation" not in first
    data = ContractCorrection(
        ids.cddi_contract,
        start,
        team,
        job,
        "16 h décidées à l'embauche",
        weekly_minutes=16 * H,
        derogation=DerogationKind.INDIVIDUAL,
        derogation_reference="Décision du 02/01/2026",
        derogation_start=start,
        derogation_end=dt.date(2027, 1, 4),
    )
    try:
        result = ctx.run(correct_contract, data, today=fx.TODAY)
    except UnacknowledgedWarnings as warned:
        result = ctx.run(correct_contract, data, acknowledge=warned.codes, today=fx.TODAY)
    assert result.notice is not None
    again = _contract(ctx, ids)
    assert "La durée hebdomadaire de travail est fixée à 16 heures" in again
    assert "dérogation individuelle (D5132-43-5) (référence : Décision du 02/01/2026)" in again
    assert "pour la période du 05/01/2026 au 04/01/2027" in again
    assert "Exemplaire n° 2 — Duplicata — édité le 23/11/2026" in again
