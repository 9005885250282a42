"""Re-enabling an account in an encrypted folder from its form gives the temporary password
that opens the data again (its key slot wrapped from the direction's session)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from chantier_app.db import cipher
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.paths import AppPaths
from chantier_app.services.structure import staff
from chantier_app.services.structure.staff import AccountInput
from chantier_app.ui.settings.accounts_tab import AccountDialog
from tests.services.safety.test_key_slots import Folder


@pytest.fixture
def folder(app_paths: AppPaths) -> Iterator[Folder]:
    cipher.forget_keys()
    made = Folder(app_paths)
    yield made
    made.close()


def test_the_form_re_enables_an_account_with_a_new_password(qtbot, folder: Folder) -> None:
    cip = folder.add_cip()
    folder.ctx.run(
        staff.update_account,
        cip,
        AccountInput("Bensaïd", "Rachid", Role.CIP, "r.bensaid", active=False),
    )
    account = next(a for a in folder.ctx.read(staff.list_accounts) if a.id == cip)
    dialog = AccountDialog(folder.ctx, account, None)
    qtbot.addWidget(dialog)
    assert not dialog.active.isChecked()
    dialog.active.setChecked(True)
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    new = dialog.new_password  # what the tab shows once, as after a reset
    assert new is not None and new.login == "r.bensaid"
    assert f"compte-{cip}" in folder.slots()
    result = folder.log_in("r.bensaid", new.temporary_password)
    assert result.actor is not None and result.must_change_password
