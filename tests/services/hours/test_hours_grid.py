"""The monthly grid: rows of the month, atomic save, warnings to acknowledge, declared months."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import ContractKind
from chantier_app.domain.codes.hours_codes import HoursCategory as C
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.codes.support_codes import TrainingKind
from chantier_app.domain.errors import (
    LockedError,
    PermissionDeniedError,
    UnacknowledgedWarnings,
    ValidationError,
)
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.hours import grid as hours
from chantier_app.services.hours.grid import MonthEntry
from tests.services.hours_helpers import add_contract, make_world

MARCH = dt.date(2026, 3, 1)
EXPECTED_MARCH = 22 * 312  # 26 h a week over March 2026's 22 working days


@pytest.fixture
def world(ctx: AppContext):
    with ctx.database.transaction() as session:
        world = make_world(session)
        ids = {
            "cddi": add_contract(session, world, "DURAND Marie").id,
            "ph": add_contract(
                session,
                world,
                "MARTIN Paul",
                kind=ContractKind.FIRST_HOURS,
                monthly=60 * 60,
                team="b",
            ).id,
            "ended": add_contract(
                session, world, "PETIT Léa", start=dt.date(2025, 9, 1), end=dt.date(2026, 2, 28)
            ).id,
        }
    return world, ids


def stored(ctx: AppContext) -> dict[int, m.MonthlyHours]:
    with ctx.database.reading() as session:
        return {r.contract_id: r for r in session.scalars(sa.select(m.MonthlyHours))}


def test_grid_lists_the_contracts_running_that_month_by_team(ctx, world) -> None:
    w, ids = world
    grid = ctx.read(hours.month_grid, MARCH)
    assert [r.person_name for r in grid.rows] == ["DURAND Marie", "MARTIN Paul"]
    assert grid.rows[0].expected_minutes == EXPECTED_MARCH
    assert grid.rows[1].expected_minutes == 60 * 60
    assert [r.contract_id for r in ctx.read(hours.month_grid, MARCH, w.team_b).rows] == [ids["ph"]]
    february = ctx.read(hours.month_grid, dt.date(2026, 2, 17))
    assert february.month == dt.date(2026, 2, 1)
    assert ids["ended"] in {r.contract_id for r in february.rows}
    assert [t.label for t in grid.teams] == ["Nettoyage — Équipe A", "Nettoyage — Équipe B"]


def test_saved_month_comes_back_and_is_audited(ctx, world) -> None:
    _, ids = world
    entries = [
        MonthEntry(ids["cddi"], {C.WORKED: "100,4", C.SICK: "14"}),
        MonthEntry(ids["ph"], {C.WORKED: "55:30"}),
    ]
    result = ctx.run(hours.save_month, MARCH, entries)
    assert result.saved == 2 and result.warnings == ()
    rows = {r.contract_id: r.values for r in ctx.read(hours.month_grid, MARCH).rows}
    assert rows[ids["cddi"]].worked == 6024 and rows[ids["cddi"]].sick == 840
    assert rows[ids["ph"]].worked == 3330
    with ctx.database.reading() as session:
        summaries = session.scalars(
            sa.select(m.AuditEntry.summary).where(m.AuditEntry.entity == "monthly_hours")
        ).all()
    assert "Heures de mars 2026 : heures travaillées, arrêt maladie" in summaries
    # Saving the same values again writes nothing.
    assert ctx.run(hours.save_month, MARCH, entries).saved == 0


@pytest.mark.parametrize(
    ("bad", "field", "words"),
    [
        ({C.WORKED: "abc"}, "/worked", "n'est pas un nombre"),
        ({C.WORKED: "73"}, "/total", "au plus 72 h par mois"),
        ({C.SICK: "-2"}, "/sick", "négatif"),
    ],
)
def test_one_bad_cell_saves_nothing(ctx, world, bad, field, words) -> None:
    _, ids = world
    entries = [MonthEntry(ids["cddi"], {C.WORKED: "114,4"}), MonthEntry(ids["ph"], bad)]
    with pytest.raises(ValidationError) as refused:
        ctx.run(hours.save_month, MARCH, entries)
    (violation,) = refused.value.violations
    assert violation.field == f"{ids['ph']}{field}"
    assert violation.message.startswith("MARTIN Paul : ") and words in violation.message
    assert stored(ctx) == {}


def test_a_cddi_month_far_off_needs_an_acknowledgement(ctx, world) -> None:
    _, ids = world
    entries = [MonthEntry(ids["cddi"], {C.WORKED: "60"})]
    with pytest.raises(UnacknowledgedWarnings) as warned:
        ctx.run(hours.save_month, MARCH, entries)
    assert warned.value.codes == ["cddi_month_off_contract"]
    assert stored(ctx) == {}
    result = ctx.run(hours.save_month, MARCH, entries, acknowledge_warnings=True)
    assert result.saved == 1 and [w.code for w in result.warnings] == ["cddi_month_off_contract"]
    assert stored(ctx)[ids["cddi"]].worked_minutes == 3600


def test_no_hours_for_a_contract_not_running_that_month(ctx, world) -> None:
    _, ids = world
    with pytest.raises(ValidationError, match="ne court pas en mars 2026"):
        ctx.run(hours.save_month, MARCH, [MonthEntry(ids["ended"], {C.WORKED: "10"})])


def test_declared_month_refuses_changes_until_unlocked(ctx, world) -> None:
    _, ids = world
    ctx.run(hours.save_month, MARCH, [MonthEntry(ids["ph"], {C.WORKED: "50"})])
    ctx.run(hours.declare_month, MARCH)
    assert ctx.read(hours.month_grid, MARCH).locked
    with pytest.raises(LockedError, match="mars 2026 a été déclaré"):
        ctx.run(hours.save_month, MARCH, [MonthEntry(ids["ph"], {C.WORKED: "40"})])
    assert stored(ctx)[ids["ph"]].worked_minutes == 3000
    with pytest.raises(LockedError):
        ctx.run(hours.declare_month, MARCH)
    ctx.run(hours.unlock_month, MARCH, "erreur de saisie")
    ctx.run(hours.save_month, MARCH, [MonthEntry(ids["ph"], {C.WORKED: "40"})])
    assert stored(ctx)[ids["ph"]].worked_minutes == 2400
    with ctx.database.reading() as session:
        trail = session.execute(
            sa.select(m.AuditEntry.action, m.AuditEntry.summary).where(
                m.AuditEntry.entity == "declared_month"
            )
        ).all()
    assert trail == [
        ("lock", "Mois de mars 2026 déclaré : heures verrouillées"),
        ("unlock", "Mois de mars 2026 déverrouillé (motif : erreur de saisie)"),
    ]


def test_only_direction_declares_a_month(ctx, world) -> None:
    supervisor = AppContext(ctx.database, Actor(None, "Marc", Role.SUPERVISOR))
    with pytest.raises(PermissionDeniedError, match="déclarer ou déverrouiller un mois"):
        supervisor.run(hours.declare_month, MARCH)
    assert supervisor.read(hours.month_grid, MARCH).can_declare is False


def test_training_attendance_feeds_the_month(ctx, world) -> None:
    _, ids = world
    with ctx.database.transaction() as session:
        contract = session.get(m.Contract, ids["cddi"])
        training = m.TrainingSession(
            title="SST",
            kind=TrainingKind.SAFETY,
            start_date=dt.date(2026, 3, 9),
            end_date=dt.date(2026, 3, 10),
        )
        enrolment = m.Enrolment(session=training, person_id=contract.person_id)
        enrolment.attendances = [
            m.TrainingAttendance(day=dt.date(2026, 3, 9), minutes=420),
            m.TrainingAttendance(day=dt.date(2026, 3, 10), minutes=420),
        ]
        session.add(enrolment)
    row = ctx.read(hours.month_grid, MARCH).rows[0]
    assert row.training_from_attendance and row.values.training == 840
    # Typed training hours give way to the attendance.
    ctx.run(hours.save_month, MARCH, [MonthEntry(ids["cddi"], {C.WORKED: "100", C.TRAINING: "2"})])
    assert stored(ctx)[ids["cddi"]].training_minutes == 840


def test_the_grid_loads_in_a_few_queries_whatever_the_rows(ctx, world) -> None:
    w, _ = world
    with ctx.database.transaction() as session:
        for i in range(30):
            add_contract(session, w, f"NOM{i:02d} Prénom")
    statements: list[str] = []
    engine = ctx.database.engine

    def count(*args) -> None:
        statements.append(args[2])

    event.listen(engine, "before_cursor_execute", count)
    try:
        grid = ctx.read(hours.month_grid, MARCH)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(grid.rows) == 32
    assert len(statements) <= 10


def test_a_saved_grid_is_one_update_and_its_rows_stay_versioned(ctx, world) -> None:
    """The stored rows of a save go in one batched UPDATE (the ORM sends one per versioned
    row): each still checks and moves its version, and the versions handed back save again."""
    w, ids = world
    with ctx.database.transaction() as session:
        others = [add_contract(session, w, f"NOM{i:02d} Prénom").id for i in range(12)]
    contracts = [ids["cddi"], *others]
    first = ctx.run(
        hours.save_month, MARCH, [MonthEntry(c, {C.WORKED: "120"}) for c in contracts],
        acknowledge_warnings=True,
    )  # fmt: skip
    assert first.versions == dict.fromkeys(contracts, 1)
    statements: list[str] = []

    def count(*args) -> None:
        statements.append(args[2])

    event.listen(ctx.database.engine, "before_cursor_execute", count)
    try:
        second = ctx.run(
            hours.save_month,
            MARCH,
            [MonthEntry(c, {C.WORKED: "121", C.SICK: "7"}, first.versions[c]) for c in contracts],
            acknowledge_warnings=True,
        )
    finally:
        event.remove(ctx.database.engine, "before_cursor_execute", count)
    assert second.saved == 13 and second.versions == dict.fromkeys(contracts, 2)
    assert len([s for s in statements if s.startswith("UPDATE monthly_hours")]) == 1
    rows = stored(ctx)
    assert {rows[c].worked_minutes for c in contracts} == {121 * 60}
    assert {(rows[c].sick_minutes, rows[c].version) for c in contracts} == {(7 * 60, 2)}
    assert rows[ids["cddi"]].updated_at >= rows[ids["cddi"]].created_at
    with ctx.database.reading() as session:
        lines = session.scalars(
            sa.select(m.AuditEntry.summary).where(
                m.AuditEntry.entity == "monthly_hours", m.AuditEntry.action == "update"
            )
        ).all()
    assert lines.count("Heures de mars 2026 : heures travaillées, arrêt maladie") == 13
    third = ctx.run(
        hours.save_month, MARCH, [MonthEntry(ids["cddi"], {C.WORKED: "100"}, second.versions[ids["cddi"]])],
        acknowledge_warnings=True,
    )  # fmt: skip
    assert third.versions[ids["cddi"]] == 3


@pytest.mark.parametrize("plain", [False, True], ids=["orm-rows", "plain-rows"])
def test_a_row_changed_under_the_batched_update_refuses_the_whole_save(ctx, world, plain) -> None:
    """A month row whose version moved between its reading and the UPDATE (another writer
    that does not lock the contracts, on a server) matches no row: the action is refused with
    who saved it, and the session's rows keep what the database holds. The same with the
    rows read plain, as the grid's save reads them (``stored_rows``)."""
    from chantier_app.domain.errors import StaleEditError
    from chantier_app.services.hours._common import (
        MonthWrite,
        month_rows,
        stored_rows,
        write_months,
    )
    from chantier_app.services.hours._contracts import load_contracts

    def read(session, loaded):
        if plain:
            return stored_rows(session, [c.contract.id for c in loaded], MARCH)
        return month_rows(session, [(c.contract.id, MARCH) for c in loaded])

    _, ids = world
    ctx.run(hours.save_month, MARCH, [MonthEntry(ids["cddi"], {C.WORKED: "100"})],
            acknowledge_warnings=True)  # fmt: skip
    ctx.run(hours.save_month, MARCH, [MonthEntry(ids["ph"], {C.WORKED: "50"})])
    with pytest.raises(StaleEditError) as refused, ctx.database.transaction() as session:
        loaded = load_contracts(session, MARCH, dt.date(2026, 3, 31))
        rows = read(session, loaded)
        session.execute(  # the other writer, after this one read the rows
            sa.update(m.MonthlyHours.__table__)
            .where(m.MonthlyHours.__table__.c.contract_id == ids["ph"])
            .values(version=m.MonthlyHours.__table__.c.version + 1)
        )
        write_months(
            session,
            ctx.actor,
            [
                MonthWrite(
                    c, MARCH, hours.HoursValues(worked=99 * 60), rows[(c.contract.id, MARCH)]
                )
                for c in loaded
                if (c.contract.id, MARCH) in rows
            ],
        )
    assert refused.value.who == ctx.actor.name
    assert {r.contract_id: r.worked_minutes for r in stored(ctx).values()} == {
        ids["cddi"]: 100 * 60,
        ids["ph"]: 50 * 60,
    }


