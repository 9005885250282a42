"""A staff member's civility: their role's title in the feminine for a woman."""

from __future__ import annotations

from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.domain.codes.person_codes import Civility
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.services.context import AppContext
from chantier_app.services.documents import printing as documents
from chantier_app.services.documents.printing import DocumentKind, DocumentRequest
from chantier_app.services.structure import accounts, staff
from chantier_app.services.structure.staff import AccountInput
from tests.reports.pdf import flat
from tests.services import document_fixtures as fx
from tests.services.accounts_factory import DIRECTOR_PASSWORD, set_up


def _first_login(ctx: AppContext, data: AccountInput) -> accounts.LoginResult:
    created = ctx.run(staff.create_account, data)
    return accounts.log_in(ctx.database, created.login, created.temporary_password)


def test_a_womans_role_is_in_the_feminine_where_it_is_shown(database) -> None:
    ctx = set_up(database)
    cip = _first_login(
        ctx, AccountInput("Lacroix", "Sophie", Role.CIP, "s.lacroix", civility=Civility.MRS)
    )
    assert cip.actor is not None
    assert cip.actor.role_title == "Conseillère en insertion professionnelle (CIP)"
    supervisor = _first_login(
        ctx, AccountInput("Diallo", "Awa", Role.SUPERVISOR, "a.diallo", civility=Civility.MRS)
    )
    assert supervisor.actor is not None and supervisor.actor.role_title == "Encadrante technique"
    man = _first_login(
        ctx, AccountInput("Garnier", "Paul", Role.SUPERVISOR, "p.garnier", civility=Civility.MR)
    )
    assert man.actor is not None and man.actor.role_title == "Encadrant technique"
    # The director's account from the first start has no civility: the neutral label.
    titles = {a.login: a.role_title for a in ctx.run(staff.list_accounts)}
    assert titles == {
        "i.moreau": "Direction",
        "s.lacroix": "Conseillère en insertion professionnelle (CIP)",
        "a.diallo": "Encadrante technique",
        "p.garnier": "Encadrant technique",
    }
    with database.reading() as session:
        summaries = list(
            session.scalars(select(m.AuditEntry.summary).where(m.AuditEntry.action == "create"))
        )
    assert "compte créé : Awa Diallo (Encadrante technique)" in summaries


def test_the_director_sets_her_own_civility(database) -> None:
    ctx = set_up(database)
    me = next(a for a in ctx.run(staff.list_accounts) if a.login == "i.moreau")
    changed = ctx.run(
        staff.update_account,
        me.id,
        AccountInput(me.last_name, me.first_name, me.role, me.login, civility=Civility.MRS),
    )
    assert changed.civility is Civility.MRS and changed.role_title == "Directrice"
    logged = accounts.log_in(database, "i.moreau", DIRECTOR_PASSWORD)
    assert logged.actor is not None and logged.actor.role_title == "Directrice"


def test_the_contract_names_a_woman_cip_conseillere(ctx, database) -> None:
    with database.transaction() as session:
        ids = fx.build(session)
        cip = session.scalars(select(m.Staff).where(m.Staff.last_name == "Bensaïd")).one()
        cip.first_name, cip.civility = "Rachida", Civility.MRS
    request = DocumentRequest(DocumentKind.CONTRACT, ids.elodie, contract_id=ids.cddi_contract)
    text = flat(ctx.run(documents.generate, request, today=fx.TODAY).pdf)
    assert "Rachida Bensaïd, conseillère en insertion professionnelle" in text
    assert "conseiller en insertion" not in text
