"""A person's support timeline: milestones, PMSMP, barrier actions and trainings, by date."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from sqlalchemy.orm import Session

from chantier_app.domain.codes.support_codes import (
    ActionStatus,
    EnrolmentStatus,
    MilestoneStatus,
    PmsmpOutcome,
)
from chantier_app.domain.fr_format import format_date
from chantier_app.i18n import tr
from chantier_app.services import permissions, roles_matrix
from chantier_app.services.context import Actor
from chantier_app.services.roles_matrix import Permission
from chantier_app.services.support.barriers import ActionView, list_actions
from chantier_app.services.support.milestones import list_milestones
from chantier_app.services.support.path_reports import PathReportView, list_path_reports
from chantier_app.services.support.pmsmp import list_pmsmps
from chantier_app.services.trainings.enrolments import person_enrolments


class EntryKind(enum.StrEnum):
    MILESTONE = "milestone"
    PMSMP = "pmsmp"
    ACTION = "action"
    TRAINING = "training"
    PATH_REPORT = "path_report"

    @property
    def label(self) -> str:
        return {
            EntryKind.MILESTONE: tr("Entretien"),
            EntryKind.PMSMP: tr("PMSMP"),
            EntryKind.ACTION: tr("Action"),
            EntryKind.TRAINING: tr("Formation"),
            EntryKind.PATH_REPORT: tr("Bilan d'accompagnement"),
        }[self]


@dataclass(frozen=True)
class TimelineEntry:
    date: dt.date
    kind: EntryKind
    ref_id: int
    title: str
    status: str
    detail: str
    done: bool  # happened (or closed): shown quieter
    overdue: bool  # should have happened and has not: shown in red
    open_milestone: bool = False  # a milestone that can still be planned or marked done


@dataclass(frozen=True)
class PersonSupport:
    """The support tab's timeline and the barrier actions it lists: read together, the
    actions once (they were read twice, once for each)."""

    timeline: list[TimelineEntry]
    actions: list[ActionView]


def person_support(
    session: Session, actor: Actor, person_id: int, today: dt.date | None = None
) -> PersonSupport:
    actions = list_actions(session, actor, person_id)
    return PersonSupport(_timeline(session, actor, person_id, today, actions), actions)


def person_timeline(
    session: Session, actor: Actor, person_id: int, today: dt.date | None = None
) -> list[TimelineEntry]:
    """Everything that happened and is planned for the person, oldest first."""
    return _timeline(session, actor, person_id, today, None)


def _timeline(
    session: Session,
    actor: Actor,
    person_id: int,
    today: dt.date | None,
    actions: list[ActionView] | None,
) -> list[TimelineEntry]:
    permissions.require_person(session, actor, person_id, Permission.SUPPORT_VIEW)
    today = today or dt.date.today()
    entries: list[TimelineEntry] = []
    for ms in list_milestones(session, actor, person_id):
        if ms.status is MilestoneStatus.DONE:
            detail = ms.next_objectives or ms.notes or ""
            if ms.next_objectives:
                detail = tr("Prochains objectifs : {text}").format(text=ms.next_objectives)
        elif ms.planned_date:
            detail = tr("Échéance le {date}").format(date=format_date(ms.due_date))
        else:
            detail = ms.notes or ""
        entries.append(
            TimelineEntry(
                ms.date, EntryKind.MILESTONE, ms.id, ms.kind.label, ms.status.label,
                detail, not ms.open, ms.overdue(today), ms.open,
            )
        )  # fmt: skip
    for p in list_pmsmps(session, actor, person_id):
        title = tr("PMSMP chez {host}").format(host=p.host_name)
        if p.target_job:
            title += f" ({p.target_job})"
        detail = tr("du {start} au {end}, {days} jours").format(
            start=format_date(p.start_date), end=format_date(p.end_date), days=p.days
        )
        closed = p.outcome is not PmsmpOutcome.PENDING
        entries.append(
            TimelineEntry(
                p.start_date, EntryKind.PMSMP, p.id, title, p.outcome.label, detail,
                closed, not closed and p.end_date < today,
            )
        )  # fmt: skip
    for a in list_actions(session, actor, person_id) if actions is None else actions:
        when = a.done_date or a.due_date
        if when is None:
            continue
        detail = a.barrier.label + (f" — {a.partner}" if a.partner else "")
        entries.append(
            TimelineEntry(
                when, EntryKind.ACTION, a.id, a.description, a.status.label, detail,
                a.status in (ActionStatus.DONE, ActionStatus.ABANDONED), a.overdue(today),
            )
        )  # fmt: skip
    if roles_matrix.allowed(actor, Permission.TRAININGS_EDIT) or roles_matrix.allowed(
        actor, Permission.TRAINING_ATTENDANCE
    ):
        for e in person_enrolments(session, actor, person_id):
            status = e.status.label
            if e.certificate_obtained:
                status += f" — {e.certificate_obtained}"
            detail = tr("du {start} au {end}").format(
                start=format_date(e.start_date), end=format_date(e.end_date)
            )
            done = e.status in (EnrolmentStatus.COMPLETED, EnrolmentStatus.ABANDONED)
            entries.append(
                TimelineEntry(
                    e.start_date, EntryKind.TRAINING, e.id, e.session_title, status, detail,
                    done, False,
                )
            )  # fmt: skip
    for report in list_path_reports(session, actor, person_id):
        entries.append(_report_entry(report))
    return sorted(entries, key=lambda x: (x.date, x.kind.value, x.ref_id))


def _report_entry(report: PathReportView) -> TimelineEntry:
    """A bilan in the history: to whom and when it was handed over, or still a draft."""
    if report.handed_over_on:
        title = tr("Bilan d'accompagnement remis à {to}").format(to=report.handed_over_to)
        detail = report.recipient + (
            f" — {report.handover_means.label}" if report.handover_means else ""
        )
        return TimelineEntry(report.handed_over_on, EntryKind.PATH_REPORT, report.id, title,
                             report.state, detail, True, False)  # fmt: skip
    title = tr("Bilan d'accompagnement pour {who}").format(who=report.recipient)
    return TimelineEntry(report.written_on, EntryKind.PATH_REPORT, report.id, title, report.state,
                         tr("rédigé le {date}").format(date=format_date(report.written_on)),
                         True, False)  # fmt: skip