def test_a_session_holding_the_rows_reads_back_what_the_grid_saved(ctx, world) -> None:
    """The grid's save reads its rows plain and writes them in one statement: rows the same
    transaction loaded before as ORM objects (a declared month's correction compares them
    before and after) read the saved hours and version, not the ones they were loaded with."""
    from chantier_app.services.hours._common import month_rows

    _, ids = world
    first = ctx.run(hours.save_month, MARCH, [MonthEntry(ids["cddi"], {C.WORKED: "100"})],
                    acknowledge_warnings=True)  # fmt: skip
    with ctx.database.transaction() as session:
        held = month_rows(session, [(ids["cddi"], MARCH)])[(ids["cddi"], MARCH)]
        assert (held.worked_minutes, held.version) == (100 * 60, 1)
        result = hours.save_month(
            session,
            ctx.actor,
            MARCH,
            [MonthEntry(ids["cddi"], {C.WORKED: "110"}, first.versions[ids["cddi"]])],
            acknowledge_warnings=True,
        )
        again = month_rows(session, [(ids["cddi"], MARCH)])[(ids["cddi"], MARCH)]
        assert again is held
        assert (
            (again.worked_minutes, again.version)
            == (110 * 60, 2)
            == (
                110 * 60,
                result.versions[ids["cddi"]],
            )
        )
    assert stored(ctx)[ids["cddi"]].worked_minutes == 110 * 60


