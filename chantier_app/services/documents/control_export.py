"""The control file as one PDF and one XLSX; « Tirer un dossier au hasard »: one whole file.

Both leave the structure: each export is recorded in the trail (the period and how many
files, never a name); the draw says which file was drawn among how many.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from chantier_app.db import models as m
from chantier_app.domain.codes.exit_reasons import ExitCategory
from chantier_app.domain.errors import ValidationError
from chantier_app.domain.fr_format import format_date
from chantier_app.domain.sharing import field_may_leave, row_may_leave
from chantier_app.i18n import tr
from chantier_app.reports.control_data import (
    DIAGNOSIS_TARGET_DAYS,
    ControlFile,
    MonthLine,
    PersonFile,
)
from chantier_app.reports.drawing import draw
from chantier_app.services import audit, tabular
from chantier_app.services.context import Actor
from chantier_app.services.documents import control_file as gather
from chantier_app.services.documents._follow_up import _qualifying_exams, _trainings
from chantier_app.services.documents.control_file import RESERVED_CRITERION

HIDDEN = tr("réservé")


def _period(data: ControlFile) -> str:
    return tr("du {start} au {end}").format(
        start=format_date(data.start), end=format_date(data.end)
    )


def _record(session: Session, actor: Actor, data: ControlFile, what: str) -> None:
    audit.record(session, actor, audit.Action.EXPORT, "control_file",
                 summary=tr("dossier de contrôle {period} ({what}, {n} dossiers)").format(
                     period=_period(data), what=what, n=len(data.people)))  # fmt: skip


def control_pdf(
    session: Session, actor: Actor, start: dt.date | None, end: dt.date | None,
    *, today: dt.date | None = None,
) -> bytes:  # fmt: skip
    """The control file as a PDF (the print is recorded)."""
    data = gather.control_file_data(session, actor, start, end, today=today)
    _record(session, actor, data, "PDF")
    return draw(("control_file", "render_control_file", data))


def _hours(minutes: int) -> Decimal:
    """Hours as a number a spreadsheet adds up (exact: minutes over 60, two decimals)."""
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"))


def _yes(value: bool) -> str:
    return tr("oui") if value else tr("non")


def sheets(data: ControlFile) -> list[tabular.Sheet]:
    """The workbook's registers: the same figures as the PDF, one line per fact."""
    people: list[list[tabular.Cell]] = [
        [p.name, p.pass_number, p.pass_start, p.pass_end, p.hired_on, _yes(p.entered), p.exit_date,
         p.exit_category.label if p.exit_category else None, _hours(p.paid_minutes), p.fte, p.diagnosis_date, p.diagnosis_delay,
         _yes(not p.diagnosis_late), p.eligibility, " ; ".join(p.criteria), p.exit_review]
        for p in data.people
    ]  # fmt: skip
    contracts: list[list[tabular.Cell]] = [
        [p.name, line] for p in data.people for line in p.contracts
    ]
    interviews: list[list[tabular.Cell]] = [
        [p.name, day, kind] for p in data.people for day, kind in p.interviews
    ]
    renewals: list[list[tabular.Cell]] = [
        [p.name, r.effective, r.new_end, r.review, _yes(r.justified)]
        for p in data.people for r in p.renewals
    ]  # fmt: skip
    beyond: list[list[tabular.Cell]] = [
        [p.name, p.beyond_24.months, _yes(p.beyond_24.reason_recorded), p.beyond_24.until]
        for p in data.people if p.beyond_24
    ]  # fmt: skip
    pmsmps: list[list[tabular.Cell]] = [
        [x.person_name, x.host, x.target_job, x.start, x.end, x.days, _yes(x.within_month),
         x.same_host_agreements, x.same_host_days, _yes(x.within_limits), x.outcome]
        for x in data.pmsmps
    ]  # fmt: skip
    counted = data.exits_count - dict(data.exits).get(ExitCategory.EXCLUDED, 0)
    summary: list[list[tabular.Cell]] = [
        [tr("Période"), _period(data)],
        [tr("Salariés"), len(data.people)],
        [tr("Entrées"), data.entries],
        [tr("Sorties"), data.exits_count],
        [tr("Contrats"), data.contracts_count],
        [tr("Heures de travail"), _hours(data.paid_minutes)],
    ]
    summary += [[tr("Sorties : {c}").format(c=c.label), n] for c, n in data.exits]
    summary += [
        [tr("Sorties comptées (hors retraits)"), counted],
        [tr("Taux de sorties dynamiques (%)"), data.dynamic_rate],
        [tr("Objectif de sorties dynamiques (%)"), data.target_dynamic],
        [tr("Taux de sorties en emploi durable (%)"), data.sustainable_rate],
        [tr("Objectif de sorties en emploi durable (%)"), data.target_sustainable],
    ]
    summary += [[tr("ETP réalisés {y}").format(y=f.year), f.realised] for f in data.fte_years]
    summary += [[tr("ETP conventionnés {y}").format(y=f.year), f.funded] for f in data.fte_years]
    return [
        (tr("Synthèse"), [tr("Indicateur"), tr("Valeur")], summary),
        (tr("Salariés"), [tr("Salarié"), tr("PASS IAE"), tr("Début PASS"), tr("Fin PASS"),
                          tr("Embauche"), tr("Entrée dans la période"), tr("Sortie"),
                          tr("Catégorie de sortie"), tr("Heures de travail"), tr("ETP"),
                          tr("Diagnostic"), tr("Délai (jours)"),
                          tr("Diagnostic sous {n} jours").format(n=DIAGNOSIS_TARGET_DAYS),
                          tr("Éligibilité"), tr("Critères"), tr("Bilan de sortie")], people),
        (tr("Contrats"), [tr("Salarié"), tr("Contrat")], contracts),
        (tr("Entretiens"), [tr("Salarié"), tr("Date"), tr("Entretien")], interviews),
        (tr("Renouvellements"), [tr("Salarié"), tr("À compter du"), tr("Nouvelle fin"),
                                 tr("Bilan préalable"), tr("Justification enregistrée")], renewals),
        (tr("Au-delà de 24 mois"), [tr("Salarié"), tr("Mois cumulés"), tr("Motif enregistré"),
                                    tr("Jusqu'au")], beyond),
        (tr("Registre PMSMP"), [tr("Salarié"), tr("Structure d'accueil"), tr("Métier"),
                                tr("Début"), tr("Fin"), tr("Jours"), tr("Un mois au plus"),
                                tr("Conventions même accueil (12 mois)"),
                                tr("Jours même accueil (12 mois)"), tr("Dans les limites"),
                                tr("Bilan")], pmsmps),
    ]  # fmt: skip


