"""Audit lines point to the person by reference: after an anonymisation nothing that names
her is left in the data file, its WAL, the backups made after or the logs; and no other
line of the trail changed, even one sharing her first name or containing her name."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select, text

from chantier_app.db import models as m
from chantier_app.db.engine import Database
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.identity_rules import format_nir
from chantier_app.domain.pass_iae import format_number
from chantier_app.services import audit
from chantier_app.services.people import pass_iae
from chantier_app.services.people.pass_corrections import correct_pass
from chantier_app.services.privacy.erasure import anonymise_with_backup
from chantier_app.services.privacy.retention import RetentionStep
from chantier_app.services.safety import backups
from chantier_app.services.structure import staff, workshops
from tests.live_data import live_files
from tests.services.retention_factory import NIR, SECRETS, former_employee

LATER = dt.date(2031, 6, 1)  # past both of her retention dates
# What names her: none of it may be left anywhere the application writes.
IDENTIFYING = {
    "usage_name": SECRETS["usage_name"],
    "birth_name": SECRETS["birth_name"],
    "first_names": SECRETS["first_names"],
    "nir": NIR,
    "nir_spaced": format_nir(NIR),
    "pass": SECRETS["pass_number"],
    "pass_spaced": format_number(SECRETS["pass_number"]),
    "phone": SECRETS["phone"],
    "email": SECRETS["email"],
    "address": SECRETS["address_line1"],
}


@pytest.fixture
def former(demo_ctx) -> int:
    """The former employee, her PASS IAE changed through the service (an audit line), and a
    line of an older version naming her inside a file name."""
    with demo_ctx.database.transaction() as session:
        person_id = former_employee(session, demo_ctx.actor)
    [record] = demo_ctx.read(pass_iae.list_passes, person_id)
    demo_ctx.run(
        correct_pass,
        record.id,
        pass_iae.PassInput(
            SECRETS["pass_number"], dt.date(2025, 1, 6), dt.date(2027, 1, 5), "Vérifié"
        ),
        "Dates du PASS",
        acknowledge_warnings=True,
    )
    with demo_ctx.database.transaction() as session:  # a line an older version wrote
        audit.record(
            session, demo_ctx.actor, audit.Action.EXPORT, "person", person_id,
            person_id=person_id, summary=f"fiche exportée : fiche_{SECRETS['usage_name']}_2025.csv",
        )  # fmt: skip
    return person_id


def _variants(text: str) -> set[bytes]:
    forms = {text, text.upper(), text.lower(), text.replace(" ", "")}
    return {f.encode("utf-8") for f in forms} | {f.encode("utf-16-le") for f in forms}


def _hits(files: list[Path]) -> list[tuple[str, str]]:
    found = []
    for path in files:
        raw = path.read_bytes()
        for name, secret in IDENTIFYING.items():
            if any(form in raw for form in _variants(secret)):
                found.append((path.name, name))
    return found


def test_the_pass_number_is_not_written_in_the_trail(demo_ctx, former) -> None:
    with demo_ctx.database.reading() as session:
        lines = session.scalars(
            select(m.AuditEntry.summary).where(m.AuditEntry.entity == "pass_iae")
        ).all()
    assert "correction : PASS IAE : notes corrigé(s)" in lines
    assert not [line for line in lines if line and SECRETS["pass_number"][:5] in line]


def test_nothing_names_her_on_disk_after_the_anonymisation(demo_ctx, former, tmp_path) -> None:
    made_before = anonymise_with_backup(
        demo_ctx, former, RetentionStep.ANONYMISE, today=LATER
    ).backup_name
    backups.backup_now(demo_ctx)  # the backups made after, as at the next close
    after = [b for b in backups.backups_folder(demo_ctx).iterdir() if b.name != made_before]
    logs = sorted(demo_ctx.paths.logs_dir.rglob("*")) if demo_ctx.paths.logs_dir.exists() else []
    live = live_files(demo_ctx.database, tmp_path)
    files = [*live, *after, *(p for p in logs if p.is_file())]
    assert len(after) >= 1
    assert _hits(files) == []


def _others(database: Database, person_id: int) -> list[tuple]:
    """Every line of the trail that is not about ``person_id``, every column."""
    with database.engine.connect() as conn:
        return [
            tuple(row)
            for row in conn.execute(
                text(
                    "SELECT * FROM audit_entry WHERE coalesce(person_id, 0) != :person "
                    "AND NOT (entity = 'person' AND coalesce(entity_id, 0) = :person) "
                    "ORDER BY id"
                ),
                {"person": person_id},
            )
        ]


def test_no_other_line_changes(demo_ctx, former) -> None:
    first, last = SECRETS["first_names"], SECRETS["usage_name"]
    # A colleague with her first name, a workshop whose name contains her name, another
    # employee's line whose file name contains both as parts of longer words.
    demo_ctx.run(
        staff.create_account,
        staff.AccountInput("Martin", first, Role.CIP, "z.martin"),
    )
    demo_ctx.run(workshops.save_workshop, None, workshops.WorkshopInput(f"Les {last}ques"))
    with demo_ctx.database.transaction() as session:
        other = session.scalars(select(m.Person.id).where(m.Person.id != former)).first()
        audit.record(
            session, demo_ctx.actor, audit.Action.EXPORT, "person", other, person_id=other,
            summary=f"liste exportée (fiche-{last}-{first}ette.csv)",
        )  # fmt: skip
        # A line an older version wrote about her: her PASS number and names in the text.
        audit.record(
            session, demo_ctx.actor, audit.Action.CREATE, "pass_iae", person_id=former,
            summary=f"PASS IAE {format_number(SECRETS['pass_number'])} enregistré ({first})",
        )  # fmt: skip
    before = _others(demo_ctx.database, former)
    assert any(first in str(row) for row in before)  # the traps are there
    anonymise_with_backup(demo_ctx, former, RetentionStep.ANONYMISE, today=LATER)
    newest = max(row[0] for row in before)
    assert [row for row in _others(demo_ctx.database, former) if row[0] <= newest] == before
    with demo_ctx.database.reading() as session:
        own = session.scalars(
            select(m.AuditEntry.summary).where(m.AuditEntry.person_id == former)
        ).all()
    assert "PASS IAE [personne anonymisée] enregistré ([personne anonymisée])" in own
    assert not [line for line in own if line and (first in line or last in line)]