def test_the_grid_follows_a_contract_changed_between_two_loads(ctx, world) -> None:
    """The contracts and month frames a load built are found again by the rows they came
    from (``load_contracts``, ``grid._frame``): a suspension added, an hours amendment and the
    suspension cancelled each give the next load and the save the contract as it now is."""
    from chantier_app.domain.codes.contract_codes import AmendmentKind, SuspensionReason

    _, ids = world

    def cddi() -> hours.GridRow:
        return next(
            r for r in ctx.read(hours.month_grid, MARCH).rows if r.contract_id == ids["cddi"]
        )

    before = cddi()
    assert before.expected_minutes == EXPECTED_MARCH
    assert cddi().terms == before.terms  # the same rows read again: the same contract
    with ctx.database.transaction() as session:
        suspension = m.ContractSuspension(
            contract_id=ids["cddi"],
            reason=SuspensionReason.TRIAL_ELSEWHERE,
            start_date=dt.date(2026, 3, 1),
            end_date=dt.date(2026, 3, 31),
        )
        session.add(suspension)
    suspended = cddi()
    assert suspended.terms.suspensions and suspended.expected_minutes == 0
    with pytest.raises(ValidationError) as refused:
        ctx.run(hours.save_month, MARCH, [MonthEntry(ids["cddi"], {C.WORKED: "10"})])
    assert "suspendu" in str(refused.value.violations)
    with ctx.database.transaction() as session:
        session.add(
            m.Amendment(
                contract_id=ids["cddi"],
                number=1,
                kind=AmendmentKind.HOURS_CHANGE,
                effective_date=dt.date(2026, 3, 1),
                previous_end_date=dt.date(2026, 7, 4),
                previous_weekly_minutes=26 * 60,
                new_weekly_minutes=30 * 60,
            )
        )
        row = session.get(m.ContractSuspension, suspension.id)
        assert row is not None
        row.mark_cancelled(None, "saisie par erreur")
    amended = cddi()
    assert not amended.terms.suspensions
    assert amended.expected_minutes == 22 * 360  # 30 h a week over 22 working days
    ctx.run(hours.save_month, MARCH, [MonthEntry(ids["cddi"], {C.WORKED: "132"})])


