"""A contract, a suspension or an amendment cancelled at another office, then corrected or
cancelled from a dialog opened before (issues 15 and 21): refused as a stale edit, in French,
with who cancelled it and when, never « introuvable », every table as it was; the dialog's
check says it while the user types."""

from __future__ import annotations

import pytest

from chantier_app.db import models as m
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.errors import PermissionDeniedError
from chantier_app.services import contracts
from chantier_app.services.context import AppContext
from chantier_app.services.contracts import HoursChangeInput
from chantier_app.services.contracts.amendment_corrections import (
    AmendmentCorrection,
    check_amendment_correction,
    correct_amendment,
)
from chantier_app.services.contracts.corrections import (
    ContractCorrection,
    check_correction,
    correct_contract,
)
from chantier_app.services.contracts.event_corrections import (
    SuspensionCorrection,
    cancel_amendment,
    cancel_suspension,
    check_cancel_suspension,
    correct_suspension,
)
from chantier_app.services.contracts.hire_cancellation import cancel_hire, check_cancel_hire
from chantier_app.services.contracts.renewal_corrections import cancel_renewal, check_cancel_renewal
from tests import support_factory as f
from tests.services.contracts.test_event_corrections import (
    JANUARY,
    PMSMP,
    D,
    H,
    _hire,
    _suspend,
    add_place,
)
from tests.services.contracts.test_renewal_corrections import _renew
from tests.stale_records import another_office, refused_as_stale, stale_message


def test_a_contract_cancelled_elsewhere_is_a_stale_edit_here(ctx, database) -> None:
    place = add_place(database)
    contract_id = _hire(ctx, place)
    correction = ContractCorrection(
        contract_id, JANUARY, place["team"], "Agent de propreté", workshop_id=place["workshop"]
    )
    with another_office(ctx) as elsewhere:
        elsewhere.run(cancel_hire, contract_id, "Embauché sur le mauvais dossier")
    expected = stale_message(ctx, "contract", contract_id)
    assert refused_as_stale(ctx, correct_contract, correction) == expected
    assert refused_as_stale(ctx, cancel_hire, contract_id, "Doublon") == expected
    [said] = ctx.read(check_correction, correction)
    assert (said.code, said.message, said.field) == ("stale_edit", expected, "record")
    assert [v.message for v in ctx.read(check_cancel_hire, contract_id)] == [expected]


def test_who_may_not_see_the_contract_is_refused_as_for_a_live_one(ctx, database) -> None:
    place = add_place(database)
    contract_id = _hire(ctx, place)
    with database.transaction() as session:
        _, outsider = f.staff(session, Role.SUPERVISOR, last="Petitjean")  # no team
    stranger = AppContext(database, outsider)
    correction = ContractCorrection(contract_id, JANUARY, place["team"], "Agent de propreté")
    with pytest.raises(PermissionDeniedError) as live_refusal:
        stranger.run(correct_contract, correction)
    with another_office(ctx) as elsewhere:
        elsewhere.run(cancel_hire, contract_id, "Embauché sur le mauvais dossier")
    with pytest.raises(PermissionDeniedError) as refused:
        stranger.run(correct_contract, correction)
    assert refused.value.message == live_refusal.value.message
    assert "Lacroix" not in refused.value.message


def test_a_suspension_cancelled_elsewhere_is_a_stale_edit_here(ctx, database) -> None:
    place = add_place(database)
    contract_id = _hire(ctx, place)
    suspension_id = _suspend(ctx, contract_id)
    with another_office(ctx) as elsewhere:
        elsewhere.run(cancel_suspension, suspension_id, "Saisie en double")
    expected = stale_message(ctx, "contract_suspension", suspension_id)
    correction = SuspensionCorrection(suspension_id, PMSMP, D(2026, 3, 9), D(2026, 3, 20))
    assert refused_as_stale(ctx, correct_suspension, correction) == expected
    assert refused_as_stale(ctx, cancel_suspension, suspension_id, "Doublon") == expected
    [said] = ctx.read(check_cancel_suspension, suspension_id, "Doublon")
    assert (said.code, said.message) == ("stale_edit", expected)


def test_a_suspension_of_a_hire_cancelled_elsewhere_is_a_stale_edit_here(ctx, database) -> None:
    place = add_place(database)
    contract_id = _hire(ctx, place)
    suspension_id = _suspend(ctx, contract_id)
    with another_office(ctx) as elsewhere:
        elsewhere.run(cancel_suspension, suspension_id, "Saisie en double")
        elsewhere.run(cancel_hire, contract_id, "Embauché sur le mauvais dossier")
    correction = SuspensionCorrection(suspension_id, PMSMP, D(2026, 3, 9), D(2026, 3, 20))
    message = refused_as_stale(ctx, correct_suspension, correction)
    assert message == stale_message(ctx, "contract_suspension", suspension_id)


def test_an_amendment_cancelled_elsewhere_is_a_stale_edit_here(ctx, database) -> None:
    place = add_place(database)
    contract_id = _hire(ctx, place)
    amendment = ctx.run(
        contracts.change_hours, HoursChangeInput(contract_id, D(2026, 2, 2), 30 * H)
    )
    correction = AmendmentCorrection(amendment.id, D(2026, 2, 2), D(2026, 2, 9), 28 * H)
    assert ctx.read(check_amendment_correction, correction) == []
    with another_office(ctx) as elsewhere:
        elsewhere.run(cancel_amendment, amendment.id, "Avenant non signé")
    expected = stale_message(ctx, "amendment", amendment.id)
    assert refused_as_stale(ctx, correct_amendment, correction) == expected
    assert refused_as_stale(ctx, cancel_amendment, amendment.id, "Doublon") == expected
    [said] = ctx.read(check_amendment_correction, correction)
    assert (said.code, said.message) == ("stale_edit", expected)
    with database.reading() as session:
        assert session.get(m.Contract, contract_id) is not None  # the contract itself lives


def test_a_renewal_cancelled_elsewhere_is_a_stale_edit_here(ctx, database) -> None:
    place = add_place(database)
    contract_id = _hire(ctx, place)
    renewal_id = _renew(ctx, place, contract_id)
    with another_office(ctx) as elsewhere:
        elsewhere.run(cancel_renewal, renewal_id)
    expected = stale_message(ctx, "amendment", renewal_id)
    assert refused_as_stale(ctx, cancel_renewal, renewal_id) == expected
    [said] = ctx.read(check_cancel_renewal, renewal_id)
    assert (said.code, said.message) == ("stale_edit", expected)
