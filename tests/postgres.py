"""The ``--postgres`` run: the database fixtures on a throw-away PostgreSQL cluster.

One cluster for the whole run; a template database migrated by Alembic (as
``chantier serveur init`` will), and one for the demo, made on first use. Each test gets
its own database, copied from a template by ``CREATE DATABASE … TEMPLATE`` (a file copy
on the server: milliseconds), and dropped after it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from chantier_app.db.engine import Database
from tests.postgres_cluster import Cluster

ENV = "CHANTIER_TEST_POSTGRES"
OPTION = "--postgres"
SCHEMA_TEMPLATE = "chantier_schema"
DEMO_TEMPLATE = "chantier_demo"
SQLITE_ONLY = "sqlite_only"
POSTGRES_ONLY = "postgres_only"


def add_option(parser: pytest.Parser) -> None:
    parser.addoption(
        OPTION,
        action="store_true",
        default=False,
        help=f"database fixtures on a throw-away PostgreSQL cluster (or {ENV}=1)",
    )


def configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{SQLITE_ONLY}(reason): the test checks SQLite itself (its file, its PRAGMAs); "
        f"it belongs to the SQLite run and is left out of the {OPTION} run",
    )
    config.addinivalue_line(
        "markers",
        f"{POSTGRES_ONLY}: the test checks the server mode itself; it belongs to the "
        f"{OPTION} run and is left out of the SQLite run",
    )


def enabled(config: pytest.Config) -> bool:
    return bool(config.getoption(OPTION)) or os.environ.get(ENV, "") not in ("", "0")


def select_engine_tests(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Each engine's run holds the tests that concern it; the others belong to the other run.

    ``scripts/test`` (and CI) runs both, so every test runs once somewhere:
    leaving a test out of the run it does not concern is a deselection (counted by pytest
    as such), not a skip.
    """
    on_server = enabled(config)
    kept: list[pytest.Item] = []
    left_out: list[pytest.Item] = []
    for item in items:
        marker = item.get_closest_marker(SQLITE_ONLY)
        if marker is not None:
            reason = marker.kwargs.get("reason") or (marker.args[0] if marker.args else "")
            if not reason:
                raise pytest.UsageError(f"{item.nodeid}: sqlite_only needs a reason")
        wrong_engine = (on_server and marker is not None) or (
            not on_server and item.get_closest_marker(POSTGRES_ONLY) is not None
        )
        (left_out if wrong_engine else kept).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


class Server:
    """The run's cluster, its templates and the databases made from them."""

    def __init__(self, cluster: Cluster) -> None:
        import sqlalchemy as sa
        from sqlalchemy.pool import NullPool

        self.cluster = cluster
        # CREATE/DROP DATABASE run outside a transaction; no pooled connection may stay on
        # a template (CREATE DATABASE … TEMPLATE refuses a template in use).
        self.admin = sa.create_engine(
            cluster.url(), isolation_level="AUTOCOMMIT", poolclass=NullPool
        )
        self._names = itertools.count(1)
        self._demo_made = False
        self._create(SCHEMA_TEMPLATE, template=None)
        schema = Database(cluster.url(SCHEMA_TEMPLATE))
        try:
            from chantier_app.db.migrate import ensure_schema

            ensure_schema(schema, None)
        finally:
            schema.dispose()

    def _create(self, name: str, *, template: str | None) -> None:
        copy = f" TEMPLATE {template}" if template else ""
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE {name}{copy}")

    def drop(self, name: str) -> None:
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def new_template(self, name: str) -> Database:
        """A new database at this version's schema, to fill once and copy for each test."""
        self._create(name, template=SCHEMA_TEMPLATE)
        return Database(self.cluster.url(name))

    def demo_template(self, today: dt.date) -> str:
        """The demo association on the server, made once (through every service)."""
        if not self._demo_made:
            from chantier_app.services.context import Actor
            from chantier_app.synthetic.demo import create_demo

            demo = self.new_template(DEMO_TEMPLATE)
            try:
                with demo.transaction() as session:
                    create_demo(session, Actor.system(), today=today)
            finally:
                demo.dispose()
            self._demo_made = True
        return DEMO_TEMPLATE

    @contextmanager
    def fresh_database(self, template: str) -> Iterator[Database]:
        """A new database copied from ``template``, dropped when the block ends."""
        name = f"test_{next(self._names)}"
        self._create(name, template=template)
        database = Database(self.cluster.url(name))
        try:
            yield database
        finally:
            database.dispose()
            self.drop(name)

    @contextmanager
    def empty_database(self) -> Iterator[str]:
        """A new database with no table at all (what ``serveur init`` starts from); its
        URL. Dropped when the block ends."""
        name = f"test_{next(self._names)}"
        self._create(name, template=None)
        try:
            yield self.cluster.url(name)
        finally:
            self.drop(name)

    def close(self) -> None:
        self.admin.dispose()
        self.cluster.stop()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Server]:
    cluster = Cluster().start()
    try:
        server = Server(cluster)
    except BaseException:
        cluster.stop()
        raise
    try:
        yield server
    finally:
        server.close()
