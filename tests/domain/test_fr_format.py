from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from chantier_app.domain.fr_format import (
    fold,
    format_date,
    format_minutes,
    format_month,
    format_number,
    match_key,
    strip_accents,
)


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (0, 0, "0"),
        (1234, 0, "1\u202f234"),
        (Decimal("1234567.891"), 2, "1\u202f234\u202f567,89"),
        (Decimal("-2.5"), 1, "-2,5"),
        (Decimal("0.125"), 2, "0,13"),  # half up, as people round
    ],
)
def test_format_number(value, decimals, text) -> None:
    assert format_number(value, decimals) == text


@pytest.mark.parametrize(
    ("minutes", "text"),
    [(0, "0 h"), (90, "1,5 h"), (450, "7,5 h"), (61, "1,02 h"), (1607 * 60, "1\u202f607 h")],
)
def test_format_minutes(minutes: int, text: str) -> None:
    assert format_minutes(minutes) == text


def test_dates() -> None:
    assert format_date(dt.date(2026, 3, 5)) == "05/03/2026"
    assert format_date(None) == ""
    assert format_month(dt.date(2026, 8, 1)) == "août 2026"


def test_names_sort_and_match_as_people_read_them() -> None:
    names = ["Zola", "Œuvray", "Élodie", "Çelik", "Eloi", "Ødegaard", "ewa"]
    assert sorted(names, key=fold) == [
        "Çelik",
        "Élodie",
        "Eloi",
        "ewa",
        "Ødegaard",
        "Œuvray",
        "Zola",
    ]
    assert fold("LEFÈVRE") == fold("lefevre") == "lefevre"
    # Letters without a decomposition sort with their base letter, not after the Z.
    assert sorted(["ĐINH", "DUPONT", "ZOLA", "DIALLO"], key=fold) == [
        "DIALLO",
        "ĐINH",
        "DUPONT",
        "ZOLA",
    ]
    assert fold("Łukasz Kırmızı") == "lukasz kirmizi"
    assert strip_accents("Noël MÜLLER, Œuvre") == "Noel MULLER, OEuvre"  # case kept
    assert (
        match_key("  Jean-Pierre  d'Arc ") == match_key("jean pierre d arc") == "jean pierre d arc"
    )
    assert match_key("Heures de formation :") == "heures de formation"
    assert match_key(None) == "" and match_key(3) == "3"


def test_fold_character_by_character_is_the_whole_text_decomposed() -> None:
    """``fold`` translates each character through a table it fills as it goes: the same as
    removing the accents of the whole text, for every character and for combining marks
    that follow a letter (« e » + U+0301) or stand alone."""
    for code in range(0x80, 0x30000):
        character = chr(code)
        assert fold(character) == strip_accents(character).casefold(), hex(code)
    for text in ("Élodie Çelik", "e\u0301le\u0300ve", "\u0301\u0327", "ǅemal Ǆ ﬁn ½", "Straße"):
        assert fold(text) == strip_accents(text).casefold()
