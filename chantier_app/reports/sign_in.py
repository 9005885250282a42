"""Feuille d'émargement: a team's names, a column per day, empty cells to write by hand.

Each person takes two lines: the hours of the day, then the signature. Weekends and
public holidays are shaded; days outside the person's contract are struck out. A week
fits in portrait; a month is printed in landscape.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from chantier_app.domain.fr_format import SHORT_WEEKDAYS, format_date, format_month
from chantier_app.i18n import tr
from chantier_app.reports.base import (
    FONT,
    FONT_BOLD,
    HEADER_FILL,
    INK,
    RULE,
    build_pdf,
    cell,
    page_width,
    signature_boxes,
    styles,
    text,
)
from chantier_app.reports.data import SignInPerson, SignInSheet

WEEKEND_FILL = colors.HexColor("#D5DAE0")
HOLIDAY_FILL = colors.HexColor("#C3CAD3")
OUTSIDE_FILL = colors.HexColor("#8E99A6")
SPARE_ROWS = 2  # blank lines for a newcomer's name
DAY_INITIALS = ("L", "M", "M", "J", "V", "S", "D")


def render_sign_in(sheet: SignInSheet) -> bytes:
    st = styles()
    landscape_page = sheet.monthly
    width = page_width(landscape_page=landscape_page)
    period = (
        format_month(sheet.first_day)
        if sheet.monthly
        else tr("semaine du {first} au {last}").format(
            first=format_date(sheet.first_day), last=format_date(sheet.last_day)
        )
    )
    team = " — ".join(v for v in (sheet.workshop, sheet.team) if v)
    subtitle = f"{team} · {period}"
    if sheet.supervisor_names:
        subtitle += " · " + tr("encadrant : {names}").format(
            names=", ".join(sheet.supervisor_names)
        )
    story: list[Flowable] = [
        text(tr("Feuille d'émargement"), st.title),
        text(subtitle, st.subtitle),
        _grid(sheet, width),
        Spacer(0, 2 * mm),
        text(_legend(sheet), st.small),
    ]
    supervisor = tr("Visa de l'encadrant technique")
    story.append(
        KeepTogether([Spacer(0, 3 * mm), signature_boxes([supervisor], width / 3, height=18 * mm)])
    )
    return build_pdf(
        story,
        structure=sheet.structure,
        title=tr("Feuille d'émargement — {team} — {period}").format(team=sheet.team, period=period),
        landscape_page=landscape_page,
    )


def _legend(sheet: SignInSheet) -> str:
    legend = tr(
        "Sur la première ligne, les heures effectuées ; sur la seconde, la signature du "
        "salarié. Grisé clair : samedi, dimanche, jour férié ; grisé foncé : hors contrat."
    )
    if sheet.holidays:
        names = ", ".join(f"{format_date(day)} {name}" for day, name in sheet.holidays)
        legend += " " + tr("Jours fériés : {names}.").format(names=names)
    return legend


def _grid(sheet: SignInSheet, width: float) -> Table:
    days = sheet.days
    holidays = {day for day, _ in sheet.holidays}
    name_width, label_width, total_width = (44 * mm, 17 * mm, 15 * mm)
    day_width = (width - name_width - label_width - total_width) / len(days)
    hours_height, sign_height = (6 * mm, 9 * mm) if sheet.monthly else (7 * mm, 12 * mm)

    header = [tr("Salarié"), "", *(_day_label(day, sheet.monthly) for day in days), tr("Total")]
    rows: list[list[Any]] = [header]
    heights: list[float] = [9 * mm]
    people: list[SignInPerson | None] = [*sheet.people, *([None] * SPARE_ROWS)]
    for person in people:
        name = cell(person.name, bold=True) if person else ""
        rows.append([name, tr("Heures"), *([""] * len(days)), ""])
        rows.append(["", tr("Signature"), *([""] * len(days)), ""])
        heights += [hours_height, sign_height]

    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT, 7.5),
        ("FONT", (0, 0), (-1, 0), FONT_BOLD, 7),
        ("FONT", (0, 1), (0, -1), FONT_BOLD, 7.5),
        ("TEXTCOLOR", (1, 1), (1, -1), colors.HexColor("#5F6B78")),
        ("FONTSIZE", (1, 1), (1, -1), 6.5),
        ("ALIGN", (2, 0), (-1, 0), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("GRID", (0, 0), (-1, -1), 0.3, RULE),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]
    for column, day in enumerate(days, start=2):
        if day in holidays:
            commands.append(("BACKGROUND", (column, 0), (column, -1), HOLIDAY_FILL))
        elif day.weekday() >= 5:
            commands.append(("BACKGROUND", (column, 0), (column, -1), WEEKEND_FILL))
    for index, person in enumerate(people):
        first = 1 + 2 * index
        commands += [
            ("SPAN", (0, first), (0, first + 1)),
            ("SPAN", (-1, first), (-1, first + 1)),
            ("NOSPLIT", (0, first), (-1, first + 1)),
            ("LINEBELOW", (0, first + 1), (-1, first + 1), 0.8, INK),
        ]
        if person is None:
            continue
        for column, day in enumerate(days, start=2):
            if not person.start_date <= day <= person.end_date:
                commands.append(("BACKGROUND", (column, first), (column, first + 1), OUTSIDE_FILL))
    table = Table(
        rows,
        colWidths=[name_width, label_width, *([day_width] * len(days)), total_width],
        rowHeights=heights,
        repeatRows=1,
    )
    table.setStyle(TableStyle(commands))
    return table


def _day_label(day: dt.date, monthly: bool) -> str:
    if monthly:
        return f"{DAY_INITIALS[day.weekday()]}\n{day.day:02d}"
    return f"{SHORT_WEEKDAYS[day.weekday()]}\n{day:%d/%m}"
