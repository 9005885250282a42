"""Correcting an hours amendment or a renewal: the same rules as entering it, what it changes
shown first, the previous version kept, one transaction; refused ones change nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import ContractKind
from chantier_app.domain.codes.hours_codes import HoursCategory
from chantier_app.domain.codes.record_kinds import RecordKind, VersionAction
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.errors import (
    PermissionDeniedError,
    StaleEditError,
    UnacknowledgedWarnings,
    ValidationError,
)
from chantier_app.services import contracts
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.contracts import EndInput, HoursChangeInput
from chantier_app.services.contracts.amendment_corrections import (
    AmendmentCorrection,
    amendment_correction_consequences,
    check_amendment_correction,
    correct_amendment,
    may_correct_amendment,
)
from chantier_app.services.history import record_history
from chantier_app.services.hours import grid as hours
from chantier_app.services.hours.grid import MonthEntry
from tests.contract_factories import add_contract
from tests.db_dump import dump
from tests.services.contracts.test_event_corrections import _audit_lines, _hire, add_place
from tests.services.contracts.test_renewal_corrections import OCTOBER_END, _renew

D = dt.date
H = 60
MARCH_2 = D(2026, 3, 2)


@pytest.fixture
def place(database) -> dict[str, int]:
    return add_place(database)


def _hours_amendment(ctx: AppContext, contract_id: int, day=MARCH_2, hours=30) -> int:
    return ctx.run(contracts.change_hours, HoursChangeInput(contract_id, day, hours * H)).id


def _refused(ctx: AppContext, error: type[Exception], data: AmendmentCorrection, **kw):
    """The correction refused: every table as it was, the trail too but for the refusal of
    rights or of a stale edit, which is traced (one line)."""
    before = dump(ctx.database)
    with pytest.raises(error) as raised:
        ctx.run(correct_amendment, data, **kw)
    after = dump(ctx.database)
    if error in (PermissionDeniedError, StaleEditError):
        was, now = before.pop("audit_entry"), after.pop("audit_entry")
        assert now[: len(was)] == was and [row[4] for row in now[len(was) :]] == ["refused"]
    assert after == before
    return raised.value


def test_an_hours_amendment_is_corrected_and_its_previous_version_kept(ctx, database, place):
    contract_id = _hire(ctx, place)
    amendment_id = _hours_amendment(ctx, contract_id)
    assert ctx.read(may_correct_amendment, amendment_id)
    data = AmendmentCorrection(amendment_id, D(2026, 3, 6), D(2026, 3, 9), 28 * H)
    assert ctx.read(check_amendment_correction, data) == []
    result = ctx.run(correct_amendment, data)
    assert result.notice is None  # never printed
    view = result.amendment
    assert (view.number, view.effective_date, view.new_weekly_minutes, view.signed_on) == (
        1,
        D(2026, 3, 9),
        28 * H,
        D(2026, 3, 6),
    )
    assert view.version == 2
    with database.reading() as session:
        assert session.get(m.Contract, contract_id).weekly_minutes == 28 * H
    (version,) = ctx.read(record_history, place["person"])
    assert (version.kind, version.action) == (RecordKind.AMENDMENT, VersionAction.CORRECT)
    assert version.previous["new_weekly_minutes"] == 30 * H
    summary = version.summary.replace("\u202f", " ")
    assert "prise d'effet : 02/03/2026 → 09/03/2026" in summary
    assert "durée : 30 h → 28 h par semaine" in summary
    assert "signé le : aucune → 06/03/2026" in summary
    assert dict(version.before)["Effet le"] == "02/03/2026"
    assert dict(version.after)["Effet le"] == "09/03/2026"
    (line,) = [x for x in _audit_lines(database, "amendment") if x.startswith("correction")]
    assert "avenant n° 1 de durée du travail" in line and "28" not in line  # names, no values
    assert "durée du travail, date de signature corrigé(s)" in line


def test_a_renewal_is_corrected_and_the_contract_ends_on_its_new_end(ctx, database, place):
    contract_id = _hire(ctx, place)
    renewal_id = _renew(ctx, place, contract_id)
    data = AmendmentCorrection(renewal_id, D(2026, 6, 10), new_end_date=D(2026, 9, 30))
    found = ctx.read(amendment_correction_consequences, data)
    assert found, "the hours planned in October go"
    result = ctx.run(correct_amendment, data)
    assert result.amendment.new_end_date == D(2026, 9, 30)
    with database.reading() as session:
        assert session.get(m.Contract, contract_id).end_date == D(2026, 9, 30)
    (version,) = ctx.read(record_history, place["person"])
    assert version.previous["new_end_date"] == OCTOBER_END.isoformat()
    assert "fin : 31/10/2026 → 30/09/2026" in version.summary


def test_the_new_hours_against_months_already_entered_are_shown_and_a_declared_one_flagged(
    ctx, database, place
):
    contract_id = _hire(ctx, place)
    amendment_id = _hours_amendment(ctx, contract_id)
    ctx.run(
        hours.save_month,
        D(2026, 3, 1),
        [MonthEntry(contract_id, {HoursCategory.WORKED: "128"})],  # 30 h a week
        acknowledge_warnings=True,
    )
    ctx.run(hours.declare_month, D(2026, 3, 1))
    data = AmendmentCorrection(amendment_id, None, MARCH_2, 22 * H)
    lines = [(c.line, c.declared) for c in ctx.read(amendment_correction_consequences, data)]
    assert ("Heures prévues de mars 2026 : 132 h → 96,8 h (déjà déclaré à l'ASP).", True) in [
        (text.replace("\u202f", " "), flag) for text, flag in lines
    ]
    assert any(
        text.startswith("Heures de mars 2026 déjà saisies : CDDI : 128 h saisies") and flag
        for text, flag in lines
    ), lines
    error = _refused(ctx, ValidationError, data)
    assert error.by_field["reason"] == [
        "Motif de la correction : obligatoire, un mois déjà déclaré à l'ASP ne prévoirait "
        "plus les mêmes heures."
    ]


@pytest.mark.parametrize(
    "case",
    ["unchanged", "outside", "below_20h", "not_last", "renewal_not_after", "renewal_ended"],
)
def test_an_invalid_correction_is_refused_and_changes_nothing(ctx, place, case) -> None:
    contract_id = _hire(ctx, place)
    first = _hours_amendment(ctx, contract_id)
    if case == "not_last":
        _hours_amendment(ctx, contract_id, D(2026, 4, 6), 28)
    if case.startswith("renewal"):
        first = _renew(ctx, place, contract_id)
    if case == "renewal_ended":
        ctx.run(
            contracts.end_contract,
            EndInput(contract_id, D(2026, 9, 30), *_end_reasons()),
        )
    data = {
        "unchanged": AmendmentCorrection(first, None),
        "outside": AmendmentCorrection(first, None, D(2026, 7, 6)),
        "below_20h": AmendmentCorrection(first, None, MARCH_2, 16 * H),
        "not_last": AmendmentCorrection(first, None, MARCH_2, 32 * H),
        "renewal_not_after": AmendmentCorrection(first, None, new_end_date=D(2026, 6, 15)),
        "renewal_ended": AmendmentCorrection(first, None, new_end_date=D(2026, 12, 31)),
    }[case]
    error = _refused(ctx, ValidationError, data)
    expected = {
        "unchanged": "correction_unchanged",
        "outside": "hours_change_outside_contract",
        "below_20h": "weekly_hours_min_20",
        "not_last": "amendment_not_last",
        "renewal_not_after": "renewal_end_not_after",
        "renewal_ended": "contract_ended",
    }[case]
    assert expected in error.codes, error.message
    if case == "not_last":
        assert "l'avenant n° 2 de durée du travail le suit" in error.message
        # Its signature date is its own: that one is corrected.
        ctx.run(correct_amendment, AmendmentCorrection(first, D(2026, 2, 27)))


def _end_reasons():
    from chantier_app.domain.codes.contract_codes import EndReason
    from chantier_app.domain.codes.exit_reasons import ExitReason

    return EndReason.MUTUAL_AGREEMENT, ExitReason.JOBSEEKER


def test_the_warnings_of_an_entry_are_acknowledged_again(ctx, database, place) -> None:
    contract_id = _hire(ctx, place)
    renewal_id = _renew(ctx, place, contract_id)
    # Signed before the review of 01/06 it relied on: no review within two months before.
    data = AmendmentCorrection(renewal_id, D(2026, 5, 20))
    with pytest.raises(UnacknowledgedWarnings) as raised:
        ctx.run(correct_amendment, data)
    assert raised.value.codes == ["renewal_without_review"]
    ctx.run(correct_amendment, data, acknowledge=["renewal_without_review"])
    with database.reading() as session:
        row = session.get(m.Amendment, renewal_id)
        assert "correct_amendment" in (row.acknowledged_warnings or "")


def test_a_stale_correction_is_refused(ctx, database, place) -> None:
    contract_id = _hire(ctx, place)
    amendment_id = _hours_amendment(ctx, contract_id)
    ctx.run(correct_amendment, AmendmentCorrection(amendment_id, D(2026, 2, 27)))
    stale = AmendmentCorrection(amendment_id, None, MARCH_2, 28 * H)
    _refused(ctx, StaleEditError, stale, expected_version=1)


def test_who_may_correct_an_amendment(ctx, database, place) -> None:
    """The direction always; a CIP the amendment she entered, that day only."""
    cip = AppContext(database, Actor(place["cip"], "Rachid Bensaïd", Role.CIP, frozenset()))
    contract_id = _hire(ctx, place)
    mine = _hours_amendment(cip, contract_id)
    assert cip.read(may_correct_amendment, mine)
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    assert not cip.read(may_correct_amendment, mine, today=tomorrow)
    _refused(
        cip,
        PermissionDeniedError,
        AmendmentCorrection(mine, D(2026, 2, 27)),
        today=tomorrow,
    )
    cip.run(correct_amendment, AmendmentCorrection(mine, D(2026, 2, 27)))
    with database.reading() as session:
        assert session.scalars(select(m.Amendment.signed_on)).one() == D(2026, 2, 27)


def test_a_first_hours_amendment_is_corrected_in_hours_a_month(ctx, database, place) -> None:
    with database.transaction() as session:
        contract_id = add_contract(
            session, place["person"], D(2026, 1, 5), D(2026, 6, 30), ContractKind.FIRST_HOURS
        )
    amendment = ctx.run(
        contracts.change_hours,
        HoursChangeInput(contract_id, D(2026, 3, 2), monthly_minutes=60 * H),
    )
    # Premières Heures: 72 h a month at most, the rule of an entry.
    error = _refused(
        ctx, ValidationError, AmendmentCorrection(amendment.id, None, None, None, 80 * H)
    )
    assert error.codes == ["first_hours_max_72h"], error.message
    result = ctx.run(correct_amendment, AmendmentCorrection(amendment.id, None, None, None, 50 * H))
    assert (result.amendment.new_monthly_minutes, result.amendment.new_weekly_minutes) == (
        50 * H,
        None,
    )
    with database.reading() as session:
        assert session.get(m.Contract, contract_id).monthly_minutes == 50 * H
    (version,) = ctx.read(record_history, place["person"])
    assert "durée : 60 h → 50 h par mois" in version.summary.replace("\u202f", " ")


def test_an_ended_contracts_renewal_keeps_its_end_and_corrects_its_signature_date(
    ctx, database, place
) -> None:
    contract_id = _hire(ctx, place)
    renewal_id = _renew(ctx, place, contract_id)
    ctx.run(contracts.end_contract, EndInput(contract_id, D(2026, 9, 30), *_end_reasons()))
    ctx.run(correct_amendment, AmendmentCorrection(renewal_id, D(2026, 6, 12)))
    with database.reading() as session:
        row = session.get(m.Amendment, renewal_id)
        assert (row.signed_on, row.new_end_date) == (D(2026, 6, 12), OCTOBER_END)
