"""The bilan d'accompagnement: what the CIP hands the prescriber (or the RSA référent) at the
end of a path (les emplois de l'inclusion, PRs 8628, 8632, 8813: « ce qui a été travaillé,
les freins encore présents et ce que la structure préconise pour la suite »).

The application proposes each section from the path (dates, contracts and hours, trainings
and certificates, barriers at entry and now, PMSMP and their outcomes, exit or planned
exit, what was worked on, what comes next), limited to what may leave the structure
(``domain.sharing``: never a health, disability or justice fact, never a confidential note);
the CIP reviews and edits each section's text and ticks what is shared. Only the ticked
sections are printed. Its handover (to whom, when, how) is recorded and shows in the
person's history; once handed over it is never edited again (a new bilan can be written).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.db.base import now
from chantier_app.domain.codes.barriers import SCORE_LABELS, Barrier
from chantier_app.domain.codes.person_codes import RsaKind
from chantier_app.domain.codes.platform_codes import HandoverMeans, PathReportRecipient
from chantier_app.domain.codes.support_codes import MilestoneStatus, PmsmpOutcome
from chantier_app.domain.contract_dates import Span, cumulative_duration
from chantier_app.domain.errors import NotFoundError, ValidationError, Violation, refuse_errors
from chantier_app.domain.fr_format import format_date, format_minutes
from chantier_app.domain.parsing import clean_line, clean_text
from chantier_app.domain.sharing import field_may_leave, row_may_leave
from chantier_app.domain.text_rules import checked_reason
from chantier_app.i18n import tr
from chantier_app.services import audit
from chantier_app.services.context import Actor
from chantier_app.services.documents._follow_up import _qualifying_exams, _trainings
from chantier_app.services.permissions import require_person
from chantier_app.services.roles_matrix import Permission

# The sections, in the printed order: key, title, shared by default.
SECTIONS: tuple[tuple[str, str, bool], ...] = (
    ("identity", tr("Identité et PASS IAE"), True),
    ("path", tr("Parcours dans la structure : contrats et heures"), True),
    ("trainings", tr("Formations et certifications"), True),
    ("pmsmp", tr("Immersions en entreprise (PMSMP)"), True),
    ("barriers", tr("Freins à l'emploi : à l'entrée et aujourd'hui"), False),
    ("work_done", tr("Ce qui a été travaillé"), False),
    ("exit", tr("Sortie ou fin de parcours prévue"), True),
    ("next_steps", tr("Préconisations pour la suite du parcours"), False),
)
TITLES = {key: title for key, title, _ in SECTIONS}


@dataclass(frozen=True)
class ReportSection:
    key: str
    title: str
    text: str  # one item a line, as the CIP reviewed it
    shared: bool  # ticked: printed and handed over


@dataclass(frozen=True)
class PathReportInput:
    recipient_kind: PathReportRecipient | None
    recipient_name: str | None
    recipient_organisation: str | None
    written_on: dt.date | None
    sections: tuple[ReportSection, ...]
    contract_id: int | None = None


@dataclass(frozen=True)
class PathReportDraft:
    """What the application proposes for a new bilan (nothing is saved yet)."""

    person_id: int
    person_name: str
    data: PathReportInput
    rsa: bool  # the RSA référent is a recipient to propose


@dataclass(frozen=True)
class HandoverInput:
    handed_over_to: str | None
    handed_over_on: dt.date | None
    means: HandoverMeans | None


@dataclass(frozen=True)
class PathReportView:
    id: int
    person_id: int
    written_on: dt.date
    author_name: str | None
    recipient_kind: PathReportRecipient
    recipient_name: str | None
    recipient_organisation: str | None
    sections: tuple[ReportSection, ...]
    handed_over_on: dt.date | None
    handed_over_to: str | None
    handover_means: HandoverMeans | None
    cancelled: bool

    @property
    def recipient(self) -> str:
        who = " — ".join(v for v in (self.recipient_name, self.recipient_organisation) if v)
        return f"{self.recipient_kind.label} : {who}" if who else self.recipient_kind.label

    @property
    def state(self) -> str:
        if self.cancelled:
            return tr("Annulé")
        if self.handed_over_on:
            return tr("Remis le {date}").format(date=format_date(self.handed_over_on))
        return tr("Brouillon")

    @property
    def editable(self) -> bool:
        return not self.cancelled and self.handed_over_on is None


# The proposal, from the path ------------------------------------------------------------------
def _lines(items: list[str], empty: str) -> str:
    return "\n".join(items) if items else empty


def _identity(person: m.Person, today: dt.date) -> str:
    lines = [tr("Né(e) le {date}").format(date=format_date(person.birth_date))]
    passes = sorted(person.passes, key=lambda p: p.start_date)
    if passes:
        from chantier_app.domain.pass_iae import format_number
        from chantier_app.services.people.pass_iae import pass_period

        latest = passes[-1]
        lines.append(
            tr("PASS IAE n° {number}, du {start} au {end}").format(
                number=format_number(latest.number),
                start=format_date(latest.start_date),
                end=format_date(pass_period(latest).end),
            )
        )
    return "\n".join(lines)


def _path(session: Session, contracts: list[m.Contract]) -> str:
    if not contracts:
        return tr("Aucun contrat enregistré.")
    workshops = {w.id: w.name for w in session.scalars(select(m.Workshop))}
    paid = dict(
        session.execute(
            select(
                m.MonthlyHours.contract_id,
                func.sum(
                    m.MonthlyHours.worked_minutes
                    + m.MonthlyHours.training_minutes
                    + m.MonthlyHours.pmsmp_minutes
                ),
            )
            .where(m.MonthlyHours.contract_id.in_([c.id for c in contracts]))
            .group_by(m.MonthlyHours.contract_id)
        ).all()
    )
    lines = []
    for c in contracts:
        hours = (
            tr("{h} par semaine").format(h=format_minutes(c.weekly_minutes))
            if c.weekly_minutes
            else tr("{h} par mois").format(h=format_minutes(c.monthly_minutes or 0))
        )
        where = " — ".join(v for v in (workshops.get(c.workshop_id or 0), c.job_title) if v)
        lines.append(
            tr("{kind} du {start} au {end}{where}, {hours} ; {paid} rémunérées").format(
                kind=c.kind.label,
                start=format_date(c.start_date),
                end=format_date(c.effective_end),
                where=f" ({where})" if where else "",
                hours=hours,
                paid=format_minutes(int(paid.get(c.id) or 0)),
            )
        )
    cddi = [Span(c.start_date, c.effective_end) for c in contracts if c.kind.is_cddi]
    if cddi:
        lines.append(tr("Durée cumulée en CDDI : {d}").format(d=cumulative_duration(cddi).text()))
    return "\n".join(lines)


def _training_text(session: Session, person_id: int, contracts: list[m.Contract]) -> str:
    lines = []
    for t in [*_trainings(session, person_id), *_qualifying_exams(contracts)]:
        result = t.result.label if t.result else ""
        if t.certificate:
            result += f" ({t.certificate})"
        hours = f", {format_minutes(t.minutes)}" if t.minutes else ""
        by = f" — {t.provider}" if t.provider else ""
        lines.append(
            tr("{title}{by}, du {start} au {end}{hours} : {result}").format(
                title=t.title, by=by, start=format_date(t.start_date),
                end=format_date(t.end_date), hours=hours, result=result or tr("en cours"),
            )
        )  # fmt: skip
    return _lines(lines, tr("Aucune formation suivie."))


def _pmsmp_text(session: Session, person_id: int) -> str:
    rows = session.scalars(
        select(m.Pmsmp).where(m.Pmsmp.person_id == person_id).order_by(m.Pmsmp.start_date)
    )
    lines = [
        tr("Chez {host}{job}, du {start} au {end} : {outcome}").format(
            host=p.host_name,
            job=f" ({p.target_job})" if p.target_job else "",
            start=format_date(p.start_date),
            end=format_date(p.end_date),
            outcome=p.outcome.label if p.outcome is not PmsmpOutcome.PENDING else tr("en cours"),
        )
        for p in rows
    ]
    return _lines(lines, tr("Aucune PMSMP."))


def _barrier_text(session: Session, person_id: int) -> str:
    by_barrier: dict[Barrier, list[tuple[dt.date, int]]] = defaultdict(list)
    for score in session.scalars(
        select(m.BarrierScore)
        .where(m.BarrierScore.person_id == person_id)
        .order_by(m.BarrierScore.scored_on, m.BarrierScore.id)
    ):
        # Health and justice never leave the structure, whatever the CIP ticks.
        if row_may_leave("barrier_score", score.barrier):
            by_barrier[score.barrier].append((score.scored_on, score.score))
    lines = []
    for barrier in Barrier:
        scores = by_barrier.get(barrier)
        if not scores:
            continue
        (first_day, first), (last_day, last) = scores[0], scores[-1]
        lines.append(
            tr("{barrier} : {first} à l'entrée ({d1}), {last} le {d2}").format(
                barrier=barrier.label, first=SCORE_LABELS[first], d1=format_date(first_day),
                last=SCORE_LABELS[last], d2=format_date(last_day),
            )
        )  # fmt: skip
    return _lines(lines, tr("Aucun frein coté."))


def _milestones(session: Session, person_id: int) -> tuple[str, str]:
    """What was worked on (objectives reached) and what comes next (the latest objectives)."""
    done = session.scalars(
        select(m.Milestone)
        .where(m.Milestone.person_id == person_id, m.Milestone.status == MilestoneStatus.DONE)
        .order_by(m.Milestone.done_date, m.Milestone.id)
    ).all()
    worked = [
        tr("{kind} ({date}) : {text}").format(
            kind=ms.kind.label, date=format_date(ms.done_date), text=ms.objectives_reached
        )
        for ms in done
        if ms.objectives_reached
    ]
    following = [ms.next_objectives for ms in done if ms.next_objectives]
    return _lines(worked, ""), following[-1] if following else ""


def _exit_text(contracts: list[m.Contract]) -> str:
    if not contracts:
        return ""
    last = max(contracts, key=lambda c: (c.effective_end, c.id))
    if last.actual_end_date is None:
        return tr("Fin de contrat prévue le {date}.").format(date=format_date(last.end_date))
    text = tr("Sortie le {date}").format(date=format_date(last.actual_end_date))
    if last.exit_reason is not None:
        # The reason itself may tell a health or justice fact: only its category leaves.
        shown = (
            last.exit_reason.label
            if field_may_leave("contract", "exit_reason")
            else last.exit_reason.category.label
        )
        text += f" : {shown}"
    return text + "."


def draft_path_report(
    session: Session, actor: Actor, person_id: int, *, today: dt.date | None = None
) -> PathReportDraft:
    """The bilan the application proposes for the person's path (nothing is saved)."""
    person = require_person(session, actor, person_id, Permission.SUPPORT_EDIT)
    today = today or dt.date.today()
    contracts = list(
        session.scalars(
            select(m.Contract)
            .where(m.Contract.person_id == person_id)
            .order_by(m.Contract.start_date, m.Contract.id)
        )
    )
    worked, following = _milestones(session, person_id)
    texts = {
        "identity": _identity(person, today),
        "path": _path(session, contracts),
        "trainings": _training_text(session, person_id, contracts),
        "pmsmp": _pmsmp_text(session, person_id),
        "barriers": _barrier_text(session, person_id),
        "work_done": worked,
        "exit": _exit_text(contracts),
        "next_steps": following,
    }
    sections = tuple(
        ReportSection(key, title, texts[key], shared and bool(texts[key]))
        for key, title, shared in SECTIONS
    )
    # The recipient is typed by the CIP: the orienteur's name can tell a justice or disability
    # fact (SPIP, PJJ, Cap emploi), so no classified field is copied onto the document.
    return PathReportDraft(
        person_id,
        person.display_name,
        PathReportInput(
            PathReportRecipient.RSA_REFERENT
            if person.rsa is not RsaKind.NONE and person.referrer is None
            else PathReportRecipient.PRESCRIBER,
            None,
            None,
            today,
            sections,
            contracts[-1].id if contracts else None,
        ),
        rsa=person.rsa is not RsaKind.NONE,
    )


