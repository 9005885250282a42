"""Feuilles d'émargement: names, one column per day, shaded weekends and public holidays."""

from __future__ import annotations

from chantier_app.reports.sign_in import HOLIDAY_FILL, OUTSIDE_FILL, WEEKEND_FILL, render_sign_in
from tests.reports import samples
from tests.reports.pdf import filled_columns, flat, page_sizes, pages_text, tables


def _rgb(colour) -> tuple[float, float, float]:
    return (colour.red, colour.green, colour.blue)


def test_month_sheet_is_landscape_with_a_column_per_day() -> None:
    pdf = render_sign_in(samples.sign_in_sheet())
    width, height = page_sizes(pdf)[0]
    assert width > height
    header = tables(pdf)[0][0]
    assert header[0] == "Salarié" and header[-1] == "Total"
    assert header[2:-1][:3] == ["D 01", "L 02", "M 03"]
    assert len(header[2:-1]) == 30
    names = [row[0] for table in tables(pdf) for row in table if row[1] == "Heures"]
    assert names[:3] == ["BÉNARD Jérôme", "LEFÈVRE Élodie", "MÜLLER Noël"]
    assert "DA SILVA-LÉVÊQUE Maëlys" in names
    assert names.count("") == 2  # spare lines for a newcomer
    first_page = " ".join(pages_text(pdf)[0].split())
    assert "Nettoyage — Équipe A · novembre 2026 · encadrant : Marc Petitjean" in first_page
    assert "Page 1 sur 2" in first_page
    assert "Jours fériés : 01/11/2026 Toussaint, 11/11/2026 Armistice." in flat(pdf)


def test_weekends_and_holidays_are_shaded() -> None:
    pdf = render_sign_in(samples.sign_in_sheet())
    # November 2026: 9 weekend days, Sunday 1st being also a holiday (shaded as such).
    assert len(filled_columns(pdf, 0, _rgb(WEEKEND_FILL))) == 8
    assert len(filled_columns(pdf, 0, _rgb(HOLIDAY_FILL))) == 2


def test_days_outside_the_contract_are_struck_out() -> None:
    pdf = render_sign_in(samples.sign_in_sheet())
    # Élodie starts on the 16th (15 days before), Noël ends on the 20th (10 days after).
    assert len(filled_columns(pdf, 0, _rgb(OUTSIDE_FILL))) == 25


def test_week_sheet_is_portrait_with_seven_days() -> None:
    pdf = render_sign_in(samples.sign_in_sheet(monthly=False, people=3))
    width, height = page_sizes(pdf)[0]
    assert width < height
    header = tables(pdf)[0][0]
    assert header[2:-1] == [
        "lun. 09/11",
        "mar. 10/11",
        "mer. 11/11",
        "jeu. 12/11",
        "ven. 13/11",
        "sam. 14/11",
        "dim. 15/11",
    ]
    assert "semaine du 09/11/2026 au 15/11/2026" in flat(pdf)
    assert "Page 1 sur 1" in flat(pdf)


def test_a_team_without_anybody_still_gives_blank_lines() -> None:
    pdf = render_sign_in(samples.sign_in_sheet(people=0))
    assert [row[1] for row in tables(pdf)[0][1:]] == ["Heures", "Signature"] * 2
