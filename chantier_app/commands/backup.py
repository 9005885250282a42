"""``chantier backup [--to DOSSIER]``: a checked backup, for a scheduled task; exit code 0 or 1.

Into the backups folder it runs unattended (the scheduled task: the copy stays in the data
folder, private to its owner). A copy anywhere else (a USB key) takes every record out of
the application: it needs the log-in of an account allowed to (``commands/login.py``).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from chantier_app.commands import login
from chantier_app.i18n import tr
from chantier_app.paths import AppPaths

if TYPE_CHECKING:
    from chantier_app.services.safety.shared_database import ServerChoice

NAME = "backup"
HELP = tr("faire une sauvegarde vérifiée des données (code de sortie 0 ou 1)")
SERVER_URL = True  # a folder set to a shared database backs up that database


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--to",
        metavar="DOSSIER",
        type=Path,
        help=tr(
            "copier la sauvegarde dans ce dossier (clé USB…) au lieu du dossier backups/ ; "
            "demande une connexion"
        ),
    )
    login.add_options(parser)


def run(paths: AppPaths, args: argparse.Namespace) -> int:
    from chantier_app.commands.opening import server_choice
    from chantier_app.services.safety import backups

    folder = args.to.expanduser() if args.to is not None else None
    choice = server_choice(paths, args)
    if choice is not None:
        return _backup_server(paths, args, choice, folder)
    if not paths.db_path.exists():
        print(
            tr("Aucune donnée à sauvegarder : {path}").format(path=paths.db_path), file=sys.stderr
        )
        return 1
    # A backup only reads the live file: it may run while the application is open.
    doing = tr("copier les données hors du dossier des sauvegardes")
    # Encrypted data are copied with their key: a log-in, even into the backups folder.
    typed = login.unlock(paths, args, doing=doing)
    if folder is None or _is_backups_folder(folder, paths):
        path = backups.backup_now(paths, reason="commande")
    else:
        path = backups.save_to(paths, folder, actor=_actor(paths, args, typed))
    print(tr("Sauvegarde vérifiée : {path}").format(path=path))
    return 0


def _backup_server(
    paths: AppPaths, args: argparse.Namespace, choice: ServerChoice, folder: Path | None
) -> int:
    """The shared database's rows in a checked file (``db/server_copy``), read in one
    snapshot while the other offices go on working; the trail is the server's."""
    from chantier_app.commands.opening import open_server
    from chantier_app.services.context import Actor, AppContext
    from chantier_app.services.safety import backups

    # An encrypted folder's copies of the server are encrypted with its key (db/server_copy):
    # the log-in opens it first, as for its file (never a clear copy of its data).
    login.unlock(paths, args, doing=tr("sauvegarder la base partagée"))
    opened = open_server(paths, choice)
    try:
        database = opened.database
        if folder is None or _is_backups_folder(folder, paths):
            path = backups.backup_now(
                AppContext(database, Actor.system(), paths), reason="commande"
            )
        else:
            doing = tr("copier les données hors du dossier des sauvegardes")
            actor = login.log_in(database, args, doing=doing)
            path = backups.save_to(AppContext(database, actor, paths), folder)
    finally:
        opened.database.dispose()
    print(tr("Sauvegarde vérifiée : {path}").format(path=path))
    return 0


def _is_backups_folder(folder: Path, paths: AppPaths) -> bool:
    try:
        return os.path.samefile(folder, paths.backups_dir)
    except OSError:
        return False


def _actor(paths: AppPaths, args: argparse.Namespace, typed: login.Typed | None):  # type: ignore[no-untyped-def]
    from chantier_app.services.safety.bootstrap import open_data

    opened = open_data(paths)
    try:
        return login.log_in(
            opened.database,
            args,
            doing=tr("copier les données hors du dossier des sauvegardes"),
            typed=typed,
        )
    finally:
        opened.database.dispose()