def control_xlsx(
    session: Session, actor: Actor, start: dt.date | None, end: dt.date | None, path: Path,
    *, today: dt.date | None = None,
) -> Path:  # fmt: skip
    """The control file as an XLSX workbook (the export is recorded)."""
    data = gather.control_file_data(session, actor, start, end, today=today)
    tabular.write_xlsx_sheets(path, sheets(data))
    _record(session, actor, data, "XLSX")
    return path


# One file drawn at random ----------------------------------------------------------------------
def draw_file(
    session: Session,
    actor: Actor,
    start: dt.date | None,
    end: dt.date | None,
    *,
    today: dt.date | None = None,
    chooser: random.Random | None = None,
) -> PersonFile:
    """« Tirer un dossier au hasard »: one file of the period, every one equally likely
    (``secrets``-grade randomness: nobody can steer the draw); the draw is recorded."""
    data = gather.control_file_data(session, actor, start, end, today=today)
    if not data.people:
        raise ValidationError(tr("Aucun salarié dans la période : aucun dossier à tirer."))
    person = (chooser or random.SystemRandom()).choice(data.people)
    audit.record(session, actor, audit.Action.PRINT, "control_file", person.person_id,
                 person_id=person.person_id,
                 summary=tr("dossier tiré au hasard parmi {n} ({period})").format(
                     n=len(data.people), period=_period(data)))  # fmt: skip
    return _person_file(session, data, person.person_id)


