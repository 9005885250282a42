"""« Mise en route »: what a new structure sets up before the application is of use, in the
order it is done — the structure's identity, its workshops and teams, the year's convention,
the staff's accounts, the first people. Shown on the direction's Tableau de bord until done.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.i18n import tr
from chantier_app.services import roles_matrix
from chantier_app.services.context import Actor
from chantier_app.services.roles_matrix import Permission


@dataclass(frozen=True)
class SetupStep:
    key: str  # where it is done: a settings tab (« structure »…) or « people »
    title: str
    hint: str  # what to do, in a sentence
    done: bool


@dataclass(frozen=True)
class SetupChecklist:
    steps: tuple[SetupStep, ...]

    @property
    def done(self) -> bool:
        return all(step.done for step in self.steps)


def _count(session: Session, query: sa.Select[int]) -> int:
    return int(session.scalar(query) or 0)


def setup_checklist(session: Session, actor: Actor, today: dt.date | None = None) -> SetupChecklist:
    """Each step and whether it is done (the direction's: it sets the structure up)."""
    roles_matrix.require(actor, Permission.SETTINGS_EDIT)
    year = (today or dt.date.today()).year
    structure = session.scalars(sa.select(m.Structure).limit(1)).first()
    identity = structure is not None and all(
        (structure.siret, structure.address_line1, structure.postal_code, structure.city,
         structure.director_name)
    )  # fmt: skip
    teams = _count(session, sa.select(sa.func.count(m.Team.id)))
    convention = _count(
        session, sa.select(sa.func.count(m.Convention.id)).where(m.Convention.year == year)
    )
    roles = set(session.scalars(sa.select(m.Staff.role).where(m.Staff.active.is_(True)).distinct()))
    people = _count(session, sa.select(sa.func.count(m.Person.id)))
    return SetupChecklist(
        (
            SetupStep(
                "structure",
                tr("La structure"),
                tr("Le SIRET, l'adresse et le nom de qui signe : les documents les impriment."),
                identity,
            ),
            SetupStep(
                "workshops",
                tr("Les ateliers et leurs équipes"),
                tr(
                    "Chaque salarié est dans une équipe : c'est la grille d'heures de son encadrant."
                ),
                teams > 0,
            ),
            SetupStep(
                "conventions",
                tr("La convention {year}").format(year=year),
                tr("Les ETP conventionnés de l'année : le suivi des ETP s'y compare."),
                convention > 0,
            ),
            SetupStep(
                "accounts",
                tr("Les comptes du personnel"),
                tr("Au moins un CIP et un encadrant technique, chacun avec son identifiant."),
                {Role.CIP, Role.SUPERVISOR} <= roles,
            ),
            SetupStep(
                "people",
                tr("Les premiers salariés"),
                tr("Saisis un par un (« Nouveau… ») ou importés d'un tableur (« Importer… »)."),
                people > 0,
            ),
        )
    )
