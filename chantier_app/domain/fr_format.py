"""French formatting of numbers, hours and dates, shared by screens and printed documents,
and the keys that compare and sort French text as people read it.

Thousands are grouped with U+202F (narrow no-break space), as French typography
and Excel's French locale do; the decimal separator is a comma.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

NNBSP = "\u202f"
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
# Abbreviated as in column headers and chart axes.
SHORT_MONTHS = (
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juil.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
)
SHORT_WEEKDAYS = ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim.")  # Monday first


def format_number(value: Decimal | int | float, decimals: int = 0) -> str:
    quantum = Decimal(1).scaleb(-decimals)
    exact = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if exact < 0 else ""
    integer, _, fraction = f"{abs(exact):f}".partition(".")
    groups: list[str] = []
    while len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    groups.insert(0, integer)
    text = NNBSP.join(groups)
    return f"{sign}{text},{fraction}" if fraction else f"{sign}{text}"


def format_minutes(minutes: int, *, unit: bool = True) -> str:
    """Minutes as decimal hours: 1 234,5 h (no decimals when whole)."""
    hours = Decimal(minutes) / 60
    decimals = 0 if minutes % 60 == 0 else 2
    text = format_number(hours, decimals)
    if decimals and text.endswith("0"):
        text = text[:-1]
    return f"{text} h" if unit else text


def format_date(value: dt.date | None) -> str:
    # Not strftime: it imports ``time`` at each call, and under PySide6 every import goes
    # through shiboken's hook (a grid or a list formats thousands of dates).
    return f"{value.day:02d}/{value.month:02d}/{value.year}" if value else ""


def format_month(value: dt.date) -> str:
    """« mars 2026 »"""
    return f"{MONTHS[value.month - 1]} {value.year}"


# Comparing and sorting text ----------------------------------------------------------------
# Letters Unicode does not decompose into a base letter and an accent: « ĐINH » sorts with
# the D, « Łukasz » with the L.
_LETTERS = str.maketrans(
    {
        "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss",
        "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "ł": "l", "Ł": "L", "ı": "i", "ħ": "h",
        "Ħ": "H", "þ": "th", "Þ": "TH",
    }
)  # fmt: skip
_NOT_A_WORD = re.compile(r"[\W_]+")


def strip_accents(text: str) -> str:
    """« Çelik, Œuvre » -> « Celik, OEuvre »: the letters without their accents, case kept."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class _Unaccented(dict[int, str]):
    """Each character without its accents, worked out the first time it is met: the
    decomposition is per character, so translating character by character gives what
    ``strip_accents`` gives for the whole text (checked on every code point below U+30000),
    at a third of its cost on French sentences (the lists of a person's file fold each of
    their cells for the search)."""

    def __missing__(self, code: int) -> str:
        value = self[code] = strip_accents(chr(code))
        return value


_UNACCENTED = _Unaccented()


def fold(text: str | None) -> str:
    """Sort and search as people read: « Élodie » = « elodie », « Çelik » with the C."""
    if text is None:
        return ""
    if text.isascii():  # most names and cells: nothing to decompose
        return text.casefold()
    return text.translate(_UNACCENTED).casefold()


def team_label(workshop: str, team: str) -> str:
    """« Nettoyage — Équipe A »: a team named with its workshop, the same in every list."""
    return f"{workshop} — {team}"


def match_key(text: object) -> str:
    """Compare what people type: folded, words only (« Jean-Pierre » = « jean pierre »)."""
    return _match_key(str(text or ""))


# An import compares each row's names, codes and references by key: the same texts come back
# again and again (issue 22: a third of a 10,000-row import was spent here). Codes, teams and
# yes/no answers come back every row and stay; a name comes back within its row: a small cache
# keeps both (a large one would hold a whole file's names).
@functools.lru_cache(maxsize=4096)
def _match_key(text: str) -> str:
    return " ".join(_NOT_A_WORD.sub(" ", fold(text)).split())
