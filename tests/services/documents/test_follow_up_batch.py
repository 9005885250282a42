"""A batch's follow-up sheets read what they share once (issue 22): the very sheets the
single-document path prints, rights checked and print audited for each person."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.errors import PermissionDeniedError
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.documents import batch as documents_batch
from chantier_app.services.documents import printing as documents
from chantier_app.services.documents.printing import (
    DocumentKind,
    DocumentRequest,
    PreparedDocument,
)
from tests.reports.pdf import flat
from tests.services import document_fixtures as fx


@pytest.fixture
def ids(database) -> fx.Ids:
    with database.transaction() as session:
        return fx.build(session)


def _batch(ctx: AppContext, requests: list[DocumentRequest]) -> list[str]:
    """The texts of the sheets prepared as a large batch is (one transaction), drawn here."""
    made: list[PreparedDocument] = []
    documents_batch._prepare_all(ctx, requests, lambda: None, fx.TODAY, made.append)
    return [flat(documents.render(p).pdf) for p in made]


def _alone(ctx: AppContext, request: DocumentRequest) -> str:
    return flat(ctx.run(documents.generate, request, today=fx.TODAY).pdf)


def _prints(ctx: AppContext) -> list[int | None]:
    with ctx.database.reading() as session:
        return list(
            session.scalars(
                select(m.AuditEntry.person_id)
                .where(m.AuditEntry.action == "print")
                .order_by(m.AuditEntry.id)
            )
        )


def test_a_batch_prints_the_sheets_printed_one_by_one(ctx, ids) -> None:
    people = [ids.elodie, ids.noel, ids.loic, ids.nobody, ids.elodie]
    requests = [
        DocumentRequest(kind, person_id)
        for person_id in people
        for kind in (DocumentKind.FOLLOW_UP, DocumentKind.FOLLOW_UP_SUPERVISOR)
    ]
    batch = _batch(ctx, requests)
    assert _prints(ctx) == [r.person_id for r in requests]  # one audit line per print
    assert batch == [_alone(ctx, r) for r in requests]
    elodie_full, elodie_encadrant = batch[0], batch[1]
    assert "99999 12 34567" in elodie_full and "Mobilité" in elodie_full
    assert "Préparer une PMSMP en hôtellerie" in elodie_full
    for text in batch:
        assert "Suivi médical" not in text and "Entretien riche" not in text
    for text in batch[1::2]:  # the encadrant's variant: nothing social
        for detail in ("99999 12 34567", "Mobilité", "Freins", "PMSMP en hôtellerie", "RSA"):
            assert detail not in text, detail
    assert "Encadrant(s) Marc Petitjean" in elodie_encadrant


def test_an_encadrants_batch_is_refused_at_a_person_not_theirs(ctx, ids) -> None:
    supervisor = AppContext(
        ctx.database,
        Actor(ids.supervisor, "Marc Petitjean", Role.SUPERVISOR, frozenset({ids.team_a})),
        ctx.paths,
    )
    mine = DocumentRequest(DocumentKind.FOLLOW_UP_SUPERVISOR, ids.elodie)
    assert _batch(supervisor, [mine, mine]) == [_alone(supervisor, mine)] * 2
    prints = _prints(ctx)
    for refused in (
        DocumentRequest(DocumentKind.FOLLOW_UP_SUPERVISOR, ids.noel),  # another team
        DocumentRequest(DocumentKind.FOLLOW_UP, ids.elodie),  # the full sheet: not their role
    ):
        with pytest.raises(PermissionDeniedError):
            _batch(supervisor, [mine, refused])
        assert _prints(ctx) == prints  # one action: nothing of the batch recorded
