"""Engine and sessions: SQLite with WAL, foreign keys and transactional DDL (or any URL).

A write transaction starts as a writer (``BEGIN IMMEDIATE``) and waits up to
``BUSY_TIMEOUT_MS`` for another process's writer to finish: a deferred transaction that
reads, then writes after another process committed fails at once (SQLITE_BUSY_SNAPSHOT,
which no busy timeout covers). Reading sessions begin deferred and never take that lock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chantier_app.environment import storage_error_from

if TYPE_CHECKING:
    import sqlalchemy as sa
    from sqlalchemy.orm import Session, sessionmaker


BUSY_TIMEOUT_MS = 5000  # a print's audit line or a backup's takes milliseconds
_WRITER = "chantier_writer"  # execution option: this connection's transactions write


def sqlite_url(path: Path, *, readonly: bool = False) -> str:
    if readonly:
        return f"sqlite:///file:{path.as_posix()}?mode=ro&uri=true"
    return f"sqlite:///{path.as_posix()}"


def libpq_url(url: str) -> str:
    """A server's SQLAlchemy URL (``postgresql+psycopg://…``) as libpq reads it, for a
    connection made by psycopg itself (the first screen, before SQLAlchemy loads)."""
    scheme, sep, rest = url.partition("://")
    if not sep or scheme.split("+", 1)[0] not in ("postgresql", "postgres"):
        raise ValueError("not a PostgreSQL URL")
    return f"postgresql://{rest}"


def _install_sqlite_pragmas(engine: sa.Engine, *, foreign_keys: bool, readonly: bool) -> None:
    """SQLAlchemy's recipe so that BEGIN covers DDL too (a failed migration rolls back)."""
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if not readonly:
            cursor.execute("PRAGMA journal_mode=WAL")
            # FULL: a committed action survives a power cut too, not only a crash.
            cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        # The writer lock is taken here, before the first read, so the transaction's
        # snapshot is the latest and its writes cannot be refused after it read.
        writer = not readonly and connection.get_execution_options().get(_WRITER, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writer else "BEGIN")


class KeptReads:
    """A read session kept open over several blocks of reads (``Database.keep_reads``)."""

    def __init__(self, database: Database, session: Session, thread: int) -> None:
        self.database = database
        self.session = session
        self.thread = thread
        self.ended = False

    def end(self) -> None:
        if self.ended:
            return
        self.ended = True
        kept = self.database._kept
        if self in kept:
            kept.remove(self)
        if self.database._shared is not None and self.database._shared[0] is self.session:
            self.database._shared = None
        self.session.close()


