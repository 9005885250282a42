"""Contracts: hire, renew, change the working time, suspend, end with an exit, move to CDDI, and what screens show of them."""

from __future__ import annotations

from typing import TYPE_CHECKING

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

if TYPE_CHECKING:  # the same names, for the type checker (a test keeps them equal)
    from chantier_app.services.contracts.alerts import contract_alerts as contract_alerts
    from chantier_app.services.contracts.alerts import load_open_contracts as load_open_contracts
    from chantier_app.services.contracts.amendments import HoursChangeInput as HoursChangeInput
    from chantier_app.services.contracts.amendments import RenewalInput as RenewalInput
    from chantier_app.services.contracts.amendments import change_hours as change_hours
    from chantier_app.services.contracts.amendments import renew as renew
    from chantier_app.services.contracts.events import EndInput as EndInput
    from chantier_app.services.contracts.events import SuspensionInput as SuspensionInput
    from chantier_app.services.contracts.events import end_contract as end_contract
    from chantier_app.services.contracts.events import suspend as suspend
    from chantier_app.services.contracts.exits import exits_summary as exits_summary
    from chantier_app.services.contracts.hiring import ContractInput as ContractInput
    from chantier_app.services.contracts.hiring import hire as hire
    from chantier_app.services.contracts.hiring import move_to_cddi as move_to_cddi
    from chantier_app.services.contracts.running import contracts_page as contracts_page
    from chantier_app.services.contracts.views import person_contracts as person_contracts
