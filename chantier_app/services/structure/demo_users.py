"""The demo's accounts, to try each role's screens: the direction, a CIP, an encadrant.

The demo's data are fictitious and its accounts have no password: whoever opens it may act
as any of them. A real structure's data never allow it (each login needs its password).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from chantier_app.db import models as m
from chantier_app.domain.codes.person_codes import Civility
from chantier_app.domain.codes.staff_codes import Role, role_title
from chantier_app.domain.errors import NotFoundError, PermissionDeniedError
from chantier_app.domain.fr_format import fold, team_label
from chantier_app.i18n import tr
from chantier_app.services import audit
from chantier_app.services.context import Actor
from chantier_app.services.structure.accounts import actor_for

_ROLE_ORDER = {Role.DIRECTION: 0, Role.CIP: 1, Role.SUPERVISOR: 2}


@dataclass(frozen=True)
class DemoAccount:
    staff_id: int
    name: str
    role: Role
    teams: tuple[str, ...] = ()  # the encadrant's teams, « Nettoyage — Équipe A »
    civility: Civility | None = None

    @property
    def label(self) -> str:
        """« Marc Petitjean — Encadrant technique (Nettoyage — Équipe A) »"""
        text = f"{self.name} — {role_title(self.role, self.civility)}"
        return f"{text} ({', '.join(self.teams)})" if self.teams else text


def _require_demo(session: Session) -> None:
    structure = session.scalars(select(m.Structure).limit(1)).first()
    if structure is None or not structure.is_demo:
        raise PermissionDeniedError(
            tr(
                "Changer d'utilisateur sans mot de passe est réservé aux données de "
                "démonstration : ici, chacun se connecte avec son identifiant."
            )
        )


def demo_accounts(session: Session, actor: Actor) -> list[DemoAccount]:
    """The demo's active accounts: the direction first, then the CIP, then the encadrants,
    each group in French order."""
    _require_demo(session)
    staff = session.scalars(
        select(m.Staff)
        .where(m.Staff.active.is_(True))
        .options(selectinload(m.Staff.teams).selectinload(m.Team.workshop))
    ).all()
    accounts = [
        DemoAccount(
            member.id,
            member.display_name,
            member.role,
            tuple(sorted(team_label(t.workshop.name, t.name) for t in member.teams)),
            member.civility,
        )
        for member in staff
    ]
    return sorted(accounts, key=lambda a: (_ROLE_ORDER.get(a.role, 9), fold(a.name)))


def switch_demo_user(session: Session, actor: Actor, staff_id: int) -> Actor:
    """Act as another of the demo's accounts (recorded in the journal as a login)."""
    _require_demo(session)
    member = session.get(m.Staff, staff_id)
    if member is None or not member.active:
        raise NotFoundError(tr("Compte"), staff_id)
    new = actor_for(member)
    audit.record(
        session, new, audit.Action.LOGIN, "staff", member.id,
        summary=tr("changement d'utilisateur (données de démonstration) : {before} → {after}")
        .format(before=actor.name, after=new.name),
    )  # fmt: skip
    return new
