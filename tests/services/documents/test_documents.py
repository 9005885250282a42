"""Documents from the database: data, rights, audit trail, and clear errors for bad data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.errors import PermissionDeniedError
from chantier_app.domain.fte import rounded
from chantier_app.reports.errors import DocumentError
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.contracts import exits
from chantier_app.services.dashboard import home as dashboard
from chantier_app.services.documents import printing as documents
from chantier_app.services.documents._report import yearly_report_data
from chantier_app.services.documents.printing import DocumentKind, DocumentRequest
from chantier_app.services.hours import fte
from tests.reports.pdf import flat, rows
from tests.services import document_fixtures as fx

NOV = dt.date(2026, 11, 1)


@pytest.fixture
def ids(database) -> fx.Ids:
    with database.transaction() as session:
        return fx.build(session)


def _generate(ctx: AppContext, request: DocumentRequest) -> documents.GeneratedDocument:
    return ctx.run(documents.generate, request, today=fx.TODAY)


def _audit(ctx: AppContext) -> list[m.AuditEntry]:
    with ctx.database.reading() as session:
        return list(session.scalars(select(m.AuditEntry).order_by(m.AuditEntry.id)))


def test_contract_of_a_given_contract(ctx, ids) -> None:
    request = DocumentRequest(DocumentKind.CONTRACT, ids.elodie, contract_id=ids.cddi_contract)
    document = _generate(ctx, request)
    text = flat(document.pdf)
    assert "Mme Élodie LEFÈVRE, née le 12/03/1985 à Besançon" in text
    assert "n° de sécurité sociale 2 85 03 25 108 015" in text  # direction may see the NIR
    assert "prend effet le 05/01/2026 et prend fin le 04/07/2026" in text  # initial terms
    assert "11,88 € par heure" in text  # the structure's wage when the contract has none
    assert "PASS IAE n° 99999 12 34567" in text
    assert "Rachid Bensaïd" in text
    assert document.filename.endswith(".pdf") and " " not in document.filename


def test_default_contract_and_amendment_are_the_latest(ctx, ids) -> None:
    contract = flat(_generate(ctx, DocumentRequest(DocumentKind.CONTRACT, ids.elodie)).pdf)
    assert "CDDI" in contract or "chantier remobilisant" in contract
    amendment = flat(_generate(ctx, DocumentRequest(DocumentKind.AMENDMENT, ids.elodie)).pdf)
    assert "jusqu'au 04/01/2027" in amendment
    # Successive CDDI only: Premières Heures do not count in the 24 months.
    assert "atteint ainsi 12 mois" in amendment


def test_full_follow_up_sheet_without_nir_or_health(ctx, ids) -> None:
    pdf = _generate(ctx, DocumentRequest(DocumentKind.FOLLOW_UP, ids.elodie)).pdf
    text = flat(pdf)
    assert "Durée cumulée des CDDI : 12 mois" in text
    assert [
        "Premières Heures",
        "Nettoyage — Agent d'entretien",
        "01/09/2025",
        "04/01/2026",
        "4,1 mois",
        "",
    ] in rows(pdf)
    assert ["octobre 2026", "116,5 h", "—", "—", "—", "—", "—", "116,5 h"] in rows(pdf)
    assert "Préparer une PMSMP en hôtellerie" in text
    assert ["Mobilité", "4", "2"] in rows(pdf)
    assert "Obtenu : Certificat SST" in text
    assert "99999 12 34567" in text  # as printed on the PASS
    assert fx.NIR not in text.replace(" ", "")
    assert "Suivi médical" not in text
    assert not any(row[0] == "Santé" for row in rows(pdf))
    assert "Entretien riche" not in text  # interview notes stay in the application


def test_encadrant_follow_up_sheet_has_no_social_detail(ctx, ids) -> None:
    pdf = _generate(ctx, DocumentRequest(DocumentKind.FOLLOW_UP_SUPERVISOR, ids.elodie)).pdf
    text = flat(pdf)
    for detail in (
        "99999 12 34567",
        "999991234567",
        "Mobilité",
        "Freins",
        "CV à jour",
        "PMSMP en hôtellerie",
        "Suivi médical",
        "Bilan à 3 mois",
        "RSA",
        "éligibilité",
    ):
        assert detail not in text, detail
    assert fx.NIR not in text.replace(" ", "")
    assert ["Bilan à 10 mois", "03/12/2026", "Planifié"] in rows(pdf)
    assert "Encadrant(s) Marc Petitjean" in text


def test_attestation_from_the_database(ctx, ids) -> None:
    text = flat(_generate(ctx, DocumentRequest(DocumentKind.ATTESTATION, ids.elodie)).pdf)
    assert "est employée depuis le 01/09/2025" in text
    assert "1 120 heures de travail et 14 heures de formation" in text
    assert "Activités exercées : Nettoyage de locaux." in text


def test_the_qualifying_diploma_and_its_exam_are_on_the_attestation_and_sheet(ctx, ids) -> None:
    from chantier_app.domain.codes.contract_codes import ContractKind
    from chantier_app.domain.codes.support_codes import TrainingResult

    with ctx.database.transaction() as session:
        contract = session.scalars(
            select(m.Contract).where(m.Contract.person_id == ids.elodie)
        ).first()
        contract.kind = ContractKind.CDDI_QUALIFYING
        contract.target_diploma = "Titre professionnel Agent de propreté et d'hygiène"
        contract.training_provider = "AFPA"
        contract.exam_date = dt.date(2026, 10, 15)
        contract.exam_result = TrainingResult.OBTAINED
    attestation = rows(_generate(ctx, DocumentRequest(DocumentKind.ATTESTATION, ids.elodie)).pdf)
    line = next(r for r in attestation if r and r[0].startswith("Formation qualifiante"))
    assert line[1] == "AFPA" and line[2].endswith("15/10/2026")
    assert line[-1] == "Titre professionnel Agent de propreté et d'hygiène"
    sheet = flat(_generate(ctx, DocumentRequest(DocumentKind.FOLLOW_UP, ids.elodie)).pdf)
    assert "Formation qualifiante : Titre professionnel Agent de propreté" in sheet


def test_sign_in_sheet_of_a_month_and_of_a_week(ctx, ids) -> None:
    month = _generate(ctx, DocumentRequest(DocumentKind.SIGN_IN, team_id=ids.team_a, month=NOV))
    names = [row[0] for row in rows(month.pdf) if row[1:2] == ["Heures"] and row[0]]
    assert names == ["ÇELIK Loïc", "LEFÈVRE Élodie"]  # Ç sorts with C
    assert "Jours fériés : 01/11/2026 Toussaint, 11/11/2026 Armistice." in flat(month.pdf)
    week = _generate(
        ctx, DocumentRequest(DocumentKind.SIGN_IN, team_id=ids.team_a, week=dt.date(2026, 11, 11))
    )
    assert "semaine du 09/11/2026 au 15/11/2026" in flat(week.pdf)


def test_holidays_follow_the_structures_region(ctx, ids) -> None:
    with ctx.database.transaction() as session:
        session.scalars(select(m.Structure)).one().holiday_region = "57"
    april = _generate(
        ctx, DocumentRequest(DocumentKind.SIGN_IN, team_id=ids.team_a, month=dt.date(2026, 4, 1))
    )
    assert "03/04/2026 Vendredi saint" in flat(april.pdf)


def test_unknown_holiday_region_is_a_clear_error(ctx, ids) -> None:
    with ctx.database.transaction() as session:
        session.scalars(select(m.Structure)).one().holiday_region = "XX"
    with pytest.raises(DocumentError, match="région des jours fériés « XX »"):
        _generate(ctx, DocumentRequest(DocumentKind.SIGN_IN, team_id=ids.team_a, month=NOV))


def test_monthly_statement_lines(ctx, ids) -> None:
    pdf = _generate(ctx, DocumentRequest(DocumentKind.MONTHLY_STATEMENT, month=NOV)).pdf
    table = rows(pdf)
    noel = next(row for row in table if row[0] == "MÜLLER Noël")
    assert noel[5:] == ["non saisies", "", "19/11/2026", "Embauche en CDI non aidé"]
    assert any(row[0] == "ÇELIK Loïc" for row in table)
    october = _generate(
        ctx, DocumentRequest(DocumentKind.MONTHLY_STATEMENT, month=dt.date(2026, 10, 15))
    )
    elodie = next(row for row in rows(october.pdf) if row[0] == "LEFÈVRE Élodie")
    assert elodie[1] == "99999 12 34567" and elodie[5] == "116,5 h"
    noel_october = next(row for row in rows(october.pdf) if row[0] == "MÜLLER Noël")
    assert noel_october[7:] == ["", ""]  # ended in November, not in October


def test_yearly_report_figures(ctx, ids) -> None:
    text = flat(_generate(ctx, DocumentRequest(DocumentKind.YEARLY_REPORT, year=2026)).pdf)
    assert "Personnes salariées dans l'année 3 Nouvelles embauches 1 Contrats commencés 2" in text
    assert "Taux de sorties dynamiques : 100,0 % (1 sur 1 sorties, hors retraits)." in text
    assert "aucune convention" in text


def test_yearly_report_counts_what_the_screens_show(ctx, ids) -> None:
    """Paid hours, FTE, funded FTE and exits: the dashboard's and the FTE tab's figures."""
    with ctx.database.transaction() as session:
        catering = session.scalars(select(m.Workshop).where(m.Workshop.name == "Restauration"))
        session.add_all(
            [
                m.Convention(year=2026, workshop_id=None, funded_fte=Decimal("3.5")),
                m.Convention(year=2026, workshop_id=catering.one().id, funded_fte=Decimal("1")),
            ]
        )
    with ctx.database.reading() as session:
        data = yearly_report_data(session, 2026, today=fx.TODAY)
    shown = ctx.read(dashboard.overview, fx.TODAY)
    year = ctx.read(fte.fte_report, 2026).fte
    summary = ctx.read(exits.exits_summary, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert data.paid_minutes == shown.paid_minutes_this_year == year.consumed_minutes
    assert data.fte == rounded(shown.fte_this_year) == rounded(year.consumed_fte)
    assert data.funded_fte == year.funded_fte == Decimal("3.5")
    assert data.exits == summary.by_category
    assert data.dynamic_exit_rate == rounded(summary.dynamic_rate * 100, 1)


def test_each_print_of_personal_data_is_audited_without_content(ctx, ids) -> None:
    _generate(ctx, DocumentRequest(DocumentKind.FOLLOW_UP, ids.elodie))
    _generate(ctx, DocumentRequest(DocumentKind.CONTRACT, ids.elodie))
    _generate(ctx, DocumentRequest(DocumentKind.SIGN_IN, team_id=ids.team_a, month=NOV))
    _generate(ctx, DocumentRequest(DocumentKind.MONTHLY_STATEMENT, month=NOV))
    _generate(ctx, DocumentRequest(DocumentKind.YEARLY_REPORT, year=2026))
    entries = _audit(ctx)
    assert [(e.action, e.entity) for e in entries] == [
        ("print", "person"),
        ("print", "person"),
        ("print", "team"),
        ("print", "monthly_statement"),
    ]
    assert entries[0].person_id == ids.elodie
    assert entries[0].summary == "Document imprimé : Fiche de suivi"
    assert "Feuille d'émargement — Équipe A — novembre 2026 (2 salariés)" in entries[2].summary
    assert not any(fx.NIR[:7] in (e.summary or "") for e in entries)


def test_supervisor_prints_sheets_but_nothing_else(ctx, ids) -> None:
    supervisor = AppContext(
        ctx.database,
        Actor(ids.supervisor, "Marc Petitjean", Role.SUPERVISOR, frozenset({ids.team_a})),
        ctx.paths,
    )
    _generate(supervisor, DocumentRequest(DocumentKind.SIGN_IN, team_id=ids.team_a, month=NOV))
    _generate(supervisor, DocumentRequest(DocumentKind.FOLLOW_UP_SUPERVISOR, ids.elodie))
    for kind in (DocumentKind.FOLLOW_UP, DocumentKind.CONTRACT, DocumentKind.ATTESTATION):
        with pytest.raises(PermissionDeniedError) as refused:
            _generate(supervisor, DocumentRequest(kind, ids.elodie))
        assert refused.value.message == (
            f"Action refusée : le rôle « Encadrant technique » ne permet pas "
            f"d'imprimer « {kind.label} »."
        )
    # Another team's sheet and another team's person are not theirs to print.
    for request in (
        DocumentRequest(DocumentKind.SIGN_IN, team_id=ids.kitchen, month=NOV),
        DocumentRequest(DocumentKind.FOLLOW_UP_SUPERVISOR, ids.noel),
    ):
        with pytest.raises(PermissionDeniedError, match="ne fait pas partie de vos équipes"):
            _generate(supervisor, request)
    assert [e.action for e in _audit(ctx)] == ["print", "print"] + ["refused"] * 5


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        (DocumentKind.CONTRACT, "Aucun contrat pour SANS-CONTRAT Zoé"),
        (DocumentKind.AMENDMENT, "Aucun contrat pour SANS-CONTRAT Zoé"),
        (DocumentKind.ATTESTATION, "l'attestation d'expérience ne peut pas être établie"),
    ],
)
def test_person_without_contract(ctx, ids, kind, message) -> None:
    with pytest.raises(DocumentError) as refused:
        _generate(ctx, DocumentRequest(kind, ids.nobody))
    assert message in refused.value.message
    assert _audit(ctx) == []  # nothing printed, nothing recorded


def test_amendment_of_a_contract_without_any(ctx, ids) -> None:
    with pytest.raises(DocumentError, match="n'a aucun avenant"):
        _generate(ctx, DocumentRequest(DocumentKind.AMENDMENT, ids.loic))


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (DocumentRequest(DocumentKind.FOLLOW_UP), "Choisissez un salarié."),
        (DocumentRequest(DocumentKind.SIGN_IN, month=NOV), "Choisissez une équipe."),
        (DocumentRequest(DocumentKind.MONTHLY_STATEMENT), "Choisissez le mois."),
        (DocumentRequest(DocumentKind.YEARLY_REPORT), "Choisissez l'année du bilan."),
    ],
)
def test_incomplete_requests(ctx, ids, request_, message) -> None:
    with pytest.raises(DocumentError, match=message):
        _generate(ctx, request_)


def test_missing_structure_settings(ctx, ids) -> None:
    with ctx.database.transaction() as session:
        session.scalars(select(m.Structure)).one().siret = None
    with pytest.raises(DocumentError, match=r"incomplets \(SIRET\)"):
        _generate(ctx, DocumentRequest(DocumentKind.FOLLOW_UP, ids.elodie))
    with ctx.database.transaction() as session:
        session.delete(session.scalars(select(m.Structure)).one())
    with pytest.raises(DocumentError, match="ne sont pas renseignés"):
        _generate(ctx, DocumentRequest(DocumentKind.YEARLY_REPORT, year=2026))
    assert _audit(ctx) == []


def test_same_request_same_day_same_bytes(ctx, ids) -> None:
    request = DocumentRequest(DocumentKind.FOLLOW_UP, ids.elodie)
    assert _generate(ctx, request).pdf == _generate(ctx, request).pdf


@pytest.mark.parametrize("kind", list(DocumentKind))
def test_every_document_from_the_demo_database(demo_ctx, kind) -> None:
    from tests.conftest import TODAY

    with demo_ctx.database.reading() as session:
        amended = session.scalars(select(m.Amendment.contract_id)).first()
        person_id = session.scalar(select(m.Contract.person_id).where(m.Contract.id == amended))
        team_id = session.scalars(select(m.Team.id)).first()
    request = DocumentRequest(
        kind, person_id=person_id, team_id=team_id, month=TODAY.replace(day=1), year=TODAY.year
    )
    document = demo_ctx.run(documents.generate, request, today=TODAY)
    text = flat(document.pdf)
    assert "Les Ateliers du Canal" in text
    assert "SIRET : 732 829 320 00074" in text
    assert "Page 1 sur" in text
