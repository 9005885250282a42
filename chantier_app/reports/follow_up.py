"""Fiche de suivi: the supervisor's and CIP's working paper about one person.

Never the NIR nor a health or justice detail. The encadrant variant also leaves out
everything social (PASS IAE, barriers, the milestones' objectives): this module drops
those sections even if the data carries them, so a mistake upstream cannot print them.
"""

from __future__ import annotations

from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from chantier_app.domain.codes.barriers import SCORE_LABELS
from chantier_app.domain.fr_format import format_date, format_minutes, format_month
from chantier_app.domain.pass_iae import format_number as format_pass
from chantier_app.i18n import tr
from chantier_app.reports import legal
from chantier_app.reports.base import (
    build_pdf,
    data_table,
    facts_table,
    page_width,
    signature_boxes,
    styles,
    text,
    writing_area,
)
from chantier_app.reports.data import FollowUpDocument, MonthHours
from chantier_app.reports.wording import months_words, training_row

MAX_SCORE_DATES = 6


def render_follow_up(document: FollowUpDocument) -> bytes:
    st = styles()
    width = page_width()
    variant = tr("version encadrant technique") if document.encadrant else tr("accompagnement")
    story: list[Flowable] = [
        text(tr("Fiche de suivi"), st.title),
        text(f"{document.person.formal_name} — {variant}", st.subtitle),
    ]
    story += _identity(document, width)
    story += _contracts(document, width)
    story += _hours(document, width)
    story += _trainings(document, width)
    story += _milestones(document, width)
    if not document.encadrant:
        story += _barriers(document, width)
    story.append(KeepTogether([_heading(tr("Observations")), writing_area(6, width)]))
    signers = [tr("Le salarié"), tr("L'encadrant technique")]
    if not document.encadrant:
        signers.append(tr("Le conseiller en insertion (CIP)"))
    story.append(
        KeepTogether([_heading(tr("Signatures")), signature_boxes(signers, width, height=24 * mm)])
    )
    notice = legal.load("fiche_suivi.md", document.structure.texts_dir)
    flags = {"encadrant"} if document.encadrant else set()
    story.append(Spacer(0, 3 * mm))
    story += legal.flowables(notice, {}, flags, numbered=False, body_style=st.small)
    title = tr("Fiche de suivi — {name}").format(name=document.person.full_name)
    if document.encadrant:
        title += tr(" (encadrant)")
    return build_pdf(story, structure=document.structure, title=title, issued_on=document.issued_on)


def _heading(label: str) -> Paragraph:
    return text(label, styles().heading)


def _identity(document: FollowUpDocument, width: float) -> list[Flowable]:
    person = document.person
    pairs: list[tuple[str, object]] = [
        (tr("Nom d'usage"), person.usage_name.upper()),
        (tr("Prénom(s)"), person.first_names),
        (tr("Nom de naissance"), (person.birth_name or "").upper()),
        (tr("Date de naissance"), format_date(person.birth_date)),
        (tr("Téléphone"), person.phone or ""),
        (tr("Équipe"), document.team or ""),
        (tr("Encadrant(s)"), ", ".join(document.supervisor_names)),
        (tr("CIP référent(e)"), document.cip_name or ""),
    ]
    if not document.encadrant:
        pairs.append((tr("PASS IAE n°"), format_pass(document.pass_number or "")))
        pairs.append((tr("Fin du PASS IAE"), format_date(document.pass_end)))
    widths = [30 * mm, width / 2 - 30 * mm, 30 * mm, width / 2 - 30 * mm]
    return [_heading(tr("Identité")), facts_table(pairs, widths)]


def _contracts(document: FollowUpDocument, width: float) -> list[Flowable]:
    if not document.contracts:
        return [_heading(tr("Contrats")), text(tr("Aucun contrat."), styles().body)]
    rows = [
        [
            line.kind.label,
            " — ".join(v for v in (line.workshop, line.job_title) if v),
            format_date(line.start_date),
            format_date(line.end_date) + ("" if line.ended else tr(" (prévue)")),
            months_words(line.months),
            str(line.amendments) if line.amendments else "",
        ]
        for line in document.contracts
    ]
    widths = [38 * mm, width - 38 * mm - 92 * mm, 20 * mm, 30 * mm, 22 * mm, 20 * mm]
    table = data_table(
        [tr("Contrat"), tr("Atelier — poste"), tr("Début"), tr("Fin"), tr("Durée"), tr("Avenants")],
        rows,
        widths,
        right=(4, 5),
    )
    story: list[Flowable] = [_heading(tr("Contrats")), table, Spacer(0, 1.5 * mm)]
    if any(line.kind.is_cddi for line in document.contracts):
        summary = tr("Durée cumulée des CDDI : {months} (24 mois au plus, sauf dérogation).")
        story.append(
            text(summary.format(months=months_words(document.cumulative_months)), styles().body)
        )
    else:  # Premières Heures only: their own limit
        months = sum((line.months for line in document.contracts), Decimal(0))
        summary = tr("Durée cumulée des Premières Heures : {months} (12 mois au plus).")
        story.append(text(summary.format(months=months_words(months)), styles().body))
    return story


