"""The structure: settings, workshops and teams, staff accounts, logging in."""

from __future__ import annotations

from chantier_app.services._exports import lazy_exports

# Use cases (they take the session and the actor, check rights, write the audit line) and
# the inputs they take; what they return, and helpers, are in their modules.
__all__, __getattr__ = lazy_exports(
    __name__,
    {
        "settings": (
            "StructureInput",
            "SetupInput",
            "get_structure",
            "save_structure",
            "first_setup",
        ),
        "workshops": (
            "WorkshopInput",
            "TeamInput",
            "list_workshops",
            "supervisor_choices",
            "save_workshop",
            "save_team",
        ),
        "staff": (
            "AccountInput",
            "list_accounts",
            "create_account",
            "update_account",
            "reset_password",
        ),
        "accounts": (
            "read_start_state",
            "log_in",
            "log_in_demo",
            "startup_actor",
            "authenticate",
            "unlock",
            "record_lock",
            "change_password",
            "own_account",
        ),
    },
)