class Database:
    """One database: an engine plus a session factory; one user action = one transaction.

    The engine is made on first use, so that SQLAlchemy (a third of a second to import) is
    not loaded before the first screen shows. ``gate``, when set, is called before any
    session opens: start-up sets it to wait for the file's integrity check.
    """

    def __init__(
        self,
        url: str,
        *,
        foreign_keys: bool = True,
        readonly: bool = False,
        key: bytes | None = None,
        password: str | None = None,
    ) -> None:
        self.url = url  # never holds a server's password: it may be logged or shown
        self.key = key  # SQLCipher's data key; None: the file's own (``cipher.key_for``)
        # A server's password, from the keyring or asked: handed to psycopg at each
        # connection, kept out of the URL (``server_url``) and of every repr.
        self._password = password
        self.readonly = readonly
        self.foreign_keys = foreign_keys
        self.gate: Callable[[], None] | None = None
        # Reading sessions do not wait for ``gate`` (transactions still do): the encrypted
        # start's log-in and dashboard, read while the file's check runs (before_check.py).
        self.reads_before_check = False
        self._engine: sa.Engine | None = None
        self._sessionmaker: sessionmaker[Session] | None = None
        self._writer_sessionmaker: sessionmaker[Session] | None = None
        # The reads of one user action shared in one session (``share_reads``): the
        # session and the thread it belongs to.
        self._shared: tuple[Session, int] | None = None
        self._kept: list[KeptReads] = []  # sessions kept between blocks (``keep_reads``)

    @classmethod
    def open_file(
        cls,
        path: Path,
        *,
        readonly: bool = False,
        foreign_keys: bool = True,
        key: bytes | None = None,
    ) -> Database:
        return cls(
            sqlite_url(path, readonly=readonly),
            foreign_keys=foreign_keys,
            readonly=readonly,
            key=key,
        )

    @property
    def engine(self) -> sa.Engine:
        if self._engine is None:
            import sqlalchemy as sa

            # An error's text never carries the values (names, NIR): it may reach the log.
            key = self.cipher_key()
            if key is None:
                engine = sa.create_engine(
                    self.url, hide_parameters=True, connect_args=self._server_arguments()
                )
            else:
                engine = self._encrypted_engine(key)
            if engine.dialect.name == "sqlite":
                _install_sqlite_pragmas(
                    engine, foreign_keys=self.foreign_keys, readonly=self.readonly
                )
            self._engine = engine
        return self._engine

    def _server_arguments(self) -> dict[str, Any]:
        """psycopg's arguments for a server: the password, and for a consultation
        transactions the server itself refuses to write in."""
        if self.is_sqlite:
            return {}
        arguments: dict[str, Any] = {}
        if self._password is not None:
            arguments["password"] = self._password
        if self.readonly:
            arguments["options"] = "-c default_transaction_read_only=on"
        return arguments

    @property
    def password(self) -> str | None:
        """The server's password (None: none needed, or a file); for a copy of this
        database's connection (a background job's own engine)."""
        return self._password

    def connect_early(self) -> None:
        """Make the engine and its first connection (the driver's key set-up, the pragmas,
        SQLAlchemy's first-connect queries), kept in the pool for the first session. No
        session is opened, so ``gate`` is not passed: only the file's header and schema are
        read, as ``migrate.file_revision`` already does before the check."""
        import sqlalchemy as sa

        try:
            with self.engine.connect():
                pass
        except (sa.exc.SQLAlchemyError, OSError):
            return  # a damaged file: its check, which follows, says so in French

    def cipher_key(self) -> bytes | None:
        """The SQLCipher key of this file (None: a clear file, or not a SQLite file)."""
        if self.key is not None:
            return self.key
        path = self.path
        if path is None:
            return None
        from chantier_app.db import cipher

        return cipher.key_for(path)

    @property
    def encrypted(self) -> bool:
        return self.cipher_key() is not None

    def _encrypted_engine(self, key: bytes) -> sa.Engine:
        """SQLite's dialect over ``sqlcipher3``: each connection gets ``PRAGMA key`` first,
        before the dialect or the pragmas below read anything."""
        import sqlalchemy as sa

        from chantier_app.db import cipher

        database = self.url.split(":///", 1)[1]
        path = self.path
        assert path is not None
        if database.startswith("file:"):
            # The URI form (read-only, immutable) without SQLAlchemy's own ``uri`` flag.
            target, _, query = database.partition("?")
            kept = [p for p in query.split("&") if p and p != "uri=true"]
            database = target + ("?" + "&".join(kept) if kept else "")

        def creator() -> Any:
            return cipher.connect(database, path=path, key=key, check_same_thread=False)

        return sa.create_engine(
            self.url, hide_parameters=True, module=cipher.driver(), creator=creator
        )

    @property
    def _sessions(self) -> sessionmaker[Session]:
        if self._sessionmaker is None:
            from sqlalchemy.orm import sessionmaker

            # The file travels with each session: services that keep files beside the data
            # (the key file) find them from the session they were given.
            # On a server, a read (the yearly report, a batch) is one snapshot however many
            # queries it makes, and never takes a lock a writer would wait for: PostgreSQL's
            # REPEATABLE READ READ ONLY. SQLite's WAL read transaction is a snapshot already.
            bind = self.engine
            if bind.dialect.name == "postgresql":
                bind = bind.execution_options(
                    isolation_level="REPEATABLE READ", postgresql_readonly=True
                )
            self._sessionmaker = sessionmaker(
                bind, expire_on_commit=False, info={"database_path": self.path}
            )
        return self._sessionmaker

    @property
    def _writer_sessions(self) -> sessionmaker[Session]:
        """Sessions whose transactions begin as writers (same pool, same event hooks)."""
        if self._writer_sessionmaker is None:
            from sqlalchemy.orm import sessionmaker

            writer = self.engine.execution_options(**{_WRITER: True})
            self._writer_sessionmaker = sessionmaker(
                writer, expire_on_commit=False, info={"database_path": self.path}
            )
        return self._writer_sessionmaker

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")

    @property
    def path(self) -> Path | None:
        """The file of a SQLite database (read from the URL: no engine needed)."""
        if not self.is_sqlite:
            return None
        database = self.url.split(":///", 1)[1] if ":///" in self.url else ""
        database = database.removeprefix("file:").split("?", 1)[0]
        if not database or database == ":memory:":
            return None
        return Path(database)

    def _pass_gate(self, *, writing: bool = True) -> None:
        if self.gate is not None and (writing or not self.reads_before_check):
            self.gate()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed at the end, or entirely rolled back."""
        # The reads shared so far saw the data before this write: the next ones read anew
        # (and on SQLite's one-connection pools the shared session would hold the connection).
        self.end_shared_reads()
        self._pass_gate()
        import sqlalchemy as sa

        try:
            with self._writer_sessions.begin() as session:
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
        self._pass_gate(writing=False)
        import sqlalchemy as sa

        shared = self._shared
        try:
            if shared is not None and shared[1] == threading.get_ident():
                yield from self._shared_reading(shared[0])
                return
            with self._sessions() as session:
                yield session
        except (sa.exc.OperationalError, sa.exc.DatabaseError, OSError) as exc:
            storage = storage_error_from(exc)
            if storage is None:
                raise
            raise storage from exc

    def _shared_reading(self, session: Session) -> Iterator[Session]:
        try:
            yield session
        except BaseException:
            self.end_shared_reads()  # the session may be unusable: the next reads start anew
            raise
        if session.new or session.dirty or session.deleted:
            # A read that changed an object: its change must not be seen by the next read.
            self.end_shared_reads()

    @contextmanager
    def shared_reads(self, kept: KeptReads | None = None) -> Iterator[None]:
        """Inside, this thread's reads (``reading``) share one session: one transaction, one
        snapshot and one identity map for the reads of one user action (a tab of a person's
        file read up to five times, loading the person each time). A write (``transaction``)
        ends the sharing first, so that what is read after it is read anew. Nested: the
        outer sharing goes on.

        ``kept`` (``keep_reads``): the block reads in that session, which stays open after
        it for the next block given it, until it is ended; an ended one is not used."""
        if self._shared is not None:
            yield
            return
        if kept is not None and not kept.ended and kept.thread == threading.get_ident():
            self._shared = (kept.session, kept.thread)
            try:
                yield
            finally:
                if self._shared is not None and self._shared[0] is kept.session:
                    self._shared = None  # left open for the next block
            return
        session = self._sessions()
        self._shared = (session, threading.get_ident())
        try:
            yield
        finally:
            if self._shared is not None and self._shared[0] is session:
                self.end_shared_reads()

    def keep_reads(self) -> KeptReads:
        """A read session for several blocks of ``shared_reads`` (the opening of a person's
        file and the tabs shown in the same turn of the event loop): its caller ends it; a
        write, or a failed read, ends it first."""
        kept = KeptReads(self, self._sessions(), threading.get_ident())
        self._kept.append(kept)
        return kept

    def end_shared_reads(self) -> None:
        """End the sharing of reads: the block's session and every kept one are closed (a
        read's session: closing rolls back)."""
        shared, self._shared = self._shared, None
        kept, self._kept = self._kept, []
        for one in kept:
            one.ended = True
            one.session.close()
        if shared is not None and all(shared[0] is not one.session for one in kept):
            shared[0].close()

    def dispose(self) -> None:
        self.end_shared_reads()
        if self._engine is not None:
            self._engine.dispose()

    def reopen_later(self) -> None:
        """Close every connection and forget the engine: the next session opens the file
        anew, with its key looked up again (the file was just encrypted or replaced)."""
        self.dispose()
        self._engine = None
        self._sessionmaker = None
        self._writer_sessionmaker = None
