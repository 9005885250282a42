"""État mensuel: one line per contract in force in the month, what the State's EMI asks for.

Person, PASS IAE number, contract, hours worked, and the actual end date and exit reason
when the contract ended that month. Contracts without hours entered are pointed out.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from chantier_app.domain.fr_format import fold, format_date, format_minutes, format_month
from chantier_app.domain.pass_iae import format_number as format_pass
from chantier_app.i18n import tr
from chantier_app.reports.base import build_pdf, cell, data_table, page_width, styles, text
from chantier_app.reports.data import MonthlyStatement

NOT_ENTERED = tr("non saisies")


def render_monthly_statement(statement: MonthlyStatement) -> bytes:
    st = styles()
    width = page_width(landscape_page=True)
    month = format_month(statement.month)
    state = (
        tr("Mois déclaré : les heures sont verrouillées.")
        if statement.declared
        else tr("Mois non encore déclaré : les heures peuvent encore changer.")
    )
    story: list[Flowable] = [
        text(tr("État mensuel des heures — {month}").format(month=month), st.title),
        text(
            tr(
                "Une ligne par contrat en cours dans le mois (déclaration mensuelle). {state}"
            ).format(state=state),
            st.subtitle,
        ),
    ]
    lines = sorted(statement.lines, key=lambda line: (fold(line.person_name), line.start_date))
    if not lines:
        story.append(text(tr("Aucun contrat en cours ce mois-ci."), st.body))
    else:
        story.append(_table(statement, width))
        missing = sum(1 for line in lines if line.worked_minutes is None)
        ended = sum(1 for line in lines if line.actual_end is not None)
        summary = tr("{n} contrat(s), dont {ended} terminé(s) dans le mois.").format(
            n=len(lines), ended=ended
        )
        if missing:
            summary += " " + tr(
                "Heures non saisies pour {missing} contrat(s) : à compléter avant la déclaration."
            ).format(missing=missing)
        story += [Spacer(0, 2 * mm), text(summary, st.body)]
    return build_pdf(
        story,
        structure=statement.structure,
        title=tr("État mensuel — {month}").format(month=month),
        landscape_page=True,
    )


def _table(statement: MonthlyStatement, width: float) -> Flowable:
    lines = sorted(statement.lines, key=lambda line: (fold(line.person_name), line.start_date))
    rows = []
    for line in lines:
        worked = (
            cell(NOT_ENTERED, bold=True, right=True)
            if line.worked_minutes is None
            else format_minutes(line.worked_minutes)
        )
        rows.append(
            [
                line.person_name,
                format_pass(line.pass_number or ""),
                line.kind.label,
                format_date(line.start_date),
                format_date(line.planned_end),
                worked,
                format_minutes(line.training_minutes) if line.training_minutes else "",
                format_date(line.actual_end),
                line.exit_reason.label if line.exit_reason else "",
            ]
        )
    worked_total = sum(line.worked_minutes or 0 for line in lines)
    training_total = sum(line.training_minutes for line in lines)
    total = [
        tr("Total"),
        "",
        "",
        "",
        "",
        format_minutes(worked_total),
        format_minutes(training_total),
        "",
        "",
    ]
    fixed = [46 * mm, 28 * mm, 38 * mm, 20 * mm, 20 * mm, 24 * mm, 20 * mm, 21 * mm]
    widths = [*fixed, width - sum(fixed)]
    header = [
        tr("Salarié"),
        tr("N° PASS IAE"),
        tr("Contrat"),
        tr("Début"),
        tr("Fin prévue"),
        tr("Heures travaillées"),
        tr("Formation"),
        tr("Fin effective"),
        tr("Motif de sortie"),
    ]
    return data_table(header, rows, widths, right=(5, 6), total=total)
