"""Key slots of an encrypted folder: each account's password (and the recovery key) opens the
data, the slots follow password changes, resets and disabled accounts, and a wrong password,
a lost or a tampered key file are French messages that say which."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from chantier_app.db import cipher, keyfile
from chantier_app.db import models as m
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.errors import ValidationError
from chantier_app.paths import AppPaths, resolve_paths
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.people.records import create_person
from chantier_app.services.safety import _key_slots, backups, keys
from chantier_app.services.safety.bootstrap import open_data
from chantier_app.services.structure import accounts, staff
from chantier_app.services.structure.accounts import PasswordChange
from chantier_app.services.structure.staff import AccountInput
from tests.services.accounts_factory import DIRECTOR_PASSWORD, set_up
from tests.services.people_factory import person_input

DIRECTOR = "i.moreau"
CIP_PASSWORD = "Rue-Pajol-1984"


class Folder:
    """An encrypted folder set up as the first start leaves it, its director logged in."""

    def __init__(self, paths: AppPaths) -> None:
        self.paths = paths
        self.recovery = keys.create_keys(paths)
        database = open_data(paths).database
        self.ctx = AppContext(database, set_up(database).actor, paths)

    @property
    def key_file(self) -> Path:
        return keys.key_file_path(self.paths)

    def slots(self) -> dict[str, keyfile.Slot]:
        return {s.name: s for s in keyfile.load(self.key_file).slots}

    def close(self) -> None:
        self.ctx.database.dispose()
        cipher.forget_keys()

    def log_in(self, login: str, password: str) -> accounts.LoginResult:
        """A new start: nothing unlocked, the slot first, then the account's own check."""
        self.close()
        keys.unlock_with_password(self.paths, login, password)
        database = open_data(self.paths).database
        result = accounts.log_in(database, login, password)
        assert result.actor is not None, result.message
        self.ctx = AppContext(database, result.actor, self.paths)
        return result

    def add_cip(self) -> int:
        created = self.ctx.run(
            staff.create_account, AccountInput("Bensaïd", "Rachid", Role.CIP, "r.bensaid")
        )
        director = self.ctx.actor
        self.log_in("r.bensaid", created.temporary_password)
        self.ctx.run(
            accounts.change_password,
            PasswordChange(created.temporary_password, CIP_PASSWORD, CIP_PASSWORD),
        )
        self.ctx = AppContext(self.ctx.database, director, self.paths)
        return created.staff_id


@pytest.fixture
def folder(app_paths: AppPaths) -> Iterator[Folder]:
    cipher.forget_keys()
    made = Folder(app_paths)
    yield made
    made.close()


def _refused(paths: AppPaths, login: str, password: str) -> keyfile.KeyFileError:
    cipher.forget_keys()
    with pytest.raises(keyfile.KeyFileError) as refused:
        keys.unlock_with_password(paths, login, password)
    assert not keys.is_unlocked(paths)
    return refused.value


def test_set_up_wraps_the_data_key_for_the_director_and_the_recovery_key(folder: Folder) -> None:
    slots = folder.slots()
    assert set(slots) == {"secours", f"compte-{folder.ctx.actor.staff_id}"}
    assert slots[f"compte-{folder.ctx.actor.staff_id}"].login == DIRECTOR
    assert stat.S_IMODE(os.stat(folder.key_file).st_mode) == 0o600
    data_key = cipher.folder_key(folder.paths.data_dir)
    assert data_key is not None
    text = folder.key_file.read_bytes()
    for form in (data_key, data_key.hex().encode(), base64.b64encode(data_key)):
        assert form not in text  # the key file holds the key wrapped only
    assert folder.recovery.replace("-", "").encode() not in text
    assert folder.log_in(DIRECTOR, DIRECTOR_PASSWORD).actor is not None
    assert not cipher.is_clear(folder.paths.db_path)


def test_a_wrong_password_opens_nothing(folder: Folder) -> None:
    folder.close()
    for login, password in ((DIRECTOR, "Canal-Ourcq-2027"), ("inconnu", DIRECTOR_PASSWORD)):
        refused = _refused(folder.paths, login, password)
        assert isinstance(refused, keyfile.WrongSecretError)
        assert refused.message == "Identifiant ou mot de passe incorrect."
    with pytest.raises(cipher.EncryptedDataError, match="connectez-vous"):
        open_data(folder.paths)


