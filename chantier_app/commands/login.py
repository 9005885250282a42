"""The log-in of the commands that read, export or replace personal data (not a command).

The window's rule holds at the keyboard too: ``print``, ``backup --to`` a folder other than
the backups folder and ``restore`` act under an account, checked and traced as a log-in in
the window (argon2id, an account blocked after 5 failures in a row), never as « Système ».
Only the demo's fictitious data, and data with no account yet (the window's first start
lets anyone create the direction's), open without a password, as in the window. ``check``,
``--version`` and ``backup`` into the backups folder (the scheduled task) need none: they
show or copy nothing outside the data folder.

The password is typed at a prompt that does not echo it, or read from the standard input
with ``--mot-de-passe-stdin`` (a scheduled task, a test). Never as an argument: other local
accounts read a command line in the process list, and the shell keeps it in its history.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING

from chantier_app.domain.errors import AppError
from chantier_app.i18n import tr
from chantier_app.services.context import Actor
from chantier_app.services.structure import accounts

if TYPE_CHECKING:
    from pathlib import Path

    from chantier_app.db.engine import Database
    from chantier_app.paths import AppPaths

LOGIN_PROMPT = tr("Identifiant : ")
PASSWORD_PROMPT = tr("Mot de passe : ")


class LoginRefused(AppError):
    """No log-in, or a refused one: the command does nothing (exit code 1)."""


def add_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(tr("connexion (données personnelles)"))
    group.add_argument(
        "--utilisateur",
        dest="login",
        metavar="IDENTIFIANT",
        help=tr("votre identifiant de connexion (sinon demandé)"),
    )
    group.add_argument(
        "--mot-de-passe-stdin",
        dest="password_stdin",
        action="store_true",
        help=tr(
            "lire le mot de passe sur la première ligne de l'entrée standard (tâche "
            "planifiée) ; il n'est jamais accepté sur la ligne de commande"
        ),
    )


Typed = tuple[str, str]  # the login and the password typed to unlock encrypted data


def unlock(
    paths: AppPaths, args: argparse.Namespace, *, doing: str, backup: Path | None = None
) -> Typed | None:
    """Encrypted data: the log-in comes first, before the database is opened or a backup
    previewed; its key slot unlocks the data key (LoginRefused, French, otherwise).

    ``backup``: a backup brought from another PC into a folder with no data key yet
    (opened with the key file beside it). Returns what was typed, for ``log_in`` (not
    asked twice); None when nothing is encrypted or the key is already unlocked.
    """
    from chantier_app.services.safety import keys

    foreign = backup is not None and not keys.is_encrypted(paths) and keys.is_encrypted_file(backup)
    if keys.is_unlocked(paths) or not (keys.is_encrypted(paths) or foreign):
        return None
    login = _login(args, doing)
    password = _password(args, doing)
    try:
        if foreign:
            assert backup is not None
            keys.unlock_backup(paths, backup, login=login, password=password)
        else:
            keys.unlock_with_password(paths, login, password)
    except AppError as refused:
        raise LoginRefused(
            tr("Connexion refusée : {reason} Rien n'a été fait.").format(reason=refused.message)
        ) from None
    return login, password


def log_in(
    database: Database, args: argparse.Namespace, *, doing: str, typed: Typed | None = None
) -> Actor:
    """The account the command acts under; LoginRefused (French) when there is none.

    ``doing`` names the command's action in the refusal (« imprimer un document »). Each
    attempt is committed with its audit line before the command does anything, so a
    refused one counts towards the account's lock-out.
    """
    state = accounts.read_start_state(database)
    if state.is_demo:
        # Fictitious data: its director, as the window logs in; what the command does is
        # traced under that name, and nothing else is written (a refused copy changes nothing).
        return accounts.startup_actor(database)
    if state.needs_setup:
        # No structure, hence no account yet: the window's first start lets whoever is at
        # the keyboard create the direction's account. There is no one to check.
        return Actor.system()
    login, password = typed if typed is not None else (_login(args, doing), _password(args, doing))
    from chantier_app.services.safety import keys

    try:
        result = accounts.log_in(database, login, password)
    finally:
        keys.forget_log_in()  # what ``unlock`` derived served this log-in only
    if result.actor is None:
        raise LoginRefused(
            tr("Connexion refusée : {reason} Rien n'a été fait.").format(reason=result.message)
        )
    if result.must_change_password:
        raise LoginRefused(
            tr(
                "Votre mot de passe est provisoire : ouvrez l'application pour le changer, "
                "puis relancez la commande. Rien n'a été fait."
            )
        )
    return result.actor


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def _login(args: argparse.Namespace, doing: str) -> str:
    if args.login:
        return str(args.login)
    if _interactive() and not args.password_stdin:
        return input(LOGIN_PROMPT).strip()
    raise LoginRefused(
        tr(
            "Connexion requise pour {doing} : indiquez votre identifiant avec --utilisateur "
            "IDENTIFIANT. Rien n'a été fait."
        ).format(doing=doing)
    )


def _password(args: argparse.Namespace, doing: str) -> str:
    if args.password_stdin:
        line = sys.stdin.readline() if sys.stdin is not None else ""
        password = line.rstrip("\r\n")
        if not password:
            raise LoginRefused(
                tr(
                    "Connexion requise pour {doing} : --mot-de-passe-stdin attend le mot de "
                    "passe sur la première ligne de l'entrée standard, qui est vide. Rien "
                    "n'a été fait."
                ).format(doing=doing)
            )
        return password
    if _interactive():
        return getpass.getpass(PASSWORD_PROMPT)
    raise LoginRefused(
        tr(
            "Connexion requise pour {doing} : tapez le mot de passe dans un terminal, ou "
            "donnez-le sur l'entrée standard avec --mot-de-passe-stdin. Rien n'a été fait."
        ).format(doing=doing)
    )
