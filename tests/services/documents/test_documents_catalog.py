"""What can be printed, batches, team names, files, and the small counting helpers."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import ContractKind, PassSuspensionReason
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.errors import StorageError
from chantier_app.services.context import Actor
from chantier_app.services.documents import catalog
from chantier_app.services.documents import files as documents_files
from chantier_app.services.documents import printing as documents
from chantier_app.services.documents._common import cumulative_months
from chantier_app.services.documents.printing import DocumentKind, DocumentRequest
from chantier_app.services.people.pass_iae import pass_period
from tests.services import document_fixtures as fx


@pytest.fixture
def ids(database) -> fx.Ids:
    with database.transaction() as session:
        return fx.build(session)


def _supervisor(ids: fx.Ids) -> Actor:
    return Actor(ids.supervisor, "Marc Petitjean", Role.SUPERVISOR, frozenset({ids.team_a}))


def test_options_list_people_with_a_contract_teams_and_years(ctx, ids) -> None:
    options = ctx.read(catalog.document_options)
    assert [c.label for c in options.people] == ["ÇELIK Loïc", "LEFÈVRE Élodie", "MÜLLER Noël"]
    assert [c.label for c in options.teams] == ["Nettoyage — Équipe A", "Restauration — Cuisine"]
    assert options.years == (2027, 2026, 2025)
    assert options.kinds == tuple(DocumentKind)


def test_a_supervisor_is_offered_only_the_sheets(database, ids) -> None:
    with database.reading() as session:
        options = catalog.document_options(session, _supervisor(ids))
        own = catalog.person_documents(session, _supervisor(ids), ids.elodie)
    assert options.kinds == (DocumentKind.FOLLOW_UP_SUPERVISOR, DocumentKind.SIGN_IN)
    assert [d.request.kind for d in own] == [DocumentKind.FOLLOW_UP_SUPERVISOR]
    # Only their team is offered, and only its people.
    assert [team.id for team in options.teams] == [ids.team_a]
    assert ids.noel not in {person.id for person in options.people}
    assert ids.elodie in {person.id for person in options.people}


def test_person_documents_list_each_contract_and_amendment(ctx, ids) -> None:
    found = ctx.read(catalog.person_documents, ids.elodie)
    assert [d.label for d in found] == [
        "Contrat — Premières Heures du 01/09/2025",
        "Contrat — CDDI chantier remobilisant du 05/01/2026",
        "Avenant n° 1 — renouvellement, à compter du 05/07/2026",
        "Fiche de suivi",
        "Fiche de suivi (version encadrant)",
        "Attestation d'expérience",
    ]
    assert found[1].request.contract_id == ids.cddi_contract
    assert found[2].request.amendment_id == ids.amendment
    nobody = ctx.read(catalog.person_documents, ids.nobody)
    assert [d.request.kind for d in nobody] == [
        DocumentKind.FOLLOW_UP,
        DocumentKind.FOLLOW_UP_SUPERVISOR,
    ]


def test_batches_of_a_team_and_of_a_month(ctx, ids) -> None:
    sheets = ctx.read(catalog.team_follow_up_requests, ids.team_a, encadrant=True, today=fx.TODAY)
    assert [r.person_id for r in sheets] == [ids.loic, ids.elodie]
    assert {r.kind for r in sheets} == {DocumentKind.FOLLOW_UP_SUPERVISOR}
    november = ctx.read(catalog.month_sign_in_requests, dt.date(2026, 11, 15))
    assert [(r.team_id, r.month) for r in november] == [
        (ids.team_a, dt.date(2026, 11, 1)),
        (ids.kitchen, dt.date(2026, 11, 1)),
    ]
    december = ctx.read(catalog.month_sign_in_requests, dt.date(2026, 12, 1))
    assert [r.team_id for r in december] == [ids.team_a]  # the kitchen's contract ended


@pytest.mark.parametrize(
    "name",
    ["Équipe A", "equipe a", "Nettoyage — Équipe A", "nettoyage/equipe-a", "NETTOYAGE EQUIPE A"],
)
def test_find_teams_ignores_accents_case_and_punctuation(ctx, ids, name) -> None:
    assert [c.id for c in ctx.read(catalog.find_teams, name)] == [ids.team_a]


def test_find_teams_unknown(ctx, ids) -> None:
    assert ctx.read(catalog.find_teams, "Équipe Z") == []


def test_folder_and_merged_outputs(tmp_path, ctx, ids) -> None:
    requests = [
        DocumentRequest(DocumentKind.FOLLOW_UP_SUPERVISOR, ids.elodie),
        DocumentRequest(DocumentKind.FOLLOW_UP_SUPERVISOR, ids.elodie),
        DocumentRequest(DocumentKind.SIGN_IN, team_id=ids.team_a, month=dt.date(2026, 11, 1)),
    ]
    made = [ctx.run(documents.generate, r, today=fx.TODAY) for r in requests]
    written = documents_files.write_folder(tmp_path / "lot", made)
    assert [p.name for p in written] == [
        "fiche-de-suivi-version-encadrant-elodie-lefevre.pdf",
        "fiche-de-suivi-version-encadrant-elodie-lefevre-2.pdf",
        "feuille-d-emargement-equipe-a-novembre-2026.pdf",
    ]
    assert written[2].read_bytes() == made[2].pdf
    pages = [len(PdfReader(io.BytesIO(d.pdf)).pages) for d in made]
    merged = PdfReader(io.BytesIO(documents_files.merged(made)))
    assert len(merged.pages) == sum(pages)


def test_writing_where_it_cannot_is_a_storage_error(tmp_path) -> None:
    blocker = tmp_path / "fichier"
    blocker.write_text("pas un dossier")
    with pytest.raises(StorageError, match="Impossible d'écrire"):
        documents_files.write_pdf(blocker / "doc.pdf", b"%PDF")
    assert documents_files.write_folder(tmp_path / "vide", []) == []


def test_cumulative_months_counts_cddi_only_until_a_date() -> None:
    ph = m.Contract(
        kind=ContractKind.FIRST_HOURS, start_date=dt.date(2025, 1, 1), end_date=dt.date(2025, 6, 30)
    )
    cddi = m.Contract(
        kind=ContractKind.CDDI_REMOBILISING,
        start_date=dt.date(2025, 7, 1),
        end_date=dt.date(2026, 6, 30),
    )
    assert cumulative_months([ph, cddi]) == Decimal("12.0")
    assert cumulative_months([ph, cddi], until=dt.date(2025, 12, 31)) == Decimal("6.0")


def test_pass_end_moves_with_suspensions_and_prolongations() -> None:
    pass_iae = m.PassIae(
        number="1", start_date=dt.date(2025, 1, 1), initial_end_date=dt.date(2026, 12, 31)
    )
    assert pass_period(pass_iae).end == dt.date(2026, 12, 31)
    pass_iae.suspensions.append(
        m.PassSuspension(
            reason=PassSuspensionReason.SICKNESS,
            start_date=dt.date(2025, 3, 1),
            end_date=dt.date(2025, 3, 10),
        )
    )
    assert pass_period(pass_iae).end == dt.date(2027, 1, 10)
