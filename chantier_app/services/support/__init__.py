"""Support (accompagnement): milestones and their schedule, barriers, PMSMP, sensitive notes, the timeline."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
            "cancel_note",
        ),
        "timeline": ("person_timeline",),
        "schedule": ("on_contract_changed",),
        "path_reports": (
            "ReportSection",
            "PathReportInput",
            "HandoverInput",
            "draft_path_report",
            "save_path_report",
            "record_handover",
            "cancel_path_report",
            "list_path_reports",
            "get_path_report",
        ),
    },
)

if TYPE_CHECKING:  # the same names, for the type checker (a test keeps them equal)
    from chantier_app.services.support.barriers import ActionInput as ActionInput
    from chantier_app.services.support.barriers import add_action as add_action
    from chantier_app.services.support.barriers import list_actions as list_actions
    from chantier_app.services.support.barriers import score_history as score_history
    from chantier_app.services.support.barriers import update_action as update_action
    from chantier_app.services.support.barriers import write_scores as write_scores
    from chantier_app.services.support.milestones import ReviewInput as ReviewInput
    from chantier_app.services.support.milestones import add_interview as add_interview
    from chantier_app.services.support.milestones import cancel_milestone as cancel_milestone
    from chantier_app.services.support.milestones import get_milestone as get_milestone
    from chantier_app.services.support.milestones import list_milestones as list_milestones
    from chantier_app.services.support.milestones import mark_done as mark_done
    from chantier_app.services.support.milestones import plan_milestone as plan_milestone
    from chantier_app.services.support.milestones import postpone_milestone as postpone_milestone
    from chantier_app.services.support.path_reports import HandoverInput as HandoverInput
    from chantier_app.services.support.path_reports import PathReportInput as PathReportInput
    from chantier_app.services.support.path_reports import ReportSection as ReportSection
    from chantier_app.services.support.path_reports import cancel_path_report as cancel_path_report
    from chantier_app.services.support.path_reports import draft_path_report as draft_path_report
    from chantier_app.services.support.path_reports import get_path_report as get_path_report
    from chantier_app.services.support.path_reports import list_path_reports as list_path_reports
    from chantier_app.services.support.path_reports import record_handover as record_handover
    from chantier_app.services.support.path_reports import save_path_report as save_path_report
    from chantier_app.services.support.pmsmp import PmsmpInput as PmsmpInput
    from chantier_app.services.support.pmsmp import create_pmsmp as create_pmsmp
    from chantier_app.services.support.pmsmp import delete_pmsmp as delete_pmsmp
    from chantier_app.services.support.pmsmp import list_pmsmps as list_pmsmps
    from chantier_app.services.support.pmsmp import record_outcome as record_outcome
    from chantier_app.services.support.pmsmp import update_pmsmp as update_pmsmp
    from chantier_app.services.support.schedule import on_contract_changed as on_contract_changed
    from chantier_app.services.support.sensitive_notes import NoteInput as NoteInput
    from chantier_app.services.support.sensitive_notes import add_note as add_note
    from chantier_app.services.support.sensitive_notes import cancel_note as cancel_note
    from chantier_app.services.support.sensitive_notes import list_notes as list_notes
    from chantier_app.services.support.sensitive_notes import update_note as update_note
    from chantier_app.services.support.timeline import person_timeline as person_timeline
