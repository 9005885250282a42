"""The classification of sensitive fields names real columns, and each role's clearance
follows the written rule (direction; CIP référent for health, disability, justice; every CIP
for the situation; nothing for an encadrant)."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.db.base import Base
from chantier_app.domain import sensitivity as rules
from chantier_app.domain.codes.barriers import Barrier
from chantier_app.domain.codes.eligibility_criteria import EligibilityCriterion
from chantier_app.domain.sensitivity import Audience, Category
from chantier_app.services import sensitivity
from chantier_app.services.context import AppContext
from chantier_app.services.structure import settings
from chantier_app.services.structure.accounts import actor_for

TABLES = Base.metadata.tables


@pytest.mark.parametrize("classified", rules.FIELDS, ids=lambda f: f.key)
def test_each_classified_field_is_a_column_with_a_french_label(classified) -> None:
    assert classified.name in TABLES[classified.entity].columns
    assert classified.label and classified.categories


@pytest.mark.parametrize("classified", rules.ROWS, ids=lambda r: r.entity)
def test_each_classified_table_is_told_by_a_code_column(classified) -> None:
    assert classified.code_field in TABLES[classified.entity].columns
    codes = {type(code) for code in classified.categories}
    assert len(codes) == 1  # every member of one code list, none forgotten
    assert set(classified.categories) == set(codes.pop())


@pytest.mark.parametrize(
    ("entity", "name", "who"),
    [
        ("pass_suspension", "reason", Audience.FOLLOWERS),  # Incarcération, Arrêt maladie
        ("pass_prolongation", "reason", Audience.FOLLOWERS),  # RQTH
        ("contract", "adjusted_sentence", Audience.FOLLOWERS),
        ("contract", "exit_reason", Audience.FOLLOWERS),  # Décision de justice
        ("person", "rqth", Audience.FOLLOWERS),
        ("person", "aah", Audience.FOLLOWERS),  # a benefit that tells a disability
        ("person", "rsa", Audience.OFFICE),
        ("person", "housing", Audience.OFFICE),
        ("person", "usage_name", None),
        ("contract", "start_date", None),
    ],
)
def test_a_field_goes_to_the_narrowest_audience_of_what_it_can_reveal(entity, name, who) -> None:
    assert rules.audience(entity, name) is who


def test_rows_are_classified_by_their_code() -> None:
    assert rules.row_audience("barrier_score", Barrier.HEALTH) is Audience.FOLLOWERS
    assert rules.row_audience("barrier_action", Barrier.JUSTICE) is Audience.FOLLOWERS
    assert rules.row_audience("barrier_score", Barrier.HOUSING) is Audience.OFFICE
    criterion = EligibilityCriterion.DISABLED_WORKER
    assert rules.row_audience("eligibility_criterion", criterion) is Audience.FOLLOWERS
    assert rules.row_audience("eligibility_criterion", EligibilityCriterion.RSA) is Audience.OFFICE
    assert rules.row_audience("milestone", Barrier.HEALTH) is None
    assert Category.SOCIAL.audience is Audience.OFFICE


def _actors(demo_ctx: AppContext) -> dict[str, object]:
    with demo_ctx.database.reading() as session:
        return {s.login: actor_for(s) for s in session.scalars(select(m.Staff))}


def test_each_role_clearance_on_a_followed_and_an_unfollowed_person(demo_ctx) -> None:
    actors = _actors(demo_ctx)
    with demo_ctx.database.reading() as session:
        cip1 = actors["cip1"]
        followed = session.scalars(select(m.Person).where(m.Person.cip_id == cip1.staff_id)).first()
        other = session.scalars(select(m.Person).where(m.Person.cip_id != cip1.staff_id)).first()
        seen = {
            (login, who): sensitivity.clearance(session, actors[login], person)
            for login in ("direction", "cip1", "encadrant1")
            for who, person in (("followed", followed), ("other", other))
        }
        many = sensitivity.clearances(session, cip1, [followed.id, other.id])
    assert seen["direction", "other"] == sensitivity.EVERYTHING
    assert seen["cip1", "followed"] == sensitivity.EVERYTHING
    assert seen["cip1", "other"] == sensitivity.Clearance(office=True, followers=False)
    assert seen["encadrant1", "followed"] == sensitivity.NOTHING
    assert many == {followed.id: seen["cip1", "followed"], other.id: seen["cip1", "other"]}
    hidden = seen["cip1", "other"].hidden("contract")
    assert {"adjusted_sentence", "exit_reason", "end_reason"} <= hidden
    assert seen["cip1", "other"].value("person", "rqth", True) is None
    assert seen["cip1", "other"].value("person", "rsa", "MAJORE") == "MAJORE"
    assert not seen["cip1", "other"].row("barrier_score", Barrier.HEALTH)
    assert seen["cip1", "other"].row("barrier_score", Barrier.MOBILITY)

    director = AppContext(demo_ctx.database, actors["direction"])
    current = director.read(settings.get_structure)
    director.run(settings.save_structure, dataclasses.replace(current, cip_sees_all_sensitive=True))
    with demo_ctx.database.reading() as session:
        assert sensitivity.clearance(session, cip1, other.id) == sensitivity.EVERYTHING
        assert sensitivity.clearance(session, actors["encadrant1"], other.id) == sensitivity.NOTHING
