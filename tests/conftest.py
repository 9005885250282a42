"""Shared fixtures: a real SQLite file per test, migrated like the application does."""

from __future__ import annotations

import datetime as dt
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from chantier_app.db.engine import Database
from chantier_app.paths import AppPaths, resolve_paths
from chantier_app.services.bootstrap import open_data
from chantier_app.services.context import Actor, AppContext

# Demo data and scenarios are built against a fixed date so tests do not depend on the clock.
TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def app_paths(tmp_path: Path) -> AppPaths:
    return resolve_paths(tmp_path / "data")


@pytest.fixture
def database(app_paths: AppPaths) -> Iterator[Database]:
    opened = open_data(app_paths)
    yield opened.database
    opened.database.dispose()


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


@pytest.fixture
def demo_database(database: Database) -> Database:
    from chantier_app.services.demo import create_demo

    with database.transaction() as session:
        create_demo(session, Actor.system(), today=TODAY)
    return database


@pytest.fixture
def demo_ctx(demo_database: Database, app_paths: AppPaths) -> AppContext:
    from chantier_app.services.accounts import startup_actor

    return AppContext(demo_database, startup_actor(demo_database), app_paths)
