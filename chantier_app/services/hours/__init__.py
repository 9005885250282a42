"""Hours: the monthly grid, sign-in sheets day by day, imports, FTE against the convention, the State's monthly statement."""

from __future__ import annotations

from chantier_app.services._exports import lazy_exports

# Use cases (they take the session and the actor, check rights, write the audit line) and
# the inputs they take; what they return, and helpers, are in their modules.
__all__, __getattr__ = lazy_exports(
    __name__,
    {
        "grid": (
            "teams",
            "month_grid",
            "save_month",
            "declare_month",
            "unlock_month",
            "sync_training_hours",
        ),
        "daily": (
            "day_sheet",
            "save_days",
        ),
        "imports": (
            "preview_import",
            "apply_import",
            "apply_import_after_backup",
        ),
        "person": ("person_hours",),
        "fte": (
            "workshops",
            "fte_report",
            "ConventionInput",
            "list_conventions",
            "save_convention",
            "delete_convention",
        ),
        "statement": (
            "monthly_statement",
            "export_statement",
        ),
    },
)
