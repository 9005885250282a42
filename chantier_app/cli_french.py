"""argparse in French: its own words (« usage: », « options: », its error messages).

argparse calls ``gettext`` on each of its texts through its module's ``_`` and ``ngettext``;
Python ships no French catalogue for them, so the command line would mix English into French
help and errors. They are swapped for this table while ``chantier`` builds and reads its
arguments only (the rest of the process, pytest's own argparse included, keeps argparse as
it is). The keys are argparse's own texts (Python 3.11 to 3.13).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

from chantier_app.i18n import tr

_FRENCH = {
    "usage: ": tr("utilisation : "),
    "positional arguments": tr("arguments"),
    "options": tr("options"),
    "show this help message and exit": tr("afficher cette aide et quitter"),
    "argument %(argument_name)s: %(message)s": tr("argument %(argument_name)s : %(message)s"),
    "the following arguments are required: %s": tr("arguments obligatoires absents : %s"),
    "unrecognized arguments: %s": tr("arguments inconnus : %s"),
    "invalid choice: %(value)r (choose from %(choices)s)": tr(
        "choix inconnu : %(value)r (choix possibles : %(choices)s)"
    ),
    "invalid %(type)s value: %(value)r": tr("valeur invalide : %(value)r"),
    "expected one argument": tr("une valeur est attendue"),
    "expected at most one argument": tr("une valeur au plus est attendue"),
    "expected at least one argument": tr("une valeur au moins est attendue"),
    "ambiguous option: %(option)s could match %(matches)s": tr(
        "option ambiguë : %(option)s peut désigner %(matches)s"
    ),
    "not allowed with argument %s": tr("incompatible avec l'argument %s"),
    "ignored explicit argument %r": tr("valeur ignorée : %r"),
    "one of the arguments %s is required": tr("l'un des arguments %s est obligatoire"),
    "unexpected option string: %s": tr("option inattendue : %s"),
    "%(prog)s: error: %(message)s\n": tr("%(prog)s : erreur : %(message)s\n"),
    "can't open '%(filename)s': %(error)s": tr("impossible d'ouvrir « %(filename)s » : %(error)s"),
    "unknown parser %(parser_name)r (choices: %(choices)s)": tr(
        "commande inconnue %(parser_name)r (commandes : %(choices)s)"
    ),
    "subcommands": tr("commandes"),
}
_PLURALS = {"expected %s argument": (tr("%s valeur attendue"), tr("%s valeurs attendues"))}


def _french(text: str) -> str:
    return _FRENCH.get(text, text)


def _french_plural(singular: str, plural: str, count: int) -> str:
    one, many = _PLURALS.get(singular, (singular, plural))
    return one if count == 1 else many


@contextmanager
def french_argparse() -> Iterator[None]:
    """argparse speaks French inside the block."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _french, _french_plural  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]
