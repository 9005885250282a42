"""Figures for the first screen (Tableau de bord): cheap aggregate queries only."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.services.context import Actor
from chantier_app.services.dashboard.figures import Heading, Overview
from chantier_app.services.hours.fte import PAID_MINUTES, on_live_contracts


def heading(session: Session, actor: Actor) -> Heading:
    structure = session.scalars(select(m.Structure).limit(1)).first()
    if structure is None:
        return Heading(None, False)
    return Heading(structure.name, structure.is_demo)


def overview(session: Session, actor: Actor, today: dt.date | None = None) -> Overview:
    today = today or dt.date.today()
    structure = session.scalars(select(m.Structure).limit(1)).first()
    in_force = (
        select(m.Contract.person_id)
        .where(m.Contract.start_date <= today)
        .where(func.coalesce(m.Contract.actual_end_date, m.Contract.end_date) >= today)
    )
    contracts = session.scalar(select(func.count()).select_from(in_force.subquery())) or 0
    people = session.scalar(select(func.count(func.distinct(in_force.subquery().c.person_id)))) or 0
    paid = (
        session.scalar(
            on_live_contracts(select(func.coalesce(func.sum(PAID_MINUTES), 0))).where(
                m.MonthlyHours.month >= dt.date(today.year, 1, 1),
                m.MonthlyHours.month <= dt.date(today.year, 12, 1),
            )
        )
        or 0
    )
    return Overview(
        people_active=people,
        contracts_in_force=contracts,
        paid_minutes_this_year=int(paid),
        annual_fulltime_minutes=structure.annual_fulltime_minutes if structure else 1607 * 60,
    )
