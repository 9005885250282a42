"""Importing people from CSV/XLSX (preview, all or nothing) and exporting the list."""

from __future__ import annotations

import datetime as dt
import errno
import os

import pytest
from sqlalchemy import func, select

from chantier_app.db import models as m
from chantier_app.db.backup import inspect_backup
from chantier_app.domain.codes.person_codes import Civility, NirMissingReason
from chantier_app.domain.codes.referrers import Referrer
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.errors import PermissionDeniedError, StorageError, ValidationError
from chantier_app.services import tabular
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.people import export as people_export
from chantier_app.services.people import imports as people_io
from chantier_app.services.people import records as people
from chantier_app.services.safety.backups import backups_folder
from tests.services.people_factory import TODAY, nir_for, person_input

HEADERS = [
    "Civilité",
    "Nom",
    "Prénom",
    "Date de naissance",
    "NIR",
    "Motif d'absence du NIR",
    "Code postal",
    "Téléphone",
    "Orienteur",
    "Colonne inconnue",
]


def _nir(civility: Civility, birth: str, order: str) -> str:
    return nir_for(civility, dt.datetime.strptime(birth, "%d/%m/%Y").date(), order=order)


def _csv(path, rows, *, encoding="utf-8-sig", sep=";"):
    lines = [sep.join(HEADERS)] + [sep.join(r) for r in rows]
    path.write_bytes("\r\n".join(lines).encode(encoding))
    return path


GOOD = [
    [
        "Mme",
        "Diallo",
        "Awa",
        "03/02/1985",
        _nir(Civility.MRS, "03/02/1985", "111"),
        "",
        "93300",
        "0612345678",
        "France Travail",
        "x",
    ],
    [
        "M.",
        "Müller",
        "Jérôme",
        "15/11/1979",
        "",
        "Non communiqué par la personne",
        "75019",
        "",
        "03",
        "",
    ],
]
BAD = ["Madame", "Nguyen", "Anaïs", "31/02/1990", "", "", "7501", "", "", ""]


def _count(ctx) -> int:
    with ctx.database.reading() as session:
        return session.scalar(select(func.count()).select_from(m.Person))


def test_preview_checks_every_row_and_writes_nothing(ctx, tmp_path) -> None:
    path = _csv(tmp_path / "salaries.csv", [*GOOD, BAD])
    preview = ctx.read(people_io.preview_import, path, today=TODAY)
    assert [r.valid for r in preview.rows] == [True, True, False]
    assert preview.rows[2].line == 4
    assert any("Date de naissance" in e for e in preview.rows[2].errors)
    assert preview.ignored_headers == ["Colonne inconnue"]
    assert _count(ctx) == 0


def test_failed_import_writes_nothing(ctx, tmp_path) -> None:
    path = _csv(tmp_path / "salaries.csv", [*GOOD, BAD])
    with pytest.raises(ValidationError, match="Ligne 4"):
        ctx.run(people_io.import_people, path, today=TODAY)
    assert _count(ctx) == 0


def test_valid_rows_are_imported_together(ctx, tmp_path) -> None:
    path = _csv(tmp_path / "salaries.csv", [*GOOD, BAD], encoding="utf-8", sep=",")
    result = ctx.run(people_io.import_people, path, skip_invalid=True, today=TODAY)
    assert (result.created, result.skipped) == (2, 1)
    with ctx.database.reading() as session:
        mueller = session.scalars(select(m.Person).where(m.Person.first_names == "Jérôme")).one()
        assert mueller.civility is Civility.MR and mueller.referrer is Referrer.FRANCE_TRAVAIL
        assert mueller.nir_missing_reason is NirMissingReason.NOT_PROVIDED
        actions = session.scalars(select(m.AuditEntry.action)).all()
    assert actions.count("create") == 2 and actions.count("import") == 1


def test_import_backs_up_the_data_first(ctx, tmp_path) -> None:
    ctx.run(people.create_person, person_input(), today=TODAY)
    path = _csv(tmp_path / "salaries.csv", GOOD)
    result = people_io.import_people_after_backup(ctx, path, today=TODAY)
    assert result.created == 2 and _count(ctx) == 3
    [backup] = backups_folder(ctx).glob("*avant-import*")
    assert inspect_backup(backup).people == 1  # the data as they were before the import