# Saving, handing over, cancelling -------------------------------------------------------------
def _check(data: PathReportInput, today: dt.date) -> list[Violation]:
    violations = []
    if data.recipient_kind is None:
        violations.append(Violation("path_report_recipient_required",
                                    tr("Destinataire : choisissez le prescripteur, le référent "
                                       "RSA ou un autre accompagnateur."), field="recipient_kind"))  # fmt: skip
    if not (clean_line(data.recipient_name) or clean_line(data.recipient_organisation)):
        violations.append(Violation("path_report_recipient_name_required",
                                    tr("Destinataire : indiquez son nom ou son organisme."),
                                    field="recipient_name"))  # fmt: skip
    if data.written_on is None or data.written_on > today:
        violations.append(Violation("path_report_date", tr("Date du bilan : obligatoire, pas "
                                    "dans le futur."), field="written_on"))  # fmt: skip
    unknown = [s.key for s in data.sections if s.key not in TITLES]
    if unknown:
        raise ValueError(f"sections inconnues : {unknown}")  # a programming error, not a user's
    if not any(s.shared and s.text.strip() for s in data.sections):
        violations.append(Violation("path_report_nothing_shared",
                                    tr("Sections : cochez au moins une section à transmettre "
                                       "(et qui ne soit pas vide)."), field="sections"))  # fmt: skip
    return violations


