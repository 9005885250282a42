"""Contracts: hire, renew, change the working time, suspend, end with an exit, move to CDDI, and what screens show of them."""

from __future__ import annotations

from chantier_app.services._exports import lazy_exports

# Use cases (they take the session and the actor, check rights, write the audit line) and
# the inputs they take; what they return, and helpers, are in their modules.
__all__, __getattr__ = lazy_exports(
    __name__,
    {
        "hiring": (
            "ContractInput",
            "hire",
            "move_to_cddi",
        ),
        "amendments": (
            "RenewalInput",
            "HoursChangeInput",
            "renew",
            "change_hours",
        ),
        "events": (
            "SuspensionInput",
            "EndInput",
            "suspend",
            "end_contract",
        ),
        "views": ("person_contracts",),
        "running": ("contracts_page",),
        "alerts": (
            "contract_alerts",
            "load_open_contracts",
        ),
        "exits": ("exits_summary",),
    },
)
