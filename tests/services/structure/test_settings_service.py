"""Structure settings, workshops and teams: direction edits, everything checked first."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.errors import PermissionDeniedError, ValidationError
from chantier_app.services.context import AppContext
from chantier_app.services.structure import settings, staff, workshops
from chantier_app.services.structure.accounts import actor_for
from chantier_app.services.structure.staff import AccountInput
from chantier_app.services.structure.workshops import TeamInput, WorkshopInput
from tests.services.accounts_factory import set_up


@pytest.fixture
def director(database) -> AppContext:
    return set_up(database)


def test_settings_are_saved_and_their_change_recorded(director, database) -> None:
    current = director.read(settings.get_structure)
    assert current is not None and current.annual_fulltime_hours == 1607
    changed = director.run(
        settings.save_structure,
        dataclasses.replace(
            current,
            siret="732 829 320 00074",
            holiday_region="57",
            hourly_wage="12,02",
            idle_lock_minutes=5,
            retention_support_years=3,
            cip_sees_all_sensitive=True,
        ),
    )
    assert changed == [
        "notes confidentielles visibles de tous les CIP",
        "jours fériés",
        "salaire horaire",
        "verrouillage",
        "conservation de l'accompagnement",
    ]
    with database.reading() as session:
        structure = session.scalars(select(m.Structure)).one()
        assert structure.hourly_wage == Decimal("12.02") and structure.holiday_region == "57"
        assert structure.siret == "73282932000074" and structure.idle_lock_minutes == 5
    assert director.read(settings.get_structure).hourly_wage == "12,02"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": ""}, "name"),
        ({"siret": "73282932000075"}, "siret"),
        ({"postal_code": "7501"}, "postal_code"),
        ({"holiday_region": "99"}, "holiday_region"),
        ({"annual_fulltime_hours": 999}, "annual_fulltime_hours"),
        ({"hourly_wage": "onze"}, "hourly_wage"),
        ({"hourly_wage": "-3"}, "hourly_wage"),
        ({"retention_support_years": 0}, "retention_support_years"),
        ({"retention_hr_years": 4}, "retention_hr_years"),
        ({"idle_lock_minutes": 0}, "idle_lock_minutes"),
        ({"idle_lock_minutes": 241}, "idle_lock_minutes"),
    ],
)
def test_bad_settings_are_refused_and_nothing_changes(director, changes, field) -> None:
    before = director.read(settings.get_structure)
    with pytest.raises(ValidationError) as refused:
        director.run(settings.save_structure, dataclasses.replace(before, **changes))
    assert field in refused.value.by_field
    assert director.read(settings.get_structure) == before


def test_only_the_direction_edits_settings_workshops_and_teams(director, database) -> None:
    created = director.run(staff.create_account, AccountInput("Bensaïd", "Rachid", Role.CIP, "rb"))
    with database.reading() as session:
        cip = AppContext(database, actor_for(session.get(m.Staff, created.staff_id)))
    current = cip.read(settings.get_structure)
    with pytest.raises(PermissionDeniedError, match="modifier les paramètres"):
        cip.run(settings.save_structure, dataclasses.replace(current, name="Autre"))
    with pytest.raises(PermissionDeniedError):
        cip.run(workshops.save_workshop, None, WorkshopInput("Espaces verts"))
    assert director.read(settings.get_structure).name == "Les Ateliers du Canal"


def test_workshops_and_teams_with_their_supervisors(director) -> None:
    marc = director.run(
        staff.create_account, AccountInput("Petitjean", "Marc", Role.SUPERVISOR, "mp")
    ).staff_id
    rachid = director.run(
        staff.create_account, AccountInput("Bensaïd", "Rachid", Role.CIP, "rb")
    ).staff_id
    cleaning = director.run(
        workshops.save_workshop, None, WorkshopInput("Nettoyage", default_weekly_hours="26")
    )
    with pytest.raises(ValidationError, match="déjà utilisé"):
        director.run(workshops.save_workshop, None, WorkshopInput("nettoyage"))
    with pytest.raises(ValidationError, match="entre 1 et 35"):
        director.run(workshops.save_workshop, None, WorkshopInput("Cuisine", default_weekly_hours="40"))  # fmt: skip
    team = director.run(workshops.save_team, None, TeamInput(cleaning, "Équipe A", [marc]))
    assert team.supervisor_names == ("Marc Petitjean",)
    with pytest.raises(ValidationError, match="encadrant technique"):
        director.run(workshops.save_team, team.id, TeamInput(cleaning, "Équipe A", [rachid]))
    director.run(workshops.save_team, team.id, TeamInput(cleaning, "Équipe Nord", [marc], False))
    director.run(workshops.save_workshop, cleaning, WorkshopInput("Nettoyage", active=False))
    [view] = director.read(workshops.list_workshops)
    assert (view.name, view.active, view.default_weekly_minutes) == ("Nettoyage", False, None)
    assert [(t.name, t.active) for t in view.teams] == [("Équipe Nord", False)]
    assert [c.name for c in director.read(workshops.supervisor_choices)] == ["Marc Petitjean"]
