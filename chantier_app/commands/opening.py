"""Which data a command works on, opened as the window opens them (not a command).

The data folder's ``serveur.json`` (« Paramètres → Base de données partagée ») or
``--serveur URL`` set a shared database on a PostgreSQL server; without either, the
folder's SQLite file. A command that silently opened the file of a folder set to a server
would check, back up or print other data than the offices work on: every command that
reads the data comes here. The server's password is the window's: ``--serveur``'s, else
the keyring's for that address, else PostgreSQL's own (``~/.pgpass``, ``PGPASSWORD``),
else asked at a terminal that does not echo it; a refusal is a French line, exit code 1.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from chantier_app.domain.errors import AppError
from chantier_app.i18n import tr

if TYPE_CHECKING:
    from chantier_app.paths import AppPaths
    from chantier_app.services.safety.bootstrap import OpenedData
    from chantier_app.services.safety.shared_database import ServerChoice

T = TypeVar("T")
ATTEMPTS = 3  # as a terminal's log-in: three tries, then the command stops


def server_choice(paths: AppPaths, args: argparse.Namespace) -> ServerChoice | None:
    """``--serveur``'s server, else the folder's ``serveur.json``'s, else None (the file)."""
    from chantier_app.services.safety.shared_database import choose_server

    return choose_server(paths, getattr(args, "server_url", None))


def open_command_data(
    paths: AppPaths, args: argparse.Namespace, *, readonly: bool = False
) -> OpenedData:
    """The data the command works on, checked and at this version's schema (as the window:
    a server at an older schema is backed up, then migrated, unless ``readonly``)."""
    choice = server_choice(paths, args)
    if choice is None:
        from chantier_app.services.safety.bootstrap import open_data

        return open_data(paths, readonly=readonly)
    return open_server(paths, choice, readonly=readonly)


def open_server(paths: AppPaths, choice: ServerChoice, *, readonly: bool = False) -> OpenedData:
    """The shared database of ``choice``, opened by the window's start (``server_open``)."""
    from chantier_app.services.safety.server_open import open_server_data

    def opening(password: str | None) -> OpenedData:
        return open_server_data(paths, choice.target, password, readonly=readonly)

    return with_server_password(choice, opening)


def with_server_password(choice: ServerChoice, attempt: Callable[[str | None], T]) -> T:
    """``attempt(password)`` with the password the window would use, or asked at a terminal
    when the server wants one (three tries); a French AppError otherwise."""
    from chantier_app.services.safety import shared_database

    target = choice.target
    password = choice.password or shared_database.stored_password(target)
    for tries in range(1, ATTEMPTS + 1):
        try:
            done = attempt(password)
        except shared_database.ServerPasswordError as refused:
            if not _interactive():
                raise AppError(
                    tr(
                        "{reason} Enregistrez le mot de passe de la base partagée dans « "
                        "Paramètres → Base de données partagée » (trousseau du système) ou "
                        "dans le fichier de mots de passe de PostgreSQL (~/.pgpass), ou "
                        "lancez la commande dans un terminal. Rien n'a été fait."
                    ).format(reason=refused.message)
                ) from None
            if password is not None or not refused.missing:
                print(refused.message, file=sys.stderr)
            if tries == ATTEMPTS:
                break
            password = getpass.getpass(
                tr("Mot de passe de la base partagée ({where}) : ").format(where=target.describe())
            )
            continue
        if password and password == choice.password:
            # ``--serveur``'s own, accepted: kept in the keyring as the window keeps it.
            shared_database.remember_password(target, password)
        return done
    raise AppError(tr("Mot de passe de la base partagée refusé : rien n'a été fait."))


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def describe(paths: AppPaths, opened: OpenedData) -> str:
    """Where the command's data are, for its messages: the file, or the shared database."""
    from chantier_app.services.safety.shared_database import running_server

    server = running_server(opened.database)
    if server is None:
        return str(paths.db_path)
    return tr("la base partagée {where}").format(where=server.describe())
