"""Role × field matrix over the services that return a sensitive field (issue 16): the PASS
IAE suspension reasons and notes (« Incarcération »), the contract's « aménagement de
peine » and exit reason. Encadrant of the person's team and a CIP who is not the referent
see none of them; the referent CIP and the direction see them all."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import PassSuspensionReason
from chantier_app.domain.codes.exit_reasons import ExitReason
from chantier_app.domain.errors import PermissionDeniedError
from chantier_app.services.context import AppContext
from chantier_app.services.contracts import views as contracts_views
from chantier_app.services.people import pass_iae
from chantier_app.services.structure.accounts import actor_for

NOTE = "Détenu à la maison d'arrêt, sortie prévue"


@pytest.fixture
def matrix(demo_ctx):
    """One person of encadrant1's team with a PASS and a contract, given justice facts."""
    db = demo_ctx.database
    with db.reading() as session:
        actors = {s.login: actor_for(s) for s in session.scalars(select(m.Staff))}
        candidates = session.scalars(
            select(m.Person).where(
                m.Person.passes.any(), m.Person.id.in_(select(m.Contract.person_id))
            )
        ).all()
        ids = [(p.id, p.cip_id) for p in candidates]
    encadrant = AppContext(db, actors["encadrant1"])
    for person_id, cip_id in ids:  # noqa: B007 (the one found is used after the loop)
        try:
            encadrant.read(pass_iae.list_passes, person_id)
        except PermissionDeniedError:
            continue
        break
    else:
        pytest.fail("no person of encadrant1's team with a PASS and a contract")
    referent = next(a for a in actors.values() if a.staff_id == cip_id)
    other_cip = next(
        a for login, a in actors.items() if login.startswith("cip") and a.staff_id != cip_id
    )
    with db.transaction() as session:
        record = session.scalars(select(m.PassIae).where(m.PassIae.person_id == person_id)).first()
        session.add(
            m.PassSuspension(
                pass_id=record.id,
                reason=PassSuspensionReason.DETENTION,
                start_date=record.start_date + dt.timedelta(days=10),
                end_date=record.start_date + dt.timedelta(days=20),
                notes=NOTE,
            )
        )
        for contract in session.scalars(
            select(m.Contract).where(m.Contract.person_id == person_id)
        ):
            contract.adjusted_sentence = True
            contract.exit_reason = ExitReason.ADMINISTRATIVE_DECISION
    actors_by_role = {
        "encadrant": actors["encadrant1"],
        "other_cip": other_cip,
        "referent": referent,
        "direction": actors["direction"],
    }
    return db, person_id, actors_by_role


def _seen(db, actor, person_id) -> dict[str, object]:
    ctx = AppContext(db, actor)
    (passes,) = ctx.read(pass_iae.list_passes, person_id)[:1]
    suspension = next(s for s in passes.suspensions if s.notes in (NOTE, None))
    contract = ctx.read(contracts_views.person_contracts, person_id).contracts[0]
    return {
        "pass_suspension.reason": suspension.reason,
        "pass_suspension.notes": suspension.notes,
        "contract.adjusted_sentence": contract.adjusted_sentence,
        "contract.exit_reason": contract.exit_reason,
    }


@pytest.mark.parametrize(
    ("role", "sees"),
    [("encadrant", False), ("other_cip", False), ("referent", True), ("direction", True)],
)
def test_each_role_sees_the_justice_facts_only_when_the_rule_allows(matrix, role, sees) -> None:
    db, person_id, actors = matrix
    shown = _seen(db, actors[role], person_id)
    expected = {
        "pass_suspension.reason": PassSuspensionReason.DETENTION,
        "pass_suspension.notes": NOTE,
        "contract.adjusted_sentence": True,
        "contract.exit_reason": ExitReason.ADMINISTRATIVE_DECISION,
    }
    for key, value in expected.items():
        assert shown[key] == (value if sees else None), key
