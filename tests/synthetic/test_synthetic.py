"""The synthetic data: made through the services, it passes every rule, and it is repeatable."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa

from chantier_app.db import models as m
from chantier_app.db.base import Base
from chantier_app.db.check import check_database
from chantier_app.domain.codes.contract_codes import AmendmentKind, ContractKind
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.eligibility import assess
from chantier_app.paths import resolve_paths
from chantier_app.services.context import Actor
from chantier_app.services.safety.bootstrap import open_data
from chantier_app.synthetic import DEMO, LARGE, Profile, for_scale, generate
from chantier_app.synthetic.profile import LARGE_WORKSHOPS
from chantier_app.synthetic.verify import problems
from tests.conftest import TODAY

# Every workshop of the large association, a few years, a few dozen people.
SMALL = Profile(people=36, months=40, workshops=LARGE_WORKSHOPS, cips=3, cohort=0.1)
# Columns whose value is the moment the row was written, not the data.
CLOCK_COLUMNS = {"created_at", "updated_at", "at", "declared_at", "last_login_at"}


def _generate(folder: Path, seed: int = 11, profile: Profile = SMALL) -> Path:
    paths = resolve_paths(folder)
    opened = open_data(paths)
    try:
        summary = generate(
            opened.database.transaction, Actor.system(), profile, today=TODAY, seed=seed
        )
        assert summary.people == profile.people
    finally:
        opened.database.dispose()
    return paths.data_dir


def _dump(folder: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table; of a moment (archived at…) only whether there is one."""
    opened = open_data(resolve_paths(folder), readonly=True)
    try:
        with opened.database.engine.connect() as conn:
            found = {}
            for table in Base.metadata.sorted_tables:
                columns = [
                    c.is_not(None) if isinstance(c.type, sa.DateTime) else c
                    for c in table.columns
                    if c.name not in CLOCK_COLUMNS
                ]
                query = sa.select(*columns).order_by(*table.primary_key.columns)
                found[table.name] = [tuple(row) for row in conn.execute(query)]
            return found
    finally:
        opened.database.dispose()


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _generate(tmp_path_factory.mktemp("synthetic") / "data")


@pytest.fixture
def session_of_small(small: Path):  # type: ignore[no-untyped-def]
    opened = open_data(resolve_paths(small), readonly=True)
    with opened.database.reading() as session:
        yield session
    opened.database.dispose()


def test_database_is_sound_and_every_rule_holds(small: Path, session_of_small) -> None:
    assert check_database(resolve_paths(small).db_path).ok
    assert problems(session_of_small, TODAY) == []


def test_no_warning_was_ever_accepted(session_of_small) -> None:
    """The generator acknowledges nothing: renewals follow a review, PASS cover contracts…"""
    s = session_of_small
    assert (
        s.scalar(sa.select(sa.func.count()).where(m.Contract.acknowledged_warnings.is_not(None)))
        == 0
    )
    assert (
        s.scalar(sa.select(sa.func.count()).where(m.Amendment.acknowledged_warnings.is_not(None)))
        == 0
    )


def test_every_kind_of_record_is_there(session_of_small) -> None:
    s = session_of_small

    def count(*where: sa.ColumnElement[bool], model: type = m.Contract) -> int:
        return int(s.scalar(sa.select(sa.func.count()).select_from(model).where(*where)) or 0)

    assert count(model=m.Person) == SMALL.people
    for kind in ContractKind:
        assert count(m.Contract.kind == kind), kind
    for kind in (AmendmentKind.RENEWAL, AmendmentKind.HOURS_CHANGE):
        assert count(m.Amendment.kind == kind, model=m.Amendment), kind
    assert count(m.Contract.exit_reason.is_not(None)) and count(
        m.Contract.actual_end_date.is_(None)
    )
    for model in (
        m.MonthlyHours, m.Milestone, m.BarrierScore, m.BarrierAction, m.Pmsmp,
        m.ContractSuspension, m.Enrolment, m.TrainingAttendance, m.DeclaredMonth, m.Convention,
    ):  # fmt: skip
        assert count(model=model), model.__name__
    names = s.scalars(sa.select(m.Person.usage_name + " " + m.Person.first_names)).all()
    assert any(not name.isascii() for name in names)


def test_people_are_eligible_and_cddi_run_under_a_pass(session_of_small) -> None:
    s = session_of_small
    diagnoses = s.scalars(sa.select(m.EligibilityDiagnosis)).all()
    assert len(diagnoses) == SMALL.people
    assert all(assess(c.criterion for c in d.criteria).eligible for d in diagnoses)
    with_cddi = set(
        s.scalars(
            sa.select(m.Contract.person_id).where(m.Contract.kind != ContractKind.FIRST_HOURS)
        )
    )
    with_pass = set(s.scalars(sa.select(m.PassIae.person_id)))
    assert with_cddi and with_cddi == with_pass


def test_the_same_seed_and_date_give_the_same_data(small: Path, tmp_path: Path) -> None:
    again = _generate(tmp_path / "again")
    assert _dump(again) == _dump(small)


def test_another_seed_gives_other_people(small: Path, tmp_path: Path) -> None:
    other = _generate(tmp_path / "other", seed=12, profile=dataclasses.replace(SMALL, people=12))
    names = {row[2] for row in _dump(other)["person"]}
    assert names != {row[2] for row in _dump(small)["person"][:12]}


def test_scales_go_from_the_demo_to_ten_times_the_large_database() -> None:
    assert for_scale(1) == LARGE
    assert for_scale(0.008).people == DEMO.people and for_scale(0.008).months == DEMO.months
    ten = for_scale(10)
    assert ten.people == 50_000 and ten.months == 120
    assert sum(len(w.teams) for w in ten.workshops) == 10 * sum(
        len(w.teams) for w in LARGE.workshops
    )
    for wrong in (0, -1, 10.5):
        with pytest.raises(ValueError):
            for_scale(wrong)


def test_demo_shows_what_a_visitor_should_see(demo_ctx) -> None:
    with demo_ctx.database.reading() as s:
        structure = s.scalars(sa.select(m.Structure)).one()
        assert structure.name == "Les Ateliers du Canal" and structure.is_demo
        workshops = {w.name: w.contract_kind for w in s.scalars(sa.select(m.Workshop))}
        assert workshops == {
            "Nettoyage": ContractKind.CDDI_REMOBILISING,
            "Restauration": ContractKind.CDDI_QUALIFYING,
        }
        roles = [staff.role for staff in s.scalars(sa.select(m.Staff).order_by(m.Staff.id))]
        assert roles == [Role.DIRECTION, Role.CIP, Role.CIP] + [Role.SUPERVISOR] * 3
        assert all(team.supervisors for team in s.scalars(sa.select(m.Team)))
        assert s.scalar(sa.select(sa.func.count()).select_from(m.Person)) == 40
        assert s.scalar(sa.select(sa.func.count()).select_from(m.SensitiveNote)) >= 2
        under_way = sa.select(sa.func.count()).select_from(m.Pmsmp)
        assert s.scalar(under_way.where(m.Pmsmp.start_date <= TODAY, m.Pmsmp.end_date >= TODAY))
        worked = sa.select(m.MonthlyHours.month).where(m.MonthlyHours.worked_minutes > 0)
        months = s.scalars(worked.distinct()).all()
        # Hours are typed up to October; November only has its training days so far.
        assert len(months) >= 12 and max(months) == dt.date(2026, 10, 1)
    assert demo_ctx.actor.role is Role.DIRECTION and demo_ctx.actor.name == "Isabelle Moreau"
