"""Bilan d'accompagnement: the path as the CIP shares it with the prescriber or the RSA référent.

Draws only the sections the data carries (the ticked ones, chosen in the service): nothing
else about the person is known here, so nothing else can be printed.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from chantier_app.domain.fr_format import format_date
from chantier_app.i18n import tr
from chantier_app.reports.base import (
    build_pdf,
    facts_table,
    page_width,
    signature_boxes,
    styles,
    text,
    unbreakable,
)
from chantier_app.reports.data import PathReportDocument


def render_path_report(document: PathReportDocument) -> bytes:
    st = styles()
    width = page_width()
    story: list[Flowable] = [
        text(tr("Bilan d'accompagnement"), st.title),
        text(document.person_name, st.subtitle),
        facts_table(
            [
                (tr("Salarié(e)"), document.person_name),
                (tr("Date du bilan"), format_date(document.written_on)),
                (tr("Destinataire"), document.recipient),
                (tr("Rédigé par"), document.author_name or ""),
            ],
            [34 * mm, 56 * mm, 30 * mm, width - 120 * mm],
        ),
    ]
    if document.handed_over:
        story.append(text(document.handed_over, st.small))
    for title, lines in document.sections:
        story.append(text(title, st.heading))  # kept with what follows (keepWithNext)
        for line in lines:
            if len(lines) > 1:
                story.append(Paragraph(unbreakable(escape(line)), st.bullet, bulletText="–"))
            else:
                story.append(text(line, st.legal))
    story.append(Spacer(0, 4 * mm))
    story.append(
        text(
            tr(
                "Ce bilan est transmis avec l'accord du salarié. Il ne contient aucune "
                "information de santé, de handicap ou de justice (RGPD, articles 9 et 10) : "
                "seules les sections choisies par le conseiller en insertion y figurent."
            ),
            st.small,
        )
    )
    story.append(
        KeepTogether(
            [
                Spacer(0, 3 * mm),
                signature_boxes(
                    [tr("Le salarié"), tr("Le conseiller en insertion (CIP)")],
                    width,
                    height=24 * mm,
                ),
            ]
        )
    )
    title = tr("Bilan d'accompagnement — {name}").format(name=document.person_name)
    return build_pdf(story, structure=document.structure, title=title, issued_on=document.issued_on)
