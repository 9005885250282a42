"""A re-enabled account in an encrypted folder gets its key slot back at once, wrapped from
the direction's session with a temporary password; in a clear folder nothing changes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from chantier_app.db import cipher, keyfile
from chantier_app.db import models as m
from chantier_app.db.engine import Database
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.errors import ValidationError
from chantier_app.paths import AppPaths
from chantier_app.services.safety import keys
from chantier_app.services.structure import accounts, staff
from chantier_app.services.structure.staff import AccountInput
from tests.services.accounts_factory import set_up
from tests.services.safety.test_key_slots import CIP_PASSWORD, DIRECTOR, Folder

CIP = AccountInput("Bensaïd", "Rachid", Role.CIP, "r.bensaid")
DISABLED = AccountInput("Bensaïd", "Rachid", Role.CIP, "r.bensaid", active=False)


@pytest.fixture
def folder(app_paths: AppPaths) -> Iterator[Folder]:
    cipher.forget_keys()
    made = Folder(app_paths)
    yield made
    made.close()


def test_a_re_enabled_account_opens_the_data_with_a_temporary_password(folder: Folder) -> None:
    cip = folder.add_cip()
    folder.ctx.run(staff.update_account, cip, DISABLED)
    assert f"compte-{cip}" not in folder.slots()
    saved = folder.ctx.run(staff.update_account, cip, CIP)
    assert saved.active and saved.must_change_password
    new = saved.new_password
    assert new is not None and new.login == "r.bensaid" and new.temporary_password
    assert folder.slots()[f"compte-{cip}"].login == "r.bensaid"
    with folder.ctx.database.reading() as session:
        summaries = session.scalars(
            select(m.AuditEntry.summary).where(m.AuditEntry.entity_id == cip)
        ).all()
    assert (
        "mot de passe provisoire donné à Rachid Bensaïd à sa réactivation (données chiffrées)"
        in summaries
    )
    # A new start: the old password opens nothing; the temporary one opens the data, and
    # must be changed at once.
    folder.close()
    with pytest.raises(keyfile.WrongSecretError):
        keys.unlock_with_password(folder.paths, "r.bensaid", CIP_PASSWORD)
    result = folder.log_in("r.bensaid", new.temporary_password)
    assert result.actor is not None and result.must_change_password


def test_a_refused_re_enable_gives_no_slot(folder: Folder) -> None:
    cip = folder.add_cip()
    folder.ctx.run(staff.update_account, cip, DISABLED)
    before = folder.key_file.read_bytes()
    with pytest.raises(ValidationError):  # the director's login: taken
        folder.ctx.run(
            staff.update_account, cip, AccountInput("Bensaïd", "Rachid", Role.CIP, DIRECTOR)
        )
    assert folder.key_file.read_bytes() == before


def test_a_re_enabled_account_of_a_clear_folder_keeps_its_password(database: Database) -> None:
    ctx = set_up(database)
    created = ctx.run(staff.create_account, CIP)
    ctx.run(staff.update_account, created.staff_id, DISABLED)
    saved = ctx.run(staff.update_account, created.staff_id, CIP)
    assert saved.new_password is None and saved.active
    result = accounts.log_in(database, "r.bensaid", created.temporary_password)
    assert result.actor is not None
