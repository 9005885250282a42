"""The follow-up sheet as a LibreOffice Writer document (flat ODT): what a mail merge makes.

Same content as the application's sheet (``reports.data.FollowUpDocument``): identity,
contracts, hours per month, trainings, milestones and objectives, barriers, observations
and signatures, in tables with a header. LibreOffice then converts it to PDF.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from chantier_app.domain.fr_format import format_date, format_minutes, format_month

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls>
 <style:font-face style:name="DejaVu Sans" svg:font-family="'DejaVu Sans'"
  xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/>
</office:font-face-decls>
<office:styles>
 <style:style style:name="Standard" style:family="paragraph">
  <style:text-properties style:font-name="DejaVu Sans" fo:font-size="9pt"/>
 </style:style>
 <style:style style:name="Title" style:family="paragraph" style:parent-style-name="Standard">
  <style:text-properties fo:font-size="16pt" fo:font-weight="bold"/>
 </style:style>
 <style:style style:name="Break" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:break-before="page"/>
 </style:style>
 <style:style style:name="Heading" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:margin-top="4mm" fo:margin-bottom="1mm"/>
  <style:text-properties fo:font-size="11pt" fo:font-weight="bold"/>
 </style:style>
</office:styles>
<office:automatic-styles>
 <style:style style:name="Cell" style:family="table-cell">
  <style:table-cell-properties fo:border="0.5pt solid #808080" fo:padding="0.8mm"/>
 </style:style>
 <style:page-layout style:name="A4">
  <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm"
   fo:margin-top="15mm" fo:margin-bottom="15mm" fo:margin-left="15mm" fo:margin-right="15mm"/>
 </style:page-layout>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="A4"/>
</office:master-styles>
<office:body><office:text>
"""
TAIL = "</office:text></office:body></office:document>\n"
PAGE_BREAK = '<text:p text:style-name="Break"/>'


def _p(text: object, style: str = "Standard") -> str:
    return f'<text:p text:style-name="{style}">{escape(str(text))}</text:p>'


def _table(header: list[str], rows: list[list[object]]) -> str:
    columns = "".join("<table:table-column/>" for _ in header)
    lines = [header, *rows]
    body = "".join(
        "<table:table-row>"
        + "".join(
            f'<table:table-cell table:style-name="Cell" office:value-type="string">{_p(cell)}'
            "</table:table-cell>"
            for cell in line
        )
        + "</table:table-row>"
        for line in lines
    )
    return f"<table:table>{columns}{body}</table:table>"


def follow_up_fodt(document) -> str:  # type: ignore[no-untyped-def]
    """``document``: a ``reports.data.FollowUpDocument``."""
    person = document.person
    parts = [
        _p("Fiche de suivi", "Title"),
        _p(f"{document.structure.name} — {person.usage_name.upper()} {person.first_names}"),
        _p("Identité", "Heading"),
        _table(
            ["Rubrique", "Valeur"],
            [
                ["Nom d'usage", person.usage_name.upper()],
                ["Prénom(s)", person.first_names],
                ["Date de naissance", format_date(person.birth_date)],
                ["Équipe", document.team or ""],
                ["CIP référent(e)", document.cip_name or ""],
                ["PASS IAE", f"{document.pass_number or ''} {format_date(document.pass_end)}"],
            ],
        ),
        _p("Contrats", "Heading"),
        _table(
            ["Contrat", "Du", "Au", "Mois", "Avenants"],
            [
                [
                    c.kind.label,
                    format_date(c.start_date),
                    format_date(c.end_date),
                    c.months,
                    c.amendments,
                ]
                for c in document.contracts
            ],
        ),
        _p("Heures par mois", "Heading"),
        _table(
            ["Mois", "Travaillées", "Formation", "PMSMP", "Absences"],
            [
                [
                    format_month(h.month),
                    format_minutes(h.worked_minutes),
                    format_minutes(h.training_minutes),
                    format_minutes(h.pmsmp_minutes),
                    format_minutes(h.paid_absence_minutes + h.sick_minutes + h.unjustified_minutes),
                ]
                for h in document.hours
            ],
        ),
        _p("Formations", "Heading"),
        _table(
            ["Formation", "Du", "Au", "Résultat"],
            [
                [
                    t.title,
                    format_date(t.start_date),
                    format_date(t.end_date),
                    t.result.label if t.result else "",
                ]
                for t in document.trainings
            ],
        ),
        _p("Entretiens et objectifs", "Heading"),
        _table(
            ["Entretien", "Date", "Statut", "Objectifs"],
            [
                [m.kind.label, format_date(m.date), m.status.label, m.next_objectives or ""]
                for m in document.milestones
            ],
        ),
        _p("Freins", "Heading"),
        _table(
            ["Frein", "Cotations"],
            [
                [b.barrier.label, ", ".join(f"{format_date(d)} : {s}" for d, s in b.scores)]
                for b in document.barriers
            ],
        ),
        _p("Observations", "Heading"),
        *[_p(" ") for _ in range(6)],
        _p("Signatures", "Heading"),
        _table(["Le salarié", "L'encadrant technique", "Le CIP"], [["", "", ""]]),
    ]
    return HEAD + "\n".join(parts) + TAIL
