"""Sign-in sheets and rest: a seventh day worked in a civil week refused (L3132-1), the
44 h average over 12 weeks a warning that spans several months' sheets (L3121-22)."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from chantier_app.db import models as m
from chantier_app.domain.codes.hours_codes import HoursCategory as C
from chantier_app.domain.errors import UnacknowledgedWarnings, ValidationError
from chantier_app.services.hours import daily as hours_daily
from tests.services.hours_helpers import add_contract, make_world

D = dt.date


@pytest.fixture
def contract_id(ctx) -> int:
    with ctx.database.transaction() as session:
        return add_contract(session, make_world(session), "DURAND Marie").id


def _stored_days(ctx) -> int:
    with ctx.database.reading() as session:
        return session.scalar(sa.select(sa.func.count()).select_from(m.DailyAttendance))


def test_seven_days_of_6_hours_in_a_row_are_refused(ctx, contract_id) -> None:
    """Monday 2 to Sunday 8 March: 42 h, under the 10 h and 48 h, but seven days."""
    week = {D(2026, 3, 2) + dt.timedelta(days=i): {C.WORKED: "6"} for i in range(7)}
    with pytest.raises(ValidationError) as refused:
        ctx.run(hours_daily.save_days, contract_id, D(2026, 3, 1), week)
    assert "hours_week_over_6_days" in refused.value.codes
    assert "au plus 6 jours par semaine (repos hebdomadaire, L3132-1" in refused.value.message
    assert _stored_days(ctx) == 0  # nothing written
    del week[D(2026, 3, 8)]  # Sunday off: six days
    ctx.run(hours_daily.save_days, contract_id, D(2026, 3, 1), week, acknowledge_warnings=True)
    assert _stored_days(ctx) == 6


def test_the_12_week_average_is_warned_on_the_sheet_completing_the_12_weeks(
    ctx, contract_id
) -> None:
    """46 h a week (5 days of 9 h 12) from Monday 5 January: January's and February's sheets
    hold 8 weeks; March's completes 12 weeks (5 January - 29 March) at 46 h on average."""

    def sheet(month: D) -> dict[D, dict[C, str]]:
        last = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        days = (month + dt.timedelta(days=i) for i in range((last - month).days))
        return {d: {C.WORKED: "9:12"} for d in days if d.weekday() < 5 and d >= D(2026, 1, 5)}

    for month in (D(2026, 1, 1), D(2026, 2, 1)):
        with pytest.raises(UnacknowledgedWarnings) as asked:
            ctx.run(hours_daily.save_days, contract_id, month, sheet(month))
        assert "hours_12_weeks_over_44h" not in asked.value.codes
        ctx.run(hours_daily.save_days, contract_id, month, sheet(month), acknowledge_warnings=True)
    with pytest.raises(UnacknowledgedWarnings) as asked:
        ctx.run(hours_daily.save_days, contract_id, D(2026, 3, 1), sheet(D(2026, 3, 1)))
    assert "hours_12_weeks_over_44h" in asked.value.codes
    assert (
        "Du 05/01/2026 au 29/03/2026 : 46 h par semaine en moyenne sur 12 semaines "
        "consécutives, au plus 44 h (L3121-22)."
    ) in asked.value.message
    result = ctx.run(
        hours_daily.save_days,
        contract_id,
        D(2026, 3, 1),
        sheet(D(2026, 3, 1)),
        acknowledge_warnings=True,
    )
    assert "hours_12_weeks_over_44h" in {w.code for w in result.warnings}
