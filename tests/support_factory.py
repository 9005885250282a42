"""Rows the support tests start from: staff, a person, a contract (written as the contracts area would)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import AmendmentKind, ContractKind
from chantier_app.domain.codes.person_codes import Civility
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.services.context import Actor
from chantier_app.services.structure.accounts import actor_for


def staff(session: Session, role: Role = Role.CIP, last: str = "Bensaïd") -> tuple[m.Staff, Actor]:
    member = m.Staff(last_name=last, first_name="Rachid", role=role, login=f"{last}-{role.value}")
    session.add(member)
    session.flush()
    return member, actor_for(member)


def person(session: Session, name: str = "Lefèvre", cip: m.Staff | None = None) -> m.Person:
    row = m.Person(
        civility=Civility.MRS,
        usage_name=name,
        first_names="Élodie",
        cip_id=cip.id if cip else None,
    )
    session.add(row)
    session.flush()
    return row


def contract(
    session: Session,
    who: m.Person,
    start: dt.date,
    end: dt.date,
    kind: ContractKind = ContractKind.CDDI_REMOBILISING,
) -> m.Contract:
    row = m.Contract(
        person_id=who.id,
        kind=kind,
        start_date=start,
        initial_end_date=end,
        end_date=end,
        weekly_minutes=26 * 60 if kind.is_cddi else None,
        monthly_minutes=None if kind.is_cddi else 40 * 60,
    )
    session.add(row)
    session.flush()
    return row


def renew(session: Session, row: m.Contract, new_end: dt.date) -> None:
    number = len(row.amendments) + 1
    session.add(
        m.Amendment(
            contract_id=row.id,
            number=number,
            kind=AmendmentKind.RENEWAL,
            effective_date=row.end_date + dt.timedelta(days=1),
            previous_end_date=row.end_date,
            new_end_date=new_end,
        )
    )
    row.end_date = new_end
    session.flush()
