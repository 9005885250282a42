"""Sign-in sheets: days checked one by one and by week, the month computed from them."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from chantier_app.db import models as m
from chantier_app.domain.codes.hours_codes import HoursCategory as C
from chantier_app.domain.errors import LockedError, UnacknowledgedWarnings, ValidationError
from chantier_app.services.hours import daily as hours_daily
from chantier_app.services.hours import grid as hours
from chantier_app.services.hours import person as hours_person
from chantier_app.services.hours.grid import MonthEntry
from tests.services.hours_helpers import add_contract, make_world

MARCH = dt.date(2026, 3, 1)
WEEKDAYS = [d for d in (MARCH + dt.timedelta(days=i) for i in range(31)) if d.weekday() < 5]


@pytest.fixture
def contract_id(ctx) -> int:
    with ctx.database.transaction() as session:
        return add_contract(session, make_world(session), "DURAND Marie").id


def month_row(ctx, contract_id) -> m.MonthlyHours | None:
    with ctx.database.reading() as session:
        return session.scalars(
            sa.select(m.MonthlyHours).where(m.MonthlyHours.contract_id == contract_id)
        ).first()


def test_the_month_is_the_sum_of_the_days(ctx, contract_id) -> None:
    days = {day: {C.WORKED: "5:12"} for day in WEEKDAYS}
    days[WEEKDAYS[0]] = {C.WORKED: "3", C.SICK: "2,2"}
    result = ctx.run(hours_daily.save_days, contract_id, MARCH, days)
    assert result.saved == 1 and result.warnings == ()
    row = month_row(ctx, contract_id)
    assert row.from_daily
    assert (row.worked_minutes, row.sick_minutes) == (21 * 312 + 180, 132)
    sheet = ctx.read(hours_daily.day_sheet, contract_id, MARCH)
    assert len(sheet.days) == 31 and sheet.days[1].values.worked == 180
    assert [d.day for d in sheet.days if d.values.total == 0][:2] == [MARCH, dt.date(2026, 3, 7)]
    # The monthly grid shows it and refuses a different value typed there.
    assert ctx.read(hours.month_grid, MARCH).rows[0].from_daily
    with pytest.raises(ValidationError, match="feuilles d'émargement"):
        ctx.run(hours.save_month, MARCH, [MonthEntry(contract_id, {C.WORKED: "1"})])
    (month,) = ctx.read(hours_person.person_hours, row_person(ctx, contract_id))
    assert month.from_daily and month.values.worked == 21 * 312 + 180


def row_person(ctx, contract_id) -> int:
    with ctx.database.reading() as session:
        return session.get(m.Contract, contract_id).person_id


@pytest.mark.parametrize(
    ("days", "code"),
    [
        ({dt.date(2026, 3, 3): {C.WORKED: "10:01"}}, "hours_day_over_10h"),
        ({d: {C.WORKED: "10"} for d in WEEKDAYS[:5]}, "hours_week_over_48h"),
        ({dt.date(2026, 3, 3): {C.WORKED: "x"}}, "hours_unreadable"),
    ],
)
def test_a_bad_day_saves_no_day(ctx, contract_id, days, code) -> None:
    good = {d: {C.WORKED: "5"} for d in WEEKDAYS[10:]}
    with pytest.raises(ValidationError) as refused:
        ctx.run(hours_daily.save_days, contract_id, MARCH, {**good, **days})
    assert code in refused.value.codes
    assert month_row(ctx, contract_id) is None
    with ctx.database.reading() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(m.DailyAttendance)) == 0


def test_a_week_across_two_months_counts_its_48_hours_whole(ctx, contract_id) -> None:
    """Monday 30 and Tuesday 31 March on March's sheet, Wednesday 1 to Friday 3 April on
    April's: 50 h in one week, refused on the second sheet (each month alone is fine)."""
    april = dt.date(2026, 4, 1)
    march_end = {dt.date(2026, 3, 30): {C.WORKED: "10"}, dt.date(2026, 3, 31): {C.WORKED: "10"}}
    ctx.run(hours_daily.save_days, contract_id, MARCH, march_end, acknowledge_warnings=True)
    april_start = {april + dt.timedelta(days=i): {C.WORKED: "10"} for i in range(3)}
    with pytest.raises(ValidationError) as refused:
        ctx.run(hours_daily.save_days, contract_id, april, april_start, acknowledge_warnings=True)
    assert "hours_week_over_48h" in refused.value.codes
    three_days = {april + dt.timedelta(days=i): {C.WORKED: "9"} for i in range(3)}
    ctx.run(hours_daily.save_days, contract_id, april, three_days, acknowledge_warnings=True)


def test_an_empty_sheet_gives_the_month_back_to_monthly_entry(ctx, contract_id) -> None:
    days = {day: {C.WORKED: "5:12"} for day in WEEKDAYS}
    ctx.run(hours_daily.save_days, contract_id, MARCH, days)
    ctx.run(hours_daily.save_days, contract_id, MARCH, {}, acknowledge_warnings=True)
    row = month_row(ctx, contract_id)
    assert not row.from_daily and row.worked_minutes == 0
    ctx.run(hours.save_month, MARCH, [MonthEntry(contract_id, {C.WORKED: "114,4"})])
    assert month_row(ctx, contract_id).worked_minutes == 6864


def test_a_declared_month_refuses_its_sheet(ctx, contract_id) -> None:
    ctx.run(hours.declare_month, MARCH)
    assert ctx.read(hours_daily.day_sheet, contract_id, MARCH).locked
    with pytest.raises(LockedError):
        ctx.run(hours_daily.save_days, contract_id, MARCH, {WEEKDAYS[0]: {C.WORKED: "5"}})


def test_a_month_entered_as_a_total_is_replaced_by_days_only_once_acknowledged(
    ctx, contract_id
) -> None:
    ctx.run(
        hours.save_month,
        MARCH,
        [MonthEntry(contract_id, {C.WORKED: "32,25"})],
        acknowledge_warnings=True,
    )
    sheet = ctx.read(hours_daily.day_sheet, contract_id, MARCH)
    assert sheet.month_total is not None and sheet.month_total.worked == 1935
    # An empty sheet saved as it is leaves the total alone.
    assert (
        ctx.run(hours_daily.save_days, contract_id, MARCH, {}, acknowledge_warnings=True).saved == 0
    )
    assert (month_row(ctx, contract_id).worked_minutes, month_row(ctx, contract_id).from_daily) == (
        1935,
        False,
    )
    one_day = {WEEKDAYS[0]: {C.WORKED: "7"}}
    with pytest.raises(UnacknowledgedWarnings) as refused:
        ctx.run(hours_daily.save_days, contract_id, MARCH, one_day)
    (replaced,) = [v for v in refused.value.violations if v.code == "month_total_replaced"]
    assert replaced.message == (
        "Mars 2026 a été saisi en total (32,25 h) : ce total sera remplacé par la somme des "
        "jours (7 h)."
    )
    assert month_row(ctx, contract_id).worked_minutes == 1935
    ctx.run(hours_daily.save_days, contract_id, MARCH, one_day, acknowledge_warnings=True)
    row = month_row(ctx, contract_id)
    assert (row.worked_minutes, row.from_daily) == (420, True)
    assert ctx.read(hours_daily.day_sheet, contract_id, MARCH).month_total is None