def _content(sections: tuple[ReportSection, ...]) -> str:
    return json.dumps(
        [{"key": s.key, "text": clean_text(s.text) or "", "shared": s.shared} for s in sections],
        ensure_ascii=False,
    )


def _sections(content: str) -> tuple[ReportSection, ...]:
    return tuple(
        ReportSection(item["key"], TITLES.get(item["key"], item["key"]), item["text"],
                      bool(item["shared"]))
        for item in json.loads(content)
    )  # fmt: skip


def _shared_keys(sections: tuple[ReportSection, ...]) -> str:
    return ", ".join(s.title for s in sections if s.shared and s.text.strip())


def save_path_report(
    session: Session,
    actor: Actor,
    person_id: int,
    data: PathReportInput,
    *,
    report_id: int | None = None,
    today: dt.date | None = None,
) -> int:
    """A new bilan, or the changes of a draft (a handed-over bilan is never changed)."""
    require_person(session, actor, person_id, Permission.SUPPORT_EDIT)
    refuse_errors(_check(data, today or dt.date.today()))
    assert data.recipient_kind is not None and data.written_on is not None  # checked
    if report_id is None:
        report = m.PathReport(person_id=person_id, author_id=actor.staff_id, author_name=actor.name)
        session.add(report)
    else:
        report = _editable(session, report_id, person_id)
    report.contract_id = data.contract_id
    report.recipient_kind = data.recipient_kind
    report.recipient_name = clean_line(data.recipient_name)
    report.recipient_organisation = clean_line(data.recipient_organisation)
    report.written_on = data.written_on
    report.content = _content(data.sections)
    session.flush()
    audit.record(
        session, actor, audit.Action.CREATE if report_id is None else audit.Action.UPDATE,
        "path_report", report.id, person_id=person_id,
        summary=tr("bilan d'accompagnement ({kind}), sections transmises : {keys}").format(
            kind=data.recipient_kind.label.lower(), keys=_shared_keys(data.sections)),
    )  # fmt: skip
    return report.id


