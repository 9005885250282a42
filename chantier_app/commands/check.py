"""``chantier check``: integrity and foreign-key checks; exit code 0 (sound) or 1.

Clear data need no log-in (the check shows nothing of them). Encrypted data cannot be read
without their key: an account and its password, or the recovery key, are asked first
(``login.unlock_to_read``); a wrong one is refused in French, the file never called damaged.
"""

from __future__ import annotations

import argparse
import sys

from chantier_app.commands import login
from chantier_app.i18n import tr
from chantier_app.paths import AppPaths

NAME = "check"
HELP = tr("vérifier l'intégrité de la base (code de sortie 0 ou 1)")


def configure(parser: argparse.ArgumentParser) -> None:
    login.add_options(parser, recovery=True)


def run(paths: AppPaths, args: argparse.Namespace) -> int:
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
