"""The anonymisation reaches the backups made before it: every backup of ``backups/``
holds nothing of her afterwards, the other people's rows in each are as they were, each
backup stays sound at its schema revision; one that cannot be anonymised is named; the
copies written elsewhere are listed for the direction to wipe (issue 16, point 3)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.db.check import integrity_ok
from chantier_app.services import audit
from chantier_app.services.privacy.erasure import anonymise_with_backup
from chantier_app.services.privacy.retention import RetentionStep
from chantier_app.services.safety import backups
from tests.services.privacy.test_anonymisation_trail import _hits
from tests.services.retention_factory import former_employee

LATER = dt.date(2031, 6, 1)  # past both of her retention dates
pytestmark = pytest.mark.sqlite_only(reason="reads the raw bytes of SQLite backup files")


def _backup_twice(ctx) -> list[Path]:
    """Two backups holding her, with a change between them (else the second is dropped)."""
    first = backups.backup_now(ctx)
    with ctx.database.transaction() as session:
        audit.record(session, ctx.actor, audit.Action.EXPORT, "database", summary="liste")
    return [first, backups.backup_now(ctx)]


@pytest.fixture
def former(demo_ctx) -> int:
    with demo_ctx.database.transaction() as session:
        return former_employee(session, demo_ctx.actor)


def _others(path: Path, person_id: int) -> dict[str, list[tuple]]:
    """Every row of the tables that name people, other than hers."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        return {
            "person": conn.execute("SELECT * FROM person WHERE id != ? ORDER BY id", (person_id,)).fetchall(),
            "contract": conn.execute("SELECT * FROM contract WHERE person_id != ? ORDER BY id", (person_id,)).fetchall(),
            "pass_iae": conn.execute("SELECT * FROM pass_iae WHERE person_id != ? ORDER BY id", (person_id,)).fetchall(),
            "audit": conn.execute(
                "SELECT * FROM audit_entry WHERE coalesce(person_id, 0) != ? "
                "AND NOT (entity = 'person' AND coalesce(entity_id, 0) = ?) ORDER BY id",
                (person_id, person_id),
            ).fetchall(),
        }  # fmt: skip


def _revision(path: Path) -> str:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]


def test_every_backup_made_before_is_anonymised_and_only_for_her(demo_ctx, former) -> None:
    made = _backup_twice(demo_ctx)
    assert _hits(made)  # the backups made before do hold her
    before = {p.name: (_others(p, former), _revision(p)) for p in made}
    done = anonymise_with_backup(demo_ctx, former, RetentionStep.ANONYMISE, today=LATER)
    every = sorted(demo_ctx.paths.backups_dir.glob("chantier-*.sqlite3"))
    assert {p.name for p in made} | {done.backup_name} <= {p.name for p in every}
    assert set(done.backups.anonymised) == {p.name for p in made} | {done.backup_name}
    assert done.backups.refused == ()
    assert _hits(every) == []
    for path in made:
        assert integrity_ok(path)
        assert (_others(path, former), _revision(path)) == before[path.name], path.name
    # No working copy left beside them.
    assert [p.name for p in demo_ctx.paths.backups_dir.iterdir() if ".part" in p.name] == []


def test_a_backup_that_cannot_be_anonymised_is_named_not_kept_silently(demo_ctx, former) -> None:
    _backup_twice(demo_ctx)
    damaged = demo_ctx.paths.backups_dir / "chantier-20250301-101500-000000-manuelle.sqlite3"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x07" * 8000)
    done = anonymise_with_backup(demo_ctx, former, RetentionStep.ANONYMISE, today=LATER)
    [message] = done.backups.refused
    assert damaged.name in message and "n'a pas pu être anonymisée" in message
    assert "endommagée" in message and "supprimez-la" in message
    assert damaged.read_bytes().startswith(b"SQLite format 3\x00\x07")  # left as it was
    with demo_ctx.database.reading() as session:
        lines = session.scalars(
            select(m.AuditEntry.summary).where(m.AuditEntry.entity == "backup")
        ).all()
    assert any(line and damaged.name in line for line in lines)  # the trail names it too


def test_copies_made_elsewhere_are_listed(demo_ctx, former, tmp_path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    copy = backups.save_to(demo_ctx, usb)
    done = anonymise_with_backup(demo_ctx, former, RetentionStep.ANONYMISE, today=LATER)
    assert [c.path for c in done.copies_elsewhere] == [str(copy)]
    assert not done.copies_elsewhere[0].clear
    assert copy.exists() and _hits([copy])  # out of reach: the direction wipes it


def test_a_backup_made_before_she_was_recorded_is_left_byte_for_byte(demo_ctx) -> None:
    old = backups.backup_now(demo_ctx)
    raw = old.read_bytes()
    with demo_ctx.database.transaction() as session:
        former = former_employee(session, demo_ctx.actor)
    done = anonymise_with_backup(demo_ctx, former, RetentionStep.ANONYMISE, today=LATER)
    assert old.name not in done.backups.anonymised
    assert old.read_bytes() == raw
