"""What each role sees of the main window: pages and tabs hidden when the role cannot use them.

The services refuse anyway; hiding only spares the user screens that would say « refusé ».
A page or tab not listed here is shown to every role.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar

from chantier_app.services.context import Actor
from chantier_app.services.roles_matrix import Permission, allowed

# A page or tab is shown when the role has any one of these rights.
PAGE_RIGHTS: dict[str, tuple[Permission, ...]] = {
    "contracts": (Permission.CONTRACTS_VIEW,),
    "hours": (Permission.HOURS_EDIT, Permission.FIGURES_VIEW),
    "trainings": (Permission.TRAININGS_EDIT, Permission.TRAINING_ATTENDANCE),
    "support": (Permission.SUPPORT_VIEW,),
    "documents": (Permission.DOCUMENTS_ALL, Permission.DOCUMENTS_SUPERVISOR),
    "privacy": (Permission.PURGE, Permission.ACCESS_EXPORT),
    "audit": (Permission.AUDIT_VIEW,),
}
TAB_RIGHTS: dict[str, tuple[Permission, ...]] = {
    "situation": (Permission.SITUATION_VIEW,),
    "eligibility": (Permission.ELIGIBILITY_VIEW,),
    "asp": (Permission.SITUATION_VIEW,),
    "contracts": (Permission.CONTRACTS_VIEW,),
    "hours": (Permission.CONTRACTS_VIEW,),
    "trainings": (Permission.TRAININGS_EDIT, Permission.TRAINING_ATTENDANCE),
    "support": (Permission.SUPPORT_VIEW,),
    "documents": (Permission.DOCUMENTS_ALL, Permission.DOCUMENTS_SUPERVISOR),
    "history": (Permission.CONTRACTS_VIEW,),  # the kinds corrected so far are contracts'
}


class _Keyed(Protocol):
    @property
    def key(self) -> str: ...


K = TypeVar("K", bound=_Keyed)


def may_see(actor: Actor, rights: dict[str, tuple[Permission, ...]], key: str) -> bool:
    needed = rights.get(key)
    return needed is None or any(allowed(actor, p) for p in needed)


def visible_pages(specs: Iterable[K], actor: Actor) -> list[K]:
    """The navigation's pages the actor's role may use, in order."""
    return [spec for spec in specs if may_see(actor, PAGE_RIGHTS, spec.key)]


def visible_tabs(specs: Iterable[K], actor: Actor) -> list[K]:
    """The person's file's tabs the actor's role may read, in order."""
    return [spec for spec in specs if may_see(actor, TAB_RIGHTS, spec.key)]
