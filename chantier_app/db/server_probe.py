"""Reach a shared database with psycopg alone (no SQLAlchemy): is it there, does it take
this password, at which schema, over TLS or not; and the French reason when it does not.

``Paramètres → Base de données partagée``'s « Tester la connexion » and the start-up on a
server both come here first: libpq's own words (English, technical) are turned into a
sentence that says what to check, with libpq's line kept after it for whoever installs the
server.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chantier_app.db.server_url import ServerTarget
from chantier_app.domain.errors import StorageError
from chantier_app.i18n import tr

CONNECT_TIMEOUT_S = 10  # an unreachable server answers nothing: say so, do not hang


class ServerConnectionError(StorageError):
    """The server could not be reached or refused the connection."""


class ServerPasswordError(ServerConnectionError):
    """The server wants a password (``missing``), or refused the one given."""

    def __init__(self, message: str, *, missing: bool) -> None:
        super().__init__(message)
        self.missing = missing


@dataclass(frozen=True)
class ServerReport:
    server_version: str  # « 15.10 »
    revision: str | None  # the Alembic revision, None: no schema yet
    foreign_tables: bool  # tables, but not the application's (no alembic_version)
    tls: bool
    tls_protocol: str | None  # « TLSv1.3 »


def connect(target: ServerTarget, password: str | None, *, readonly: bool = True) -> Any:
    """A psycopg connection to ``target``; ServerConnectionError in French when none."""
    import psycopg

    arguments: dict[str, Any] = {"connect_timeout": CONNECT_TIMEOUT_S}
    if password is not None:
        arguments["password"] = password
    if readonly:
        arguments["options"] = "-c default_transaction_read_only=on"
    try:
        return psycopg.connect(_libpq(target), **arguments)
    except psycopg.Error as exc:
        raise connection_error(exc, target) from None  # libpq's words are in the message


def _libpq(target: ServerTarget) -> str:
    return "postgresql://" + target.url().split("://", 1)[1]


def probe(target: ServerTarget, password: str | None) -> ServerReport:
    """Connect, read the schema's revision and the TLS in use, disconnect."""
    import psycopg

    connection = connect(target, password)
    try:
        number = connection.info.server_version  # 150010
        version = f"{number // 10000}.{number % 10000}"
        tls = bool(connection.pgconn.ssl_in_use)  # libpq's own view, not the server's word
        protocol = None
        with connection.cursor() as cursor:
            if tls:
                cursor.execute("SELECT version FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
                protocol = _first(cursor)
            cursor.execute("SELECT to_regclass('alembic_version') IS NOT NULL")
            has_version = bool(_first(cursor))
            revision = None
            foreign = False
            if has_version:
                cursor.execute("SELECT version_num FROM alembic_version")
                revision = _first(cursor)
            else:
                cursor.execute(
                    "SELECT count(*) FROM pg_tables "
                    "WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
                )
                foreign = bool(_first(cursor))
    except psycopg.Error as exc:
        raise connection_error(exc, target) from None
    finally:
        connection.close()
    return ServerReport(
        server_version=version,
        revision=str(revision) if revision is not None else None,
        foreign_tables=foreign,
        tls=tls,
        tls_protocol=str(protocol) if protocol else None,
    )


def _first(cursor: Any) -> Any:
    row = cursor.fetchone()
    return row[0] if row else None


def connection_error(exc: BaseException, target: ServerTarget) -> ServerConnectionError:
    """libpq's failure as a French sentence naming what to check (its line kept after)."""
    lines = [line.strip() for line in str(exc).strip().splitlines() if line.strip()]
    detail = lines[0].removeprefix("connection failed: ") if lines else type(exc).__name__
    text = str(exc).lower()
    state = getattr(exc, "sqlstate", None)
    where = f"{target.host}:{target.port}"
    if "no password supplied" in text:
        return ServerPasswordError(
            tr("Le serveur demande le mot de passe de l'utilisateur {user}.").format(
                user=target.user
            ),
            missing=True,
        )
    if state == "28P01" or "password authentication failed" in text:
        return ServerPasswordError(
            tr("Mot de passe refusé par le serveur pour l'utilisateur {user}.").format(
                user=target.user
            ),
            missing=False,
        )
    if state == "3D000" or ("database" in text and "does not exist" in text):
        message = tr("La base {database} n'existe pas sur le serveur {where}.").format(
            database=target.database, where=where
        )
    elif "role" in text and "does not exist" in text:
        message = tr("L'utilisateur {user} n'existe pas sur le serveur {where}.").format(
            user=target.user, where=where
        )
    elif "pg_hba.conf" in text:
        message = tr(
            "Le serveur {where} refuse les connexions de ce poste pour l'utilisateur {user} "
            "(pg_hba.conf, ou TLS exigé par le serveur)."
        ).format(where=where, user=target.user)
    elif "certificate" in text or ("ssl" in text and "verify" in text):
        message = tr(
            "Le certificat du serveur n'a pas pu être vérifié (mode {mode}) : indiquez le "
            "certificat de l'autorité (CA) qui l'a signé, et le nom exact du serveur "
            "figurant dans le certificat."
        ).format(mode=target.sslmode)
    elif "server does not support ssl" in text:
        message = tr("Le serveur {where} n'accepte pas TLS, que le mode {mode} exige.").format(
            where=where, mode=target.sslmode
        )
    elif "timeout" in text or "timed out" in text:
        message = tr("Le serveur {where} ne répond pas (délai de {s} s dépassé).").format(
            where=where, s=CONNECT_TIMEOUT_S
        )
    elif (
        "connection refused" in text
        or "could not translate host name" in text
        or "failed to resolve host" in text
        or "no such file or directory" in text
        or "could not connect" in text
        or "network is unreachable" in text
        or "no route to host" in text
    ):
        message = tr(
            "Serveur injoignable ({where}) : vérifiez son nom, son port, et qu'il est "
            "allumé et accessible depuis ce poste."
        ).format(where=where)
    else:
        message = tr("Connexion au serveur {where} impossible.").format(where=where)
    return ServerConnectionError(message + "\n" + tr("(Détail : {detail})").format(detail=detail))
