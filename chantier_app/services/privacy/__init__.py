"""Personal data (RGPD): retention and anonymisation, the right of access."""

from __future__ import annotations

from chantier_app.services._exports import lazy_exports

# Use cases (they take the session and the actor, check rights, write the audit line) and
# the inputs they take; what they return, and helpers, are in their modules.
__all__, __getattr__ = lazy_exports(
    __name__,
    {
        "retention": (
            "retention_list",
            "check_due",
        ),
        "erasure": (
            "purge_support",
            "anonymise_person",
            "anonymise_with_backup",
            "erase_leftovers",
        ),
        "access_export": ("export_person_data",),
    },
)
