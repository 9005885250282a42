"""Reading the audit trail: the director only, by dates, with names; the export is traced."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.domain.codes.person_codes import Civility
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.errors import PermissionDeniedError
from chantier_app.services import audit
from chantier_app.services.context import Actor, AppContext


def _entry(session, at: dt.datetime, **fields) -> None:  # type: ignore[no-untyped-def]
    session.add(m.AuditEntry(at=at, entity=fields.pop("entity", "person"), **fields))


@pytest.fixture
def trail(ctx: AppContext) -> dict[str, int]:
    with ctx.database.transaction() as session:
        person = m.Person(civility=Civility.MRS, usage_name="Lefèvre", first_names="Élodie")
        session.add(person)
        session.flush()
        _entry(
            session,
            dt.datetime(2026, 9, 1, 8, 0),
            action="create",
            entity_id=person.id,
            person_id=person.id,
            staff_name="Isabelle Moreau",
            summary="création",
        )
        _entry(
            session,
            dt.datetime(2026, 10, 15, 23, 59, 59),
            action="print",
            entity="contract",
            entity_id=4,
            person_id=person.id,
            staff_name="Karim Haddad",
        )
        _entry(
            session,
            dt.datetime(2026, 10, 16, 0, 0),
            action="update",
            entity_id=99,
            person_id=99,
            staff_name=None,
            summary="champs modifiés : adresse",
        )
        _entry(session, dt.datetime(2026, 11, 2, 9, 30), action="backup", entity="database")
        return {"person": person.id}


def test_director_reads_the_trail_newest_first_with_names(ctx: AppContext, trail) -> None:
    page = ctx.read(audit.list_entries)
    assert not page.truncated
    assert [r.action_label for r in page.rows] == [
        "Sauvegarde",
        "Modification",
        "Impression",
        "Création",
    ]
    created = page.rows[-1]
    assert created.person_name == "LEFÈVRE Élodie"
    assert created.entity_label == "salarié" and created.staff_name == "Isabelle Moreau"
    assert page.rows[1].person_name == "n° 99 (supprimé)"
    assert page.rows[1].staff_name == "Système"
    assert page.rows[2].entity_label == "contrat"


@pytest.mark.parametrize(
    ("since", "until", "actions"),
    [
        (dt.date(2026, 10, 15), dt.date(2026, 10, 15), ["print"]),  # the whole last day
        (dt.date(2026, 10, 16), None, ["backup", "update"]),
        (None, dt.date(2026, 9, 1), ["create"]),
        (dt.date(2026, 12, 1), None, []),
    ],
)
def test_dates_are_whole_days(ctx: AppContext, trail, since, until, actions) -> None:
    page = ctx.read(audit.list_entries, since=since, until=until)
    assert [r.action for r in page.rows] == actions


def test_a_long_period_is_cut_and_says_so(ctx: AppContext, trail) -> None:
    page = ctx.read(audit.list_entries, limit=2)
    assert page.truncated and len(page.rows) == 2


def test_only_the_director_reads_the_trail(ctx: AppContext, trail, database) -> None:
    cip = AppContext(database, Actor(None, "Camille", Role.CIP), ctx.paths)
    with pytest.raises(PermissionDeniedError, match="consulter le journal"):
        cip.read(audit.list_entries)
    with database.reading() as session:  # the refusal itself is in the trail
        refused = session.scalars(select(m.AuditEntry).where(m.AuditEntry.action == "refused"))
        assert [e.staff_name for e in refused] == ["Camille"]


def test_export_writes_the_rows_and_is_traced(ctx: AppContext, trail, tmp_path: Path) -> None:
    rows = ctx.read(audit.list_entries).rows
    path = ctx.run(audit.export_csv, rows[2:], tmp_path / "journal.csv")
    lines = path.read_bytes().decode("utf-8-sig").splitlines()
    assert lines[0] == "Date;Heure;Personnel;Action;Objet;N°;Salarié;Détail"
    assert lines[1] == "15/10/2026;23:59:59;Karim Haddad;Impression;contrat;4;LEFÈVRE Élodie;"
    assert len(lines) == 3
    newest = ctx.read(audit.list_entries).rows[0]
    assert (newest.action, newest.summary) == ("export", "export du journal des actions : 2 lignes")
