"""Hours: the monthly grid, sign-in sheets day by day, imports, FTE against the convention, the State's monthly statement."""

from __future__ import annotations

from typing import TYPE_CHECKING

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

if TYPE_CHECKING:  # the same names, for the type checker (a test keeps them equal)
    from chantier_app.services.hours.daily import day_sheet as day_sheet
    from chantier_app.services.hours.daily import save_days as save_days
    from chantier_app.services.hours.fte import ConventionInput as ConventionInput
    from chantier_app.services.hours.fte import delete_convention as delete_convention
    from chantier_app.services.hours.fte import fte_report as fte_report
    from chantier_app.services.hours.fte import list_conventions as list_conventions
    from chantier_app.services.hours.fte import save_convention as save_convention
    from chantier_app.services.hours.fte import workshops as workshops
    from chantier_app.services.hours.grid import declare_month as declare_month
    from chantier_app.services.hours.grid import month_grid as month_grid
    from chantier_app.services.hours.grid import save_month as save_month
    from chantier_app.services.hours.grid import sync_training_hours as sync_training_hours
    from chantier_app.services.hours.grid import teams as teams
    from chantier_app.services.hours.grid import unlock_month as unlock_month
    from chantier_app.services.hours.imports import apply_import as apply_import
    from chantier_app.services.hours.imports import (
        apply_import_after_backup as apply_import_after_backup,
    )
    from chantier_app.services.hours.imports import preview_import as preview_import
    from chantier_app.services.hours.person import person_hours as person_hours
    from chantier_app.services.hours.statement import export_statement as export_statement
    from chantier_app.services.hours.statement import monthly_statement as monthly_statement
