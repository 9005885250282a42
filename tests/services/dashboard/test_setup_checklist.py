"""« Mise en route »: each set-up step is done once what it asks for is in the data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from chantier_app.db import models as m
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.errors import PermissionDeniedError
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.dashboard import setup_checklist
from tests.contract_factories import add_person, add_workshop
from tests.services.accounts_factory import set_up

TODAY = dt.date(2026, 12, 3)


def _done(director: AppContext) -> dict[str, bool]:
    return {s.key: s.done for s in director.read(setup_checklist, TODAY).steps}


def test_a_first_start_is_set_up_step_by_step(database) -> None:
    director = set_up(database)
    checklist = director.read(setup_checklist, TODAY)
    assert [s.title for s in checklist.steps] == [
        "La structure",
        "Les ateliers et leurs équipes",
        "La convention 2026",
        "Les comptes du personnel",
        "Les premiers salariés",
    ]
    assert _done(director) == {
        "structure": True,  # the set-up asked for SIRET, address and the director's name
        "workshops": False,
        "conventions": False,
        "accounts": False,
        "people": False,
    }
    with database.transaction() as session:
        add_workshop(session)
        session.add(m.Convention(year=2025, funded_fte=Decimal("4")))  # last year's
    assert _done(director)["workshops"] and not _done(director)["conventions"]
    with database.transaction() as session:
        session.add(m.Convention(year=2026, funded_fte=Decimal("4")))
        session.add(m.Staff(last_name="Bensaïd", first_name="Rachid", role=Role.CIP))
    assert _done(director)["conventions"] and not _done(director)["accounts"]  # no encadrant
    with database.transaction() as session:
        session.add(m.Staff(last_name="Roux", first_name="Olivier", role=Role.SUPERVISOR))
        add_person(session)
    assert director.read(setup_checklist, TODAY).done


def test_an_incomplete_structure_is_the_first_step(database) -> None:
    director = set_up(database)
    with database.transaction() as session:
        session.query(m.Structure).one().siret = None
    assert not _done(director)["structure"]


def test_only_the_direction_sets_up(database) -> None:
    set_up(database)
    cip = AppContext(database, Actor(None, "Rachid Bensaïd", Role.CIP))
    with pytest.raises(PermissionDeniedError):
        cip.read(setup_checklist, TODAY)


def test_the_demo_is_set_up(demo_ctx) -> None:
    from tests.conftest import TODAY as DEMO_DAY

    assert demo_ctx.read(setup_checklist, DEMO_DAY).done
