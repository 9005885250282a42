"""GUI fixtures of the support area: a followed person and a navigator that records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from chantier_app.domain.codes.staff_codes import Role
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.support import schedule
from tests import support_factory as f
from tests.ui.support.support_gui import RecordingNav


@dataclass
class World:
    cip: AppContext
    supervisor: AppContext
    person_id: int
    other_person_id: int
    contract_id: int


@pytest.fixture
def world(database) -> World:
    """A CIP following Élodie LEFÈVRE, hired on 5 January 2026 for six months; a colleague's person."""
    with database.transaction() as session:
        cip, cip_actor = f.staff(session, Role.CIP)
        colleague, _ = f.staff(session, Role.CIP, last="Lacroix")
        _, supervisor = f.staff(session, Role.SUPERVISOR, last="Petitjean")
        person = f.person(session, "Lefèvre", cip)
        other = f.person(session, "Diallo", colleague)
        contract = f.contract(session, person, dt.date(2026, 1, 5), dt.date(2026, 7, 4))
        other_contract = f.contract(session, other, dt.date(2026, 1, 12), dt.date(2026, 7, 11))
        for row in (contract, other_contract):
            schedule.on_contract_changed(session, Actor.system(), row.id)
        ids = (person.id, other.id, contract.id)
    return World(
        AppContext(database, cip_actor), AppContext(database, supervisor), ids[0], ids[1], ids[2]
    )


@pytest.fixture
def nav() -> RecordingNav:
    return RecordingNav()
