"""Importing a payroll or time-clock export: preview with row errors, then all rows or none."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from chantier_app.db import models as m
from chantier_app.db.backup import inspect_backup
from chantier_app.domain.codes.contract_codes import ContractKind
from chantier_app.domain.errors import UnacknowledgedWarnings, ValidationError
from chantier_app.services.hours import grid as hours
from chantier_app.services.hours import imports as hours_import
from chantier_app.services.safety.backups import backups_folder
from chantier_app.services.tabular import write_csv, write_xlsx
from tests.services.hours_helpers import World, add_contract, make_world

MARCH = dt.date(2026, 3, 1)


@pytest.fixture
def ids(ctx) -> dict[str, int]:
    with ctx.database.transaction() as session:
        world = make_world(session)
        return {
            "durand": add_contract(session, world, "DURAND Marie", pass_number="999990000001").id,
            "lefevre": add_contract(session, world, "LEFÈVRE Élodie").id,
            "martin": add_contract(
                session,
                world,
                "MARTIN Paul",
                kind=ContractKind.FIRST_HOURS,
                monthly=60 * 60,
                nir="180057512345678",
            ).id,
        }


def stored(ctx) -> dict[int, m.MonthlyHours]:
    with ctx.database.reading() as session:
        return {r.contract_id: r for r in session.scalars(sa.select(m.MonthlyHours))}


def test_preview_then_import_by_pass_nir_and_accent_insensitive_name(ctx, ids, tmp_path) -> None:
    path = write_xlsx(
        tmp_path / "paie.xlsx",
        ["Matricule", "Nom", "Prénom", "N° PASS IAE", "NIR", "Mois", "Heures", "Maladie"],
        [
            ["A1", None, None, "9999 9000 0001", None, "03/2026", 110, "4,4"],
            ["A2", "Lefevre", "elodie", None, None, "mars 2026", "114:24", None],
            ["A3", None, None, None, "1 80 05 75 123 456 78", MARCH, 60, None],
        ],
    )
    preview = ctx.read(hours_import.preview_import, path)
    assert preview.ok and preview.ignored == ("Matricule",)
    assert [line.person_name for line in preview.lines] == [
        "DURAND Marie",
        "LEFÈVRE Élodie",
        "MARTIN Paul",
    ]
    assert stored(ctx) == {}  # a preview writes nothing
    result = ctx.run(hours_import.apply_import, path)
    assert result.saved == 3
    rows = stored(ctx)
    assert (rows[ids["durand"]].worked_minutes, rows[ids["durand"]].sick_minutes) == (6600, 264)
    assert rows[ids["lefevre"]].worked_minutes == 6864
    assert rows[ids["martin"]].worked_minutes == 3600


def test_one_bad_row_imports_nothing_and_each_row_says_why(ctx, ids, tmp_path) -> None:
    path = write_csv(
        tmp_path / "pointeuse.csv",
        ["Nom", "Prénom", "Mois", "Heures travaillées"],
        [
            ["Durand", "Marie", "03/2026", "114,4"],
            ["Inconnu", "Jean", "03/2026", "100"],
            ["Martin", "Paul", "03/2026", "80"],
            ["Durand", "Marie", "13/2026", "1"],
            ["Lefèvre", "Élodie", "03/2026", "beaucoup"],
        ],
    )
    preview = ctx.read(hours_import.preview_import, path)
    errors = {line.line: line.errors for line in preview.lines}
    assert errors[2] == ()
    assert errors[3] == ("salarié introuvable (Inconnu Jean)",)
    assert "au plus 72 h par mois" in errors[4][0]
    assert "n'est pas un mois" in errors[5][0]
    assert errors[6][0].startswith("Heures travaillées : « beaucoup »")
    with pytest.raises(ValidationError) as refused:
        ctx.run(hours_import.apply_import, path)
    assert refused.value.message.startswith("Ligne 3 : salarié introuvable")
    assert stored(ctx) == {}


def test_declared_month_and_duplicates_are_row_errors(ctx, ids, tmp_path) -> None:
    ctx.run(hours.declare_month, dt.date(2026, 2, 1))
    path = write_csv(
        tmp_path / "paie.csv",
        ["N° PASS IAE", "Mois", "Heures"],
        [
            ["999990000001", "02/2026", "100"],
            ["999990000001", "2026-03", "100"],
            ["999990000001", "03/2026", "100"],
        ],
    )
    lines = ctx.read(hours_import.preview_import, path).lines
    assert "février 2026 est déclaré" in lines[0].errors[0]
    assert lines[1].errors == ()
    assert lines[2].errors == ("même contrat et même mois qu'à la ligne 3",)


def test_warnings_wait_for_acknowledgement_and_default_month_applies(ctx, ids, tmp_path) -> None:
    path = write_csv(tmp_path / "h.csv", ["Nom", "Prénom", "Heures"], [["Durand", "Marie", "50"]])
    with pytest.raises(UnacknowledgedWarnings, match="Ligne 2 : CDDI"):
        ctx.run(hours_import.apply_import, path, MARCH)
    ctx.run(hours_import.apply_import, path, MARCH, acknowledge_warnings=True)
    assert stored(ctx)[ids["durand"]].worked_minutes == 3000
    with ctx.database.reading() as session:
        (summary,) = session.scalars(
            sa.select(m.AuditEntry.summary).where(m.AuditEntry.action == "import")
        ).all()
    assert summary == "Import d'heures depuis h.csv : 1 lignes, 1 mois modifiés"


def test_import_backs_up_the_hours_first(ctx, ids, tmp_path) -> None:
    path = write_csv(tmp_path / "h.csv", ["Nom", "Prénom", "Heures"], [["Durand", "Marie", "110"]])
    hours_import.apply_import_after_backup(ctx, path, MARCH)
    assert stored(ctx)[ids["durand"]].worked_minutes == 6600
    [backup] = backups_folder(ctx).glob("*avant-import*")
    assert inspect_backup(backup).hours_rows == 0  # the hours as they were before the import


def test_a_file_without_the_needed_columns_is_refused(ctx, ids, tmp_path) -> None:
    path = write_csv(tmp_path / "x.csv", ["Nom", "Salaire"], [["Durand", "1200"]])
    with pytest.raises(ValidationError) as refused:
        ctx.read(hours_import.preview_import, path)
    message = refused.value.message
    assert "« Nom » et « Prénom »" in message and "colonne d'heures" in message
    assert "colonne « Mois »" in message


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("03/2026", MARCH),
        ("3-2026", MARCH),
        ("2026-03", MARCH),
        ("Mars 2026", MARCH),
        ("aout 2026", dt.date(2026, 8, 1)),
        ("15/03/2026", MARCH),
        (dt.date(2026, 3, 31), MARCH),
    ],
)
def test_months_are_read_as_people_write_them(text, month) -> None:
    assert hours_import.parse_month(text) == month


def test_a_thirteenth_month_is_not_a_month() -> None:
    with pytest.raises(ValueError, match="n'est pas un mois"):
        hours_import.parse_month("13/2026")


def test_a_date_where_hours_are_expected_is_refused_in_french(ctx, ids, tmp_path) -> None:
    """Excel turns « 12/03 » typed in an hours column into a date: the row says so."""
    path = write_xlsx(
        tmp_path / "paie.xlsx",
        ["N° PASS IAE", "Mois", "Heures"],
        [["9999 9000 0001", "03/2026", dt.date(2026, 3, 12)]],
    )
    preview = ctx.read(hours_import.preview_import, path)
    assert not preview.ok
    assert preview.lines[0].errors[0].startswith("Heures travaillées : « 12/03/2026 »")
    assert stored(ctx) == {}


def test_namesakes_told_apart_by_birth_date_and_stored_months_corrected(ctx, ids, tmp_path) -> None:
    """The people found by key (NIR, PASS, folded names), a stored month updated in the same
    write as a new one, each with its audit line (issue 22: one write for the whole file)."""
    with ctx.database.transaction() as session:
        known = session.get(m.Contract, ids["durand"])
        assert known is not None and known.team_id is not None
        world = World(known.workshop_id, known.team_id, known.team_id)
        twin = add_contract(session, world, "DURAND Marie", pass_number="999990000002")
        session.get(m.Person, twin.person_id).birth_date = dt.date(1990, 5, 4)  # type: ignore[union-attr]
    path = write_csv(
        tmp_path / "h.csv",
        ["Nom", "Prénom", "Mois", "Heures"],
        [["durand", "MARIE", "03/2026", "110"]],
    )
    [line] = ctx.read(hours_import.preview_import, path).lines
    assert line.errors[0].startswith("plusieurs salariés correspondent à « durand MARIE »")
    first = write_csv(
        tmp_path / "m.csv", ["NIR", "Mois", "Heures"], [["180057512345678", "03/2026", "60"]]
    )
    ctx.run(hours_import.apply_import, first)
    path = write_csv(
        tmp_path / "h2.csv",
        ["Nom", "Prénom", "Date de naissance", "NIR", "Mois", "Heures"],
        [
            ["Durand", "Marie", "04/05/1990", None, "03/2026", "110"],
            [None, None, None, "180057512345678", "03/2026", "61"],
        ],
    )
    result = ctx.run(hours_import.apply_import, path, acknowledge_warnings=True)
    assert result.saved == 2
    rows = stored(ctx)
    assert rows[twin.id].worked_minutes == 6600 and ids["durand"] not in rows
    assert (rows[ids["martin"]].worked_minutes, rows[ids["martin"]].version) == (3660, 2)
    with ctx.database.reading() as session:
        trail = session.execute(
            sa.select(m.AuditEntry.action, m.AuditEntry.entity_id, m.AuditEntry.summary)
            .where(m.AuditEntry.entity == "monthly_hours")
            .order_by(m.AuditEntry.id)
        ).all()
    martin = rows[ids["martin"]].id
    assert trail[-3:] == [
        ("create", rows[twin.id].id, "Heures de mars 2026 (import) : heures travaillées"),
        ("update", martin, "Heures de mars 2026 (import) : heures travaillées"),
        ("import", None, "Import d'heures depuis h2.csv : 2 lignes, 2 mois modifiés"),
    ]
