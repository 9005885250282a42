"""Support (accompagnement): milestones and their schedule, barriers, PMSMP, sensitive notes, the timeline."""

from __future__ import annotations

from chantier_app.services._exports import lazy_exports

# Use cases (they take the session and the actor, check rights, write the audit line) and
# the inputs they take; what they return, and helpers, are in their modules.
__all__, __getattr__ = lazy_exports(
    __name__,
    {
        "milestones": (
            "ReviewInput",
            "list_milestones",
            "get_milestone",
            "mark_done",
            "plan_milestone",
            "postpone_milestone",
            "cancel_milestone",
            "add_interview",
        ),
        "barriers": (
            "ActionInput",
            "score_history",
            "write_scores",
            "list_actions",
            "add_action",
            "update_action",
        ),
        "pmsmp": (
            "PmsmpInput",
            "list_pmsmps",
            "create_pmsmp",
            "update_pmsmp",
            "record_outcome",
            "delete_pmsmp",
        ),
        "sensitive_notes": (
            "NoteInput",
            "list_notes",
            "add_note",
            "update_note",
            "delete_note",
        ),
        "timeline": ("person_timeline",),
        "schedule": ("on_contract_changed",),
    },
)
