"""Trainings: sessions, enrolments and results, attendance day by day."""

from __future__ import annotations

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