def test_a_refused_import_makes_no_backup(ctx, tmp_path) -> None:
    path = _csv(tmp_path / "salaries.csv", GOOD)
    supervisor = AppContext(ctx.database, Actor(None, "Paul", Role.SUPERVISOR), ctx.paths)
    with pytest.raises(PermissionDeniedError):
        people_io.import_people_after_backup(supervisor, path, today=TODAY)
    assert not list(backups_folder(ctx).glob("*avant-import*"))
    assert _count(ctx) == 0
    with ctx.database.reading() as session:
        assert session.scalars(select(m.AuditEntry.action)).all() == ["refused"]


def test_no_import_without_its_backup(ctx, tmp_path, monkeypatch) -> None:
    path = _csv(tmp_path / "salaries.csv", GOOD)

    def disk_full(src: object, dst: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))

    monkeypatch.setattr(os, "replace", disk_full)  # the backup's last step
    with pytest.raises(StorageError, match="La sauvegarde a échoué"):
        people_io.import_people_after_backup(ctx, path, today=TODAY)
    monkeypatch.undo()
    assert _count(ctx) == 0


def test_duplicates_in_file_and_in_database_are_errors(ctx, tmp_path) -> None:
    ctx.run(people.create_person, person_input(), today=TODAY)
    existing = ["Mme", "Lefèvre", "Élodie", "17/05/1990", "", "Autre raison", "", "", "", ""]
    path = _csv(tmp_path / "salaries.csv", [GOOD[0], GOOD[0], existing])
    rows = ctx.read(people_io.preview_import, path, today=TODAY).rows
    assert rows[0].valid
    assert rows[1].errors == ["Doublon de la ligne 2 du fichier."]
    assert "existe déjà" in rows[2].errors[0]


def test_missing_required_columns_is_refused(ctx, tmp_path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("Nom;Prénom\nDiallo;Awa\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="Civilité, Date de naissance"):
        ctx.read(people_io.preview_import, path)


def test_xlsx_export_reads_back_as_the_same_people(demo_ctx, tmp_path) -> None:
    path = tmp_path / "liste.xlsx"
    result = demo_ctx.run(people_export.export_people, path, today=TODAY)
    assert result.count == 40
    table = tabular.read_table(path)
    assert table.headers[:4] == ["Civilité", "Nom d'usage", "Prénom(s)", "Date de naissance"]
    assert "NIR" in table.headers and "N° PASS IAE" in table.headers
    with demo_ctx.database.reading() as session:
        exports = session.scalars(select(m.AuditEntry).where(m.AuditEntry.action == "export")).all()
    assert len(exports) == 1 and "40" in exports[0].summary
    # Read back, every column is understood and every row is recognised as already there.
    preview = demo_ctx.read(people_io.preview_import, path, today=TODAY)
    assert len(preview.rows) == 40 and preview.ignored_headers[:1] == ["Situation"]
    assert all(len(r.errors) == 1 and "existe déjà" in r.errors[0] for r in preview.rows)


def test_csv_export_is_excel_friendly_and_follows_the_given_order(demo_ctx, tmp_path) -> None:
    rows = demo_ctx.read(people_export.list_people, today=TODAY)
    chosen = [rows[5].id, rows[1].id]
    path = tmp_path / "liste.csv"
    demo_ctx.run(people_export.export_people, path, chosen, today=TODAY)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert len(lines) == 3 and lines[0].startswith("Civilité;")
    assert rows[5].usage_name in lines[1] and rows[1].usage_name in lines[2]


def test_export_needs_the_right(database, tmp_path) -> None:
    supervisor = AppContext(database, Actor(None, "Awa Ndiaye", Role.SUPERVISOR))
    with pytest.raises(PermissionDeniedError):
        supervisor.run(people_export.export_people, tmp_path / "x.csv")
    assert not (tmp_path / "x.csv").exists()