def _hours(document: FollowUpDocument, width: float) -> list[Flowable]:
    current = document.current_contract
    heading = tr("Heures par mois")
    if current is not None:
        heading = tr("Heures par mois du contrat en cours (depuis le {start})").format(
            start=format_date(current.start_date)
        )
    if not document.hours:
        return [_heading(heading), text(tr("Aucune heure saisie."), styles().body)]
    columns = [
        tr("Mois"),
        tr("Travaillées"),
        tr("Formation"),
        tr("PMSMP"),
        tr("Abs. rémunérée"),
        tr("Maladie"),
        tr("Abs. injustifiée"),
        tr("Heures de travail"),
    ]

    def values(line: MonthHours) -> list[int]:
        return [
            line.worked_minutes,
            line.training_minutes,
            line.pmsmp_minutes,
            line.paid_absence_minutes,
            line.sick_minutes,
            line.unjustified_minutes,
            line.paid_minutes,
        ]

    rows = [
        [format_month(line.month), *(_hours_cell(v) for v in values(line))]
        for line in document.hours
    ]
    sums = [sum(column) for column in zip(*(values(line) for line in document.hours), strict=True)]
    total = [tr("Total"), *(_hours_cell(v) for v in sums)]
    first = 30 * mm
    widths = [first] + [(width - first) / 7] * 7
    table = data_table(columns, rows, widths, right=range(1, 8), total=total)
    note = tr(
        "Heures de travail : travaillées, formation et PMSMP (ce que comptent l'ETP et l'état "
        "mensuel). Les absences rémunérées sont payées sans être du temps de travail."
    )
    return [_heading(heading), table, Spacer(0, 1 * mm), text(note, styles().legal)]


def _hours_cell(minutes: int) -> str:
    return format_minutes(minutes) if minutes else "—"


def _trainings(document: FollowUpDocument, width: float) -> list[Flowable]:
    if not document.trainings:
        return [_heading(tr("Formations")), text(tr("Aucune formation."), styles().body)]
    rows = []
    for line in document.trainings:
        result = line.result.label if line.result else ""
        if line.certificate:
            result = f"{result} : {line.certificate}" if result else line.certificate
        rows.append(training_row(line, result))
    widths = [52 * mm, 34 * mm, 40 * mm, 16 * mm, width - 142 * mm]
    header = [tr("Formation"), tr("Organisme"), tr("Dates"), tr("Heures"), tr("Résultat")]
    return [_heading(tr("Formations")), data_table(header, rows, widths, right=(3,))]


def _milestones(document: FollowUpDocument, width: float) -> list[Flowable]:
    if document.encadrant:
        upcoming = [m for m in document.milestones if not m.done]
        heading = _heading(tr("Rendez-vous d'accompagnement à venir"))
        if not upcoming:
            return [heading, text(tr("Aucun rendez-vous prévu."), styles().body)]
        rows = [[m.kind.label, format_date(m.date), m.status.label] for m in upcoming]
        widths = [width - 70 * mm, 30 * mm, 40 * mm]
        return [heading, data_table([tr("Rendez-vous"), tr("Date"), tr("Statut")], rows, widths)]
    heading = _heading(tr("Entretiens et objectifs"))
    if not document.milestones:
        return [heading, text(tr("Aucun entretien."), styles().body)]
    rows = [
        [
            m.kind.label,
            format_date(m.date),
            m.status.label,
            m.objectives_reached or "",
            m.next_objectives or "",
        ]
        for m in document.milestones
    ]
    widths = [38 * mm, 20 * mm, 22 * mm, (width - 80 * mm) / 2, (width - 80 * mm) / 2]
    header = [
        tr("Entretien"),
        tr("Date"),
        tr("Statut"),
        tr("Objectifs atteints"),
        tr("Prochains objectifs"),
    ]
    return [heading, data_table(header, rows, widths)]


def _barriers(document: FollowUpDocument, width: float) -> list[Flowable]:
    heading = _heading(tr("Freins : cotation de 1 (aucun) à 5 (bloquant)"))
    histories = [h for h in document.barriers if not h.barrier.sensitive]
    note = text(tr("Les freins santé et justice ne figurent pas sur ce document."), styles().small)
    if not histories:
        return [heading, text(tr("Aucune cotation."), styles().body), note]
    dates = sorted({day for h in histories for day, _ in h.scores})[-MAX_SCORE_DATES:]
    rows = []
    for history in histories:
        by_date = dict(history.scores)
        rows.append([history.barrier.label, *(str(by_date.get(d, "")) for d in dates)])
    first = 70 * mm
    widths = [first] + [min(26 * mm, (width - first) / len(dates))] * len(dates)
    table = data_table(
        [tr("Frein"), *(format_date(d) for d in dates)],
        rows,
        widths,
        right=range(1, len(dates) + 1),
    )
    legend = text(" · ".join(SCORE_LABELS.values()), styles().small)
    return [heading, table, Spacer(0, 1 * mm), legend, note]
