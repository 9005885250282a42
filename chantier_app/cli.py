"""Command line: the GUI by default, and sub-commands for scripts and scheduled tasks."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType

from chantier_app import __version__
from chantier_app.cli_french import french_argparse
from chantier_app.commands import COMMAND_MODULES
from chantier_app.file_modes import restrict_umask
from chantier_app.i18n import tr

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(
            EXIT_USAGE,
            tr("{prog} : erreur : {message}\n").format(prog=self.prog, message=message),
        )


def _commands() -> dict[str, ModuleType]:
    modules = (importlib.import_module(f"chantier_app.commands.{n}") for n in COMMAND_MODULES)
    return {module.NAME: module for module in modules}


def build_parser(commands: dict[str, ModuleType] | None = None) -> argparse.ArgumentParser:
    parser = _Parser(
        prog="chantier",
        description=tr(
            "Gestion d'un atelier et chantier d'insertion. Sans commande : ouvre l'application."
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"chantier_app {__version__}",
        help=tr("afficher la version et quitter"),
    )
    parser.add_argument(
        "--data-dir",
        metavar="DOSSIER",
        help=tr("dossier des données (sinon CHANTIER_DATA_DIR, sinon le dossier de l'utilisateur)"),
    )
    parser.add_argument(
        "--serveur",
        dest="server_url",
        metavar="URL",
        help=tr(
            "ouvrir la base partagée de ce serveur PostgreSQL "
            "(postgresql://utilisateur@hôte:port/base?sslmode=verify-full&sslrootcert=CA) au "
            "lieu de celle des paramètres ou du fichier local ; un mot de passe écrit dans "
            "l'adresse va au trousseau du système, jamais dans le dossier"
        ),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE", parser_class=_Parser)
    for name, module in (commands or _commands()).items():
        module.configure(sub.add_parser(name, help=module.HELP))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # Before any file exists: the data, its WAL, backups, logs and exports are the owner's.
    restrict_umask()
    commands = _commands()
    with french_argparse():
        parser = build_parser(commands)
        args = parser.parse_args(argv)
        command = commands[args.command or "gui"]
        if args.server_url is not None and not getattr(command, "SERVER_URL", False):
            # The other commands work on the data folder's file: silently ignoring the
            # server there would check, back up or print the wrong database.
            parser.error(
                tr("--serveur ne s'applique pas à la commande {name}").format(name=command.NAME)
            )
    from chantier_app.domain.errors import AppError
    from chantier_app.paths import resolve_paths

    paths = resolve_paths(args.data_dir)
    try:
        return int(command.run(paths, args))
    except AppError as error:
        print(tr("Erreur : {message}").format(message=error.message), file=sys.stderr)
        return EXIT_FAILED
