"""``chantier print TYPE``: a document as a PDF file, for scripts and scheduled printing.

Exit codes: 0 written; 1 the document cannot be made (missing contract, settings...) or
the log-in was refused (``commands/login.py``); 2 bad arguments (unknown type or team,
missing --person, malformed month...).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

from chantier_app.commands import login
from chantier_app.i18n import tr
from chantier_app.paths import AppPaths

NAME = "print"
SERVER_URL = True  # a folder set to a shared database prints from that database
HELP = tr("imprimer un document en PDF (contrat, fiche de suivi, émargement, bilan…)")
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
KINDS = (
    "contract",
    "amendment",
    "follow-up",
    "follow-up-encadrant",
    "sign-in",
    "attestation",
    "monthly-statement",
    "yearly-report",
)
PERSON_KINDS = {"contract", "amendment", "follow-up", "follow-up-encadrant", "attestation"}
TEAM_BATCH_KINDS = {"follow-up", "follow-up-encadrant"}


class UsageError(Exception):
    """Bad arguments: the message is French, the exit code 2."""


def _kind(text: str) -> str:
    if text not in KINDS:
        raise argparse.ArgumentTypeError(
            tr("type de document inconnu « {text} » (types : {kinds})").format(
                text=text, kinds=", ".join(KINDS)
            )
        )
    return text


def _month(text: str) -> dt.date:
    match = re.fullmatch(r"(\d{4})-(\d{2})", text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise argparse.ArgumentTypeError(
            tr("mois invalide « {text} » : format attendu AAAA-MM, par exemple 2026-11").format(
                text=text
            )
        )
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


def _year(text: str) -> int:
    if not re.fullmatch(r"\d{4}", text.strip()):
        raise argparse.ArgumentTypeError(
            tr("année invalide « {text} » : format attendu AAAA, par exemple 2026").format(
                text=text
            )
        )
    return int(text)


def _day(text: str) -> dt.date:
    from chantier_app.domain.parsing import parse_date

    try:
        day = parse_date(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    if day is None:
        raise argparse.ArgumentTypeError(tr("date manquante"))
    return day


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = tr(
        "Écrit un document en PDF. Types : {kinds}. Sans --team, les feuilles d'émargement "
        "de toutes les équipes du mois ; --team sans --person pour toutes les fiches de "
        "suivi d'une équipe."
    ).format(kinds=", ".join(KINDS))
    parser.add_argument("kind", metavar="TYPE", type=_kind, help=tr("le document à imprimer"))
    parser.add_argument(
        "--person",
        metavar="SALARIÉ",
        help=tr(
            "le salarié : son numéro de dossier (affiché dans son dossier), son numéro de "
            "PASS IAE ou son nom (« Lefèvre Élodie »)"
        ),
    )
    parser.add_argument("--team", metavar="NOM", help=tr("équipe (ex. « Équipe A »)"))
    parser.add_argument("--month", type=_month, metavar="AAAA-MM", help=tr("mois"))
    parser.add_argument(
        "--week", type=_day, metavar="JJ/MM/AAAA", help=tr("un jour de la semaine à émarger")
    )
    parser.add_argument("--year", type=_year, metavar="AAAA", help=tr("année du bilan"))
    parser.add_argument(
        "--out", metavar="FICHIER.pdf", help=tr("fichier PDF à écrire (ou dossier existant)")
    )
    login.add_options(parser)


def run(paths: AppPaths, args: argparse.Namespace) -> int:
    try:
        _check_arguments(args)
    except UsageError as error:
        return _usage(str(error))
    from chantier_app.commands.opening import open_command_data, server_choice

    on_server = server_choice(paths, args) is not None
    if not on_server and not paths.db_path.exists():
        print(
            tr("Erreur : aucune donnée dans {folder} (utilisez --data-dir).").format(
                folder=paths.data_dir
            ),
            file=sys.stderr,
        )
        return EXIT_FAILED
    doing = tr("imprimer un document")
    # Encrypted data: the log-in first (a server's data have no key on this PC).
    typed = None if on_server else login.unlock(paths, args, doing=doing)
    opened = open_command_data(paths, args)
    try:
        # A document shows a person's data: printed under an account, never as « Système ».
        actor = login.log_in(opened.database, args, doing=doing, typed=typed)
        return _print(opened.database, actor, paths, args)
    except UsageError as error:
        return _usage(str(error))
    finally:
        opened.database.dispose()


def _usage(message: str) -> int:
    print(tr("chantier print : erreur : {message}").format(message=message), file=sys.stderr)
    return EXIT_USAGE


def _check_arguments(args: argparse.Namespace) -> None:
    kind = args.kind
    if not args.out:
        raise UsageError(tr("--out FICHIER.pdf est obligatoire"))
    if kind in PERSON_KINDS and args.person is None:
        if kind in TEAM_BATCH_KINDS and args.team:
            return
        raise UsageError(
            tr(
                "--person SALARIÉ est obligatoire pour « {kind} » (numéro de dossier, "
                "numéro de PASS IAE ou nom)"
            ).format(kind=kind)
        )
    if kind == "sign-in" and args.month is None and args.week is None:
        raise UsageError(
            tr("--month AAAA-MM ou --week JJ/MM/AAAA est obligatoire pour « sign-in »")
        )
    if kind == "monthly-statement" and args.month is None:
        raise UsageError(tr("--month AAAA-MM est obligatoire pour « monthly-statement »"))
    if kind == "yearly-report" and args.year is None:
        raise UsageError(tr("--year AAAA est obligatoire pour « yearly-report »"))


def _print(database, actor, paths: AppPaths, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from chantier_app.services.context import AppContext
    from chantier_app.services.documents import batch as documents_batch
    from chantier_app.services.documents import files as documents_files

    ctx = AppContext(database, actor, paths)  # paths: the association's own texts
    requests = ctx.read(_requests, args)
    made = documents_batch.make_documents(ctx, requests)
    out = Path(args.out)
    if out.is_dir():
        for path in documents_files.write_folder(out, made):
            print(tr("Document écrit : {path}").format(path=path))
        return EXIT_OK
    if len(made) == 1:
        documents_files.write_pdf(out, made[0].pdf)
        print(tr("Document écrit : {path}").format(path=out))
    else:
        documents_files.write_pdf(out, documents_files.merged(made))
        print(tr("{n} documents écrits dans {path}").format(n=len(made), path=out))
    return EXIT_OK


def _requests(session, actor, args: argparse.Namespace) -> list:  # type: ignore[no-untyped-def]
    """The documents the arguments ask for; unknown person or team is a usage error."""
    from chantier_app.services.documents import catalog
    from chantier_app.services.documents.printing import DocumentKind, DocumentRequest

    kind = DocumentKind(args.kind)
    person_id = _person_id(session, actor, args.person) if args.person is not None else None
    team_id = _team_id(session, actor, args.team) if args.team else None
    if kind.for_person and args.person is None:
        found = catalog.team_follow_up_requests(
            session,
            actor,
            team_id or 0,
            encadrant=kind is DocumentKind.FOLLOW_UP_SUPERVISOR,
            today=dt.date.today(),
        )
        if not found:
            raise UsageError(
                tr("personne sous contrat aujourd'hui dans l'équipe « {team} »").format(
                    team=args.team
                )
            )
        return found
    if kind is DocumentKind.SIGN_IN and team_id is None:
        month = args.month or (args.week.replace(day=1) if args.week else None)
        found = catalog.month_sign_in_requests(session, actor, month)
        if args.week is not None:
            found = [DocumentRequest(kind, team_id=r.team_id, week=args.week) for r in found]
        if not found:
            raise UsageError(tr("aucune équipe n'a de salarié sous contrat ce mois-là"))
        return found
    return [
        DocumentRequest(
            kind,
            person_id=person_id,
            team_id=team_id,
            month=args.month,
            week=args.week,
            year=args.year,
        )
    ]


def _person_id(session, actor, text: str) -> int:  # type: ignore[no-untyped-def]
    from chantier_app.services.people.lookup import find_people

    found = find_people(session, actor, text)
    if len(found) == 1:
        return found[0].id
    if not found:
        raise UsageError(
            tr(
                "aucun salarié ne correspond à « {text} » (numéro de dossier, numéro de "
                "PASS IAE ou nom)"
            ).format(text=text)
        )
    raise UsageError(
        tr("plusieurs salariés correspondent à « {text} » : {found} ; précisez").format(
            text=text, found=", ".join(f"{p.name} (n° {p.id})" for p in found[:10])
        )
    )


def _team_id(session, actor, name: str) -> int:  # type: ignore[no-untyped-def]
    from chantier_app.services.documents import catalog

    found = catalog.find_teams(session, actor, name)
    if len(found) == 1:
        return found[0].id
    if not found:
        known = [c.label for c in catalog.all_teams(session, actor)]
        raise UsageError(
            tr("équipe inconnue « {name} » (équipes : {known})").format(
                name=name, known=", ".join(known) or tr("aucune")
            )
        )
    raise UsageError(
        tr("plusieurs équipes s'appellent « {name} » : précisez l'atelier ({found})").format(
            name=name, found=", ".join(c.label for c in found)
        )
    )
