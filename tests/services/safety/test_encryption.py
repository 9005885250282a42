"""Encrypting a clear folder (backup first, every backup re-encrypted), the « Feuille de
secours » PDF read back, and the direction's export in clear."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from chantier_app.db import cipher
from chantier_app.db.backup import list_backups
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.errors import PermissionDeniedError, ValidationError
from chantier_app.paths import AppPaths
from chantier_app.services.context import AppContext
from chantier_app.services.people.records import create_person
from chantier_app.services.safety import backups, encryption, keys
from chantier_app.services.safety.bootstrap import open_data
from chantier_app.services.structure import accounts, staff
from chantier_app.services.structure.staff import AccountInput
from tests.reports.pdf import flat
from tests.services.accounts_factory import DIRECTOR_PASSWORD, set_up
from tests.services.people_factory import person_input

NAME = "Quentalsky"


@pytest.fixture
def clear(app_paths: AppPaths) -> Iterator[AppContext]:
    """A clear folder in use: its director, a CIP, a person, two backups."""
    cipher.forget_keys()
    database = open_data(app_paths).database
    ctx = AppContext(database, set_up(database).actor, app_paths)
    ctx.run(create_person, person_input(usage_name=NAME), today=dt.date(2026, 11, 23))
    backups.backup_now(ctx)
    ctx.run(staff.create_account, AccountInput("Bensaïd", "Rachid", Role.CIP, "r.bensaid"))
    backups.backup_now(ctx, reason="essai")
    yield ctx
    database.dispose()
    cipher.forget_keys()


def _no_name(path: Path) -> bool:
    data = path.read_bytes()
    return NAME.encode() not in data and not data.startswith(b"SQLite format 3")


def test_encrypting_a_folder_backs_up_first_then_encrypts_every_backup(
    clear: AppContext, app_paths: AppPaths
) -> None:
    done = encryption.encrypt_data(app_paths, clear.database, clear.actor, DIRECTOR_PASSWORD)
    made = [b.path for b in list_backups(app_paths.backups_dir)]
    assert done.clear_backup in made and done.backups_encrypted == len(made) >= 2
    assert done.accounts_to_reset == ("Rachid Bensaïd",)
    assert _no_name(app_paths.db_path)
    wal = app_paths.db_path.with_name(app_paths.db_path.name + "-wal")
    assert all(_no_name(p) for p in made)
    assert (app_paths.backups_dir / cipher.KEY_FILENAME).exists()
    # The same database object goes on, now on the encrypted file.
    with clear.database.reading() as session:
        assert accounts.own_account(session, clear.actor) is not None
    assert not wal.exists() or _no_name(wal)
    clear.database.dispose()
    cipher.forget_keys()
    with pytest.raises(cipher.EncryptedDataError):
        open_data(app_paths)
    keys.unlock_with_password(app_paths, "i.moreau", DIRECTOR_PASSWORD)
    open_data(app_paths).database.dispose()
    cipher.forget_keys()
    keys.unlock_with_recovery_key(app_paths, done.recovery_key)
    for path in made:
        with closing_connection(path) as conn:
            assert conn.execute("SELECT usage_name FROM person").fetchall() == [(NAME,)]


def closing_connection(path: Path):  # type: ignore[no-untyped-def]
    from contextlib import closing

    return closing(cipher.connect(path))


def test_the_other_accounts_get_their_slot_at_their_reset(
    clear: AppContext, app_paths: AppPaths
) -> None:
    encryption.encrypt_data(app_paths, clear.database, clear.actor, DIRECTOR_PASSWORD)
    cip = next(a for a in clear.run(staff.list_accounts) if a.login == "r.bensaid")
    reset = clear.run(staff.reset_password, cip.id)
    clear.database.dispose()
    cipher.forget_keys()
    keys.unlock_with_password(app_paths, "r.bensaid", reset.temporary_password)


def test_a_wrong_password_or_another_role_encrypts_nothing(
    clear: AppContext, app_paths: AppPaths
) -> None:
    with pytest.raises(ValidationError) as wrong:
        encryption.encrypt_data(app_paths, clear.database, clear.actor, "pas-le-bon-1")
    assert wrong.value.by_field == {"password": ["Mot de passe : incorrect."]}
    cip = accounts.Actor(99, "Rachid Bensaïd", Role.CIP)
    with pytest.raises(PermissionDeniedError, match="chiffrer les données"):
        encryption.encrypt_data(app_paths, clear.database, cip, DIRECTOR_PASSWORD)
    assert cipher.is_clear(app_paths.db_path) and not keys.is_encrypted(app_paths)
    assert all(cipher.is_clear(b.path) for b in list_backups(app_paths.backups_dir))
    assert len(list_backups(app_paths.backups_dir)) == 2  # not even the backup


def test_the_recovery_sheet_holds_the_key_and_nothing_of_the_data(
    clear: AppContext, app_paths: AppPaths
) -> None:
    done = encryption.encrypt_data(app_paths, clear.database, clear.actor, DIRECTOR_PASSWORD)
    pdf = encryption.recovery_sheet(clear.database, done.recovery_key, dt.date(2026, 12, 3))
    page = flat(pdf)
    assert page.startswith("Feuille de secours Les Ateliers du Canal")
    assert "créée le 03/12/2026" in page and str(app_paths.data_dir) in page
    for group in done.recovery_key.split("-"):
        assert group in page
    assert NAME not in page and "i.moreau" not in page and "Bensaïd" not in page
    # What is printed is what opens the data.
    printed = "".join(page.split("créée le 03/12/2026.")[1].split("À quoi")[0].split()[-8:])
    clear.database.dispose()
    cipher.forget_keys()
    keys.unlock_with_recovery_key(app_paths, printed)


def test_the_direction_exports_the_data_in_clear(
    clear: AppContext, app_paths: AppPaths, tmp_path: Path
) -> None:
    encryption.encrypt_data(app_paths, clear.database, clear.actor, DIRECTOR_PASSWORD)
    out = tmp_path / "export"
    out.mkdir()
    cip = accounts.Actor(2, "Rachid Bensaïd", Role.CIP)
    with pytest.raises(PermissionDeniedError, match="seule la direction"):
        encryption.export_clear(app_paths, clear.database, cip, DIRECTOR_PASSWORD, out)
    with pytest.raises(ValidationError):
        encryption.export_clear(app_paths, clear.database, clear.actor, "pas-le-bon-1", out)
    assert list(out.iterdir()) == []
    path = encryption.export_clear(app_paths, clear.database, clear.actor, DIRECTOR_PASSWORD, out)
    assert list(out.iterdir()) == [path]
    with sqlite3.connect(path) as conn:  # plain sqlite3: a clear file
        assert conn.execute("SELECT usage_name FROM person").fetchall() == [(NAME,)]
        trail = conn.execute("SELECT summary FROM audit_entry WHERE action = 'export'").fetchall()
    assert not cipher.is_clear(app_paths.db_path)  # the data themselves stay encrypted
    with clear.database.reading() as session:
        from sqlalchemy import text

        summaries = (
            session.execute(text("SELECT summary FROM audit_entry WHERE action = 'export'"))
            .scalars()
            .all()
        )
    assert summaries == [f"données exportées en clair : {path}"] and trail == []
