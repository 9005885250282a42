"""``chantier serveur init|copier-depuis|restaurer``: set up the shared database of several offices.

``init URL`` creates the schema in an empty PostgreSQL database; ``copier-depuis DOSSIER
URL`` moves a data folder's records onto it and prints, table by table, the rows and the
checksum found on both sides; ``restaurer FICHIER URL`` does the same from a backup file
(a server's snapshot included), after printing its preview; ``dechiffrer FICHIER`` gives an
encrypted folder's pg_dump copy back, for pg_restore. The address may come from ``--serveur`` or ``CHANTIER_SERVEUR``
instead; its password is never printed (better kept out of it: libpq reads ``~/.pgpass`` or
``PGPASSWORD``). Exit code 0 done, 1 refused or different (nothing changed), 2 bad usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from chantier_app.commands import login
from chantier_app.i18n import tr
from chantier_app.paths import AppPaths, resolve_paths

if TYPE_CHECKING:
    from chantier_app.db.engine import Database
    from chantier_app.services.context import Actor
    from chantier_app.services.safety.server import TableComparison

NAME = "serveur"
SERVER_URL = True  # ``chantier --serveur URL serveur init``: the address may come from there
HELP = tr(
    "base partagée sur un serveur PostgreSQL (plusieurs postes) : init, copier-depuis, restaurer"
)
URL_HELP = tr(
    "adresse de la base : postgresql://ROLE@SERVEUR/BASE?sslmode=verify-full "
    "(sinon la variable CHANTIER_SERVEUR)"
)
DOING = tr("copier les données vers le serveur")
EXIT_USAGE = 2


def configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(
        dest="server_action", metavar="ACTION", required=True, parser_class=type(parser)
    )
    init = actions.add_parser(
        "init", help=tr("créer le schéma de l'application dans une base PostgreSQL vide")
    )
    init.add_argument("url", metavar="URL", nargs="?", help=URL_HELP)
    copy = actions.add_parser(
        "copier-depuis",
        help=tr(
            "copier les données d'un dossier vers la base qui vient d'être initialisée "
            "(le dossier n'est pas modifié)"
        ),
    )
    copy.add_argument("folder", metavar="DOSSIER", type=Path, help=tr("le dossier des données"))
    copy.add_argument("url", metavar="URL", nargs="?", help=URL_HELP)
    login.add_options(copy)
    restore = actions.add_parser(
        "restaurer",
        help=tr(
            "restaurer une sauvegarde (fichier du dossier backups) dans une base qui vient "
            "d'être initialisée (la sauvegarde n'est pas modifiée)"
        ),
    )
    restore.add_argument("backup", metavar="FICHIER", type=Path, help=tr("la sauvegarde"))
    restore.add_argument("url", metavar="URL", nargs="?", help=URL_HELP)
    login.add_options(restore)
    decrypt = actions.add_parser(
        "dechiffrer",
        help=tr(
            "écrire sur la sortie standard une copie pg_dump chiffrée par ce dossier, "
            "déchiffrée, pour pg_restore (chantier serveur dechiffrer FICHIER | pg_restore …)"
        ),
    )
    decrypt.add_argument("dump", metavar="FICHIER", type=Path, help=tr("la copie .dump"))
    login.add_options(decrypt)


def run(paths: AppPaths, args: argparse.Namespace) -> int:
    from chantier_app.services.safety import server

    if args.server_action == "init":
        done = server.init_server(_address(args))
        print(
            tr("Schéma {revision} créé sur {server}.").format(
                revision=done.revision, server=done.server
            )
        )
        return 0
    if args.server_action == "restaurer":
        return _restore(paths, args)
    if args.server_action == "dechiffrer":
        return _decrypt(paths, args)
    source = resolve_paths(str(args.folder.expanduser()))
    # Encrypted data: the log-in unlocks the data key first (the key slot), then the same
    # typing is the account's log-in on the folder's private copy.
    typed = login.unlock(source, args, doing=DOING) if server.needs_key(source) else None

    def identify(database: Database) -> Actor:
        return login.log_in(database, args, doing=DOING, typed=typed)

    try:
        copied = server.copy_folder_to_server(source, _address(args), identify)
    except server.CopyMismatchError as different:
        _print_table(different.tables, file=sys.stderr)
        raise
    _print_table(copied.tables, file=sys.stdout)
    print(
        tr(
            "{rows} lignes copiées de {folder} vers {server} en {seconds:.1f} s ; chaque table a "
            "le même nombre de lignes et la même somme de contrôle des deux côtés."
        ).format(
            rows=copied.rows, folder=source.data_dir, server=copied.server, seconds=copied.seconds
        )
    )
    return 0


def _restore(paths: AppPaths, args: argparse.Namespace) -> int:
    """The backup's preview, then its rows onto the server, compared as ``copier-depuis``.
    An encrypted folder's snapshot (``db/server_copy``) is opened by a log-in of that folder
    first (``--data-dir``, or the key file beside the backup), then read as any backup."""
    from chantier_app.services.safety import backups, server

    backup = args.backup.expanduser().resolve()
    doing = tr("restaurer la sauvegarde sur le serveur")
    typed = login.unlock(paths, args, doing=doing, backup=backup)
    preview = backups.preview(backup)
    print(
        tr(
            "Sauvegarde {name} du {when:%d/%m/%Y %H:%M} : {status} ; schéma {revision}, "
            "{people} personnes, {contracts} contrats."
        ).format(
            name=backup.name,
            when=preview.taken_at,
            status=preview.status.label,
            revision=preview.revision or "-",
            people=preview.people,
            contracts=preview.contracts,
        )
    )

    def identify(database: Database) -> Actor:
        return login.log_in(database, args, doing=doing, typed=typed)

    try:
        copied = server.restore_backup_to_server(backup, _address(args), identify)
    except server.CopyMismatchError as different:
        _print_table(different.tables, file=sys.stderr)
        raise
    _print_table(copied.tables, file=sys.stdout)
    print(
        tr(
            "{rows} lignes restaurées de {backup} vers {server} en {seconds:.1f} s ; chaque "
            "table a le même nombre de lignes et la même somme de contrôle des deux côtés."
        ).format(rows=copied.rows, backup=backup, server=copied.server, seconds=copied.seconds)
    )
    return 0


def _decrypt(paths: AppPaths, args: argparse.Namespace) -> int:
    """An encrypted folder's pg_dump copy (``db/server_dump_cipher``) to standard output,
    each chunk checked before it is written: ``pg_restore`` reads it from its standard input
    (an altered chunk stops the stream there, exit code 1, and pg_restore fails too)."""
    from chantier_app.services.safety import server

    if sys.stdout.isatty():  # the whole of the data, in clear, on a screen: never
        print(
            tr(
                "Envoyez la sortie à pg_restore : chantier serveur dechiffrer FICHIER | pg_restore …"
            ),
            file=sys.stderr,
        )
        return EXIT_USAGE
    login.unlock(paths, args, doing=tr("déchiffrer une copie pg_dump"))
    out = sys.stdout.buffer
    for chunk in server.pg_dump_bytes(paths, args.dump.expanduser()):
        out.write(chunk)
    out.flush()
    return 0


def _address(args: argparse.Namespace) -> str | None:
    """The URL given after the action, else ``--serveur``'s; None: ``CHANTIER_SERVEUR``."""
    return args.url or getattr(args, "server_url", None)


def _print_table(tables: list[TableComparison], *, file: TextIO) -> None:
    headers = (
        tr("Table"),
        tr("Lignes (dossier)"),
        tr("Lignes (serveur)"),
        tr("Somme de contrôle SHA-256 (début)"),
        tr("Résultat"),
    )
    lines = [
        (
            t.table,
            str(t.source.rows),
            str(t.server.rows),
            t.source.sha256[:16] if t.same else f"{t.source.sha256[:16]} ≠ {t.server.sha256[:16]}",
            tr("identique") if t.same else tr("DIFFÉRENT"),
        )
        for t in tables
    ]
    widths = [max(len(row[i]) for row in (headers, *lines)) for i in range(len(headers))]
    for row in (headers, *lines):
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        print("  ".join(cells).rstrip(), file=file)
