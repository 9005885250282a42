"""``chantier serveur restaurer FICHIER URL``: a backup (the server's own snapshot taken
before a migration) restored into an empty, initialised server through copier-depuis's
machinery: the preview printed, then the rows, their counts and checksums compared, the
backup file only read. Real cluster (``pytest --postgres``), real files."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
import sqlalchemy as sa

from chantier_app.cli import main
from chantier_app.db import migrate, revisions
from chantier_app.db.engine import Database
from chantier_app.db.server_url import parse_server_url
from chantier_app.paths import AppPaths
from chantier_app.services.safety.server_open import open_server_data
from tests import postgres
from tests.commands.test_server_commands import _printed_sums, _server_counts

pytestmark = pytest.mark.postgres_only

OLDER = revisions.KNOWN_REVISIONS[-2]


@pytest.fixture
def ready_url(postgres_server: postgres.Server) -> Iterator[str]:
    with postgres_server.empty_database() as url:
        assert main(["serveur", "init", url]) == 0
        yield url


@pytest.fixture
def snapshot(demo_database: Database, app_paths: AppPaths) -> Path:
    """The demo's server at ``OLDER``, opened by the start: its backup before the migration."""
    from alembic import command

    with demo_database.engine.begin() as conn:
        command.downgrade(migrate.alembic_config(conn), OLDER)
    demo_database.dispose()
    opened = open_server_data(app_paths, parse_server_url(demo_database.url)[0], None)
    opened.database.dispose()
    assert opened.migration.backup is not None
    return opened.migration.backup


def _people(path: Path) -> int:
    with closing(sqlite3.connect(path)) as conn:
        return int(conn.execute("SELECT count(*) FROM person").fetchone()[0])


def test_a_server_s_backup_is_restored_into_an_empty_server(
    snapshot: Path, ready_url: str, capsys
) -> None:
    before = hashlib.sha256(snapshot.read_bytes()).hexdigest()
    people = _people(snapshot)
    capsys.readouterr()
    assert main(["serveur", "restaurer", str(snapshot), ready_url]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Sauvegarde {snapshot.name} du ")
    assert f"schéma {OLDER}, {people} personnes" in out  # the preview, before anything
    printed = _printed_sums(out)
    assert printed["person"][:2] == (people, people)
    assert all(rows == on_server for rows, on_server, _sum in printed.values())
    assert "lignes restaurées de" in out
    assert hashlib.sha256(snapshot.read_bytes()).hexdigest() == before  # only read
    on_server = _server_counts(ready_url)
    assert on_server["person"] == people
    engine = sa.create_engine(ready_url)
    try:
        with engine.connect() as conn:
            revision = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        engine.dispose()
    assert revision == revisions.HEAD_REVISION  # the older backup brought to this version


def test_a_server_that_holds_data_is_not_restored_over(
    snapshot: Path, demo_database: Database, capsys
) -> None:
    counts = _server_counts(demo_database.url)
    capsys.readouterr()
    assert main(["serveur", "restaurer", str(snapshot), demo_database.url]) == 1
    assert "contient déjà des données" in capsys.readouterr().err
    assert _server_counts(demo_database.url) == counts


def test_a_file_that_is_not_a_backup_is_refused(tmp_path: Path, ready_url: str, capsys) -> None:
    other = tmp_path / "autre.sqlite3"
    with closing(sqlite3.connect(other)) as conn:
        conn.execute("CREATE TABLE notes (texte TEXT)")
    assert main(["serveur", "restaurer", str(other), ready_url]) == 1
    err = capsys.readouterr().err
    assert "La sauvegarde autre.sqlite3 ne peut pas être restaurée" in err
    assert set(_server_counts(ready_url).values()) == {0}
