"""Correcting and cancelling a PASS IAE, its suspensions and prolongations, with history:
the entry's own rules on the corrected state, the CDDI concluded under it checked again,
refusals leave the database as it was (a whole dump compared)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import PassProlongationReason, PassSuspensionReason
from chantier_app.domain.codes.record_kinds import RecordKind, VersionAction
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.errors import (
    PermissionDeniedError,
    UnacknowledgedWarnings,
    ValidationError,
)
from chantier_app.services.context import AppContext
from chantier_app.services.history import record_history
from chantier_app.services.people import pass_iae
from chantier_app.services.people.pass_corrections import (
    cancel_pass,
    cancel_pass_prolongation,
    cancel_pass_suspension,
    check_cancel_pass,
    check_cancel_pass_prolongation,
    check_cancel_pass_suspension,
    check_pass_prolongation_correction,
    check_pass_suspension_correction,
    correct_pass,
    correct_pass_prolongation,
    correct_pass_suspension,
)
from chantier_app.services.people.pass_iae import PassInput, ProlongationInput, SuspensionInput
from chantier_app.services.structure.accounts import actor_for
from tests import support_factory as f
from tests.db_dump import dump
from tests.team_factory import team_of

D = dt.date
NUMBER = "99999 25 12345"
SICK = PassSuspensionReason.SICKNESS


@pytest.fixture
def world(ctx, database) -> dict[str, int]:
    """A PASS from 01/01/2025 to 31/12/2026, a CDDI hired under it, a sick leave suspension."""
    with database.transaction() as session:
        person = f.person(session)
        person.birth_date = D(1990, 5, 17)
        f.contract(session, person, D(2025, 3, 3), D(2025, 9, 2))
        supervisor, _ = f.staff(session, Role.SUPERVISOR, last="Petitjean")
        supervisor.teams = [session.get(m.Team, team_of(session, person.id))]
        ids = {"person": person.id, "supervisor": supervisor.id}
    ids["pass"] = ctx.run(pass_iae.add_pass, ids["person"], PassInput(NUMBER, D(2025, 1, 1)))
    ids["suspension"] = ctx.run(
        pass_iae.add_suspension,
        ids["pass"],
        SuspensionInput(SICK, D(2025, 5, 1), D(2025, 5, 10), "hospitalisation"),
    )
    return ids


def _pass(ctx, person_id: int) -> pass_iae.PassView:
    (view,) = ctx.read(pass_iae.list_passes, person_id, today=D(2025, 6, 1))
    return view


def _refused(ctx, action, *args, error=ValidationError, **kwargs):
    before = dump(ctx.database)
    with pytest.raises(error) as raised:
        ctx.run(action, *args, **kwargs)
    assert dump(ctx.database) == before
    return raised.value


def test_a_pass_is_corrected_and_its_previous_version_is_kept(ctx, world) -> None:
    ctx.run(
        correct_pass, world["pass"], PassInput("99999 25 54321", D(2025, 1, 1)), "Faute de frappe"
    )
    view = _pass(ctx, world["person"])
    assert (view.number, view.end) == ("999992554321", D(2027, 1, 10))  # 730 days + 10 suspended
    (version,) = ctx.read(record_history, world["person"])
    assert (version.kind, version.action) == (RecordKind.PASS_IAE, VersionAction.CORRECT)
    assert version.summary == "PASS IAE : numéro : 99999 25 12345 → 99999 25 54321"
    assert version.previous["number"] == "999992512345"
    with ctx.database.reading() as session:
        line = session.scalars(
            select(m.AuditEntry.summary).where(m.AuditEntry.summary.startswith("correction"))
        ).one()
    assert line == "correction : PASS IAE : numéro corrigé(s)"  # the number stays out


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (PassInput("12345", D(2025, 1, 1)), "pass_number_format"),
        (PassInput(NUMBER, D(2025, 1, 1), D(2027, 6, 1)), "pass_longer_than_2_years"),
        (PassInput(NUMBER, D(2025, 1, 1)), "correction_unchanged"),
        # Starting after its own suspension: the suspension would not have been entered.
        (PassInput(NUMBER, D(2025, 5, 5)), "suspension_outside_pass"),
    ],
)
def test_an_invalid_pass_correction_is_refused_and_changes_nothing(ctx, world, data, code) -> None:
    error = _refused(ctx, correct_pass, world["pass"], data, "x")
    assert code in error.codes, error.message


def test_a_pass_starting_after_the_cddi_concluded_under_it_is_a_warning(ctx, world) -> None:
    """The CDDI of 03/03/2025 was hired under the PASS: moved to 01/04/2025, no PASS covered
    that hire (contract_limits.check_pass, an error at hire): said, to acknowledge."""
    warned = _refused(
        ctx,
        correct_pass,
        world["pass"],
        PassInput(NUMBER, D(2025, 4, 1)),
        error=UnacknowledgedWarnings,
    )
    assert warned.codes == ["pass_used_by_contract_pass_iae_missing"]
    assert warned.message.startswith("CDDI chantier remobilisant du 03/03/2025 au 02/09/2025 :")
    ctx.run(
        correct_pass,
        world["pass"],
        PassInput(NUMBER, D(2025, 4, 1)),
        "Date de la plateforme",
        acknowledge_warnings=True,
    )
    assert _pass(ctx, world["person"]).start == D(2025, 4, 1)


def test_a_suspension_is_corrected_then_cancelled_and_the_end_follows(ctx, world) -> None:
    assert _pass(ctx, world["person"]).end == D(2027, 1, 10)
    ctx.run(
        correct_pass_suspension,
        world["suspension"],
        SuspensionInput(SICK, D(2025, 5, 1), D(2025, 5, 20), "hospitalisation"),
    )
    assert _pass(ctx, world["person"]).end == D(2027, 1, 20)
    ctx.run(cancel_pass_suspension, world["suspension"], "Saisie en double")
    assert _pass(ctx, world["person"]).end == D(2026, 12, 31)
    cancelled, corrected = ctx.read(record_history, world["person"])
    assert (cancelled.kind, cancelled.action) == (RecordKind.PASS_SUSPENSION, VersionAction.CANCEL)
    assert cancelled.summary == (
        "suspension du PASS IAE du 01/05/2025 au 20/05/2025 annulée ; fin du PASS : "
        "20/01/2027 → 31/12/2026"
    )
    assert corrected.summary == (
        "suspension du PASS IAE du 01/05/2025 au 10/05/2025 : fin : 10/05/2025 → 20/05/2025"
    )
    assert cancelled.previous["reason"] == SICK.value
    # The encadrant of the team reads that it happened, never the sick leave.
    with ctx.database.reading() as session:
        supervisor = AppContext(ctx.database, actor_for(session.get(m.Staff, world["supervisor"])))
    seen = supervisor.read(record_history, world["person"])
    assert [v.summary for v in seen] == [cancelled.summary, corrected.summary]
    assert all("reason" not in v.previous and "notes" not in v.previous for v in seen)
    with pytest.raises(PermissionDeniedError):
        supervisor.run(cancel_pass, world["pass"], "x")


def test_an_overlapping_suspension_correction_is_refused(ctx, world) -> None:
    other = ctx.run(
        pass_iae.add_suspension,
        world["pass"],
        SuspensionInput(SICK, D(2025, 7, 1), D(2025, 7, 5)),
    )
    data = SuspensionInput(SICK, D(2025, 7, 3), D(2025, 7, 20))
    error = _refused(ctx, correct_pass_suspension, world["suspension"], data)
    assert error.codes == ["suspension_overlap"]
    # What the dialog reads while typing is what the service refuses.
    found = ctx.read(check_pass_suspension_correction, world["suspension"], data)
    assert [(v.code, v.message) for v in found] == [(v.code, v.message) for v in error.violations]
    assert other


def test_only_the_last_prolongation_is_corrected_and_its_ceiling_holds(ctx, world) -> None:
    first = ctx.run(
        pass_iae.add_prolongation,
        world["pass"],
        ProlongationInput(PassProlongationReason.DIFFICULTIES, D(2027, 1, 10), D(2027, 6, 30)),
    )
    second = ctx.run(
        pass_iae.add_prolongation,
        world["pass"],
        ProlongationInput(PassProlongationReason.DIFFICULTIES, D(2027, 6, 30), D(2027, 12, 31)),
    )
    data = ProlongationInput(PassProlongationReason.DIFFICULTIES, D(2027, 1, 10), D(2027, 5, 31))
    assert _refused(ctx, correct_pass_prolongation, first, data).codes == ["prolongation_not_last"]
    assert _refused(ctx, cancel_pass_prolongation, first).codes == ["prolongation_not_last"]
    assert [v.code for v in ctx.read(check_pass_prolongation_correction, first, data)] == [
        "prolongation_not_last"
    ]
    assert [v.code for v in ctx.read(check_cancel_pass_prolongation, first)] == [
        "prolongation_not_last"
    ]
    assert ctx.read(check_cancel_pass_prolongation, second) == []
    # 12 months a decision from the PASS's end without it (30/06/2027).
    too_long = ProlongationInput(PassProlongationReason.DIFFICULTIES, D(2027, 6, 30), D(2028, 8, 1))
    assert (
        "prolongation_over_12_months"
        in _refused(ctx, correct_pass_prolongation, second, too_long).codes
    )
    found = ctx.read(check_pass_prolongation_correction, second, too_long)
    assert "prolongation_over_12_months" in [v.code for v in found]
    shorter = ProlongationInput(PassProlongationReason.DIFFICULTIES, D(2027, 6, 30), D(2027, 9, 30))
    ctx.run(correct_pass_prolongation, second, shorter, "Décision du 12/06")
    assert _pass(ctx, world["person"]).end == D(2027, 9, 30)
    ctx.run(cancel_pass_prolongation, second, "Décision annulée")
    ctx.run(cancel_pass_prolongation, first, "Décision annulée")
    assert _pass(ctx, world["person"]).end == D(2027, 1, 10)


def test_a_cancelled_pass_takes_its_decisions_and_warns_for_the_cddi(ctx, world) -> None:
    warned = _refused(
        ctx, cancel_pass, world["pass"], "Mauvais dossier", error=UnacknowledgedWarnings
    )
    assert warned.codes == ["pass_used_by_contract_pass_iae_missing"]
    found = ctx.read(check_cancel_pass, world["pass"], "Mauvais dossier")
    assert [(v.code, v.blocking) for v in found] == [
        ("pass_used_by_contract_pass_iae_missing", False)
    ]
    ctx.run(cancel_pass, world["pass"], "Mauvais dossier", acknowledge_warnings=True)
    assert ctx.read(pass_iae.list_passes, world["person"]) == []
    with ctx.database.reading() as session:
        assert session.scalars(select(m.PassSuspension)).all() == []
    (version,) = ctx.read(record_history, world["person"])
    assert version.summary == (
        "PASS IAE du 01/01/2025 annulé ; n° 99999 25 12345, 1 suspension(s) et 0 "
        "prolongation(s) avec lui ; avertissements acceptés : "
        "pass_used_by_contract_pass_iae_missing"
    )
    assert [s["start_date"] for s in version.previous["suspensions"]] == ["2025-05-01"]


def test_a_declared_month_of_the_pass_asks_a_reason(ctx, database, world) -> None:
    with database.transaction() as session:
        session.add(m.DeclaredMonth(month=D(2025, 3, 1), declared_at=dt.datetime(2025, 4, 5, 9)))
    error = _refused(ctx, cancel_pass_suspension, world["suspension"])
    assert error.message == (
        "Motif de l'annulation : obligatoire, un mois couvert par le PASS a été déclaré à l'ASP."
    )
    error = _refused(ctx, cancel_pass, world["pass"])
    assert error.message == (
        "Motif de l'annulation : obligatoire, un mois couvert par le PASS a été déclaré à l'ASP."
    )
    for check, record in (
        (check_cancel_pass_suspension, world["suspension"]),
        (check_cancel_pass, world["pass"]),
    ):
        why = next(v for v in ctx.read(check, record) if v.code == "reason_required")
        assert why.message.startswith("Motif de l'annulation : obligatoire")
    moved = SuspensionInput(SICK, D(2025, 5, 2), D(2025, 5, 10), "hospitalisation")
    (why,) = ctx.read(check_pass_suspension_correction, world["suspension"], moved)
    assert (why.field, why.message) == (
        "correction_reason",
        "Motif de la correction : obligatoire, un mois couvert par le PASS a été déclaré à l'ASP.",
    )


def test_a_suspension_a_prolongation_started_after_is_not_changed_under_it(ctx, world) -> None:
    """The prolongation started from the end the suspension gave (the platform's decision
    says its last day): the suspension is corrected once the prolongation is cancelled."""
    ctx.run(
        pass_iae.add_prolongation,
        world["pass"],
        ProlongationInput(PassProlongationReason.DIFFICULTIES, D(2027, 1, 10), D(2027, 6, 30)),
    )
    data = SuspensionInput(SICK, D(2025, 5, 1), D(2025, 5, 20))
    assert _refused(ctx, correct_pass_suspension, world["suspension"], data).codes == [
        "prolongation_follows"
    ]
    assert _refused(ctx, cancel_pass_suspension, world["suspension"], "x").codes == [
        "prolongation_follows"
    ]
    earlier_end = PassInput(NUMBER, D(2025, 1, 1), D(2026, 12, 1))
    assert _refused(ctx, correct_pass, world["pass"], earlier_end, "x").codes == [
        "prolongation_follows"
    ]
    # Its notes only: the end does not move, the prolongation holds.
    ctx.run(correct_pass, world["pass"], PassInput(NUMBER, D(2025, 1, 1), notes="Vu"), "Notes")