def test_the_batched_update_binds_what_sqlalchemy_would(ctx) -> None:
    """On SQLite the stored rows go to the driver by position (``services._batch``): the
    same statement and the same processed values (a boolean as 0/1, a date-time as SQLite's
    text) as SQLAlchemy's own executemany of ``_UPDATE_STORED``."""
    from chantier_app.services import _batch
    from chantier_app.services.hours import _common

    row = dict.fromkeys(_common._UPDATE_KEYS, 7)
    row.update(from_daily=True, updated_by_id=None, updated_at=dt.datetime(2026, 3, 2, 8, 5))
    row["row_id"] = -1  # no such row: nothing written
    sent: list[tuple[str, object]] = []

    def seen(_conn, _cursor, statement, parameters, _context, _many) -> None:
        if statement.startswith("UPDATE"):  # not the transaction's BEGIN
            sent.append((statement, parameters))

    with ctx.database.transaction() as session:
        dialect = session.get_bind().dialect
        if dialect.paramstyle != "qmark":
            pytest.skip("the positional path is SQLite's")
        event.listen(ctx.database.engine, "before_cursor_execute", seen)
        try:
            session.execute(_common._UPDATE_STORED, [row, row])
            found = _batch.positional(session, _common._UPDATE_STORED, _common._UPDATE_KEYS)
            assert found is not None
            sql, keys = found
            session.connection().exec_driver_sql(sql, _batch.rows(keys, [row, row]))
        finally:
            event.remove(ctx.database.engine, "before_cursor_execute", seen)
    (by_sqlalchemy, its_rows), (positional, our_rows) = sent
    assert positional == by_sqlalchemy
    assert [tuple(r) for r in our_rows] == [tuple(r) for r in its_rows]
    assert ("2026-03-02 08:05:00.000000" in its_rows[0]) and (1 in its_rows[0])


