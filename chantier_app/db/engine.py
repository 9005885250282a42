"""Engine and sessions: SQLite with WAL, foreign keys and transactional DDL (or any URL)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from chantier_app.db.errors import storage_error_from


def sqlite_url(path: Path, *, readonly: bool = False) -> str:
    if readonly:
        return f"sqlite:///file:{path.as_posix()}?mode=ro&uri=true"
    return f"sqlite:///{path.as_posix()}"


def _install_sqlite_pragmas(engine: sa.Engine, *, foreign_keys: bool, readonly: bool) -> None:
    """SQLAlchemy's recipe so that BEGIN covers DDL too (a failed migration rolls back)."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cursor.execute("PRAGMA busy_timeout=5000")
        if not readonly:
            cursor.execute("PRAGMA journal_mode=WAL")
            # FULL: a committed action survives a power cut too, not only a crash.
            cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        connection.exec_driver_sql("BEGIN")


class Database:
    """One database: an engine plus a session factory; one user action = one transaction."""

    def __init__(self, url: str, *, foreign_keys: bool = True, readonly: bool = False) -> None:
        self.url = url
        self.readonly = readonly
        self.engine = sa.create_engine(url)
        if self.engine.dialect.name == "sqlite":
            _install_sqlite_pragmas(self.engine, foreign_keys=foreign_keys, readonly=readonly)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @classmethod
    def open_file(
        cls, path: Path, *, readonly: bool = False, foreign_keys: bool = True
    ) -> Database:
        return cls(
            sqlite_url(path, readonly=readonly), foreign_keys=foreign_keys, readonly=readonly
        )

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def path(self) -> Path | None:
        database = self.engine.url.database
        if not self.is_sqlite or not database or database == ":memory:":
            return None
        return Path(database.removeprefix("file:"))

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed at the end, or entirely rolled back."""
        try:
            with self._sessions.begin() as session:
                yield session
        except (sa.exc.OperationalError, sa.exc.DatabaseError, OSError) as exc:
            storage = storage_error_from(exc)
            if storage is None:
                raise
            raise storage from exc

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads only: closing it rolls back whatever it might have done.

        Objects loaded keep their values after the session closes (close() does not expire).
        """
        try:
            with self._sessions() as session:
                yield session
        except (sa.exc.OperationalError, sa.exc.DatabaseError, OSError) as exc:
            storage = storage_error_from(exc)
            if storage is None:
                raise
            raise storage from exc

    def dispose(self) -> None:
        self.engine.dispose()
