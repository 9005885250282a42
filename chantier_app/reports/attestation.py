"""Attestation d'expérience: contracts, job, hours, trainings and certificates obtained.

The wording is the editable text ``resources/legal/attestation.md``. Everything it states is
as of its date (``services/documents/_people.attestation_data``): the contracts begun by then,
the hours entered, the training hours followed (never the hours a session plans).
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from chantier_app.domain.codes.support_codes import TrainingResult
from chantier_app.domain.fr_format import format_date, format_minutes
from chantier_app.i18n import tr
from chantier_app.reports import legal
from chantier_app.reports.base import (
    build_pdf,
    data_table,
    page_width,
    signature_boxes,
    styles,
    text,
)
from chantier_app.reports.data import AttestationDocument, TrainingLine
from chantier_app.reports.errors import DocumentError
from chantier_app.reports.wording import (
    BLANK,
    born,
    de,
    format_siret,
    gendered,
    hours_words,
    months_words,
    of_name,
    period_phrase,
    training_row,
)


def render_attestation(document: AttestationDocument) -> bytes:
    person, structure = document.person, document.structure
    if not document.contracts:
        raise DocumentError(
            tr(
                "Aucun contrat pour {name} : l'attestation d'expérience ne peut pas être établie."
            ).format(name=person.full_name)
        )
    if not structure.director_name:
        raise DocumentError(
            tr(
                "Le nom du directeur ou de la directrice, qui signe l'attestation, manque dans "
                "les paramètres de la structure."
            )
        )
    contracts = sorted(document.contracts, key=lambda c: c.start_date)
    last = contracts[-1]
    jobs = list(dict.fromkeys(c.job_title for c in contracts if c.job_title))
    values = {
        "signataire": structure.director_name,
        "structure": structure.name,
        "de_structure": of_name(structure.name),
        "siret": format_siret(structure.siret),
        "salarie": person.formal_name,
        "date_naissance": format_date(person.birth_date) or BLANK,
        "ne": born(person),
        "il_elle": gendered(person, tr("il"), tr("elle")),
        "l_interesse": gendered(person, tr("l'intéressé"), tr("l'intéressée")),
        "periode_emploi": period_phrase(
            person, contracts[0].start_date, last.end_date, ongoing=not last.ended
        ),
        "postes": tr(" puis ").join(jobs) if jobs else BLANK,
        "de_postes": de(jobs[0] if jobs else None),
        "activites": " ; ".join(document.activities),
        "heures_travaillees": hours_words(document.worked_minutes),
        "heures_formation": hours_words(document.training_minutes),
        "ville": structure.city or BLANK,
        "date_signature": format_date(document.issued_on),
    }
    flags = {"activites"} if document.activities else set()
    clauses = legal.load("attestation.md", document.structure.texts_dir)
    st = styles()
    width = page_width()
    story: list[Flowable] = [
        text(legal.title_of(clauses, values, tr("Attestation d'expérience")), st.title),
        Spacer(0, 3 * mm),
    ]
    tables = _tables(document, width)
    story += legal.flowables(clauses, values, flags, inserts={"tableaux": tables}, numbered=False)
    signer = tr("Pour {structure} : {name}").format(
        structure=structure.name, name=structure.director_name
    )
    story.append(
        KeepTogether(
            [Spacer(0, 4 * mm), signature_boxes([signer, tr("Cachet de la structure")], width)]
        )
    )
    return build_pdf(
        story,
        structure=structure,
        title=tr("Attestation d'expérience — {name}").format(name=person.full_name),
        issued_on=document.issued_on,
    )


def _tables(document: AttestationDocument, width: float) -> list[Flowable]:
    st = styles()
    rows = [
        [
            c.kind.label,
            " — ".join(v for v in (c.workshop, c.job_title) if v),
            format_date(c.start_date),
            format_date(c.end_date) if c.ended else tr("en cours"),
            months_words(c.months),
            format_minutes(c.worked_minutes),
        ]
        for c in sorted(document.contracts, key=lambda c: c.start_date)
    ]
    widths = [36 * mm, width - 36 * mm - 94 * mm, 20 * mm, 20 * mm, 26 * mm, 28 * mm]
    header = [tr("Contrat"), tr("Atelier — poste"), tr("Du"), tr("Au"), tr("Durée"), tr("Heures")]
    total = ["", tr("Total"), "", "", "", format_minutes(document.worked_minutes)]
    flowables: list[Flowable] = [
        text(tr("Contrats"), st.heading),
        data_table(header, rows, widths, right=(4, 5), total=total),
        text(tr("Formations et certifications"), st.heading),
    ]
    if document.trainings:
        flowables.append(_trainings_table(document.trainings, width))
    else:
        flowables.append(text(tr("Aucune formation suivie."), st.legal))
    flowables.append(Spacer(0, 3 * mm))
    return flowables


def _trainings_table(trainings: tuple[TrainingLine, ...], width: float) -> Flowable:
    rows = []
    for line in trainings:
        obtained = line.result in (TrainingResult.OBTAINED, TrainingResult.PARTIAL)
        result = (line.certificate or line.result.label) if obtained and line.result else "—"
        rows.append(training_row(line, result))
    widths = [56 * mm, 36 * mm, 40 * mm, 16 * mm, width - 148 * mm]
    header = [
        tr("Formation"),
        tr("Organisme"),
        tr("Dates"),
        tr("Heures"),
        tr("Certification obtenue"),
    ]
    return data_table(header, rows, widths, right=(3,))
