"""``chantier demo``: create the demo association in an empty data folder, then maybe open it."""

from __future__ import annotations

import argparse
import sys

from chantier_app.i18n import tr
from chantier_app.paths import AppPaths

NAME = "demo"
HELP = tr("créer une association fictive de démonstration")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--open", action="store_true", help=tr("ouvrir l'application ensuite"))
    parser.add_argument(
        "--seed", type=int, default=2026, help=tr("graine du tirage (reproductible)")
    )


def run(paths: AppPaths, args: argparse.Namespace) -> int:
    from chantier_app.commands.opening import server_choice
    from chantier_app.services.safety.bootstrap import take_writer_lock

    choice = server_choice(paths, args)
    if choice is not None:
        # The fictitious association belongs in a folder of its own, never mixed into the
        # offices' shared data (nor in a file the folder does not use).
        print(
            tr(
                "Ce dossier travaille sur la base partagée {where} : créez la "
                "démonstration dans un autre dossier (--data-dir). Rien n'a été créé."
            ).format(where=choice.target.describe()),
            file=sys.stderr,
        )
        return 1

    # One writer at a time: an application open on this folder refuses the demo (AppError:
    # exit code 1, nothing written), as it refuses a second window.
    with take_writer_lock(paths):
        _create(paths, args)
    if args.open:
        from chantier_app.commands import gui

        return gui.run(paths, args)
    return 0


def _create(paths: AppPaths, args: argparse.Namespace) -> None:
    from chantier_app.services.context import Actor
    from chantier_app.services.safety.bootstrap import open_data
    from chantier_app.synthetic import demo

    opened = open_data(paths)
    try:
        if _is_demo(opened.database):
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


def _is_demo(database) -> bool:  # type: ignore[no-untyped-def]
    from chantier_app.synthetic.demo import is_demo_database

    with database.reading() as session:
        return is_demo_database(session)
