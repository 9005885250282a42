"""The attestation d'expérience states what was true on its date: begun contracts, hours
entered up to then, training hours followed (never planned), the structure named as French
names it; refused for someone who has not started."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.domain.codes.support_codes import EnrolmentStatus, TrainingKind
from chantier_app.reports.errors import DocumentError
from chantier_app.services.context import AppContext
from chantier_app.services.documents import printing as documents
from chantier_app.services.documents.printing import DocumentKind, DocumentRequest
from tests.reports.pdf import flat, rows
from tests.services import document_fixtures as fx


@pytest.fixture
def ids(database) -> fx.Ids:
    with database.transaction() as session:
        return fx.build(session)


def _attestation(ctx: AppContext, person: int, day: dt.date) -> bytes:
    request = DocumentRequest(DocumentKind.ATTESTATION, person)
    return ctx.run(documents.generate, request, today=day).pdf


def test_the_structure_is_named_with_its_article_contracted(ctx, ids) -> None:
    text = flat(_attestation(ctx, ids.elodie, fx.TODAY))
    assert "représentant(e) légal(e) des Ateliers de l'Écluse (SIRET 732 829 320 00074)" in text
    assert "de Les Ateliers" not in text


def test_refused_before_the_first_contract_begins(ctx, ids) -> None:
    """Loïc starts on 01/10/2026: on 30/09 there is no experience to attest."""
    with pytest.raises(DocumentError) as refused:
        _attestation(ctx, ids.loic, dt.date(2026, 9, 30))
    assert refused.value.message == (
        "ÇELIK Loïc n'a pas encore commencé à travailler : son contrat débute le 01/10/2026. "
        "L'attestation d'expérience atteste d'un travail effectué ; elle pourra être établie "
        "à partir du 01/10/2026."
    )
    with ctx.database.reading() as session:
        assert session.scalars(select(m.AuditEntry)).all() == []  # nothing recorded as printed
    assert "est employé depuis le 01/10/2026" in flat(_attestation(ctx, ids.loic, fx.TODAY))


def test_facts_as_of_the_print_date(ctx, ids) -> None:
    """On 15/03/2026: the CDDI runs (its renewal to 2027 is no end), three months of hours
    are entered, the SST training of April has not taken place."""
    pdf = _attestation(ctx, ids.elodie, dt.date(2026, 3, 15))
    text = flat(pdf)
    assert "est employée depuis le 01/09/2025" in text
    # January to March: 107,5 + 108,5 + 109,5 h worked.
    assert "elle a effectué 325,5 heures de travail et 0 heure de formation" in text
    assert "Aucune formation suivie." in text and "SST" not in text
    assert "Fait à Paris, le 15/03/2026." in text
    cddi = next(row for row in rows(pdf) if row[0].startswith("CDDI"))
    assert cddi[2:] == ["05/01/2026", "en cours", "2,4 mois", "325,5 h"]


def test_an_ended_contract_is_ended_only_once_its_last_day_is_past(ctx, ids) -> None:
    with ctx.database.transaction() as session:
        contract = session.get(m.Contract, ids.cddi_contract)
        contract.actual_end_date = dt.date(2026, 12, 18)  # an end recorded ahead
    assert "est employée depuis le 01/09/2025" in flat(_attestation(ctx, ids.elodie, fx.TODAY))
    after = flat(_attestation(ctx, ids.elodie, dt.date(2026, 12, 21)))
    assert "a été employée du 01/09/2025 au 18/12/2026" in after


def test_training_hours_are_the_hours_followed_not_planned(ctx, ids) -> None:
    """60 h of French marked « Terminé » with 0 h attended count 0 h; a training followed
    day by day counts its days up to the print date."""
    with ctx.database.transaction() as session:
        french = m.TrainingSession(
            title="Français langue étrangère",
            provider="GRETA",
            kind=TrainingKind.BASIC_SKILLS,
            start_date=dt.date(2026, 5, 4),
            end_date=dt.date(2026, 7, 10),
            duration_minutes=60 * 60,
        )
        safety = m.TrainingSession(
            title="Gestes et postures",
            provider="AFPA",
            kind=TrainingKind.SAFETY,
            start_date=dt.date(2026, 11, 16),
            end_date=dt.date(2026, 11, 30),
            duration_minutes=21 * 60,
        )
        followed = m.Enrolment(
            session=safety,
            person_id=ids.elodie,
            contract_id=ids.cddi_contract,
            status=EnrolmentStatus.ATTENDING,
            attended_minutes=6 * 60,
        )
        followed.attendances = [
            m.TrainingAttendance(day=dt.date(2026, 11, 16), minutes=3 * 60),
            m.TrainingAttendance(day=dt.date(2026, 11, 30), minutes=3 * 60),
        ]
        session.add_all(
            [
                m.Enrolment(
                    session=french,
                    person_id=ids.elodie,
                    contract_id=ids.cddi_contract,
                    status=EnrolmentStatus.COMPLETED,
                    attended_minutes=0,
                ),
                followed,
            ]
        )
    pdf = _attestation(ctx, ids.elodie, fx.TODAY)  # 23/11/2026
    assert "1 120 heures de travail et 17 heures de formation" in flat(pdf)  # 14 h SST + 3 h
    table = rows(pdf)
    assert ["Français langue étrangère", "GRETA", "04/05/2026 – 10/07/2026", "", "—"] in table
    assert ["Gestes et postures", "AFPA", "16/11/2026 – 30/11/2026", "3 h", "—"] in table
    assert not any("60 h" in cell for row in table for cell in row)
