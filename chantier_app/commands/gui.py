"""``chantier gui``: open the application (the default command)."""

from __future__ import annotations

import argparse

from chantier_app.i18n import tr
from chantier_app.paths import AppPaths

NAME = "gui"
HELP = tr("ouvrir l'application (par défaut)")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lecture-seule",
        dest="readonly",
        action="store_true",
        help=tr("ouvrir en consultation, sans rien modifier"),
    )


def run(paths: AppPaths, args: argparse.Namespace) -> int:
    from chantier_app.ui.app import run_gui

    return run_gui(paths, readonly=getattr(args, "readonly", False))
