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


def test_encrypted_backups_are_anonymised_under_their_key(app_paths) -> None:
    """A SQLCipher folder: each backup is rewritten encrypted under the same key, and read
    back with it holds her anonymised and everyone else as before."""
    from chantier_app.db import cipher
    from chantier_app.db.check import connect_readonly
    from chantier_app.services.context import AppContext
    from chantier_app.services.safety import encryption
    from chantier_app.services.safety.bootstrap import open_data
    from tests.services.accounts_factory import DIRECTOR_PASSWORD, set_up

    cipher.forget_keys()
    database = open_data(app_paths).database
    try:
        actor = set_up(database).actor
        with database.transaction() as session:
            former = former_employee(session, actor)
        ctx = AppContext(database, actor, app_paths)
        _backup_twice(ctx)
        encryption.encrypt_data(app_paths, database, actor, DIRECTOR_PASSWORD)
        made = list(app_paths.backups_dir.glob("chantier-*.sqlite3"))
        assert len(made) >= 2 and not any(cipher.is_clear(p) for p in made)

        def read(path: Path) -> tuple[list[tuple], list[tuple]]:
            with closing(connect_readonly(path)) as conn:
                her = conn.execute(
                    "SELECT usage_name, nir, phone FROM person WHERE id = ?", (former,)
                ).fetchall()
                rest = conn.execute("SELECT * FROM staff ORDER BY id").fetchall()
                return her, rest

        before = {p: read(p) for p in made}
        assert all(her[0][1] for her, _rest in before.values())  # her NIR is there
        done = anonymise_with_backup(ctx, former, RetentionStep.ANONYMISE, today=LATER)
        assert done.backups.refused == ()
        assert {p.name for p in made} <= set(done.backups.anonymised)
        for path in made:
            assert not cipher.is_clear(path) and integrity_ok(path)
            her, rest = read(path)
            assert her == [("ANONYME", None, None)] and rest == before[path][1]
    finally:
        database.dispose()
        cipher.forget_keys()


def test_someone_else_under_her_number_in_a_backup_is_not_touched(demo_ctx, former) -> None:
    """A backup made before a restore may hold another person under the same number: she is
    recognised by her number and her record's creation time, so that one stays as it was."""
    other = backups.backup_now(demo_ctx)
    with closing(sqlite3.connect(other)) as conn:  # another person recorded under that id
        conn.execute(
            "UPDATE person SET created_at = '2019-05-02 10:00:00.000000', usage_name = 'Autre' "
            "WHERE id = ?",
            (former,),
        )
        conn.commit()
    raw = other.read_bytes()
    done = anonymise_with_backup(demo_ctx, former, RetentionStep.ANONYMISE, today=LATER)
    assert other.name not in done.backups.anonymised and done.backups.refused == ()
    assert other.read_bytes() == raw


def test_a_backup_of_an_older_schema_is_migrated_then_anonymised(demo_ctx, former) -> None:
    """The documented choice: a copy of an older schema is brought to this version's (as a
    restore would) rather than kept holding her; it stays sound and restorable."""
    from alembic import command

    from chantier_app.db import migrate
    from chantier_app.db.backup import BackupStatus, inspect_backup
    from chantier_app.db.engine import Database
    from chantier_app.db.revisions import HEAD_REVISION, KNOWN_REVISIONS

    old = backups.backup_now(demo_ctx)
    plain = Database.open_file(old, foreign_keys=False)
    with plain.engine.begin() as conn:
        command.downgrade(migrate.alembic_config(conn), KNOWN_REVISIONS[-2])
    plain.dispose()
    assert inspect_backup(old).status is BackupStatus.OLDER and _hits([old])
    people = "SELECT id, usage_name, first_names, nir, phone FROM person WHERE id != ? ORDER BY id"
    with closing(sqlite3.connect(old)) as conn:
        before = conn.execute(people, (former,)).fetchall()
    done = anonymise_with_backup(demo_ctx, former, RetentionStep.ANONYMISE, today=LATER)
    assert old.name in done.backups.anonymised
    assert _hits([old]) == [] and integrity_ok(old)
    assert _revision(old) == HEAD_REVISION and inspect_backup(old).restorable
    with closing(sqlite3.connect(old)) as conn:
        assert conn.execute(people, (former,)).fetchall() == before


def test_a_crash_before_the_backups_is_finished_at_the_next_opening(demo_ctx, former) -> None:
    """The live data anonymised, the process killed before the backups' rewrite: the next
    writable opening anonymises her in the backups, once."""
    from chantier_app.services.privacy.erasure import anonymise_person
    from chantier_app.services.safety.bootstrap import open_data

    made = _backup_twice(demo_ctx)
    demo_ctx.run(anonymise_person, former, today=LATER)  # what committed before the crash
    assert all(_hits([p]) for p in made)
    demo_ctx.database.dispose()

    def lines() -> list[str]:
        with closing(sqlite3.connect(demo_ctx.paths.db_path)) as conn:
            return [
                row[0]
                for row in conn.execute(
                    "SELECT summary FROM audit_entry WHERE action = 'anonymise' "
                    "AND entity = 'backup' AND person_id = ?",
                    (former,),
                )
            ]

    open_data(demo_ctx.paths).database.dispose()
    assert _hits(made) == [] and all(integrity_ok(p) for p in made)
    assert lines() == ["anonymisation reportée dans 2 sauvegarde(s)"]
    open_data(demo_ctx.paths).database.dispose()
    assert len(lines()) == 1  # done once
