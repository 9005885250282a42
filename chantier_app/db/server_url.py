"""A shared database's address (PostgreSQL): read from a URL or from the settings' fields,
checked field by field with a French message naming the field, and written back as the URL
SQLAlchemy and libpq read. No Qt, no SQLAlchemy, no network, no password kept.

The password is never part of a ``ServerTarget``: ``parse_server_url`` hands it back apart,
for the keyring (``server_password``) or for this run only, so that nothing that writes a
target (``serveur.json``, a log line, an error) can write the password with it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from chantier_app.domain.errors import AppError
from chantier_app.i18n import tr

SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
VERIFYING_MODES = ("verify-ca", "verify-full")  # the server's certificate is checked
DEFAULT_SSLMODE = "verify-full"
DEFAULT_PORT = 5432
DRIVER_SCHEME = "postgresql+psycopg"
SCHEMES = ("postgresql", "postgres", DRIVER_SCHEME)
ENV = "CHANTIER_SERVEUR"  # the address when a command is given none
HIDDEN = "***"
_LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
# PostgreSQL truncates identifiers to NAMEDATALEN - 1 = 63 bytes: a longer name would
# silently reach another database or role.
MAX_NAME_BYTES = 63
_HOST = re.compile(r"^[A-Za-z0-9._-]+$|^\[?[0-9A-Fa-f:.]+\]?$")
_QUERY_KEYS = ("sslmode", "sslrootcert", "host", "port", "user", "password", "dbname")

FIELD_HOST, FIELD_PORT, FIELD_DATABASE = "host", "port", "database"
FIELD_USER, FIELD_SSLMODE, FIELD_SSLROOTCERT, FIELD_URL = "user", "sslmode", "sslrootcert", "url"


class ServerUrlError(AppError):
    """A server's address breaks a rule; ``field`` says which (``FIELD_*``)."""

    def __init__(self, message: str, field: str = FIELD_URL) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class ServerTarget:
    """Where the shared database is and who the application is there, without a password."""

    host: str  # a name, an address, or a Unix socket's folder (starts with /)
    database: str
    user: str
    port: int = DEFAULT_PORT
    sslmode: str = DEFAULT_SSLMODE
    sslrootcert: str | None = None  # the CA certificate that signed the server's

    @property
    def socket(self) -> bool:
        """A Unix socket on this machine: libpq uses no TLS there (and needs none)."""
        return self.host.startswith("/")

    @property
    def on_this_machine(self) -> bool:
        """A socket or the loopback: nothing travels on the network."""
        return self.socket or self.host in _LOCAL_HOSTS

    @property
    def verifies_certificate(self) -> bool:
        return self.sslmode in VERIFYING_MODES

    def url(self, *, scheme: str = DRIVER_SCHEME, password_shown: str | None = None) -> str:
        """The SQLAlchemy URL (``postgresql+psycopg://``), never with a password
        (``password_shown``: a mark standing for it, in a message)."""
        user = quote(self.user, safe="")
        if password_shown is not None:
            user += f":{password_shown}"
        database = quote(self.database, safe="")
        query = [("sslmode", self.sslmode)]
        if self.sslrootcert:
            query.append(("sslrootcert", self.sslrootcert))
        port = "" if self.port == DEFAULT_PORT else str(self.port)
        if self.socket:
            where = ""
            query[:0] = [("host", self.host), *([("port", port)] if port else [])]
        else:
            host = f"[{self.host}]" if ":" in self.host else self.host
            where = host + (f":{port}" if port else "")
        text = "&".join(f"{key}={quote(value, safe='/')}" for key, value in query)
        return f"{scheme}://{user}@{where}/{database}?{text}"

    def describe(self) -> str:
        """« base asso sur serveur.local:5432 (utilisateur chantier) »: for messages."""
        return tr("base {database} sur {host}:{port} (utilisateur {user})").format(
            database=self.database, host=self.host, port=self.port, user=self.user
        )

    @property
    def keyring_name(self) -> str:
        """The name the password is kept under in the system's keyring: one per role and
        server, so that two associations' servers on one PC keep two passwords."""
        return f"{self.user}@{self.host}:{self.port}/{self.database}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "host": self.host,
            "port": self.port,
            "database": self.database,
            "user": self.user,
            "sslmode": self.sslmode,
            "sslrootcert": self.sslrootcert,
        }


