"""Command line: the GUI by default, and sub-commands for scripts and scheduled tasks."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from chantier_app import __version__
from chantier_app.i18n import tr

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(
            EXIT_USAGE, tr("{prog} : erreur : {message}\n").format(prog=self.prog, message=message)
        )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="chantier",
        description=tr(
            "Gestion d'un atelier et chantier d'insertion. Sans commande : ouvre l'application."
        ),
    )
    parser.add_argument("--version", action="version", version=f"chantier_app {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DOSSIER",
        help=tr("dossier des données (sinon CHANTIER_DATA_DIR, sinon le dossier de l'utilisateur)"),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE", parser_class=_Parser)
    gui = sub.add_parser("gui", help=tr("ouvrir l'application (par défaut)"))
    gui.add_argument(
        "--lecture-seule",
        dest="readonly",
        action="store_true",
        help=tr("ouvrir en consultation, sans rien modifier"),
    )
    demo = sub.add_parser("demo", help=tr("créer une association fictive de démonstration"))
    demo.add_argument("--open", action="store_true", help=tr("ouvrir l'application ensuite"))
    demo.add_argument("--seed", type=int, default=2026, help=tr("graine du tirage (reproductible)"))
    sub.add_parser("check", help=tr("vérifier l'intégrité de la base (code de sortie 0 ou 1)"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from chantier_app.paths import resolve_paths

    paths = resolve_paths(args.data_dir)
    command = args.command or "gui"
    handler = _COMMANDS[command]
    from chantier_app.domain.errors import AppError

    try:
        return handler(paths, args)
    except AppError as error:
        print(tr("Erreur : {message}").format(message=error.message), file=sys.stderr)
        return EXIT_FAILED


def _gui(paths, args) -> int:  # type: ignore[no-untyped-def]
    from chantier_app.ui.app import run_gui

    return run_gui(paths, readonly=getattr(args, "readonly", False))


def _demo(paths, args) -> int:  # type: ignore[no-untyped-def]
    from chantier_app.services import demo
    from chantier_app.services.bootstrap import open_data
    from chantier_app.services.context import Actor

    opened = open_data(paths)
    try:
        with opened.database.reading() as session:
            from sqlalchemy import select

            from chantier_app.db.models import Structure

            existing = session.scalars(select(Structure).limit(1)).first()
        if existing is not None and existing.is_demo:
            print(
                tr("Données de démonstration déjà présentes dans {folder}").format(
                    folder=paths.data_dir
                )
            )
        else:
            with opened.database.transaction() as session:
                summary = demo.create_demo(session, Actor.system(), seed=args.seed)
            print(
                tr(
                    "Démonstration créée dans {folder} : {people} salariés, {contracts} contrats."
                ).format(folder=paths.data_dir, people=summary.people, contracts=summary.contracts)
            )
    finally:
        opened.database.dispose()
    if args.open:
        return _gui(paths, args)
    return EXIT_OK


def _check(paths, args) -> int:  # type: ignore[no-untyped-def]
    from chantier_app.db.check import check_database

    report = check_database(paths.db_path)
    if report.ok:
        print(tr("Base de données intacte : {path}").format(path=paths.db_path))
        return EXIT_OK
    print(tr("Problèmes dans {path} :").format(path=paths.db_path), file=sys.stderr)
    for problem in report.problems:
        print(f"  - {problem}", file=sys.stderr)
    return EXIT_FAILED


_COMMANDS = {"gui": _gui, "demo": _demo, "check": _check}
