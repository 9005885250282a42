"""The log-in of the commands that read, export or replace personal data (not a command).

The window's rule holds at the keyboard too: ``print``, ``backup --to`` a folder other than
the backups folder and ``restore`` act under an account, checked and traced as a log-in in
the window (argon2id, an account blocked after 5 failures in a row), never as « Système ».
Only the demo's fictitious data, and data with no account yet (the window's first start
lets anyone create the direction's), open without a password, as in the window. ``check``,
``--version`` and ``backup`` into the backups folder (the scheduled task) need none: they
show or copy nothing outside the data folder. Encrypted data need the data key even there:
``check`` asks an account and its password, or the recovery key (``unlock_to_read``).

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

if TYPE_CHECKING:
    from pathlib import Path

    from chantier_app.db.engine import Database
    from chantier_app.paths import AppPaths

LOGIN_PROMPT = tr("Identifiant : ")
PASSWORD_PROMPT = tr("Mot de passe : ")
ACCOUNT_OR_RECOVERY_PROMPT = tr("Identifiant (laissez vide pour la clé de secours) : ")
RECOVERY_PROMPT = tr("Clé de secours : ")


class LoginRefused(AppError):
    """No log-in, or a refused one: the command does nothing (exit code 1)."""


def add_options(parser: argparse.ArgumentParser, *, recovery: bool = False) -> None:
    """``recovery``: the command may open encrypted data with the recovery key instead (it
    needs the data key only, no account: ``check``)."""
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
    if recovery:
        group.add_argument(
            "--cle-de-secours",
            dest="recovery",
            action="store_true",
            help=tr(
                "ouvrir les données chiffrées avec la clé de secours au lieu d'un compte "
                "(demandée sans écho, ou lue sur l'entrée standard avec --mot-de-passe-stdin)"
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


def unlock_to_read(paths: AppPaths, args: argparse.Namespace, *, doing: str) -> None:
    """Encrypted data opened to be read in this folder only (``check``): an account and its
    password, or the recovery key (an empty identifier at the prompt, or --cle-de-secours).

    A wrong password counts towards the account's lock-out as at the window's encrypted
    log-in (``keys.unlock_with_password``); nothing is written in the data: the check may
    run while the application is open. A missing key file is said before anything is asked.
    """
    from chantier_app.services.safety import keys

    if keys.is_unlocked(paths) or not keys.is_encrypted(paths):
        return
    keys.key_file_of(paths)  # KeyFileMissingError: no password can help
    recovery = bool(getattr(args, "recovery", False))
    login = ""
    if not recovery:
        if not args.login and _interactive() and not args.password_stdin:
            login = input(ACCOUNT_OR_RECOVERY_PROMPT).strip()
            recovery = not login
        else:
            login = _login(args, doing, recovery_hint=True)
    try:
        if recovery:
            keys.unlock_with_recovery_key(paths, _password(args, doing, recovery=True))
        else:
            keys.unlock_with_password(paths, login, _password(args, doing))
    except LoginRefused:
        raise
    except AppError as refused:
        raise LoginRefused(
            tr("Connexion refusée : {reason} Rien n'a été fait.").format(reason=refused.message)
        ) from None
    finally:
        keys.forget_log_in()  # no account log-in follows: its derivation is not kept


def log_in(
    database: Database, args: argparse.Namespace, *, doing: str, typed: Typed | None = None
) -> Actor:
    """The account the command acts under; LoginRefused (French) when there is none.

    ``doing`` names the command's action in the refusal (« imprimer un document »). Each
    attempt is committed with its audit line before the command does anything, so a
    refused one counts towards the account's lock-out.
    """
    # Here, not at the top: every command's module is imported to build the parser, the
    # window's start too, and accounts loads SQLAlchemy and the models (0.3 s of CPU) that
    # the first screen is shown without (issue 22).
    from chantier_app.services.structure import accounts

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


def _login(args: argparse.Namespace, doing: str, *, recovery_hint: bool = False) -> str:
    if args.login:
        return str(args.login)
    if _interactive() and not args.password_stdin:
        return input(LOGIN_PROMPT).strip()
    if recovery_hint:
        raise LoginRefused(
            tr(
                "Connexion requise pour {doing} : indiquez votre identifiant avec "
                "--utilisateur IDENTIFIANT, ou --cle-de-secours. Rien n'a été fait."
            ).format(doing=doing)
        )
    raise LoginRefused(
        tr(
            "Connexion requise pour {doing} : indiquez votre identifiant avec --utilisateur "
            "IDENTIFIANT. Rien n'a été fait."
        ).format(doing=doing)
    )


def _password(args: argparse.Namespace, doing: str, *, recovery: bool = False) -> str:
    """The password (or the recovery key), never echoed nor an argument."""
    if args.password_stdin:
        line = sys.stdin.readline() if sys.stdin is not None else ""
        password = line.rstrip("\r\n")
        if not password:
            what = tr("la clé de secours") if recovery else tr("le mot de passe")
            raise LoginRefused(
                tr(
                    "Connexion requise pour {doing} : --mot-de-passe-stdin attend {what} sur "
                    "la première ligne de l'entrée standard, qui est vide. Rien n'a été fait."
                ).format(doing=doing, what=what)
            )
        return password
    if _interactive():
        return getpass.getpass(RECOVERY_PROMPT if recovery else PASSWORD_PROMPT)
    if recovery:
        raise LoginRefused(
            tr(
                "Connexion requise pour {doing} : tapez la clé de secours dans un terminal, ou "
                "donnez-la sur l'entrée standard avec --mot-de-passe-stdin. Rien n'a été fait."
            ).format(doing=doing)
        )
    raise LoginRefused(
        tr(
            "Connexion requise pour {doing} : tapez le mot de passe dans un terminal, ou "
            "donnez-le sur l'entrée standard avec --mot-de-passe-stdin. Rien n'a été fait."
        ).format(doing=doing)
    )
