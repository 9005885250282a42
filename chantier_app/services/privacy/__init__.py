"""Personal data (RGPD): retention and anonymisation, the right of access."""

from __future__ import annotations

from typing import TYPE_CHECKING

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

if TYPE_CHECKING:  # the same names, for the type checker (a test keeps them equal)
    from chantier_app.services.privacy.access_export import export_person_data as export_person_data
    from chantier_app.services.privacy.erasure import anonymise_person as anonymise_person
    from chantier_app.services.privacy.erasure import anonymise_with_backup as anonymise_with_backup
    from chantier_app.services.privacy.erasure import erase_leftovers as erase_leftovers
    from chantier_app.services.privacy.erasure import purge_support as purge_support
    from chantier_app.services.privacy.retention import check_due as check_due
    from chantier_app.services.privacy.retention import retention_list as retention_list
