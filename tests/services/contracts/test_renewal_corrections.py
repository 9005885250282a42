"""Cancelling the last renewal: the contract ends again where it did before, refused once
hours are entered after that end; the previous version kept, refusals change nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import EndReason, ExtensionReason
from chantier_app.domain.codes.exit_reasons import ExitReason
from chantier_app.domain.codes.hours_codes import HoursCategory
from chantier_app.domain.codes.record_kinds import RecordKind, VersionAction
from chantier_app.domain.errors import PermissionDeniedError, ValidationError
from chantier_app.services import contracts
from chantier_app.services.context import AppContext
from chantier_app.services.contracts import EndInput, HoursChangeInput, RenewalInput
from chantier_app.services.contracts.event_corrections import cancel_amendment
from chantier_app.services.contracts.renewal_corrections import (
    cancel_renewal,
    may_cancel_renewal,
)
from chantier_app.services.history import record_history
from chantier_app.services.hours import grid as hours
from chantier_app.services.hours.grid import MonthEntry
from tests.contract_factories import add_review
from tests.services.contracts.test_event_corrections import (
    _audit_lines,
    _hire,
    _refused,
    _state,
    add_place,
)
from tests.team_factory import supervisor_of

D = dt.date
H = 60
JUNE_END, OCTOBER_END = D(2026, 6, 30), D(2026, 10, 31)


@pytest.fixture
def place(database) -> dict[str, int]:
    return add_place(database)


def _renew(ctx: AppContext, place, contract_id: int, end=OCTOBER_END, **extra) -> int:
    with ctx.database.transaction() as session:
        add_review(session, place["person"], D(2026, 6, 1))
    view = ctx.run(
        contracts.renew,
        RenewalInput(contract_id, end, signed_on=D(2026, 6, 10), **extra),
        acknowledge=["pass_iae_ends_before_contract"],
    )
    return view.id


def test_cancelling_the_last_renewal_gives_the_contract_its_end_back(ctx, database, place) -> None:
    contract_id = _hire(ctx, place)
    before = _state(database)
    amendment_id = _renew(ctx, place, contract_id)
    assert ctx.read(may_cancel_renewal, amendment_id)
    view = ctx.run(cancel_renewal, amendment_id)
    assert (view.end_date, view.amendments) == (JUNE_END, ())
    after = _state(database)
    assert after[0]["contracts"] == before[0]["contracts"] and after[2] == before[2]
    (version,) = ctx.read(record_history, place["person"])
    assert (version.kind, version.action) == (RecordKind.AMENDMENT, VersionAction.CANCEL)
    assert version.previous["new_end_date"] == "2026-10-31"
    assert "fin : 31/10/2026 → 30/06/2026" in version.summary
    (line,) = [x for x in _audit_lines(database, "amendment") if x.startswith("annulation")]
    assert "avenant n° 1 de renouvellement annulé" in line and "31/10/2026" not in line
    # The team's encadrant reads it; another team's does not.
    assert AppContext(database, supervisor_of(place["team"])).read(record_history, place["person"])
    with pytest.raises(PermissionDeniedError):
        AppContext(database, supervisor_of(place["team"] + 99)).read(
            record_history, place["person"]
        )


def test_a_renewal_under_hours_entered_after_the_previous_end_is_not_cancelled(
    ctx, database, place
) -> None:
    contract_id = _hire(ctx, place)
    amendment_id = _renew(ctx, place, contract_id)
    ctx.run(
        hours.save_month,
        D(2026, 7, 1),
        [MonthEntry(contract_id, {HoursCategory.WORKED: "100"})],
        acknowledge_warnings=True,
    )
    error = _refused(ctx, ValidationError, cancel_renewal, amendment_id)
    assert error.codes == ["entered_hours_conflict"], error.message


@pytest.mark.parametrize("case", ["not_last", "ended", "extension", "printed", "hours_kind"])
def test_an_invalid_renewal_cancellation_is_refused_and_changes_nothing(
    ctx, database, place, case
) -> None:
    contract_id = _hire(ctx, place)
    extra = {"extension_reason": ExtensionReason.SENIOR_OR_RQTH} if case == "extension" else {}
    amendment_id = _renew(ctx, place, contract_id, **extra)
    if case == "not_last":
        ctx.run(contracts.change_hours, HoursChangeInput(contract_id, D(2026, 8, 3), 30 * H))
    if case == "ended":
        ctx.run(
            contracts.end_contract,
            EndInput(contract_id, D(2026, 9, 30), EndReason.MUTUAL_AGREEMENT, ExitReason.JOBSEEKER),
        )
    if case == "printed":
        with database.transaction() as session:
            session.get(m.Amendment, amendment_id).print_count = 1
    if case == "hours_kind":  # an hours amendment is cancelled by its own action
        error = _refused(ctx, ValidationError, cancel_amendment, amendment_id)
        assert error.codes == ["amendment_not_hours"]
        return
    error = _refused(ctx, ValidationError, cancel_renewal, amendment_id)
    expected = {
        "not_last": ["amendment_not_last"],
        "ended": ["contract_ended"],
        "extension": ["renewal_with_extension"],
        "printed": ["reason_required"],
    }[case]
    assert error.codes == expected, error.message
    if case == "printed":
        ctx.run(cancel_renewal, amendment_id, "Renouvellement saisi en double")
        (version,) = ctx.read(record_history, place["person"])
        assert version.reason == "Renouvellement saisi en double"
