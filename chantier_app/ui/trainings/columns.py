"""Columns of the training lists (over the shared RowTableModel)."""

from __future__ import annotations

from PySide6.QtGui import QColor

from chantier_app.i18n import tr
from chantier_app.services.trainings.enrolments import Candidate, EnrolmentView
from chantier_app.services.trainings.sessions import SessionView
from chantier_app.ui.format import format_date, format_minutes
from chantier_app.ui.widgets.table import Column


def _hours(minutes: int) -> str:
    return format_minutes(minutes) if minutes else ""


# A cancelled session, listed when « Afficher les sessions annulées » is ticked, is greyed
# (the support timeline's grey for what is done: dark enough for WCAG AA on white).
GREY = QColor("#6b6b6b")


def _grey(s: SessionView) -> QColor | None:
    return GREY if s.cancelled else None


def cancelled_mark(s: SessionView) -> str:
    return tr("Annulée le {day}").format(day=format_date(s.cancelled_on)) if s.cancelled else ""


def cancelled_reason(s: SessionView) -> str | None:
    if not s.cancelled:
        return None
    return tr("Motif : {reason}").format(reason=s.cancellation_reason or tr("non précisé"))


SESSION_COLUMNS: list[Column[SessionView]] = [
    Column(
        tr("Début"),
        lambda s: format_date(s.start_date),
        sort_key=lambda s: s.start_date,
        foreground=_grey,
    ),
    Column(
        tr("Fin"),
        lambda s: format_date(s.end_date),
        sort_key=lambda s: s.end_date,
        foreground=_grey,
    ),
    Column(tr("Intitulé"), lambda s: s.title, foreground=_grey),
    Column(tr("Organisme"), lambda s: s.provider or "", foreground=_grey),
    Column(tr("Type"), lambda s: s.kind.label, foreground=_grey),
    Column(
        tr("Durée"),
        lambda s: _hours(s.duration_minutes),
        sort_key=lambda s: s.duration_minutes,
        align_right=True,
        foreground=_grey,
    ),
    # A cancelled session's enrolments went with it: no one is enrolled in it any more.
    Column(
        tr("Inscrits"),
        lambda s: "" if s.cancelled else s.enrolled,
        sort_key=lambda s: -1 if s.cancelled else s.enrolled,
        align_right=True,
        foreground=_grey,
    ),
    Column(tr("Certification visée"), lambda s: s.certificate_target or "", foreground=_grey),
    # Hidden unless the cancelled sessions are shown (``TrainingsPage``).
    Column(
        tr("Annulation"),
        cancelled_mark,
        sort_key=lambda s: s.cancelled_on,  # the live ones first
        tooltip=cancelled_reason,
        foreground=_grey,
    ),
]
CANCELLED_COLUMN = len(SESSION_COLUMNS) - 1

ENROLMENT_COLUMNS: list[Column[EnrolmentView]] = [
    Column(tr("Salarié"), lambda e: e.person_name),
    Column(tr("Statut"), lambda e: e.status.label),
    Column(
        tr("Heures suivies"),
        lambda e: format_minutes(e.attended_minutes),
        sort_key=lambda e: e.attended_minutes,
        align_right=True,
    ),
    Column(tr("Résultat"), lambda e: e.result.label),
    Column(tr("Certification obtenue"), lambda e: e.certificate_obtained or ""),
]

PERSON_COLUMNS: list[Column[EnrolmentView]] = [
    Column(tr("Début"), lambda e: format_date(e.start_date), sort_key=lambda e: e.start_date),
    Column(tr("Fin"), lambda e: format_date(e.end_date), sort_key=lambda e: e.end_date),
    Column(tr("Formation"), lambda e: e.session_title),
    Column(tr("Type"), lambda e: e.session_kind.label),
    Column(
        tr("Heures suivies"),
        lambda e: f"{format_minutes(e.attended_minutes)} / {format_minutes(e.planned_minutes)}",
        sort_key=lambda e: e.attended_minutes,
        align_right=True,
    ),
    Column(tr("Statut"), lambda e: e.status.label),
    Column(tr("Résultat"), lambda e: e.result.label),
    Column(tr("Certification obtenue"), lambda e: e.certificate_obtained or ""),
]

CANDIDATE_COLUMNS: list[Column[Candidate]] = [Column(tr("Salarié"), lambda c: c.name)]
