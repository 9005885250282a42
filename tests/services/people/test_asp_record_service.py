"""The « Fiche salarié ASP » through the service: who sees what of it, and the incomplete list."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.domain.asp_fields import FieldStatus
from chantier_app.domain.errors import PermissionDeniedError
from chantier_app.services.context import AppContext
from chantier_app.services.people import asp_record
from chantier_app.services.structure.accounts import actor_for


def _actors(demo_ctx: AppContext) -> dict[str, object]:
    with demo_ctx.database.reading() as session:
        return {s.login: actor_for(s) for s in session.scalars(select(m.Staff))}


def test_disability_and_justice_fields_are_for_the_referent_only(demo_ctx) -> None:
    actors = _actors(demo_ctx)
    cip1 = actors["cip1"]
    with demo_ctx.database.reading() as session:
        other = session.scalars(select(m.Person.id).where(m.Person.cip_id != cip1.staff_id)).first()
    mine = AppContext(demo_ctx.database, cip1).read(asp_record.employee_record, other).record
    full = (
        AppContext(demo_ctx.database, actors["direction"])
        .read(asp_record.employee_record, other)
        .record
    )
    for key in ("salarieRQTH", "salarieOETH", "salarieBenefAAH", "salarieSortantDetention",
                "orienteur"):  # fmt: skip
        assert mine.field(key).status is FieldStatus.HIDDEN and mine.field(key).value == "réservé"
        assert full.field(key).status is not FieldStatus.HIDDEN
    # Situation and social benefits: every CIP (they type the record into the Extranet).
    assert mine.field("salarieBenefRSA") == full.field("salarieBenefRSA")
    with pytest.raises(PermissionDeniedError):
        AppContext(demo_ctx.database, actors["encadrant1"]).read(asp_record.employee_record, other)


def test_the_incomplete_list_names_the_fields_and_follows_the_records(demo_ctx) -> None:
    rows = demo_ctx.read(asp_record.incomplete_records)
    assert rows and all(r.in_path and (r.missing or r.invalid) for r in rows)
    for row in rows[:5]:
        record = demo_ctx.read(asp_record.employee_record, row.person_id).record
        assert not record.complete
        assert {f.label for f in record.problems} == set(row.problems)
    complete = {r.person_id for r in rows}
    with demo_ctx.database.reading() as session:
        in_path = session.scalars(
            select(m.Contract.person_id).where(m.Contract.actual_end_date.is_(None))
        ).all()
    for person_id in set(in_path) - complete:
        assert demo_ctx.read(asp_record.employee_record, person_id).record.complete