def test_audit_lines_in_a_batch_bind_what_sqlalchemy_would(ctx) -> None:
    """``audit.record_many`` sends its lines to SQLite's driver by position: the same
    statement and values as SQLAlchemy's executemany of the same insert, the lines read back
    the same (the date-time as SQLite's text)."""
    from chantier_app.services import _batch, audit

    entries = [
        (audit.Action.UPDATE, "monthly_hours", 7, 3, "Heures de mars 2026 : heures travaillées"),
        (audit.Action.CREATE, "monthly_hours", None, None, "Heures de mars 2026 : saisie par jour"),
    ]
    sent: list[tuple[str, object]] = []

    def seen(_conn, _cursor, statement, parameters, _context, _many) -> None:
        if statement.startswith("INSERT INTO audit_entry"):
            sent.append((statement, parameters))

    with ctx.database.transaction() as session:
        if _batch.positional(session, audit._INSERT_MANY, audit._INSERT_KEYS) is None:
            pytest.skip("the positional path is SQLite's")
        event.listen(ctx.database.engine, "before_cursor_execute", seen)
        try:
            audit.record_many(session, ctx.actor, entries)
            at = session.scalar(sa.select(sa.func.max(m.AuditEntry.at)))
            session.execute(
                audit._INSERT_MANY,
                [
                    dict(zip(audit._INSERT_KEYS, (at, ctx.actor.staff_id, ctx.actor.name,
                                                  str(a), e, i, p, s), strict=True))
                    for a, e, i, p, s in entries
                ],
            )  # fmt: skip
        finally:
            event.remove(ctx.database.engine, "before_cursor_execute", seen)
        lines = session.execute(
            sa.text(
                "SELECT at, staff_id, staff_name, action, entity, entity_id, person_id, summary"
                " FROM audit_entry ORDER BY id DESC LIMIT 4"
            )
        ).all()
    (ours, our_rows), (its, its_rows) = sent
    assert ours == its and [tuple(r) for r in our_rows] == [tuple(r) for r in its_rows]
    assert lines[:2] == lines[2:] and "." in lines[0][0]  # microseconds, as SQLAlchemy writes


def test_a_rows_check_found_again_is_check_month_and_its_own_list(ctx, world) -> None:
    """``checked_month`` (the grid's load and save) answers what ``check_month`` does for the
    same terms, values and month, in a list of its own (the grid appends the service's
    refusals to it)."""
    from chantier_app.domain.hours_rules import check_month

    grid = ctx.read(hours.month_grid, MARCH)
    for row in grid.rows:
        for worked in (0, 60 * 60, 90 * 60, 114 * 60, 400 * 60):
            values = hours.HoursValues(worked=worked, sick=7 * 60)
            for month_over in (False, True):
                args = (row.terms, MARCH, values, grid.holidays)
                first = hours.checked_month(*args, month_over=month_over, frame=row.frame)
                again = hours.checked_month(*args, month_over=month_over, frame=row.frame)
                assert first == again == check_month(*args, month_over=month_over)
                first.append(hours.Violation("x", "y"))
                assert hours.checked_month(*args, month_over=month_over) == again
