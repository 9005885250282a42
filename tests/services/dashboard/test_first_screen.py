"""The first screen, read without SQLAlchemy (sqlite3), shows exactly what the services
compute. A SQLite file only: a server's dashboard is the services' from the start
(``dashboard/first_screen``'s docstring; tests/ui/safety/test_server_start.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from chantier_app.services.contracts import exits
from chantier_app.services.dashboard import home as dashboard
from chantier_app.services.dashboard import todo
from chantier_app.services.dashboard.first_screen import read_first_screen
from chantier_app.services.hours import fte
from chantier_app.services.structure.accounts import startup_actor
from tests.conftest import TODAY

FILE_ONLY = pytest.mark.sqlite_only(
    reason="the first screen reads the SQLite file; on a server the dashboard's services "
    "read it (test_server_start.py compares the window's figures with theirs)"
)


def _services(ctx, today: dt.date):  # type: ignore[no-untyped-def]
    start = dt.date(today.year, 1, 1)
    return {
        "actor": startup_actor(ctx.database),
        "heading": ctx.read(dashboard.heading),
        "overview": ctx.read(dashboard.overview, today),
        "todo": tuple(ctx.read(todo.todo_list, today=today)),
        "fte": ctx.read(fte.fte_report, today.year),
        "exits": ctx.read(exits.exits_summary, start, today),
    }


@FILE_ONLY
@pytest.mark.parametrize("today", [TODAY, TODAY - dt.timedelta(days=200), dt.date(2026, 1, 3)])
def test_every_figure_is_the_services_one(demo_ctx, today: dt.date) -> None:
    first = read_first_screen(demo_ctx.database.url, today)
    expected = _services(demo_ctx, today)
    for name, value in expected.items():
        assert getattr(first, name) == value, name
    if today == TODAY:  # the demo's reference date: something in every panel
        assert first.todo and first.fte.fte.funded_fte and first.exits.total


def test_a_larger_association_too(tmp_path) -> None:
    from chantier_app.paths import resolve_paths
    from chantier_app.services.context import Actor, AppContext
    from chantier_app.services.safety.bootstrap import open_data
    from chantier_app.synthetic import generate
    from tests.synthetic.test_synthetic import SMALL

    paths = resolve_paths(tmp_path / "data")
    opened = open_data(paths)
    generate(opened.database.transaction, Actor.system(), SMALL, today=TODAY, seed=5)
    ctx = AppContext(opened.database, startup_actor(opened.database), paths)
    first = read_first_screen(paths.db_path, TODAY)
    for name, value in _services(ctx, TODAY).items():
        assert getattr(first, name) == value, name
    opened.database.dispose()


@FILE_ONLY
def test_an_empty_database_opens_on_empty_figures(database) -> None:
    first = read_first_screen(database.url, TODAY)
    assert first.heading.structure_name is None and first.actor.staff_id is None
    assert first.overview.contracts_in_force == 0 and first.todo == ()
    assert first.exits.total == 0 and first.fte.fte.funded_fte is None


@FILE_ONLY
def test_cancelled_contracts_are_left_out_as_the_services_leave_them(demo_ctx) -> None:
    """Contracts cancelled (running ones, one with an exit this year, their suspensions):
    the plain SQL leaves them out as the ORM's filter does (db.cancellable)."""
    from sqlalchemy import select

    from chantier_app.db import models as m

    before = read_first_screen(demo_ctx.database.url, TODAY)
    with demo_ctx.database.transaction() as session:
        rows = session.scalars(select(m.Contract).order_by(m.Contract.id)).all()
        ended = [c for c in rows if c.exit_reason and c.actual_end_date.year == TODAY.year]
        running = [c for c in rows if c.start_date <= TODAY <= c.effective_end]
        for contract in [*ended[:1], *running[:3]]:
            for suspension in contract.suspensions:
                suspension.mark_cancelled(None, "test")
            contract.mark_cancelled(None, "test")
    first = read_first_screen(demo_ctx.database.url, TODAY)
    for name, value in _services(demo_ctx, TODAY).items():
        assert getattr(first, name) == value, name
    assert first.overview.contracts_in_force < before.overview.contracts_in_force
    assert first.exits.total < before.exits.total


@FILE_ONLY
def test_cancelled_actions_and_pmsmp_leave_the_to_do_list_as_the_services_leave_them(
    demo_ctx,
) -> None:
    """An action on a barrier and a PMSMP cancelled (issue 15): the plain SQL of the to-do
    list leaves them out as the ORM's filter does."""
    from sqlalchemy import select

    from chantier_app.db import models as m
    from chantier_app.services.dashboard.figures import TodoKind

    def listed(first) -> set[tuple[TodoKind, int]]:  # type: ignore[no-untyped-def]
        return {
            (i.kind, i.ref_id) for i in first.todo if i.kind in (TodoKind.ACTION, TodoKind.PMSMP)
        }

    before = listed(read_first_screen(demo_ctx.database.url, TODAY))
    kinds = {kind for kind, _id in before}
    assert kinds == {TodoKind.ACTION, TodoKind.PMSMP}  # the demo has both to do
    gone = {next(x for x in sorted(before) if x[0] is kind) for kind in kinds}
    with demo_ctx.database.transaction() as session:
        for kind, ref in gone:
            model = m.BarrierAction if kind is TodoKind.ACTION else m.Pmsmp
            session.scalars(select(model).where(model.id == ref)).one().mark_cancelled(None, "test")
    first = read_first_screen(demo_ctx.database.url, TODAY)
    for name, value in _services(demo_ctx, TODAY).items():
        assert getattr(first, name) == value, name
    assert listed(first) == before - gone


@pytest.mark.postgres_only
def test_a_server_s_url_is_refused(database) -> None:
    with pytest.raises(ValueError, match="SQLite file, not a server"):
        read_first_screen(database.url, TODAY)


@FILE_ONLY
def test_cancelled_support_records_are_left_out_as_the_services_leave_them(demo_ctx) -> None:
    """Actions, PMSMP, sessions' enrolments, amendments and PASS IAE cancelled (migration
    0024): the plain SQL leaves them out as the ORM's filter does, panel by panel."""
    from sqlalchemy import select

    from chantier_app.db import models as m
    from chantier_app.services.dashboard.figures import TodoKind

    before = read_first_screen(demo_ctx.database.url, TODAY)
    kinds = {TodoKind.ACTION, TodoKind.PMSMP, TodoKind.TRAINING}
    assert kinds <= {item.kind for item in before.todo}
    with demo_ctx.database.transaction() as session:
        for model in (m.BarrierAction, m.Pmsmp, m.Enrolment, m.Amendment, m.PassIae):
            for row in session.scalars(select(model)):
                row.mark_cancelled(None, "test")
    first = read_first_screen(demo_ctx.database.url, TODAY)
    for name, value in _services(demo_ctx, TODAY).items():
        assert getattr(first, name) == value, name
    assert not kinds & {item.kind for item in first.todo}
