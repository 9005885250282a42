"""A fictitious association to try the application: « Les Ateliers du Canal ».

Made by the synthetic generator at the demo's size, so every row went through the
services and follows every rule: two workshops (cleaning, remobilising; catering,
qualifying) with their teams and supervisors, a director, two CIP, about forty people
across the three contract kinds, a year and a half of hours, trainings, interviews,
barriers, a PMSMP under way and a couple of sensitive notes. Deterministic: the same seed
and reference date give the same data.
"""

from __future__ import annotations

import datetime as dt
from contextlib import nullcontext
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.errors import AppError
from chantier_app.i18n import tr
from chantier_app.services.context import Actor
from chantier_app.synthetic import DEMO, Profile, generate


class DemoRefused(AppError):
    """The data folder already holds real data: the demo never overwrites it."""


@dataclass(frozen=True)
class DemoSummary:
    people: int
    contracts: int
    hours_rows: int


def has_data(session: Session) -> bool:
    return bool(session.scalar(select(func.count()).select_from(m.Person)))


def create_demo(
    session: Session,
    actor: Actor,
    *,
    today: dt.date | None = None,
    seed: int = 2026,
    profile: Profile = DEMO,
) -> DemoSummary:
    """Fill an empty database with the demo association, in the caller's transaction."""
    if has_data(session) or session.scalar(select(func.count()).select_from(m.Structure)):
        raise DemoRefused(
            tr(
                "Ce dossier contient déjà des données : les données de démonstration ne sont "
                "créées que dans un dossier vide (utilisez --data-dir)."
            )
        )
    summary = generate(
        lambda: nullcontext(session), actor, profile, today=today or dt.date.today(), seed=seed
    )
    return DemoSummary(summary.people, summary.contracts, summary.hours_rows)


def is_demo_database(session: Session) -> bool:
    structure = session.scalars(select(m.Structure).limit(1)).first()
    return bool(structure and structure.is_demo)
