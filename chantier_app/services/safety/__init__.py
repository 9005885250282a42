"""Data safety: opening the data folder, backups and restores, what loads after the first screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chantier_app.services._exports import lazy_exports

# Use cases (they take the session and the actor, check rights, write the audit line) and
# the inputs they take; what they return, and helpers, are in their modules.
__all__, __getattr__ = lazy_exports(
    __name__,
    {
        "bootstrap": (
            "take_writer_lock",
            "file_problems",
            "open_data",
            "open_data_quickly",
            "startup_warnings",
        ),
        "backups": (
            "backup_now",
            "backup_before",
            "restore",
            "move_damaged_aside",
        ),
        "keys": (
            "create_keys",
            "unlock_with_password",
            "unlock_with_recovery_key",
            "unlock_backup",
        ),
        "encryption": ("encrypt_data", "recovery_sheet", "export_clear"),
        "warm_up": ("load_modules",),
    },
)

if TYPE_CHECKING:  # the same names, for the type checker (a test keeps them equal)
    from chantier_app.services.safety.backups import backup_before as backup_before
    from chantier_app.services.safety.backups import backup_now as backup_now
    from chantier_app.services.safety.backups import move_damaged_aside as move_damaged_aside
    from chantier_app.services.safety.backups import restore as restore
    from chantier_app.services.safety.bootstrap import file_problems as file_problems
    from chantier_app.services.safety.bootstrap import open_data as open_data
    from chantier_app.services.safety.bootstrap import open_data_quickly as open_data_quickly
    from chantier_app.services.safety.bootstrap import startup_warnings as startup_warnings
    from chantier_app.services.safety.bootstrap import take_writer_lock as take_writer_lock
    from chantier_app.services.safety.encryption import encrypt_data as encrypt_data
    from chantier_app.services.safety.encryption import export_clear as export_clear
    from chantier_app.services.safety.encryption import recovery_sheet as recovery_sheet
    from chantier_app.services.safety.keys import create_keys as create_keys
    from chantier_app.services.safety.keys import unlock_backup as unlock_backup
    from chantier_app.services.safety.keys import unlock_with_password as unlock_with_password
    from chantier_app.services.safety.keys import (
        unlock_with_recovery_key as unlock_with_recovery_key,
    )
    from chantier_app.services.safety.warm_up import load_modules as load_modules
