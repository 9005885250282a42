"""After an anonymisation on a server: the tables it wrote rewritten, so that the erased
values leave the server's files too, as SQLite's VACUUM makes them leave the data file.

PostgreSQL never changes a row in place: an UPDATE or DELETE leaves the old version (the
name, the NIR) in the table's pages as a dead tuple, and its index entries, until a vacuum.
A plain ``VACUUM`` only « reclaims space and makes it available for re-use » (PostgreSQL
15 documentation, VACUUM): the freed bytes stay in the pages until a later row happens
to overwrite them. ``VACUUM FULL`` « rewrites the entire contents of the table into a new
disk file » (same page) and rebuilds its indexes, the old file being removed: that is the
equivalent of the SQLite path's VACUUM (``privacy.erasure.erase_leftovers``). Its cost is
an ACCESS EXCLUSIVE lock on each table while it is rewritten (other offices wait: seconds
on an association's tables), so only the tables the anonymisation wrote are rewritten,
found in the transaction itself (``pg_stat_xact_user_tables``).

Limits, said where the result is used: only the tables' owner (the application's role,
which ``serveur init`` made them with) or the database's owner may rewrite them; a
transaction open elsewhere at that moment keeps the versions it can still see, which a
rewrite copies (it waits a few seconds for such transactions to end first); and the
server's write-ahead log and the administrator's own dumps keep the old values until they
are recycled (README « Plusieurs postes »).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from chantier_app.db.engine import Database
from chantier_app.i18n import tr

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

LOCK_TIMEOUT = "10s"  # another office's long transaction on a table: give up, say so
SNAPSHOTS_WAIT_S = 10.0  # how long older snapshots elsewhere are waited for


@dataclass(frozen=True)
class Rewritten:
    """What ``rewrite_tables`` did: the tables rewritten, those left (and why), its time."""

    tables: tuple[str, ...] = ()
    left: tuple[str, ...] = ()  # not rewritten: not the role's, or locked by another office
    reason: str | None = None  # why ``left`` is not empty, in French (libpq's words: the log)
    seconds: float = 0.0
    database: str | None = None  # the server's database, named in what to do

    def message(self) -> str:
        """What the direction reads after the anonymisation: the tables left, why, what to
        do (empty when every table was rewritten). Table names only: nothing of the person."""
        if not self.left:
            return ""
        return tr(
            "Sur le serveur, {n} table(s) n'ont pas pu être réécrites ({reason}) : {tables}. "
            "Les valeurs effacées y restent dans d'anciennes versions des lignes, dans les "
            "fichiers du serveur, jusqu'à leur réécriture. À faire : demandez à "
            "l'administrateur du serveur de lancer, en tant que propriétaire des tables, "
            "dans la base {database} : {command}"
        ).format(
            n=len(self.left),
            reason=self.reason or tr("raison inconnue"),
            tables=", ".join(self.left),
            database=self.database or "-",
            command=self.command(),
        )

    def command(self) -> str:
        """The SQL that finishes the job (``VACUUM`` runs outside a transaction)."""
        return "VACUUM (FULL, ANALYZE) " + ", ".join(self.left) + ";"

    def trail(self) -> str:
        """The audit line's summary: the tables and the reason, no personal data."""
        return tr(
            "réécriture incomplète sur le serveur après l'effacement : {n} table(s) non "
            "réécrite(s) ({reason}) : {tables} ; à faire par l'administrateur : {command}"
        ).format(
            n=len(self.left),
            reason=self.reason or tr("raison inconnue"),
            tables=", ".join(self.left),
            command=self.command(),
        )


def written_tables(session: Session) -> tuple[str, ...]:
    """On a server, the application's tables this transaction has updated or deleted rows
    in so far (empty on SQLite): the tables holding dead versions once it commits."""
    from sqlalchemy import text

    if session.get_bind().dialect.name != "postgresql":
        return ()
    session.flush()
    rows = session.execute(
        text(
            "SELECT relname FROM pg_stat_xact_user_tables "
            "WHERE schemaname = current_schema() AND n_tup_upd + n_tup_del > 0 "
            "ORDER BY relname"
        )
    )
    return tuple(str(name) for name in rows.scalars())


