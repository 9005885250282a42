"""``chantier gui``: open the application (the default command)."""

from __future__ import annotations

import argparse

from chantier_app.i18n import tr
from chantier_app.paths import AppPaths

NAME = "gui"
HELP = tr("ouvrir l'application (par défaut)")
SERVER_URL = True  # ``chantier --serveur URL``: the application on a shared database


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lecture-seule",
        dest="readonly",
        action="store_true",
        help=tr("ouvrir en consultation, sans rien modifier"),
    )


def run(paths: AppPaths, args: argparse.Namespace) -> int:
    server_url = getattr(args, "server_url", None)
    if server_url is not None:
        from chantier_app.services.safety.shared_database import check_url

        check_url(server_url)  # a wrong address: a French line on stderr, no window
    from chantier_app.ui.app import run_gui

    return run_gui(paths, readonly=getattr(args, "readonly", False), server_url=server_url)
