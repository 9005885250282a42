"""What people type: French dates, decimals and hours, with French refusals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from chantier_app.domain.parsing import (
    clean_line,
    clean_text,
    parse_date,
    parse_decimal,
    parse_minutes,
)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("7,5", 450),
        ("7.5", 450),
        ("7:30", 450),
        ("7h30", 450),
        ("7h", 420),
        ("7 h 30", 450),
        ("0", 0),
        ("151,67", None),
        ("35", 2100),
        ("", None),
        ("  ", None),
        (None, None),
        (Decimal("1.25"), 75),
        (8, 480),
    ],
)
def test_parse_minutes(text, minutes) -> None:
    if text == "151,67":  # 151.67 h is not a whole number of minutes
        with pytest.raises(ValueError, match="minute"):
            parse_minutes(text)
        return
    assert parse_minutes(text) == minutes


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-2", "négatif"),
        ("7:75", "0 à 59"),
        ("sept", "n'est pas un nombre"),
        ("99999999", "aberrante"),
        ("nan", "n'est pas un nombre"),
        ("inf", "n'est pas un nombre"),
    ],
)
def test_parse_minutes_refusals(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_minutes(text)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("05/03/2026", dt.date(2026, 3, 5)),
        ("5/3/26", dt.date(2026, 3, 5)),
        ("2026-03-05", dt.date(2026, 3, 5)),
        ("29/02/2024", dt.date(2024, 2, 29)),
        ("", None),
    ],
)
def test_parse_date(text: str, date: dt.date | None) -> None:
    assert parse_date(text) == date


@pytest.mark.parametrize("text", ["31/02/2026", "29/02/2025", "demain", "2026/13/01"])
def test_parse_date_refusals(text: str) -> None:
    with pytest.raises(ValueError, match="n'est pas une date"):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "31/02/1990",
            "« 31/02/1990 » n'est pas une date : le 31 février 1990 n'existe pas "
            "(février 1990 a 28 jours)",
        ),
        (
            "29/02/2025",
            "« 29/02/2025 » n'est pas une date : le 29 février 2025 n'existe pas "
            "(février 2025 a 28 jours)",
        ),
        ("31/04/26", "le 31 avril 2026 n'existe pas (avril 2026 a 30 jours)"),
        ("2026-06-31", "le 31 juin 2026 n'existe pas (juin 2026 a 30 jours)"),
        ("12/13/2026", "il n'y a pas de mois 13 (format attendu : jj/mm/aaaa)"),
        ("00/05/2026", "il n'y a pas de jour 0 (format attendu : jj/mm/aaaa)"),
        ("demain", "« demain » n'est pas une date (format attendu : jj/mm/aaaa)"),
        ("31/12/0000", "« 31/12/0000 » n'est pas une date (format attendu : jj/mm/aaaa)"),
    ],
)
def test_a_day_that_does_not_exist_is_named(text: str, message: str) -> None:
    """« 31/02/1990 » is written as a date: the message says the day does not exist, not
    that the format is wrong."""
    with pytest.raises(ValueError) as refused:
        parse_date(text)
    assert message in str(refused.value)


def test_parse_decimal_french_grouping() -> None:
    assert parse_decimal("1\u202f234,50") == Decimal("1234.50")
    assert parse_decimal("1 234,5") == Decimal("1234.5")


def test_free_text_and_lines_as_stored() -> None:
    assert clean_text("  Suivi :\n  rendez-vous le 5  \n") == "Suivi :\n  rendez-vous le 5"
    assert clean_line("  Atelier \t bois\n") == "Atelier bois"
    for blank in (None, "", "  \n\t"):
        assert clean_text(blank) is None and clean_line(blank) is None