def test_a_password_change_rewraps_that_slot_only(folder: Folder) -> None:
    cip = folder.add_cip()
    before = folder.slots()
    assert folder.log_in("r.bensaid", CIP_PASSWORD).actor is not None
    new = "Quai-de-Valmy-77"
    folder.ctx.run(accounts.change_password, PasswordChange(CIP_PASSWORD, new, new))
    after = folder.slots()
    assert after[f"compte-{cip}"].ciphertext != before[f"compte-{cip}"].ciphertext
    for name in set(before) - {f"compte-{cip}"}:
        assert after[name] == before[name]
    assert isinstance(_refused(folder.paths, "r.bensaid", CIP_PASSWORD), keyfile.WrongSecretError)
    assert folder.log_in("r.bensaid", new).actor is not None
    assert folder.log_in(DIRECTOR, DIRECTOR_PASSWORD).actor is not None


def test_a_refused_change_leaves_the_key_file_as_it_was(folder: Folder) -> None:
    before = folder.key_file.read_bytes()
    with pytest.raises(ValidationError):
        folder.ctx.run(
            accounts.change_password,
            PasswordChange("pas-le-bon-1", "Neuf-Mot-2026", "Neuf-Mot-2026"),
        )
    assert folder.key_file.read_bytes() == before
    # A slot already rewritten when the transaction fails later is put back too.
    with pytest.raises(RuntimeError), folder.ctx.database.transaction() as session:
        _key_slots.set_account_slot(
            session, folder.ctx.actor.staff_id or 0, DIRECTOR, "Autre-Mot-2026"
        )
        raise RuntimeError("a later step fails")
    assert folder.key_file.read_bytes() == before
    assert folder.log_in(DIRECTOR, DIRECTOR_PASSWORD).actor is not None


def test_a_reset_by_the_direction_rewraps_from_its_session(folder: Folder) -> None:
    cip = folder.add_cip()
    director_slot = folder.slots()[f"compte-{folder.ctx.actor.staff_id}"]
    reset = folder.ctx.run(staff.reset_password, cip)  # the CIP is not logged in
    assert folder.slots()[f"compte-{folder.ctx.actor.staff_id}"] == director_slot
    assert isinstance(_refused(folder.paths, "r.bensaid", CIP_PASSWORD), keyfile.WrongSecretError)
    result = folder.log_in("r.bensaid", reset.temporary_password)
    assert result.must_change_password


def test_a_disabled_account_slot_is_removed(folder: Folder) -> None:
    cip = folder.add_cip()
    folder.ctx.run(
        staff.update_account,
        cip,
        AccountInput("Bensaïd", "Rachid", Role.CIP, "r.bensaid", active=False),
    )
    assert f"compte-{cip}" not in folder.slots()
    assert isinstance(_refused(folder.paths, "r.bensaid", CIP_PASSWORD), keyfile.WrongSecretError)
    assert folder.log_in(DIRECTOR, DIRECTOR_PASSWORD).actor is not None


def test_a_new_login_finds_the_same_slot(folder: Folder) -> None:
    cip = folder.add_cip()
    folder.ctx.run(
        staff.update_account, cip, AccountInput("Bensaïd", "Rachid", Role.CIP, "R.Bensaid2")
    )
    assert folder.slots()[f"compte-{cip}"].login == "r.bensaid2"
    assert folder.log_in("r.bensaid2", CIP_PASSWORD).actor is not None


def test_the_recovery_key_opens_the_data_when_every_password_is_lost(folder: Folder) -> None:
    folder.close()
    typed = folder.recovery.lower().replace("-", " ")  # as read from the sheet
    keys.unlock_with_recovery_key(folder.paths, typed)
    open_data(folder.paths).database.dispose()
    cipher.forget_keys()
    wrong = folder.recovery[:-1] + ("0" if folder.recovery[-1] != "0" else "1")
    with pytest.raises(keyfile.WrongSecretError, match="Clé de secours incorrecte"):
        keys.unlock_with_recovery_key(folder.paths, wrong)


def test_a_missing_key_file_says_so_and_where_its_copy_is(folder: Folder) -> None:
    backups.backup_now(folder.ctx)  # the backups folder gets its copy of the key file
    copy = folder.paths.backups_dir / cipher.KEY_FILENAME
    assert copy.read_bytes() == folder.key_file.read_bytes()
    folder.close()
    os.remove(folder.key_file)
    refused = _refused(folder.paths, DIRECTOR, DIRECTOR_PASSWORD)
    assert isinstance(refused, keyfile.KeyFileMissingError)
    assert "Fichier de clés absent" in refused.message and str(copy) in refused.message
    with pytest.raises(cipher.EncryptedDataError, match="absent"):
        open_data(folder.paths)