def check_host(text: str) -> str:
    host = text.strip()
    if not host:
        raise ServerUrlError(
            tr("Hôte : indiquez le nom ou l'adresse du serveur PostgreSQL."), FIELD_HOST
        )
    if host.startswith("/"):
        if any(c in host for c in "\0\n\r"):
            raise ServerUrlError(tr("Hôte : ce chemin de socket n'est pas valide."), FIELD_HOST)
        return host
    if not _HOST.match(host) or len(host) > 253:
        raise ServerUrlError(
            tr(
                "Hôte : « {host} » n'est pas un nom de serveur valide (lettres, chiffres, "
                "points et tirets, ou une adresse IP)."
            ).format(host=host),
            FIELD_HOST,
        )
    return host.strip("[]")


def check_port(text: str | int | None) -> int:
    if text is None or (isinstance(text, str) and not text.strip()):
        return DEFAULT_PORT
    try:
        port = int(str(text).strip())
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise ServerUrlError(
            tr(
                "Port : « {port} » : le port n'est pas un nombre de 1 à 65535 (5432 par défaut)."
            ).format(port=str(text).strip()),
            FIELD_PORT,
        )
    return port


def _check_name(text: str, field: str, label: str, forbidden: str, missing: str) -> str:
    name = text.strip()
    if not name:
        raise ServerUrlError(f"{label} : {missing}", field)
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        raise ServerUrlError(
            tr("{label} : {n} caractères au plus (limite de PostgreSQL).").format(
                label=label, n=MAX_NAME_BYTES
            ),
            field,
        )
    bad = sorted({c for c in name if c in forbidden or not c.isprintable()})
    if bad:
        raise ServerUrlError(
            tr("{label} : caractère non permis ({chars}).").format(
                label=label, chars=" ".join(repr(c) for c in bad)
            ),
            field,
        )
    return name


def check_database(text: str) -> str:
    return _check_name(
        text,
        FIELD_DATABASE,
        tr("Base"),
        "/?#",
        tr("le nom de la base manque (postgresql://ROLE@SERVEUR/BASE)."),
    )


def check_user(text: str) -> str:
    return _check_name(
        text,
        FIELD_USER,
        tr("Utilisateur"),
        "@:/?#",
        tr("indiquez le rôle PostgreSQL de l'association (postgresql://ROLE@SERVEUR/BASE)."),
    )


def check_sslmode(text: str | None, host: str) -> str:
    """The TLS mode; over the network the certificate must be verified: the rows are
    people's names, NIR and notes, and an unverified TLS connection can be intercepted by
    whoever sits between the PC and the server."""
    mode = (text or "").strip() or DEFAULT_SSLMODE
    if mode not in SSL_MODES:
        raise ServerUrlError(
            tr("Sslmode : « {mode} » n'est pas un mode TLS connu ({modes}).").format(
                mode=mode, modes=", ".join(SSL_MODES)
            ),
            FIELD_SSLMODE,
        )
    local = host.startswith("/") or host in _LOCAL_HOSTS
    if not local and mode not in VERIFYING_MODES:
        raise ServerUrlError(
            tr(
                "Sslmode : la connexion à {host} doit vérifier le certificat du serveur ; "
                "choisissez verify-full (sslmode=verify-full, et sslrootcert=… si le "
                "certificat n'est pas signé par une autorité connue du système)."
            ).format(host=host),
            FIELD_SSLMODE,
        )
    return mode


def server_target(
    *,
    host: str,
    database: str,
    user: str,
    port: str | int | None = None,
    sslmode: str | None = None,
    sslrootcert: str | None = None,
) -> ServerTarget:
    """A target from the settings' fields (text as typed); ServerUrlError on the first
    field that breaks a rule, in the form's order."""
    checked_host = check_host(host)
    return ServerTarget(
        host=checked_host,
        port=check_port(port),
        database=check_database(database),
        user=check_user(user),
        sslmode=check_sslmode(sslmode, checked_host),
        sslrootcert=(sslrootcert or "").strip() or None,
    )