def _person_file(session: Session, data: ControlFile, person_id: int) -> PersonFile:
    """One person's whole file, for the control (nothing reserved is written)."""
    person = next(p for p in data.people if p.person_id == person_id)
    record = session.scalars(
        select(m.Person).where(m.Person.id == person_id).options(
            selectinload(m.Person.passes).selectinload(m.PassIae.suspensions),
            selectinload(m.Person.passes).selectinload(m.PassIae.prolongations),
            selectinload(m.Person.diagnoses).selectinload(m.EligibilityDiagnosis.criteria),
        )
    ).one()  # fmt: skip
    contracts = list(session.scalars(
        select(m.Contract).where(m.Contract.person_id == person_id)
        .options(selectinload(m.Contract.amendments)).order_by(m.Contract.start_date)
    ))  # fmt: skip
    return PersonFile(
        structure=data.structure,
        person=person,
        drawn_among=len(data.people),
        start=data.start,
        end=data.end,
        diagnosis=_diagnoses(record),
        passes=_passes(record),
        amendments=_amendments(contracts),
        months=_months(session, contracts),
        trainings=tuple(
            f"{t.title} ({format_date(t.start_date)} – {format_date(t.end_date)}) : "
            f"{t.result.label if t.result else ''} {t.certificate or ''}".strip()
            for t in [
                *_trainings(session, person_id),
                *_qualifying_exams(contracts),
            ]
        ),
        pmsmps=tuple(
            f"{x.host} ({format_date(x.start)} – {format_date(x.end)}, {x.days} j) : {x.outcome}"
            for x in data.pmsmps
            if x.person_name == person.name
        ),
        issued_on=data.issued_on,
    )


def _diagnoses(person: m.Person) -> tuple[str, ...]:
    lines = []
    for d in sorted(person.diagnoses, key=lambda d: d.made_on):
        criteria = ", ".join(
            c.criterion.label if row_may_leave("eligibility_criterion", c.criterion)
            else RESERVED_CRITERION
            for c in d.criteria
        )  # fmt: skip
        proofs = sum(1 for c in d.criteria if c.proof)
        lines.append(tr("{date} — {who} : {criteria} ({proofs} justificatif(s) noté(s))").format(
            date=format_date(d.made_on), who=d.author_kind.label, criteria=criteria or "—",
            proofs=proofs))  # fmt: skip
    return tuple(lines)


def _passes(person: m.Person) -> tuple[str, ...]:
    lines = []
    for p in sorted(person.passes, key=lambda p: p.start_date):
        lines.append(tr("PASS IAE {n} du {s} au {e} (fin initiale)").format(
            n=p.number, s=format_date(p.start_date), e=format_date(p.initial_end_date)))  # fmt: skip
        for s in p.suspensions:  # the reason tells health or justice facts: never written
            reason = s.reason.label if field_may_leave("pass_suspension", "reason") else HIDDEN
            lines.append(tr("  suspension du {s} au {e} (motif : {r})").format(
                s=format_date(s.start_date), e=format_date(s.end_date), r=reason))  # fmt: skip
        for x in p.prolongations:
            reason = x.reason.label if field_may_leave("pass_prolongation", "reason") else HIDDEN
            lines.append(tr("  prolongation du {s} au {e} (motif : {r})").format(
                s=format_date(x.start_date), e=format_date(x.end_date), r=reason))  # fmt: skip
    return tuple(lines)


def _amendments(contracts: Sequence[m.Contract]) -> tuple[str, ...]:
    return tuple(
        tr("Avenant n° {n} ({kind}) à compter du {day}{end}").format(
            n=a.number, kind=a.kind.label.lower(), day=format_date(a.effective_date),
            end=tr(", fin au {d}").format(d=format_date(a.new_end_date)) if a.new_end_date else "",
        )
        for c in contracts for a in c.amendments
    )  # fmt: skip


def _months(session: Session, contracts: Sequence[m.Contract]) -> tuple[MonthLine, ...]:
    rows = session.scalars(
        select(m.MonthlyHours).where(m.MonthlyHours.contract_id.in_([c.id for c in contracts]))
        .order_by(m.MonthlyHours.month)
    )  # fmt: skip
    by_month: dict[dt.date, list[int]] = {}
    for r in rows:
        paid, absent = by_month.setdefault(r.month, [0, 0])
        by_month[r.month] = [
            paid + r.worked_minutes + r.training_minutes + r.pmsmp_minutes,
            absent + r.paid_absence_minutes + r.sick_minutes + r.unjustified_minutes,
        ]
    return tuple(MonthLine(month, p, a) for month, (p, a) in sorted(by_month.items()))


def person_file_pdf(data: PersonFile) -> bytes:
    return draw(("control_file", "render_person_file", data))
