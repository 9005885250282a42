"""A refused import leaves no backup behind, and copies of unchanged data push no restore
point out of the rotation (issue 23, point 6)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from chantier_app.db import backup as files
from chantier_app.domain.codes.person_codes import NirMissingReason
from chantier_app.domain.errors import ValidationError
from chantier_app.services.context import AppContext
from chantier_app.services.hours import imports as hours_import
from chantier_app.services.people import imports as people_io
from chantier_app.services.people import records as people
from chantier_app.services.safety import backups
from tests.live_data import copy_live
from tests.services.people_factory import TODAY, person_input

NOT_PROVIDED = NirMissingReason.NOT_PROVIDED
HEADERS = "Civilité;Nom;Prénom;Date de naissance;NIR;Motif d'absence du NIR"


def _bad_nir_file(path: Path) -> Path:
    rows = [
        "Mme;Diallo;Awa;03/02/1985;285029305611199;",  # wrong key
        "M.;Martin;Paul;15/11/1979;179117505612300;",  # wrong key
    ]
    path.write_text("\r\n".join([HEADERS, *rows]), encoding="utf-8-sig")
    return path


def _daily_backups(ctx: AppContext, days: int) -> list[Path]:
    """``days`` daily restore points, each holding one more person than the day before."""
    made = []
    for n in range(days):
        data = person_input(usage_name=f"JOUR{n}", nir=None, nir_missing_reason=NOT_PROVIDED)
        ctx.run(people.create_person, data, today=TODAY)
        when = dt.datetime.now() - dt.timedelta(days=days - n)
        target = backups.backups_folder(ctx) / files.backup_name("quotidienne", when)
        made.append(copy_live(ctx.database, target))
    return made


def test_ten_refused_imports_keep_the_ten_earlier_daily_backups(ctx, tmp_path) -> None:
    earlier = _daily_backups(ctx, 10)
    path = _bad_nir_file(tmp_path / "salaries.csv")
    for _ in range(10):
        with pytest.raises(ValidationError, match="Import refusé"):
            people_io.import_people_after_backup(ctx, path, today=TODAY)
    assert [b.path for b in files.list_backups(backups.backups_folder(ctx))] == earlier[::-1]


def test_a_refused_hours_import_writes_no_backup(ctx, tmp_path) -> None:
    path = tmp_path / "h.csv"
    path.write_text("Nom;Prénom;Heures\nInconnu;Personne;35\n", encoding="utf-8")
    with pytest.raises(ValidationError):
        hours_import.apply_import_after_backup(ctx, path, dt.date(2026, 3, 1))
    assert files.list_backups(backups.backups_folder(ctx)) == []


def test_an_accepted_import_is_backed_up_inside_its_transaction(ctx, tmp_path) -> None:
    ctx.run(people.create_person, person_input(), today=TODAY)
    path = tmp_path / "salaries.csv"
    path.write_text(HEADERS + "\r\nM.;Martin;Paul;15/11/1979;;Non communiqué par la personne",
                    encoding="utf-8-sig")  # fmt: skip
    assert people_io.import_people_after_backup(ctx, path, today=TODAY).created == 1
    [backup] = files.list_backups(backups.backups_folder(ctx))
    assert files.inspect_backup(backup.path).people == 1  # the data before the import


def test_copies_of_unchanged_data_push_out_no_older_restore_point(ctx) -> None:
    earlier = _daily_backups(ctx, 10)
    for _ in range(12):  # the application opened and closed with nothing changed
        assert backups.backup_now(ctx, reason="fermeture") == earlier[-1]
    assert [b.path for b in files.list_backups(backups.backups_folder(ctx))] == earlier[::-1]
    ctx.run(people.create_person, person_input(), today=TODAY)
    changed = backups.backup_now(ctx, reason="fermeture")  # different data: a new point
    assert changed not in earlier and files.inspect_backup(changed).people == 11
