"""Import from les emplois de l'inclusion: XLSX files with the platform's headers and formats."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from chantier_app.db import models as m
from chantier_app.db.base import Base
from chantier_app.domain.codes.person_codes import Civility, NirMissingReason
from chantier_app.domain.codes.referrers import Referrer
from chantier_app.domain.errors import ValidationError
from chantier_app.services.context import AppContext
from chantier_app.services.people import emplois_import as emplois
from chantier_app.services.people import records
from chantier_app.services.people.emplois_import import Action
from chantier_app.services.safety.backups import backups_folder
from tests.services.people.emplois_files import MASKED, REFUSED, application, write_export
from tests.services.people_factory import person_input

TODAY = dt.date(2026, 11, 23)


def _counts(ctx: AppContext) -> dict[str, int]:
    with ctx.database.reading() as session:
        return {
            table.name: session.execute(select(func.count()).select_from(table)).scalar_one()
            for table in Base.metadata.sorted_tables
        }


def _audit(ctx: AppContext) -> list[tuple[object, ...]]:
    with ctx.database.reading() as session:
        return [tuple(r) for r in session.execute(text("SELECT * FROM audit_entry ORDER BY id"))]


@pytest.fixture
def export(tmp_path: Path, ctx: AppContext) -> Path:
    """Two hires of Aïssatou Diallo (new here), one of Rémi Dubois (already here), a masked
    application, a refused one and one still being studied."""
    ctx.run(records.create_person, person_input(
        civility=Civility.MR, usage_name="Dubois", first_names="Rémi",
        birth_date=dt.date(1979, 6, 2), nir=None,
        nir_missing_reason=NirMissingReason.NOT_PROVIDED, email=None, phone=None,
    ), today=TODAY)  # fmt: skip
    rows = [
        application(),  # line 2
        application(**{  # line 3: the same person hired again after a first contract
            "Date de la candidature": dt.datetime(2026, 8, 20),
            "Dates de début d’embauche": dt.datetime(2026, 9, 2),
            "Dates de fin d’embauche": dt.datetime(2027, 3, 1),
        }),
        application(**{  # line 4: already here, written otherwise by the platform
            "Civilité candidat": "M", "Nom candidat": "DUBOIS", "Prénom candidat": "Remi",
            "Date de naissance candidat": dt.datetime(1979, 6, 2),
            "Email candidat": "", "Téléphone candidat": "",
            "Source de la candidature": "Prescripteur habilité",
            "Nom organisation prescripteur": "SPIP de Paris",
            "Numéro PASS IAE": "99999 26 54321",
            "Début PASS IAE": dt.datetime(2026, 4, 1), "Fin PASS IAE": dt.datetime(2028, 3, 30),
            "Dates de début d’embauche": dt.datetime(2026, 4, 1),
        }),
        application(**MASKED),  # line 5
        application(**REFUSED),  # line 6
        application(**{"Nom candidat": "Petit", "Prénom candidat": "Léa",  # line 7
                       "Statut de la candidature": "Candidature à l'étude"}),
    ]  # fmt: skip
    return write_export(tmp_path / "export-candidatures.xlsx", rows)


def test_the_preview_says_what_is_created_updated_and_not_imported(
    ctx: AppContext, export: Path
) -> None:
    before = _counts(ctx)
    preview = ctx.read(emplois.preview_emplois_import, export, today=TODAY)
    assert _counts(ctx) == before  # a preview writes nothing
    by_line = {r.line: r for r in preview.rows}
    assert [by_line[n].action for n in range(2, 8)] == [
        Action.CREATE, Action.CREATE, Action.UPDATE,
        Action.NOT_IMPORTED, Action.NOT_IMPORTED, Action.NOT_IMPORTED,
    ]  # fmt: skip
    first = " ; ".join(by_line[2].details)
    assert "nouveau dossier" in first and "99999 26 12345" in first
    assert "orienteur 03 – France Travail" in first
    assert "embauche du 02/03/2026 au 01/09/2026 : contrat à compléter" in first
    assert "éligibilité IAE validée sur la plateforme" in first
    assert "embauche du 02/09/2026" in " ".join(by_line[3].details)
    assert "nouveau dossier" not in " ".join(by_line[3].details)  # one person, two hires
    assert by_line[4].person_id is not None and "orienteur 09" in " ".join(by_line[4].details)
    assert "masquée" in by_line[5].details[0]
    assert by_line[6].details == ("candidature déclinée (Candidat non joignable)",)
    assert "Candidature à l'étude" in by_line[7].details[0]
    assert (preview.count(Action.CREATE), preview.count(Action.UPDATE)) == (2, 1)


def test_the_import_creates_each_person_once_with_pass_orienteur_and_hires(
    ctx: AppContext, export: Path
) -> None:
    before = _counts(ctx)
    result = ctx.run(emplois.import_from_emplois, export, today=TODAY)
    assert (result.people_created, result.people_updated, result.hires_recorded) == (1, 1, 3)
    assert (result.passes_added, result.conflicts, result.not_imported) == (2, 0, 3)
    after = _counts(ctx)
    assert after["person"] == before["person"] + 1  # Dubois is not duplicated
    assert after["pass_iae"] == before["pass_iae"] + 2
    assert after["emplois_hire"] == 3 and after["contract"] == before["contract"]
    with ctx.database.reading() as session:
        diallo = session.scalars(select(m.Person).where(m.Person.usage_name == "Diallo")).one()
        assert (diallo.civility, diallo.first_names) == (Civility.MRS, "Aïssatou")
        assert diallo.birth_date == dt.date(1988, 4, 12) and diallo.postal_code == "75019"
        assert diallo.referrer is Referrer.FRANCE_TRAVAIL
        assert diallo.referrer_contact == "France Travail - Agence Paris 19 — Julie MARTIN"
        assert diallo.nir is None and diallo.nir_missing_reason is NirMissingReason.TO_COMPLETE
        (pass_iae,) = diallo.passes
        assert pass_iae.number == "999992612345"
        assert (pass_iae.start_date, pass_iae.initial_end_date) == (
            dt.date(2026, 3, 2), dt.date(2028, 2, 29))  # fmt: skip
        hires = session.scalars(
            select(m.EmploisHire).where(m.EmploisHire.person_id == diallo.id)
            .order_by(m.EmploisHire.hiring_start)
        ).all()  # fmt: skip
        assert [(h.hiring_start, h.hiring_end) for h in hires] == [
            (dt.date(2026, 3, 2), dt.date(2026, 9, 1)), (dt.date(2026, 9, 2), dt.date(2027, 3, 1))
        ]  # fmt: skip
        assert all(h.eligibility_validated and h.contract_id is None for h in hires)
        dubois = session.scalars(select(m.Person).where(m.Person.usage_name == "Dubois")).one()
        assert dubois.referrer is Referrer.SPIP and [p.number for p in dubois.passes] == [
            "999992654321"
        ]
        assert not session.scalars(select(m.Person).where(m.Person.usage_name.in_(
            ["Martin", "Petit", "N…"]))).all()  # fmt: skip
        lines = session.scalars(select(m.AuditEntry.summary)).all()
        assert any("import les emplois (export-candidatures.xlsx)" in (s or "") for s in lines)
        assert not any("999992612345" in (s or "") for s in lines)  # no identifier in the trail


def test_importing_the_same_file_again_changes_nothing(ctx: AppContext, export: Path) -> None:
    ctx.run(emplois.import_from_emplois, export, today=TODAY)
    counts, trail = _counts(ctx), _audit(ctx)
    preview = ctx.read(emplois.preview_emplois_import, export, today=TODAY)
    assert {r.action for r in preview.rows} == {Action.UNCHANGED, Action.NOT_IMPORTED}
    assert preview.to_apply == 0
    result = ctx.run(emplois.import_from_emplois, export, today=TODAY)
    assert (result.people_created, result.people_updated, result.hires_recorded) == (0, 0, 0)
    assert _counts(ctx) == counts
    assert _audit(ctx) == trail


def test_after_backup_makes_no_backup_when_there_is_nothing_to_import(
    ctx: AppContext, export: Path
) -> None:
    assert ctx.paths is not None
    emplois.import_after_backup(ctx, export, today=TODAY)
    backups = sorted(backups_folder(ctx).iterdir())
    assert any("avant-import" in b.name for b in backups)
    emplois.import_after_backup(ctx, export, today=TODAY)
    assert sorted(backups_folder(ctx).iterdir()) == backups


def test_a_later_export_updates_the_hire_it_already_knows(
    ctx: AppContext, export: Path, tmp_path: Path
) -> None:
    ctx.run(emplois.import_from_emplois, export, today=TODAY)
    later = write_export(tmp_path / "later.xlsx", [
        application(**{"Dates de fin d’embauche": dt.datetime(2026, 8, 31)}),
    ])  # fmt: skip
    preview = ctx.read(emplois.preview_emplois_import, later, today=TODAY)
    assert preview.rows[0].action is Action.UPDATE
    ctx.run(emplois.import_from_emplois, later, today=TODAY)
    with ctx.database.reading() as session:
        ends = session.scalars(
            select(m.EmploisHire.hiring_end).where(
                m.EmploisHire.hiring_start == dt.date(2026, 3, 2)
            )
        ).all()
    assert ends == [dt.date(2026, 8, 31)]
    assert _counts(ctx)["person"] == 2


def test_a_pass_number_held_by_someone_else_is_a_conflict_and_nothing_is_written(
    ctx: AppContext, tmp_path: Path
) -> None:
    from chantier_app.services.people import pass_iae

    other = ctx.run(records.create_person, person_input(), today=TODAY)
    ctx.run(pass_iae.add_pass, other, pass_iae.PassInput("999992612345", dt.date(2025, 1, 6)))
    path = write_export(tmp_path / "x.xlsx", [application()])
    before = _counts(ctx)
    preview = ctx.read(emplois.preview_emplois_import, path, today=TODAY)
    (row,) = preview.rows
    assert row.action is Action.CONFLICT and "autre dossier" in row.details[0]
    result = ctx.run(emplois.import_from_emplois, path, today=TODAY)
    assert result.conflicts == 1 and _counts(ctx) == before


def test_two_records_with_the_same_identity_are_a_conflict(ctx: AppContext, tmp_path: Path) -> None:
    twin = person_input(usage_name="Diallo", first_names="Aïssatou",
                        birth_date=dt.date(1988, 4, 12), nir=None,
                        nir_missing_reason=NirMissingReason.NOT_PROVIDED)  # fmt: skip
    first = ctx.run(records.create_person, twin, today=TODAY)
    with ctx.database.transaction() as session:  # a duplicate typed before the check existed
        session.add(m.Person(civility=Civility.MRS, usage_name="DIALLO", first_names="Aissatou",
                             birth_date=dt.date(1988, 4, 12)))  # fmt: skip
    path = write_export(tmp_path / "x.xlsx", [application()])
    (row,) = ctx.read(emplois.preview_emplois_import, path, today=TODAY).rows
    assert row.action is Action.CONFLICT and f"n° {first}" in row.details[0]


def test_a_prolonged_pass_keeps_two_years_and_says_the_platform_end_to_record(
    ctx: AppContext, tmp_path: Path
) -> None:
    """The platform's « Fin PASS IAE » includes suspensions and prolongations: the PASS is
    recorded for its two years, and the difference is shown, to record as it was decided."""
    path = write_export(
        tmp_path / "x.xlsx", [application(**{"Fin PASS IAE": dt.datetime(2028, 9, 30)})]
    )
    (row,) = ctx.read(emplois.preview_emplois_import, path, today=TODAY).rows
    assert row.action is Action.CREATE
    assert any("30/09/2028" in d and "prolongation" in d for d in row.details)
    ctx.run(emplois.import_from_emplois, path, today=TODAY)
    with ctx.database.reading() as session:
        (recorded,) = session.scalars(select(m.PassIae)).all()
    assert recorded.initial_end_date == dt.date(2028, 2, 29) and "30/09/2028" in (
        recorded.notes or ""
    )


def test_a_file_that_is_not_the_platform_export_is_refused(ctx: AppContext, tmp_path: Path) -> None:
    path = tmp_path / "autre.csv"
    path.write_text("Nom;Prénom\nDupont;Jean\n", encoding="utf-8")
    with pytest.raises(
        ValidationError,
        match="colonnes absentes : Nom candidat, Prénom candidat, Date de naissance candidat",
    ):
        ctx.read(emplois.preview_emplois_import, path, today=TODAY)


def test_text_dates_as_shown_dd_mm_yyyy_are_read_too(ctx: AppContext, tmp_path: Path) -> None:
    path = write_export(tmp_path / "x.xlsx", [application(**{
        "Date de naissance candidat": "12/04/1988", "Dates de début d’embauche": "02/03/2026",
        "Dates de fin d’embauche": "01/09/2026", "Début PASS IAE": "02/03/2026",
        "Fin PASS IAE": "29/02/2028", "Date de la candidature": "10/02/2026",
    })])  # fmt: skip
    (row,) = ctx.read(emplois.preview_emplois_import, path, today=TODAY).rows
    assert row.action is Action.CREATE and row.birth_date == dt.date(1988, 4, 12)


def test_a_hire_stays_to_complete_until_its_contract_is_recorded(
    ctx: AppContext, export: Path
) -> None:
    from chantier_app.services.people import emplois_hires
    from tests.contract_factories import add_contract

    ctx.run(emplois.import_from_emplois, export, today=TODAY)
    with ctx.database.reading() as session:
        diallo = session.scalars(select(m.Person.id).where(m.Person.usage_name == "Diallo")).one()
    pending = ctx.read(emplois_hires.pending_hires, diallo)
    assert [(h.hiring_start, h.hiring_end) for h in pending] == [
        (dt.date(2026, 3, 2), dt.date(2026, 9, 1)), (dt.date(2026, 9, 2), dt.date(2027, 3, 1))
    ]  # fmt: skip
    assert all(h.eligibility_validated for h in pending)
    with ctx.database.transaction() as session:
        add_contract(session, diallo, dt.date(2026, 3, 2), dt.date(2026, 9, 1))
    assert [h.hiring_start for h in ctx.read(emplois_hires.pending_hires, diallo)] == [
        dt.date(2026, 9, 2)
    ]
