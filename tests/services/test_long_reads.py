"""Long reads do not block writers (issue 21, several offices): a yearly report being read
holds its transaction open while another office saves a person's file. The save goes
through at once (no waiting for the report to finish), and the report still sees the data
as it was when it began: one snapshot, on SQLite (WAL) and on PostgreSQL (reading() runs
REPEATABLE READ READ ONLY there).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading

import sqlalchemy as sa

from chantier_app.db import models as m
from chantier_app.db.engine import Database
from chantier_app.domain.codes.person_codes import Civility
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.documents._report import yearly_report_data
from chantier_app.services.people import records as people
from tests.services.people_factory import nir_for, person_input

WAIT = 60  # seconds the save may take on a loaded machine before the test gives up
TODAY = dt.date(2026, 12, 3)
BORN = dt.date(1991, 3, 2)


def _people(session: sa.orm.Session) -> list[tuple[str, str | None]]:
    rows = session.execute(sa.select(m.Person.usage_name, m.Person.phone))
    return [(name, phone) for name, phone in rows]


def test_a_long_read_does_not_block_a_save_and_keeps_its_snapshot(database: Database) -> None:
    ctx = AppContext(database, Actor.system())
    with database.transaction() as session:
        session.add(
            m.Structure(
                name="Atelier test",
                siret="12345678200010",
                address_line1="1 rue du Port",
                postal_code="44000",
                city="Nantes",
            )
        )
    person_id = ctx.run(people.create_person, person_input(phone="06 00 00 00 01"))
    saved: dict[str, object] = {}

    def other_office() -> None:
        # Another office edits the file and adds a person while the report is open.
        ctx.run(people.update_person, person_id, person_input(phone="07 11 11 11 11"), today=TODAY)
        saved["new"] = ctx.run(
            people.create_person,
            person_input(
                usage_name="Durand",
                birth_date=BORN,
                nir=nir_for(Civility.MRS, BORN, order="456"),
                email="marie.durand@exemple.fr",
            ),
        )

    with database.reading() as reader:
        report = yearly_report_data(reader, 2026, today=TODAY)
        before = _people(reader)
        writer = threading.Thread(target=other_office)
        writer.start()
        writer.join(WAIT)  # a bounded wait: a save blocked by the read would hang here
        assert not writer.is_alive(), "the save waited for the open read"
        assert "new" in saved
        assert _people(reader) == before == [("Lefèvre", "06 00 00 00 01")]
        again = yearly_report_data(reader, 2026, today=TODAY)
        assert dataclasses.asdict(again) == dataclasses.asdict(report)

    with database.reading() as session:
        assert sorted(_people(session)) == [
            ("Durand", "06 12 34 56 78"),
            ("Lefèvre", "07 11 11 11 11"),
        ]