def _load(session: Session, report_id: int) -> m.PathReport:
    report = session.get(m.PathReport, report_id)
    if report is None:
        raise NotFoundError(tr("Bilan d'accompagnement"), report_id)
    return report


def _editable(session: Session, report_id: int, person_id: int | None = None) -> m.PathReport:
    report = _load(session, report_id)
    if person_id is not None and report.person_id != person_id:
        raise NotFoundError(tr("Bilan d'accompagnement"), report_id)
    if report.cancelled_at is not None or report.handed_over_on is not None:
        raise ValidationError(
            tr(
                "Ce bilan a déjà été remis ou annulé : il n'est plus modifiable. Rédigez-en un "
                "nouveau si besoin."
            )
        )
    return report


def record_handover(
    session: Session,
    actor: Actor,
    report_id: int,
    data: HandoverInput,
    *,
    today: dt.date | None = None,
) -> None:
    """The bilan was handed over: to whom, when, how; it then stays as it was handed."""
    report = _load(session, report_id)
    require_person(session, actor, report.person_id, Permission.SUPPORT_EDIT)
    report = _editable(session, report_id)
    today = today or dt.date.today()
    violations = []
    if not clean_line(data.handed_over_to):
        violations.append(Violation("handover_to_required",
                                    tr("Remis à : indiquez la personne ou l'organisme."),
                                    field="handed_over_to"))  # fmt: skip
    if data.handed_over_on is None or data.handed_over_on > today:
        violations.append(Violation("handover_date", tr("Date de remise : obligatoire, pas "
                                    "dans le futur."), field="handed_over_on"))  # fmt: skip
    elif data.handed_over_on < report.written_on:
        violations.append(Violation("handover_before_report", tr("Date de remise : elle ne peut "
                                    "pas précéder la date du bilan."), field="handed_over_on"))  # fmt: skip
    refuse_errors(violations)
    report.handed_over_to = clean_line(data.handed_over_to)
    report.handed_over_on = data.handed_over_on
    report.handover_means = data.means
    # Who received it can be a justice service (SPIP): named in the file, not in the trail.
    audit.record(
        session, actor, audit.Action.UPDATE, "path_report", report.id, person_id=report.person_id,
        summary=tr("bilan d'accompagnement remis le {date}{how}").format(
            date=format_date(data.handed_over_on),
            how=f" ({data.means.label.lower()})" if data.means else ""),
    )  # fmt: skip


