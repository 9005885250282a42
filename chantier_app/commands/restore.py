"""``chantier restore FICHIER``: replace the data by a backup (current data copied first).

Exit codes: 0 restored, 1 refused (log-in included, ``commands/login.py``) or failed
(nothing changed), 2 bad usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from chantier_app.commands import login
from chantier_app.i18n import tr
from chantier_app.paths import AppPaths
from chantier_app.services.context import Actor

if TYPE_CHECKING:
    from chantier_app.db.backup import BackupPreview

NAME = "restore"
HELP = tr("remplacer les données par une sauvegarde (les données actuelles sont copiées avant)")
EXIT_USAGE = 2
SERVER_URL = True  # refused on a shared database, in French, rather than on the file


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FICHIER", type=Path, help=tr("la sauvegarde à restaurer"))
    parser.add_argument(
        "--oui", action="store_true", help=tr("ne pas demander de confirmation (tâche planifiée)")
    )
    login.add_options(parser)


def describe(preview: BackupPreview) -> str:
    lines = [
        tr("Sauvegarde : {path}").format(path=preview.path),
        tr("  date : {date}").format(date=preview.taken_at.strftime("%d/%m/%Y %H:%M")),
        tr("  état : {status}").format(status=preview.status.label),
    ]
    if preview.revision:
        lines.append(tr("  schéma : {revision}").format(revision=preview.revision))
    if preview.structure:
        lines.append(tr("  structure : {name}").format(name=preview.structure))
    if preview.restorable:
        lines.append(
            tr("  {people} salariés, {contracts} contrats, {hours} lignes d'heures").format(
                people=preview.people, contracts=preview.contracts, hours=preview.hours_rows
            )
        )
    lines.extend(f"  – {problem}" for problem in preview.problems[:5])
    return "\n".join(lines)


def run(paths: AppPaths, args: argparse.Namespace) -> int:
    from chantier_app.commands.opening import server_choice
    from chantier_app.services.safety import backups
    from chantier_app.services.safety.bootstrap import take_writer_lock

    choice = server_choice(paths, args)
    if choice is not None:
        # This command replaces the folder's file, which a folder set to a server does not
        # use: restoring it would change nothing the offices see, and say it did.
        print(
            tr(
                "Ce dossier travaille sur la {where} : « chantier restore » remplace le "
                "fichier local, pas le serveur. Pour remettre une sauvegarde sur le serveur : "
                "« chantier serveur init » sur une base vide, puis « chantier serveur "
                "restaurer FICHIER URL » (README « Plusieurs postes »). Rien n'a été modifié."
            ).format(where=tr("base partagée {where}").format(where=choice.target.describe())),
            file=sys.stderr,
        )
        return 1
    source = args.file.expanduser()
    if not source.is_file():
        print(tr("Fichier introuvable : {path}").format(path=source), file=sys.stderr)
        return 1
    # Encrypted data or backup: the log-in comes before the backup can even be previewed.
    typed = login.unlock(paths, args, doing=tr("restaurer une sauvegarde"), backup=source)
    preview = backups.preview(source)
    print(describe(preview))
    backups.check_restorable(preview, paths)  # AppError: exit code 1, nothing changed
    # The log-in before anything is replaced; a refusal is exit code 1, nothing changed.
    actor = _actor(paths, args, typed)
    if not args.oui:
        if not sys.stdin.isatty():
            print(tr("Ajoutez --oui pour restaurer sans question."), file=sys.stderr)
            return EXIT_USAGE
        answer = input(tr("Remplacer les données actuelles par cette sauvegarde ? [o/N] "))
        if answer.strip().lower() not in ("o", "oui"):
            print(tr("Restauration annulée : rien n'a été modifié."))
            return 1
    with take_writer_lock(paths):
        result = backups.restore(paths, source, actor)
    if result.safety_copy is not None:
        print(tr("Données précédentes copiées dans {path}").format(path=result.safety_copy))
    if result.damaged_aside is not None:
        print(tr("Fichier endommagé mis de côté : {path}").format(path=result.damaged_aside))
    print(tr("Restauration terminée."))
    return 0


def _actor(paths: AppPaths, args: argparse.Namespace, typed: login.Typed | None) -> Actor:
    """The account replacing the data: one of the current data's (``commands/login.py``).

    A folder with no data yet (a new computer) or a damaged file has no account to check
    and nothing to read: the restore runs as « Système » (the damaged file is kept aside),
    as the window offers a restore before any log-in; the restored data's trail says so.
    """
    from chantier_app.services.safety.bootstrap import file_problems, open_data

    if not paths.db_path.exists() or paths.db_path.stat().st_size == 0 or file_problems(paths):
        return Actor.system()
    opened = open_data(paths)
    try:
        return login.log_in(
            opened.database, args, doing=tr("restaurer une sauvegarde"), typed=typed
        )
    finally:
        opened.database.dispose()
