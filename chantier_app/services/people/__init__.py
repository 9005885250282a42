"""People (salariés en insertion): records, lists, imports and exports, eligibility diagnoses and PASS IAE."""

from __future__ import annotations

from chantier_app.services._exports import lazy_exports

# Use cases (they take the session and the actor, check rights, write the audit line) and
# the inputs they take; what they return, and helpers, are in their modules.
__all__, __getattr__ = lazy_exports(
    __name__,
    {
        "records": (
            "create_person",
            "insert_checked",
            "update_person",
            "archive_person",
            "unarchive_person",
        ),
        "views": (
            "list_people",
            "get_person",
            "form_choices",
        ),
        "imports": (
            "preview_import",
            "import_people",
            "import_people_after_backup",
        ),
        "export": ("export_people",),
        "eligibility": (
            "DiagnosisInput",
            "list_diagnoses",
            "add_diagnosis",
            "update_diagnosis",
            "delete_diagnosis",
        ),
        "pass_iae": (
            "PassInput",
            "SuspensionInput",
            "ProlongationInput",
            "list_passes",
            "add_pass",
            "update_pass",
            "delete_pass",
            "add_suspension",
            "delete_suspension",
            "suggested_prolongation_start",
            "add_prolongation",
            "delete_prolongation",
        ),
    },
)
