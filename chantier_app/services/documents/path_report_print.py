"""The bilan d'accompagnement as a PDF: its ticked sections only, the print recorded."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.fr_format import format_date
from chantier_app.i18n import tr
from chantier_app.reports.data import PathReportDocument
from chantier_app.reports.drawing import draw
from chantier_app.services import audit
from chantier_app.services.context import Actor
from chantier_app.services.documents._common import structure_info, structure_row
from chantier_app.services.documents.printing import DocumentKind, filename_for, require_print
from chantier_app.services.support import path_reports


@dataclass(frozen=True)
class PathReportPdf:
    title: str
    filename: str
    pdf: bytes


def path_report_document(
    session: Session, actor: Actor, report_id: int, *, today: dt.date | None = None
) -> PathReportDocument:
    """The document's plain data: the sections the CIP ticked, never the others."""
    require_print(actor, DocumentKind.FOLLOW_UP)  # the same right as the CIP's follow-up sheet
    view = path_reports.get_path_report(session, actor, report_id)
    person = session.get(m.Person, view.person_id)
    assert person is not None  # the bilan's person (require_person above)
    handed = None
    if view.handed_over_on:
        handed = tr("Remis le {date} à {to}{how}.").format(
            date=format_date(view.handed_over_on),
            to=view.handed_over_to or "",
            how=f" ({view.handover_means.label.lower()})" if view.handover_means else "",
        )
    return PathReportDocument(
        structure=structure_info(structure_row(session)),
        person_name=f"{person.first_names} {person.usage_name.upper()}",
        written_on=view.written_on,
        author_name=view.author_name,
        recipient=view.recipient,
        sections=tuple(
            (s.title, tuple(line for line in s.text.splitlines() if line.strip()))
            for s in view.sections
            if s.shared and s.text.strip()
        ),
        handed_over=handed,
        issued_on=today or dt.date.today(),
    )


def print_path_report(
    session: Session, actor: Actor, report_id: int, *, today: dt.date | None = None
) -> PathReportPdf:
    """The PDF of a bilan; the print is recorded in the trail (its kind, never its text)."""
    data = path_report_document(session, actor, report_id, today=today)
    view = path_reports.get_path_report(session, actor, report_id)
    audit.record(session, actor, audit.Action.PRINT, "path_report", report_id,
                 person_id=view.person_id,
                 summary=tr("Document imprimé : bilan d'accompagnement du {date}").format(
                     date=format_date(view.written_on)))  # fmt: skip
    title = tr("Bilan d'accompagnement — {name}").format(name=data.person_name)
    return PathReportPdf(
        title, filename_for(title), draw(("path_report", "render_path_report", data))
    )