def _edit_slot(path: Path, name: str, key: str, change: object) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    for item in document["emplacements"]:
        if item["nom"] == name:
            item[key] = change(item[key]) if callable(change) else change
    path.write_text(json.dumps(document), encoding="utf-8")


def _flip(text: str) -> str:
    raw = bytearray(base64.b64decode(text))
    raw[3] ^= 0x01
    return base64.b64encode(bytes(raw)).decode()


@pytest.mark.parametrize(
    ("tamper", "reason"),
    [
        (lambda f, own: _edit_slot(f.key_file, own, "cle_chiffree", _flip), "altérée"),
        (lambda f, own: _edit_slot(f.key_file, "secours", "identifiant", DIRECTOR + "2"), "main"),
        (lambda f, own: f.key_file.write_bytes(b'{"format": "chantier-cles", "vers'), "illisible"),
    ],
    ids=["own-slot-bytes", "another-slot-renamed", "truncated"],
)
def test_a_tampered_key_file_is_called_so_not_a_wrong_password(
    folder: Folder, tamper: object, reason: str
) -> None:
    own = f"compte-{folder.ctx.actor.staff_id}"
    folder.close()
    tamper(folder, own)  # type: ignore[operator]
    refused = _refused(folder.paths, DIRECTOR, DIRECTOR_PASSWORD)
    assert isinstance(refused, keyfile.KeyFileDamagedError)
    assert "Fichier de clés endommagé ou modifié" in refused.message and reason in refused.message


def _add_person(ctx: AppContext) -> None:
    ctx.run(create_person, person_input(usage_name="Quentalsky"), today=dt.date(2026, 11, 23))


def _people(paths: AppPaths) -> int:
    database = open_data(paths).database
    try:
        with database.reading() as session:
            return int(session.scalar(select(func.count()).select_from(m.Person)) or 0)
    finally:
        database.dispose()


@pytest.mark.parametrize("with_recovery_key", [False, True], ids=["password", "recovery-key"])
def test_restore_on_a_fresh_folder_with_a_password_or_the_recovery_key(
    folder: Folder, tmp_path: Path, with_recovery_key: bool
) -> None:
    _add_person(folder.ctx)
    usb = tmp_path / "usb"
    usb.mkdir()
    copy = backups.save_to(folder.ctx, usb)
    assert (usb / cipher.KEY_FILENAME).read_bytes() == folder.key_file.read_bytes()
    folder.close()
    fresh = resolve_paths(tmp_path / "autre-pc")  # another PC: nothing but the USB key
    if with_recovery_key:
        keys.unlock_backup(fresh, copy, recovery_key=folder.recovery)
    else:
        keys.unlock_backup(fresh, copy, login=DIRECTOR, password=DIRECTOR_PASSWORD)
    backups.restore(fresh, copy, Actor.system())
    assert (fresh.data_dir / cipher.KEY_FILENAME).exists()
    assert not cipher.is_clear(fresh.db_path)
    cipher.forget_keys()
    keys.unlock_with_password(fresh, DIRECTOR, DIRECTOR_PASSWORD)  # the usual log-in now
    assert _people(fresh) == 1


def test_a_backup_without_its_key_file_cannot_be_opened_elsewhere(
    folder: Folder, tmp_path: Path
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    copy = backups.save_to(folder.ctx, usb)
    os.remove(usb / cipher.KEY_FILENAME)
    folder.close()
    fresh = resolve_paths(tmp_path / "autre-pc")
    with pytest.raises(keyfile.KeyFileMissingError, match="Fichier de clés absent"):
        keys.unlock_backup(fresh, copy, login=DIRECTOR, password=DIRECTOR_PASSWORD)


def test_an_older_backup_restored_keeps_todays_passwords(folder: Folder) -> None:
    older = backups.backup_now(folder.ctx)
    new = "Bassin-Villette-9"
    folder.ctx.run(accounts.change_password, PasswordChange(DIRECTOR_PASSWORD, new, new))
    folder.ctx.database.dispose()
    backups.restore(folder.paths, older, folder.ctx.actor)  # its hash is the old password's
    # The key file is today's: the new password opens the data and the account.
    assert folder.log_in(DIRECTOR, new).actor is not None