def target_from_dict(data: dict[str, Any]) -> ServerTarget:
    """The target ``as_dict`` wrote (``serveur.json``), checked again: the file may have been
    edited by hand."""

    def text(key: str) -> str:
        value = data.get(key)
        return value if isinstance(value, str) else ""

    port = data.get("port")
    rootcert = data.get("sslrootcert")
    return server_target(
        host=text("host"),
        database=text("database"),
        user=text("user"),
        port=port if isinstance(port, int | str) else None,
        sslmode=text("sslmode"),
        sslrootcert=rootcert if isinstance(rootcert, str) else None,
    )


def parse_server_url(url: str) -> tuple[ServerTarget, str | None]:
    """``postgresql://utilisateur[:motdepasse]@hôte[:port]/base[?sslmode=…&sslrootcert=…]``
    (or ``?host=/dossier/du/socket``) as a target and the password it held, if any."""
    text = url.strip()
    scheme, sep, rest = text.partition("://")
    if not sep or scheme.lower() not in SCHEMES:
        raise ServerUrlError(
            tr(
                "Adresse du serveur invalide : elle doit commencer par postgresql:// "
                "(une base PostgreSQL), pas par « {scheme} »."
            ).format(scheme=(scheme if sep else text.split(":", 1)[0])[:40])
        )
    parts = urlsplit("postgresql://" + rest)
    if parts.fragment:
        raise ServerUrlError(tr("Adresse du serveur invalide : « # » n'y a pas sa place."))
    query: dict[str, str] = {}
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key not in _QUERY_KEYS:
            raise ServerUrlError(
                tr(
                    "Adresse du serveur invalide : paramètre « {key} » inconnu (acceptés : {keys})."
                ).format(key=key, keys=", ".join(k for k in _QUERY_KEYS if k != "password"))
            )
        query[key] = value
    userinfo, at, hostport = parts.netloc.rpartition("@")
    if not at:
        userinfo, hostport = "", parts.netloc
    user, colon, secret = userinfo.partition(":")
    password = unquote(secret) if colon else None
    password = query.get("password", password)
    host, port = _split_host_port(hostport)
    return (
        server_target(
            host=query.get("host") or host,
            port=query.get("port") or port,
            database=query.get("dbname") or unquote(parts.path.removeprefix("/")),
            user=query.get("user") or unquote(user),
            sslmode=query.get("sslmode"),
            sslrootcert=query.get("sslrootcert"),
        ),
        password or None,
    )


def _split_host_port(hostport: str) -> tuple[str, str | None]:
    if hostport.startswith("["):  # an IPv6 address: [::1]:5432
        host, _, rest = hostport[1:].partition("]")
        return host, rest.removeprefix(":") or None
    host, colon, port = hostport.rpartition(":")
    if not colon:
        return unquote(hostport), None
    return unquote(host), port


# The command line's form (``chantier serveur …``): one checked address, shown without its
# password. -------------------------------------------------------------------------------
@dataclass(frozen=True)
class ServerUrl:
    """A checked address: ``url`` for SQLAlchemy, ``shown`` for messages (no password)."""

    target: ServerTarget
    password: str | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return self.target.url()

    @property
    def shown(self) -> str:
        marker = HIDDEN if self.password else None
        return self.target.url(scheme="postgresql", password_shown=marker)

    @property
    def host(self) -> str:
        return self.target.host

    @property
    def database(self) -> str:
        return self.target.database

    def hide(self, text: str) -> str:
        """``text`` with the password replaced (a driver's message may quote it back)."""
        if self.password:
            return text.replace(self.password, HIDDEN)
        return text


def parse(text: str | None) -> ServerUrl:
    """Read ``text`` (or, when empty, ``CHANTIER_SERVEUR``); ServerUrlError (French) names
    what is missing or wrong, never the password."""
    raw = (text or "").strip() or os.environ.get(ENV, "").strip()
    if not raw:
        raise ServerUrlError(
            tr(
                "Adresse du serveur absente : donnez-la (postgresql://ROLE@SERVEUR/BASE"
                "?sslmode=verify-full) ou mettez-la dans la variable {env}."
            ).format(env=ENV)
        )
    target, password = parse_server_url(raw)
    return ServerUrl(target, password)
