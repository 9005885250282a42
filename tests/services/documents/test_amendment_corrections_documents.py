"""An amendment corrected reprints as the next copy with its corrected terms, and the user is
told a new one must be signed; a cancelled amendment prints no more and leaks into no other
document (the contract's reprint, the catalogue)."""

from __future__ import annotations

import datetime as dt

import pytest

from chantier_app.domain.errors import AppError
from chantier_app.reports.errors import DocumentError
from chantier_app.services import contracts
from chantier_app.services.contracts import HoursChangeInput
from chantier_app.services.contracts.amendment_corrections import (
    AmendmentCorrection,
    correct_amendment,
)
from chantier_app.services.contracts.event_corrections import cancel_amendment
from chantier_app.services.documents import catalog
from chantier_app.services.documents.printing import DocumentKind
from tests.db_dump import dump
from tests.services import document_fixtures as fx
from tests.services.documents.test_signed_documents import _amendment, _contract, _print

H = 60
DECEMBER = dt.date(2026, 12, 1)


@pytest.fixture
def ids(database) -> fx.Ids:
    with database.transaction() as session:
        return fx.build(session)


def test_a_printed_amendment_corrected_reprints_as_the_next_copy(ctx, ids) -> None:
    amendment = ctx.run(
        contracts.change_hours, HoursChangeInput(ids.cddi_contract, DECEMBER, 30 * H)
    )
    signed = _amendment(ctx, 2, ids)
    assert "passe de 26 heures par semaine à 30 heures par semaine" in signed
    assert "Exemplaire n° 1" in signed

    data = AmendmentCorrection(amendment.id, None, DECEMBER, 28 * H)
    with pytest.raises(AppError, match="Motif de la correction : obligatoire, l'avenant a déjà"):
        ctx.run(correct_amendment, data, today=fx.TODAY)
    result = ctx.run(
        correct_amendment,
        AmendmentCorrection(amendment.id, None, DECEMBER, 28 * H, reason="28 h convenues"),
        today=fx.TODAY,
    )
    assert result.notice is not None and "Faites signer l'avenant corrigé" in result.notice
    assert result.amendment.new_weekly_minutes == 28 * H

    reprint = _amendment(ctx, 2, ids)
    assert "passe de 26 heures par semaine à 28 heures par semaine" in reprint
    assert "30 heures" not in reprint
    assert "Exemplaire n° 2 — Duplicata — édité le 23/11/2026" in reprint
    contract = _contract(ctx, ids)  # the contract still says what it was signed with
    assert "fixée à 26 heures" in contract and "28 heures" not in contract


def test_a_cancelled_amendment_prints_no_more_and_leaks_nowhere(ctx, ids) -> None:
    amendment = ctx.run(
        contracts.change_hours, HoursChangeInput(ids.cddi_contract, DECEMBER, 30 * H)
    )
    ctx.run(cancel_amendment, amendment.id, "Avenant jamais signé")
    before = dump(ctx.database)
    with pytest.raises(DocumentError, match=r"L'avenant n° 2 a été annulé le .* ne s'imprime plus"):
        _print(ctx, DocumentKind.AMENDMENT, amendment_id=amendment.id)
    after = dump(ctx.database)
    assert after == before  # no copy counted, no print traced
    entries = ctx.read(catalog.person_documents, ids.elodie)
    assert not any("n° 2" in entry.label for entry in entries)
    contract = _contract(ctx, ids)
    assert "fixée à 26 heures" in contract and "30 heures" not in contract
