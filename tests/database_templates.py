"""Databases built once and copied for each test, on the engine of the run.

A module that needs its own data set (more than the demo) builds it once with ``make``
and gives each test a fresh copy with ``copy``: a SQLite file copied by SQLite's backup
API, or under ``--postgres`` a server database made with ``CREATE DATABASE … TEMPLATE``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pytest

from chantier_app.db.backup import copy_database
from chantier_app.db.engine import Database
from chantier_app.paths import AppPaths, resolve_paths
from chantier_app.services.safety.bootstrap import open_data
from tests import postgres

T = TypeVar("T")


class Templates:
    def __init__(self, folder: Path, server: postgres.Server | None) -> None:
        self.folder = folder
        self.server = server

    def make(self, name: str, build: Callable[[Database], T]) -> tuple[str, T]:
        """A database named ``name`` at this version's schema, filled by ``build``; its
        handle for ``copy`` and what ``build`` returned."""
        if self.server is not None:
            database = self.server.new_template(name)
            try:
                return name, build(database)
            finally:
                database.dispose()
        paths = resolve_paths(self.folder / name)
        database = open_data(paths).database
        try:
            return str(paths.db_path), build(database)
        finally:
            database.dispose()

    @contextmanager
    def copy(self, handle: str, paths: AppPaths) -> Iterator[Database]:
        """A fresh copy of the template ``handle`` (on SQLite, as the data of ``paths``)."""
        paths.ensure()
        if self.server is not None:
            with self.server.fresh_database(handle) as database:
                yield database
            return
        copy_database(Path(handle), paths.db_path)
        database = open_data(paths).database
        try:
            yield database
        finally:
            database.dispose()


@pytest.fixture(scope="session")
def database_templates(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Templates:
    server = None
    if postgres.enabled(request.config):
        server = request.getfixturevalue("postgres_server")
    return Templates(tmp_path_factory.mktemp("templates"), server)
