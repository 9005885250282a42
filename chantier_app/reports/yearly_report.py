"""Bilan annuel (dialogue de gestion): people, FTE against the convention, exits, demographics."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from chantier_app.domain.codes.exit_reasons import ExitCategory
from chantier_app.domain.fr_format import NNBSP, format_date, format_minutes, format_number
from chantier_app.i18n import tr
from chantier_app.reports.base import (
    build_pdf,
    data_table,
    facts_table,
    page_width,
    styles,
    text,
)
from chantier_app.reports.charts import exits_chart, fte_by_month_chart
from chantier_app.reports.data import Count, YearlyReport


def percent(part: int | Decimal, whole: int | Decimal) -> str:
    if not whole:
        return "—"
    return f"{format_number(Decimal(part) * 100 / Decimal(whole), 1)}{NNBSP}%"


def render_yearly_report(report: YearlyReport) -> bytes:
    st = styles()
    width = page_width()
    title = tr("Bilan annuel {year}").format(year=report.year)
    if report.provisional:
        title = tr("Bilan annuel {year} (provisoire)").format(year=report.year)
    story: list[Flowable] = [
        text(title, st.title),
        text(tr("Dialogue de gestion — atelier et chantier d'insertion"), st.subtitle),
    ]
    if report.provisional and report.issued_on is not None:
        story.append(
            text(
                tr(
                    "Provisoire : l'année {year} n'est pas terminée ; chiffres arrêtés au "
                    "{day}, ils changeront encore."
                ).format(year=report.year, day=format_date(report.issued_on)),
                st.subtitle,
            )
        )
    if report.frozen_label:
        story.append(text(report.frozen_label, st.subtitle))
    story += _people_and_fte(report, width)
    story += _exits(report, width)
    story += _demographics(report, width)
    return build_pdf(
        story,
        structure=report.structure,
        title=title,
        issued_on=report.issued_on,
    )


def _people_and_fte(report: YearlyReport, width: float) -> list[Flowable]:
    st = styles()
    funded = report.funded_fte
    pairs: list[tuple[str, object]] = [
        (tr("Personnes salariées dans l'année"), str(report.people_employed)),
        (tr("Nouvelles embauches"), str(report.new_hires)),
        (tr("Contrats commencés"), str(report.contracts_started)),
        (tr("Heures de travail"), format_minutes(report.paid_minutes)),
        (tr("ETP réalisés"), format_number(report.fte, 2)),
        (
            tr("ETP conventionnés"),
            format_number(funded, 2) if funded is not None else tr("aucune convention"),
        ),
        (
            tr("Réalisation de la convention"),
            percent(report.fte, funded) if funded else "—",
        ),
    ]
    return [
        text(tr("Salariés et équivalents temps plein"), st.heading),
        facts_table(pairs, [62 * mm, 50 * mm]),
        Spacer(0, 3 * mm),
        KeepTogether(
            [
                text(tr("ETP réalisés par mois"), st.heading),
                fte_by_month_chart(report.fte_by_month, funded, width, 62 * mm),
            ]
        ),
    ]


def _exits(report: YearlyReport, width: float) -> list[Flowable]:
    st = styles()
    total = sum(count for _, count in report.exits)
    excluded = sum(count for category, count in report.exits if not _counted(category))
    counted = total - excluded
    rows = [
        [
            category.label,
            str(count),
            percent(count, counted) if _counted(category) else tr("hors taux"),
        ]
        for category, count in report.exits
    ]
    table = data_table(
        [tr("Catégorie de sortie"), tr("Sorties"), tr("Part")],
        rows,
        [80 * mm, 25 * mm, 30 * mm],
        right=(1, 2),
        total=[tr("Total"), str(total), ""],
    )
    dynamic = sum(count for category, count in report.exits if category.dynamic)
    rate = (
        tr(
            "Taux de sorties dynamiques : {rate} ({dynamic} sur {counted} sorties, hors retraits)."
        ).format(
            rate=f"{format_number(report.dynamic_exit_rate, 1)}{NNBSP}%",
            dynamic=dynamic,
            counted=counted,
        )
        if report.dynamic_exit_rate is not None
        else tr("Aucune sortie comptée cette année : pas de taux de sorties dynamiques.")
    )
    chart = exits_chart([(c.label, n) for c, n in report.exits], width, 42 * mm)
    return [
        KeepTogether(
            [
                text(tr("Sorties"), st.heading),
                table,
                Spacer(0, 2 * mm),
                text(rate, st.cell_bold),
                Spacer(0, 2 * mm),
            ]
        ),
        KeepTogether([text(tr("Sorties par catégorie"), st.heading), chart]),
    ]


def _counted(category: ExitCategory) -> bool:
    return category is not ExitCategory.EXCLUDED


def _demographics(report: YearlyReport, width: float) -> list[Flowable]:
    st = styles()
    people = report.people_employed
    sex = [Count(tr("Femmes"), report.women), Count(tr("Hommes"), report.men)]
    half = (width - 6 * mm) / 2
    left = [
        _count_table(tr("Sexe"), sex, people, half),
        Spacer(0, 3 * mm),
        _count_table(tr("Âge"), report.age_bands, people, half),
        Spacer(0, 3 * mm),
        _count_table(tr("Ressources et situation"), report.resources, people, half),
    ]
    right = [_count_table(tr("Niveau de formation"), report.education, people, half)]
    columns = Table([[left, right]], colWidths=[half + 6 * mm, half])
    columns.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [
        text(tr("Caractéristiques des personnes salariées ({n})").format(n=people), st.heading),
        columns,
    ]


def _count_table(title: str, counts: Sequence[Count], whole: int, width: float) -> Table:
    rows = [[c.label, str(c.count), percent(c.count, whole)] for c in counts]
    return data_table(
        [title, tr("Nombre"), tr("Part")],
        rows,
        [width - 36 * mm, 16 * mm, 20 * mm],
        right=(1, 2),
    )
