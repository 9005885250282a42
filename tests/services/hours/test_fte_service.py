"""Consumed vs funded FTE for a year, the projection from contracts in force, conventions."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from fractions import Fraction

import pytest
import sqlalchemy as sa

from chantier_app.db import models as m
from chantier_app.domain.codes.hours_codes import HoursCategory as C
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.errors import PermissionDeniedError, ValidationError
from chantier_app.domain.fte import fte
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.hours import fte as fte_service
from chantier_app.services.hours import grid as hours
from chantier_app.services.hours.fte import ConventionInput
from chantier_app.services.hours.grid import MonthEntry
from tests.services.hours_helpers import add_contract, make_world

ANNUAL = 1607 * 60


def test_known_case_recorded_months_then_the_plan_at_the_observed_rate(ctx) -> None:
    """One 35 h CDDI over 2026; January and February entered at 90 % of the plan."""
    with ctx.database.transaction() as session:
        world = make_world(session)
        contract = add_contract(
            session, world, "DURAND Marie", start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31)
        )
        contract.weekly_minutes = 35 * 60
        other = m.Workshop(name="Restauration")
        session.add(other)
        session.flush()
        other_id = other.id
    # January 2026: 21 working days (1 Jan is a holiday) x 7 h; February: 20 x 7 h.
    january, february = 21 * 420, 20 * 420
    for month, planned in ((dt.date(2026, 1, 1), january), (dt.date(2026, 2, 1), february)):
        worked = planned * 9 // 10
        ctx.run(
            hours.save_month,
            month,
            [MonthEntry(contract.id, {C.WORKED: worked, C.SICK: planned - worked})],
        )
    ctx.run(fte_service.save_convention, ConventionInput(2026, None, "1,5"))
    report = ctx.read(fte_service.fte_report, 2026)
    year = report.fte
    assert year.as_of == dt.date(2026, 2, 1)
    assert year.consumed_minutes == (january + february) * 9 // 10
    assert year.rate == Fraction(9, 10)
    # The rest of 2026: 252 working days in all, minus January's and February's 41, at 90 %.
    assert sum(mo.minutes for mo in year.months if mo.projected) == (252 - 41) * 378
    assert year.projected_minutes == 252 * 378
    assert year.funded_fte == Decimal("1.5")
    assert year.consumed_fte == fte(year.consumed_minutes, ANNUAL)
    assert report.scope == "Toute la structure"
    assert ctx.read(fte_service.fte_report, 2026, other_id).fte.consumed_minutes == 0


def test_funded_fte_is_global_or_the_sum_of_the_workshops(ctx) -> None:
    with ctx.database.transaction() as session:
        world = make_world(session)
        other = m.Workshop(name="Restauration")
        session.add(other)
        session.flush()
        other_id = other.id
    ctx.run(fte_service.save_convention, ConventionInput(2026, world.workshop_id, "10"))
    ctx.run(fte_service.save_convention, ConventionInput(2026, other_id, "12,5"))
    with ctx.database.reading() as session:
        assert fte_service._funded_fte(session, 2026, None) == Decimal("22.5")
        assert fte_service._funded_fte(session, 2026, other_id) == Decimal("12.5")
        assert fte_service._funded_fte(session, 2025, None) is None
    ctx.run(fte_service.save_convention, ConventionInput(2026, None, "20"))
    with ctx.database.reading() as session:
        assert fte_service._funded_fte(session, 2026, None) == Decimal(20)


def test_convention_edit_checks_its_fields_and_is_audited(ctx) -> None:
    with ctx.database.transaction() as session:
        make_world(session)
    created = ctx.run(fte_service.save_convention, ConventionInput(2026, None, "25", "ACI-75"))
    assert created.workshop_name == "Globale (toute la structure)"
    with pytest.raises(ValidationError) as refused:
        ctx.run(fte_service.save_convention, ConventionInput(2026, None, "abc", aid_amount="-5"))
    assert set(refused.value.by_field) == {"funded_fte", "aid_amount", "workshop"}
    edited = ctx.run(
        fte_service.save_convention, ConventionInput(2026, None, "26,5", "ACI-75", id=created.id)
    )
    assert edited.funded_fte == Decimal("26.5")
    assert [c.funded_fte for c in ctx.read(fte_service.list_conventions)] == [Decimal("26.5")]
    with ctx.database.reading() as session:
        summaries = session.scalars(
            sa.select(m.AuditEntry.summary).where(m.AuditEntry.entity == "convention")
        ).all()
    assert summaries[-1] == "Convention 2026 : ETP conventionnés"
    ctx.run(fte_service.delete_convention, created.id)
    assert ctx.read(fte_service.list_conventions) == []


def test_only_direction_edits_conventions(ctx) -> None:
    cip = AppContext(ctx.database, Actor(None, "Sophie", Role.CIP))
    with pytest.raises(PermissionDeniedError):
        cip.run(fte_service.save_convention, ConventionInput(2026, None, "25"))


def test_demo_year_consumption_and_projection(demo_ctx) -> None:
    report = demo_ctx.read(fte_service.fte_report, 2026)
    year = report.fte
    assert year.as_of == dt.date(2026, 10, 1)  # the demo enters hours up to October
    assert year.funded_fte == Decimal("14.25")
    assert [mo.projected for mo in year.months] == [False] * 10 + [True] * 2
    assert 0 < year.consumed_fte < year.projected_fte < year.funded_fte
    cumulative = [mo.cumulative_minutes for mo in year.months]
    assert cumulative == sorted(cumulative)


def test_a_convention_corrected_then_deleted_keeps_each_previous_version(ctx) -> None:
    """Issue 15: a slip in a convention (the funded FTE typed wrong, the wrong year deleted)
    can be put right: each previous version is kept, of no one's file."""
    with ctx.database.transaction() as session:
        make_world(session)
    created = ctx.run(fte_service.save_convention, ConventionInput(2026, None, "25", "ACI-75"))
    ctx.run(fte_service.save_convention, ConventionInput(2026, None, "25", "ACI-75", id=created.id))
    ctx.run(
        fte_service.save_convention, ConventionInput(2026, None, "26,5", "ACI-75", id=created.id)
    )
    ctx.run(fte_service.delete_convention, created.id)

    def versions() -> list[tuple[str, int | None, str, dict[str, object]]]:
        with ctx.database.reading() as session:
            rows = session.scalars(
                sa.select(m.RecordVersion)
                .where(m.RecordVersion.kind == "convention")
                .order_by(m.RecordVersion.id)
            ).all()
            return [(r.action, r.person_id, r.summary or "", json.loads(r.previous)) for r in rows]

    # A save that changed nothing keeps no version; the correction keeps the 25 FTE it
    # replaced, the deletion the 26.5 it removed, with the reference and the year.
    (corrected, deleted) = versions()
    assert corrected[:3] == ("correct", None, "Convention : ETP conventionnés corrigé(s)")
    assert (corrected[3]["funded_fte"], corrected[3]["reference"]) == ("25", "ACI-75")
    assert deleted[:3] == ("cancel", None, "Convention supprimée")
    assert (deleted[3]["funded_fte"], deleted[3]["year"]) == ("26.5", 2026)
    # A refused deletion (not the direction) leaves no version behind.
    again = ctx.run(fte_service.save_convention, ConventionInput(2027, None, "20"))
    cip = AppContext(ctx.database, Actor(None, "CIP", Role.CIP, frozenset()))
    with pytest.raises(PermissionDeniedError):
        cip.run(fte_service.delete_convention, again.id)
    assert len(versions()) == 2
