"""Columns of the training lists (over the shared RowTableModel)."""

from __future__ import annotations

from chantier_app.i18n import tr
from chantier_app.services.trainings.enrolments import Candidate, EnrolmentView
from chantier_app.services.trainings.sessions import SessionView
from chantier_app.ui.format import format_date, format_minutes
from chantier_app.ui.widgets.table import Column


def _hours(minutes: int) -> str:
    return format_minutes(minutes) if minutes else ""


SESSION_COLUMNS: list[Column[SessionView]] = [
    Column(tr("Début"), lambda s: format_date(s.start_date), sort_key=lambda s: s.start_date),
    Column(tr("Fin"), lambda s: format_date(s.end_date), sort_key=lambda s: s.end_date),
    Column(tr("Intitulé"), lambda s: s.title),
    Column(tr("Organisme"), lambda s: s.provider or ""),
    Column(tr("Type"), lambda s: s.kind.label),
    Column(
        tr("Durée"),
        lambda s: _hours(s.duration_minutes),
        sort_key=lambda s: s.duration_minutes,
        align_right=True,
    ),
    Column(tr("Inscrits"), lambda s: s.enrolled, align_right=True),
    Column(tr("Certification visée"), lambda s: s.certificate_target or ""),
]

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