def rewrite_tables(database: Database, tables: tuple[str, ...]) -> Rewritten:
    """``VACUUM (FULL, ANALYZE)`` of ``tables`` on the server of ``database``, outside any
    transaction (VACUUM cannot run inside one). Never raises for the server's refusal: what
    was not rewritten is in the result, and logged."""
    import sqlalchemy as sa

    if database.is_sqlite or database.readonly or not tables:
        return Rewritten()
    began = time.monotonic()
    with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        quote = conn.dialect.identifier_preparer.quote
        owned = set(
            conn.execute(
                sa.text(
                    "SELECT c.relname FROM pg_class c "
                    "WHERE c.relnamespace = current_schema()::text::regnamespace "
                    "AND c.relname = ANY(:names) AND ("
                    "  pg_has_role(current_user, c.relowner, 'USAGE') OR pg_has_role("
                    "    current_user, (SELECT datdba FROM pg_database "
                    "                   WHERE datname = current_database()), 'USAGE'))"
                ),
                {"names": list(tables)},
            ).scalars()
        )
        database_name = str(conn.exec_driver_sql("SELECT current_database()").scalar())
        left = tuple(t for t in tables if t not in owned)
        reason = tr("le rôle de l'application n'en est pas propriétaire") if left else None
        done: tuple[str, ...] = ()
        if owned:
            _wait_for_older_snapshots(conn)
            names = tuple(t for t in tables if t in owned)
            try:
                conn.exec_driver_sql(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
                conn.exec_driver_sql("VACUUM (FULL, ANALYZE) " + ", ".join(quote(n) for n in names))
                done = names
            except sa.exc.DBAPIError as exc:  # a lock another office holds, a full disk
                # VACUUM takes the tables one by one: which were done before the failure is
                # not said, so all are named (rewriting one twice costs only time).
                left, reason = tables, _why(exc)
                log.warning("VACUUM FULL refusé par le serveur : %s", str(exc.orig).strip())
    seconds = time.monotonic() - began
    if left:
        log.warning("Tables non réécrites après l'anonymisation (%s) : %s", reason, ", ".join(left))
    return Rewritten(done, left, reason, seconds, database_name)


def _why(exc: BaseException) -> str:
    """The server's refusal in French, from its SQLSTATE (libpq's own text goes to the log
    only: the direction reads a reason, and the trail keeps nothing but it)."""
    state = getattr(getattr(exc, "orig", None), "sqlstate", None)
    known = {
        "55P03": tr("une autre session utilisait l'une de ces tables au-delà de {timeout}").format(
            timeout=LOCK_TIMEOUT.replace("s", " s")
        ),
        "57014": tr("opération annulée par le serveur"),
        "53100": tr("disque du serveur plein"),
        "53200": tr("mémoire du serveur insuffisante"),
        "42501": tr("droits insuffisants du rôle de l'application"),
    }
    return known.get(str(state), tr("refus du serveur (code {state})").format(state=state or "?"))


def _wait_for_older_snapshots(conn: object) -> None:
    """A rewrite keeps the row versions an open transaction may still read: wait a little
    for the other sessions' transactions on this database to end (the application's last
    milliseconds; a transaction left open for longer is not waited for)."""
    import sqlalchemy as sa

    assert isinstance(conn, sa.Connection)
    deadline = time.monotonic() + SNAPSHOTS_WAIT_S
    query = sa.text(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND pid <> pg_backend_pid() AND backend_type = 'client backend' "
        "AND backend_xmin IS NOT NULL"
    )
    while conn.execute(query).scalar_one() and time.monotonic() < deadline:
        time.sleep(0.2)
