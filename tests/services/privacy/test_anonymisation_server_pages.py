"""After an anonymisation on a server, nothing that named her is left in the server's pages:
not in the tables' live rows, nor in the dead row versions an UPDATE or DELETE leaves, nor
in their indexes or TOAST tables (the tables it wrote are rewritten, ``db/server_vacuum``).

The pages are read as the server has them (``pageinspect``'s ``get_raw_page``, through the
buffer cache: what a copy of the cluster's files would show), every block of every
relation of the application's tables.
"""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from chantier_app.db import models as m
from chantier_app.db.backup import backup_name, list_backups, server_folder
from chantier_app.services.privacy.erasure import anonymise_with_backup
from chantier_app.services.privacy.retention import RetentionStep
from chantier_app.services.safety import backups
from tests.live_data import copy_live
from tests.services.privacy.test_anonymisation_trail import IDENTIFYING, _variants
from tests.services.privacy.test_anonymisation_trail import _hits as file_hits
from tests.services.retention_factory import SECRETS, former_employee

pytestmark = pytest.mark.postgres_only
LATER = dt.date(2031, 6, 1)  # past both of her retention dates

# Every relation holding the application's rows: its tables, their indexes, TOAST tables
# and the TOAST tables' indexes.
PAGES = """
WITH tables AS (
    SELECT oid, reltoastrelid FROM pg_class
    WHERE relnamespace = current_schema()::text::regnamespace AND relkind = 'r'
), relations AS (
    SELECT oid FROM tables
    UNION SELECT reltoastrelid FROM tables WHERE reltoastrelid <> 0
    UNION SELECT indexrelid FROM pg_index
          WHERE indrelid IN (SELECT oid FROM tables UNION SELECT reltoastrelid FROM tables)
)
SELECT get_raw_page(r.oid::regclass::text, block)
FROM relations r,
     generate_series(0, pg_relation_size(r.oid) / current_setting('block_size')::int - 1) block
"""


def _pages(url: str) -> bytes:
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pageinspect")
            return b"".join(bytes(page) for page in conn.execute(sa.text(PAGES)).scalars())
    finally:
        engine.dispose()


def _hits(raw: bytes) -> list[str]:
    return [
        name for name, secret in IDENTIFYING.items() if any(f in raw for f in _variants(secret))
    ]


@pytest.fixture
def former(demo_ctx) -> int:
    with demo_ctx.database.transaction() as session:
        return former_employee(session, demo_ctx.actor)


def test_an_update_leaves_the_old_value_in_the_pages(demo_ctx, former) -> None:
    """What the rewrite is for: without it, the server keeps the value an UPDATE replaced."""
    with demo_ctx.database.transaction() as session:
        person = session.get(m.Person, former)
        assert person is not None
        person.email = "remplacee@example.org"
    assert "email" in _hits(_pages(demo_ctx.database.url))


def test_nothing_names_her_in_the_server_s_pages_after_the_anonymisation(demo_ctx, former) -> None:
    url = demo_ctx.database.url
    assert {"nir", "email", "phone", "usage_name"} <= set(_hits(_pages(url)))
    done = anonymise_with_backup(demo_ctx, former, RetentionStep.ANONYMISE, today=LATER)
    assert {"person", "audit_entry", "contract", "monthly_hours"} <= set(done.rewritten.tables)
    assert done.rewritten.left == ()
    assert _hits(_pages(url)) == []
    with demo_ctx.database.reading() as session:  # the anonymous figures stay
        person = session.get(m.Person, former)
        assert person is not None and person.anonymised_at is not None
        assert session.query(m.MonthlyHours).count() > 0


def test_the_support_s_erasing_rewrites_what_it_wrote(demo_ctx, former) -> None:
    url = demo_ctx.database.url
    support = ("sensitive", "milestone", "objectives", "barrier_comment", "action", "partner")
    raw = _pages(url)
    assert all(SECRETS[key].encode() in raw for key in support)
    done = anonymise_with_backup(demo_ctx, former, RetentionStep.SUPPORT, today=LATER)
    assert {"sensitive_note", "milestone", "barrier_action"} <= set(done.rewritten.tables)
    assert done.rewritten.left == ()
    raw = _pages(url)
    assert [key for key in support if SECRETS[key].encode() in raw] == []
    assert SECRETS["usage_name"].encode() in raw  # her identity stays until anonymised


def test_the_server_s_backups_have_their_own_folder_and_are_anonymised(demo_ctx, former) -> None:
    """The server's backups in backups/serveur-…, rotated apart from the folder's own; the
    anonymisation reaches both (the folder's backup from before copier-depuis holds her
    under the same number and creation time)."""
    backups_dir = demo_ctx.paths.backups_dir
    before_move = copy_live(demo_ctx.database, backups_dir / backup_name("avant-copie"))
    on_server = backups.backup_now(demo_ctx)
    folder = server_folder(backups_dir, demo_ctx.database.url)
    assert on_server.parent == folder == backups.backups_folder(demo_ctx)
    assert [b.path for b in list_backups(backups_dir)] == [before_move]
    assert file_hits([before_move, on_server])
    done = anonymise_with_backup(demo_ctx, former, RetentionStep.ANONYMISE, today=LATER)
    assert {before_move.name, on_server.name, done.backup_name} <= set(done.backups.anonymised)
    assert (folder / done.backup_name).is_file()  # the one taken before, on the server's side
    every = [b.path for f in (backups_dir, folder) for b in list_backups(f)]
    assert file_hits(every) == []