def cancel_path_report(session: Session, actor: Actor, report_id: int, reason: str | None) -> None:
    """Cancel a bilan (kept, with the reason): written by mistake, for the wrong person…"""
    report = _load(session, report_id)
    require_person(session, actor, report.person_id, Permission.SUPPORT_EDIT)
    if report.cancelled_at is not None:
        return
    if not clean_text(reason):
        raise ValidationError(tr("Motif de l'annulation : obligatoire."), field="cancel_reason")
    report.cancelled_at, report.cancel_reason = now(), checked_reason(reason)
    audit.record(session, actor, audit.Action.DELETE, "path_report", report.id,
                 person_id=report.person_id, summary=tr("bilan d'accompagnement annulé"))  # fmt: skip


def _view(report: m.PathReport) -> PathReportView:
    return PathReportView(
        report.id, report.person_id, report.written_on, report.author_name,
        report.recipient_kind, report.recipient_name, report.recipient_organisation,
        _sections(report.content), report.handed_over_on, report.handed_over_to,
        report.handover_means, report.cancelled_at is not None,
    )  # fmt: skip


def list_path_reports(session: Session, actor: Actor, person_id: int) -> list[PathReportView]:
    """The person's bilans, newest first (cancelled ones too, marked)."""
    require_person(session, actor, person_id, Permission.SUPPORT_VIEW)
    reports = session.scalars(
        select(m.PathReport)
        .where(m.PathReport.person_id == person_id)
        .order_by(m.PathReport.written_on.desc(), m.PathReport.id.desc())
    )
    return [_view(r) for r in reports]


def get_path_report(session: Session, actor: Actor, report_id: int) -> PathReportView:
    report = _load(session, report_id)
    require_person(session, actor, report.person_id, Permission.SUPPORT_VIEW)
    return _view(report)
