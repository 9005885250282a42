"""The demo lets its visitor act as any of its accounts; a real structure never does."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.errors import PermissionDeniedError
from chantier_app.services.roles_matrix import Permission, allowed
from chantier_app.services.structure import demo_accounts, switch_demo_user
from tests.services.accounts_factory import set_up


def test_the_demo_lists_its_accounts_by_role(demo_ctx) -> None:
    accounts = demo_ctx.read(demo_accounts)
    roles = [a.role for a in accounts]
    assert roles == sorted(roles, key=[Role.DIRECTION, Role.CIP, Role.SUPERVISOR].index)
    assert {Role.DIRECTION, Role.CIP, Role.SUPERVISOR} <= set(roles)
    assert accounts[0].label == "Isabelle Moreau — Directrice"  # Mme: the feminine title
    titles = {a.name: a.label.split(" — ", 1)[1] for a in accounts}
    assert titles["Awa Ndiaye"] == "Encadrante technique (Nettoyage — Équipe B)"
    assert titles["Marc Petitjean"] == "Encadrant technique (Nettoyage — Équipe A)"
    assert titles["Sophie Lacroix"] == "Conseillère en insertion professionnelle (CIP)"
    assert titles["Rachid Bensaïd"] == "Conseiller en insertion professionnelle (CIP)"
    supervisor = next(a for a in accounts if a.role is Role.SUPERVISOR)
    assert supervisor.teams and supervisor.label.endswith(f"({supervisor.teams[0]})")


def test_switching_acts_as_the_account_and_is_journaled(demo_ctx, demo_database) -> None:
    supervisor = next(a for a in demo_ctx.read(demo_accounts) if a.role is Role.SUPERVISOR)
    actor = demo_ctx.run(switch_demo_user, supervisor.staff_id)
    assert (actor.staff_id, actor.role) == (supervisor.staff_id, Role.SUPERVISOR)
    assert actor.team_ids  # an encadrant's rights follow their teams
    with demo_database.reading() as session:
        entry = session.scalars(select(m.AuditEntry).order_by(m.AuditEntry.id.desc())).first()
        assert (entry.action, entry.staff_id) == ("login", supervisor.staff_id)
        assert entry.summary == (
            "changement d'utilisateur (données de démonstration) : Isabelle Moreau → "
            f"{supervisor.name}"
        )
    # The encadrant now acting cannot read the structure's figures (the direction could).
    assert allowed(demo_ctx.actor, Permission.FIGURES_VIEW)
    assert not allowed(actor, Permission.FIGURES_VIEW)


def test_a_real_structure_never_switches_without_a_password(ctx, database) -> None:
    set_up(database)
    with database.reading() as session:
        someone = session.scalars(select(m.Staff.id)).first()
    for action, args in ((demo_accounts, ()), (switch_demo_user, (someone,))):
        with pytest.raises(PermissionDeniedError) as refused:
            ctx.run(action, *args)
        assert "réservé aux données de démonstration" in refused.value.message
    with database.reading() as session:
        assert (
            session.scalars(select(m.AuditEntry).where(m.AuditEntry.action == "login")).all() == []
        )
