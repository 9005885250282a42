"""Trainings: sessions, enrolments and results, attendance day by day."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chantier_app.services._exports import lazy_exports

# Use cases (they take the session and the actor, check rights, write the audit line) and
# the inputs they take; what they return, and helpers, are in their modules.
__all__, __getattr__ = lazy_exports(
    __name__,
    {
        "sessions": (
            "SessionInput",
            "list_sessions",
            "save_session",
            "qualifications",
            "set_qualification",
        ),
        "enrolments": (
            "ResultInput",
            "list_enrolments",
            "person_enrolments",
            "candidates",
            "enrol",
            "get_enrolment",
            "record_result",
        ),
        "attendance": (
            "day_attendance",
            "record_day",
            "training_minutes_by_month",
        ),
    },
)

if TYPE_CHECKING:  # the same names, for the type checker (a test keeps them equal)
    from chantier_app.services.trainings.attendance import day_attendance as day_attendance
    from chantier_app.services.trainings.attendance import record_day as record_day
    from chantier_app.services.trainings.attendance import (
        training_minutes_by_month as training_minutes_by_month,
    )
    from chantier_app.services.trainings.enrolments import ResultInput as ResultInput
    from chantier_app.services.trainings.enrolments import candidates as candidates
    from chantier_app.services.trainings.enrolments import enrol as enrol
    from chantier_app.services.trainings.enrolments import get_enrolment as get_enrolment
    from chantier_app.services.trainings.enrolments import list_enrolments as list_enrolments
    from chantier_app.services.trainings.enrolments import person_enrolments as person_enrolments
    from chantier_app.services.trainings.enrolments import record_result as record_result
    from chantier_app.services.trainings.sessions import SessionInput as SessionInput
    from chantier_app.services.trainings.sessions import list_sessions as list_sessions
    from chantier_app.services.trainings.sessions import qualifications as qualifications
    from chantier_app.services.trainings.sessions import save_session as save_session
    from chantier_app.services.trainings.sessions import set_qualification as set_qualification
