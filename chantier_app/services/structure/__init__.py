"""The structure: settings, workshops and teams, staff accounts, logging in."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
            "unlock_session",
            "record_lock",
            "change_password",
            "own_account",
        ),
        "demo_users": ("demo_accounts", "switch_demo_user"),
    },
)

if TYPE_CHECKING:  # the same names, for the type checker (a test keeps them equal)
    from chantier_app.services.structure.accounts import authenticate as authenticate
    from chantier_app.services.structure.accounts import change_password as change_password
    from chantier_app.services.structure.accounts import log_in as log_in
    from chantier_app.services.structure.accounts import log_in_demo as log_in_demo
    from chantier_app.services.structure.accounts import own_account as own_account
    from chantier_app.services.structure.accounts import read_start_state as read_start_state
    from chantier_app.services.structure.accounts import record_lock as record_lock
    from chantier_app.services.structure.accounts import startup_actor as startup_actor
    from chantier_app.services.structure.accounts import unlock as unlock
    from chantier_app.services.structure.accounts import unlock_session as unlock_session
    from chantier_app.services.structure.demo_users import demo_accounts as demo_accounts
    from chantier_app.services.structure.demo_users import (
        switch_demo_user as switch_demo_user,
    )
    from chantier_app.services.structure.settings import SetupInput as SetupInput
    from chantier_app.services.structure.settings import StructureInput as StructureInput
    from chantier_app.services.structure.settings import first_setup as first_setup
    from chantier_app.services.structure.settings import get_structure as get_structure
    from chantier_app.services.structure.settings import save_structure as save_structure
    from chantier_app.services.structure.staff import AccountInput as AccountInput
    from chantier_app.services.structure.staff import create_account as create_account
    from chantier_app.services.structure.staff import list_accounts as list_accounts
    from chantier_app.services.structure.staff import reset_password as reset_password
    from chantier_app.services.structure.staff import update_account as update_account
    from chantier_app.services.structure.workshops import TeamInput as TeamInput
    from chantier_app.services.structure.workshops import WorkshopInput as WorkshopInput
    from chantier_app.services.structure.workshops import list_workshops as list_workshops
    from chantier_app.services.structure.workshops import save_team as save_team
    from chantier_app.services.structure.workshops import save_workshop as save_workshop
    from chantier_app.services.structure.workshops import supervisor_choices as supervisor_choices
