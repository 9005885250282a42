"""``chantier backup [--to DOSSIER]``: a checked backup, for a scheduled task; exit code 0 or 1."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from chantier_app.i18n import tr
from chantier_app.paths import AppPaths

NAME = "backup"
HELP = tr("faire une sauvegarde vérifiée des données (code de sortie 0 ou 1)")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--to",
        metavar="DOSSIER",
        type=Path,
        help=tr("copier la sauvegarde dans ce dossier (clé USB…) au lieu du dossier backups/"),
    )


def run(paths: AppPaths, args: argparse.Namespace) -> int:
    from chantier_app.services.safety import backups

    if not paths.db_path.exists():
        print(
            tr("Aucune donnée à sauvegarder : {path}").format(path=paths.db_path), file=sys.stderr
        )
        return 1
    # A backup only reads the live file: it may run while the application is open.
    if args.to is not None:
        path = backups.save_to(paths, args.to.expanduser())
    else:
        path = backups.backup_now(paths, reason="commande")
    print(tr("Sauvegarde vérifiée : {path}").format(path=path))
    return 0
