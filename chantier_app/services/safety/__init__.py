"""Data safety: opening the data folder, backups and restores, what loads after the first screen."""

from __future__ import annotations

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
        "warm_up": ("load_modules",),
    },
)
