"""Which database this installation opens: the local SQLite file (the default) or a shared
database on a PostgreSQL server, as the data folder's ``serveur.json`` or ``--serveur``
says; its password from the keyring or asked; « Tester la connexion ».

The screens and the command line come here, not to db/: the direction alone changes the
configuration (``SETTINGS_EDIT``), and nothing here writes a password anywhere but the
system's keyring.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from chantier_app.db import server_config, server_password, server_probe
from chantier_app.db.revisions import HEAD_REVISION, KNOWN_REVISIONS
from chantier_app.db.server_probe import (
    ServerConnectionError,
    ServerPasswordError,
    ServerReport,
)
from chantier_app.db.server_url import (
    FIELD_SSLROOTCERT,
    SSL_MODES,
    VERIFYING_MODES,
    ServerTarget,
    ServerUrlError,
    parse_server_url,
    server_target,
)
from chantier_app.domain.errors import AppError, StorageError
from chantier_app.i18n import tr
from chantier_app.paths import AppPaths
from chantier_app.services import roles_matrix
from chantier_app.services.context import AppContext

if TYPE_CHECKING:
    from chantier_app.db.engine import Database

__all__ = [
    "SSL_MODES",
    "VERIFYING_MODES",
    "ServerChoice",
    "ServerConnectionError",
    "ServerPasswordError",
    "ServerReport",
    "ServerTarget",
    "ServerUrlError",
    "check_shared_database",
    "check_url",
    "choose_server",
    "config_path",
    "configured_server",
    "describe_report",
    "keyring_available",
    "remember_password",
    "running_server",
    "save_server",
    "stored_password",
    "target_from_fields",
    "test_connection",
    "use_local_file",
]


@dataclass(frozen=True)
class ServerChoice:
    """The server to open this run, and a password already known (``--serveur``'s)."""

    target: ServerTarget
    password: str | None = None
    from_command_line: bool = False


def config_path(paths: AppPaths) -> Path:
    return paths.data_dir / server_config.CONFIG_NAME


def configured_server(paths: AppPaths) -> ServerTarget | None:
    """The server set in « Paramètres → Base de données partagée », None: the local file."""
    return server_config.read_config(config_path(paths))


def choose_server(paths: AppPaths, url: str | None) -> ServerChoice | None:
    """``--serveur URL`` if given, else the configured server, else None (the SQLite file).

    A password written in the URL is taken out of it, for this run; once the server has
    accepted it, the start-up keeps it in the keyring when this PC has one (the next start
    needs no password in the command): a mistyped one is never kept.
    """
    if url is None:
        target = configured_server(paths)
        return ServerChoice(target) if target is not None else None
    target, password = parse_server_url(url)
    return ServerChoice(target, password, from_command_line=True)


def running_server(database: Database) -> ServerTarget | None:
    """The server ``database`` is on (None: a SQLite file), for the status bar and the tab."""
    if database.is_sqlite:
        return None
    try:
        return parse_server_url(database.url)[0]
    except ServerUrlError:  # an address this module did not make (a test's, a script's)
        return None


def check_url(url: str) -> ServerTarget:
    """``--serveur``'s address checked (ServerUrlError naming the field), nothing stored."""
    return parse_server_url(url)[0]


def check_shared_database(target: ServerTarget, password: str | None) -> SharedCheck:
    """``chantier check`` on a server: its schema's version, then the server's equivalents
    of SQLite's checks (``db/server_check.py``), read only; ServerPasswordError to ask."""
    from chantier_app.db.engine import Database
    from chantier_app.db.server_check import check_server

    report = server_probe.probe(target, password)
    if report.revision is None:
        return SharedCheck(
            False,
            [
                tr(
                    "Elle n'a pas le schéma de l'application (« chantier serveur init » sur "
                    "une base vide)."
                )
            ],
            [],
        )
    database = Database(target.url(), password=password, readonly=True)
    try:
        found = check_server(database, at_head=report.revision == HEAD_REVISION)
    finally:
        database.dispose()
    if report.revision not in KNOWN_REVISIONS:
        found.problems.insert(
            0,
            tr(
                "Schéma {revision} : plus récent que cette version de l'application "
                "(installez la dernière version)."
            ).format(revision=report.revision),
        )
    elif report.revision != HEAD_REVISION:
        found.notes.insert(
            0,
            tr(
                "Schéma {revision} : il sera mis à jour en {head} à la prochaine ouverture "
                "(une sauvegarde d'abord)."
            ).format(revision=report.revision, head=HEAD_REVISION),
        )
    return SharedCheck(True, found.problems, found.notes)


@dataclass(frozen=True)
class SharedCheck:
    has_schema: bool
    problems: list[str]
    notes: list[str]  # facts that are not damage (no page checksums, amcheck absent)

    @property
    def ok(self) -> bool:
        return not self.problems


def target_from_fields(
    *, host: str, port: str, database: str, user: str, sslmode: str, sslrootcert: str
) -> ServerTarget:
    """The settings' fields as a target, or ServerUrlError naming the field."""
    target = server_target(
        host=host,
        port=port,
        database=database,
        user=user,
        sslmode=sslmode,
        sslrootcert=sslrootcert,
    )
    rootcert = target.sslrootcert
    # « system »: libpq's word for the operating system's trusted authorities.
    if rootcert is None or rootcert == "system":
        return target
    found = Path(rootcert).expanduser()
    if not found.is_file():
        raise ServerUrlError(
            tr("Certificat de l'autorité (CA) : fichier introuvable ({path}).").format(
                path=target.sslrootcert
            ),
            FIELD_SSLROOTCERT,
        )
    # libpq reads a relative path from the folder the application was started in: the
    # next start, from a shortcut, would not find it.
    return replace(target, sslrootcert=str(found.resolve()))


def keyring_available() -> bool:
    return server_password.keyring_available()


def stored_password(target: ServerTarget) -> str | None:
    return server_password.stored_password(target)


def remember_password(target: ServerTarget, password: str) -> bool:
    """Keep the password in the system's keyring; False when this PC has none."""
    return server_password.store_password(target, password)


def test_connection(target: ServerTarget, password: str | None) -> ServerReport:
    """Connect and read; ServerConnectionError (ServerPasswordError) in French when not."""
    return server_probe.probe(target, password)


def describe_report(target: ServerTarget, report: ServerReport) -> list[str]:
    """« Tester la connexion »'s answer, one French line per fact."""
    lines = [
        tr("Serveur joignable : PostgreSQL {version}, {where}.").format(
            version=report.server_version, where=target.describe()
        )
    ]
    if report.revision == HEAD_REVISION:
        lines.append(
            tr("Schéma de l'application : version {revision}, à jour.").format(
                revision=report.revision
            )
        )
    elif report.revision in KNOWN_REVISIONS:
        lines.append(
            tr(
                "Schéma de l'application : version {revision} ; il sera mis à jour en "
                "{head} à la prochaine ouverture (une sauvegarde d'abord)."
            ).format(revision=report.revision, head=HEAD_REVISION)
        )
    elif report.revision is not None:
        lines.append(
            tr(
                "Schéma de l'application : version {revision}, plus récente que cette "
                "version de l'application : installez la dernière version."
            ).format(revision=report.revision)
        )
    elif report.foreign_tables:
        lines.append(tr("Cette base contient des tables qui ne viennent pas de l'application."))
    else:
        lines.append(
            tr("Base vide : créez le schéma avec « chantier serveur init » avant de l'utiliser.")
        )
    if report.tls:
        lines.append(
            tr("Connexion chiffrée (TLS{protocol}), certificat {checked}.").format(
                protocol=f", {report.tls_protocol}" if report.tls_protocol else "",
                checked=tr("vérifié")
                if target.verifies_certificate
                else tr("NON vérifié (mode {mode})").format(mode=target.sslmode),
            )
        )
    elif target.socket:
        lines.append(tr("Connexion locale par socket Unix : pas de TLS (inutile sur ce poste)."))
    else:
        lines.append(
            tr("Connexion NON chiffrée : le mot de passe et les données passent en clair.")
        )
    return lines


@dataclass(frozen=True)
class SavedServer:
    path: Path
    password_remembered: bool


def save_server(ctx: AppContext, target: ServerTarget, password: str | None) -> SavedServer:
    """« Enregistrer »: the address in ``serveur.json`` (0600), the password, if typed, in
    the keyring only; an audit line in the data open now. Applies at the next start."""
    roles_matrix.require(ctx.actor, roles_matrix.Permission.SETTINGS_EDIT)
    paths = _paths(ctx)
    path = config_path(paths)
    summary = tr("base partagée choisie pour le prochain démarrage : {where}").format(
        where=target.describe()
    )
    with _audited(ctx, summary):
        paths.ensure()
        server_config.write_config(path, target)
    remembered = bool(password) and server_password.store_password(target, password or "")
    return SavedServer(path, remembered)


@contextmanager
def _audited(ctx: AppContext, summary: str) -> Iterator[None]:
    """The change of where the data live, traced in the data open now (who, when): the
    file written inside the transaction, so that a refused write leaves no line."""
    if ctx.database.readonly:  # consultation: nothing can be written there
        yield
        return
    # Here, not at the top: the start-up reads this module before the first screen, and
    # the audit trail brings SQLAlchemy (0.35 s) with it.
    from chantier_app.services import audit

    with ctx.database.transaction() as session:
        yield
        audit.record(session, ctx.actor, audit.Action.UPDATE, "database", summary=summary)


def _paths(ctx: AppContext) -> AppPaths:
    if ctx.paths is None:
        raise AppError(tr("Aucun dossier de données : la configuration ne peut être enregistrée."))
    return ctx.paths


def use_local_file(ctx: AppContext) -> bool:
    """« Revenir au fichier local »: the configuration and its kept password removed (the
    server's data stay on the server). False: none was configured."""
    roles_matrix.require(ctx.actor, roles_matrix.Permission.SETTINGS_EDIT)
    path = config_path(_paths(ctx))
    try:
        target = server_config.read_config(path)
    except StorageError:  # a file broken by hand: removing it is the way back
        target = None
    summary = tr("retour au fichier local pour le prochain démarrage")
    with _audited(ctx, summary):
        removed = server_config.remove_config(path)
    if target is not None:
        server_password.forget_password(target)
    return removed
