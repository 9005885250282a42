"""``chantier check``: integrity and foreign-key checks; exit code 0 (sound) or 1.

Clear data need no log-in (the check shows nothing of them). Encrypted data cannot be read
without their key: an account and its password, or the recovery key, are asked first
(``login.unlock_to_read``); a wrong one is refused in French, the file never called damaged.
A folder set to a shared database (its ``serveur.json``, or ``--serveur``) checks that
database with the server's equivalents (``db/server_check.py``), read only.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from chantier_app.commands import login
from chantier_app.i18n import tr
from chantier_app.paths import AppPaths

if TYPE_CHECKING:
    from chantier_app.services.safety.shared_database import ServerChoice

NAME = "check"
HELP = tr("vérifier l'intégrité de la base (code de sortie 0 ou 1)")
SERVER_URL = True  # ``chantier --serveur URL check``: that shared database


def configure(parser: argparse.ArgumentParser) -> None:
    login.add_options(parser, recovery=True)


def run(paths: AppPaths, args: argparse.Namespace) -> int:
    from chantier_app.commands.opening import server_choice

    choice = server_choice(paths, args)
    if choice is not None:
        return _check_server(choice)
    from chantier_app.services.safety.bootstrap import check_file

    login.unlock_to_read(paths, args, doing=tr("vérifier des données chiffrées"))
    problems = check_file(paths)
    if not problems:
        print(tr("Base de données intacte : {path}").format(path=paths.db_path))
        return 0
    print(tr("Problèmes dans {path} :").format(path=paths.db_path), file=sys.stderr)
    for problem in problems:
        print(f"  - {problem}", file=sys.stderr)
    return 1


def _check_server(choice: ServerChoice) -> int:
    from chantier_app.commands.opening import with_server_password
    from chantier_app.services.safety.shared_database import check_shared_database

    where = tr("la base partagée {where}").format(where=choice.target.describe())
    found = with_server_password(
        choice, lambda password: check_shared_database(choice.target, password)
    )
    if found.ok:
        print(tr("Base de données intacte : {where}").format(where=where))
        for note in found.notes:
            print(f"  – {note}")
        return 0
    print(tr("Problèmes dans {where} :").format(where=where), file=sys.stderr)
    for problem in found.problems:
        print(f"  - {problem}", file=sys.stderr)
    for note in found.notes:
        print(f"  – {note}", file=sys.stderr)
    return 1
