"""Shared fixtures: a real SQLite file per test, migrated like the application does.

With ``--postgres`` (or ``CHANTIER_TEST_POSTGRES=1``) the database fixtures are PostgreSQL
databases instead, on a throw-away cluster started once for the run (tests/postgres.py).
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# No test reads or writes the keyring of the machine it runs on: none by default (as on a
# bare Linux session); a test that needs one installs its own (tests/file_keyring.py).
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from chantier_app.db.engine import Database
from chantier_app.paths import AppPaths, resolve_paths
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.safety.bootstrap import open_data
from tests import postgres
from tests.database_templates import database_templates  # noqa: F401  (a fixture)
from tests.postgres import postgres_server  # noqa: F401  (the fixture, for --postgres)
from tests.postgres_tls import tls_server  # noqa: F401  (TCP, TLS and a password)

# Demo data and scenarios are built against a fixed date so tests do not depend on the clock.
TODAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _own_state_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """This user's state folder (log-in attempts beside no data: paths.attempts_file) is the
    test's own: never the real one, never shared between tests."""
    monkeypatch.setenv("CHANTIER_STATE_DIR", str(tmp_path / "etat-utilisateur"))


@pytest.fixture
def memory_keyring() -> Iterator[object]:
    """A system keyring for this test only (in memory), the machine's left alone."""
    import keyring

    from tests.file_keyring import MemoryKeyring

    before = keyring.get_keyring()
    kept = MemoryKeyring()
    keyring.set_keyring(kept)
    try:
        yield kept
    finally:
        keyring.set_keyring(before)


@pytest.fixture
def app_paths(tmp_path: Path) -> AppPaths:
    return resolve_paths(tmp_path / "data")


def pytest_addoption(parser: pytest.Parser) -> None:
    postgres.add_option(parser)


def pytest_configure(config: pytest.Config) -> None:
    postgres.configure(config)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    postgres.select_engine_tests(config, items)


@pytest.fixture
def database(request: pytest.FixtureRequest, app_paths: AppPaths) -> Iterator[Database]:
    if postgres.enabled(request.config):
        server: postgres.Server = request.getfixturevalue("postgres_server")
        with server.fresh_database(postgres.SCHEMA_TEMPLATE) as opened:
            yield opened
        return
    app_paths.ensure()
    empty_template: Path = request.getfixturevalue("empty_template")
    with (
        closing(sqlite3.connect(empty_template)) as source,
        closing(sqlite3.connect(app_paths.db_path)) as target,
    ):
        source.backup(target)
    opened = open_data(app_paths)
    yield opened.database
    opened.database.dispose()


@pytest.fixture(scope="session")
def empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty database migrated once per run as the application does (every migration from
    the first): each test copies it (SQLite's backup API) instead of running the 22 migrations
    again, which made the setup of each test 1.2 s of its time."""
    paths = resolve_paths(tmp_path_factory.mktemp("empty-template") / "data")
    opened = open_data(paths)
    opened.database.dispose()
    return paths.db_path


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    """A session in one transaction, committed at the end of the test if nothing failed."""
    with database.transaction() as session:
        yield session


@pytest.fixture
def actor() -> Actor:
    return Actor.system()


@pytest.fixture
def ctx(database: Database, actor: Actor, app_paths: AppPaths) -> AppContext:
    return AppContext(database, actor, app_paths)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo association, made once per run (through every service, it takes seconds)."""
    from chantier_app.synthetic.demo import create_demo

    paths = resolve_paths(tmp_path_factory.mktemp("demo-template") / "data")
    opened = open_data(paths)
    with opened.database.transaction() as session:
        create_demo(session, Actor.system(), today=TODAY)
    opened.database.dispose()
    return paths.db_path


@pytest.fixture
def demo_database(request: pytest.FixtureRequest, app_paths: AppPaths) -> Iterator[Database]:
    """A fresh copy of the demo for each test (SQLite's backup API: a consistent copy; on
    PostgreSQL, a database made from the demo's with ``CREATE DATABASE … TEMPLATE``)."""
    app_paths.ensure()
    if postgres.enabled(request.config):
        server: postgres.Server = request.getfixturevalue("postgres_server")
        with server.fresh_database(server.demo_template(TODAY)) as opened:
            yield opened
        return
    demo_template: Path = request.getfixturevalue("demo_template")
    with (
        closing(sqlite3.connect(demo_template)) as source,
        closing(sqlite3.connect(app_paths.db_path)) as target,
    ):
        source.backup(target)
    opened = open_data(app_paths)
    yield opened.database
    opened.database.dispose()


@pytest.fixture
def demo_ctx(demo_database: Database, app_paths: AppPaths) -> AppContext:
    from chantier_app.services.structure.accounts import startup_actor

    return AppContext(demo_database, startup_actor(demo_database), app_paths)
