"""How big the synthetic association is: people, years, workshops, teams and staff.

``DEMO`` is the association of ``chantier demo`` (forty people over fourteen months);
``LARGE`` is the benchmarks' (5,000 people over ten years). ``for_scale`` goes between
and beyond: 1 is ``LARGE``, 0.008 the demo's size, up to 10.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from chantier_app.domain.codes.contract_codes import ContractKind

REMOB = ContractKind.CDDI_REMOBILISING
QUALIF = ContractKind.CDDI_QUALIFYING


@dataclass(frozen=True)
class WorkshopSpec:
    name: str
    kind: ContractKind  # the CDDI this workshop signs
    activity: str
    job_title: str
    teams: tuple[str, ...]
    weight: int  # share of the arrivals
    weekly_hours: int = 26
    target_diploma: str | None = None
    training_provider: str | None = None
    first_hours: bool = False  # also takes people on Premières Heures


@dataclass(frozen=True)
class Profile:
    people: int
    months: int  # people arrive over the ``months`` before the reference date
    workshops: tuple[WorkshopSpec, ...]
    cips: int
    structure_name: str = "Les Ateliers du Canal"
    demo: bool = True  # fictitious data (the dashboard says so)
    cohort: float = 0.0  # share of the people already employed when the history starts
    people_per_batch: int = 100  # people created per transaction


CLEANING = WorkshopSpec(
    "Nettoyage",
    REMOB,
    "Nettoyage de locaux et de parties communes",
    "Agent d'entretien",
    ("Équipe A", "Équipe B"),
    weight=62,
    first_hours=True,
)
CATERING = WorkshopSpec(
    "Restauration",
    QUALIF,
    "Cuisine collective et service",
    "Agent polyvalent de restauration",
    ("Cuisine",),
    weight=38,
    target_diploma="Titre professionnel Agent de restauration",
    training_provider="GRETA Paris Industrie",
)

DEMO = Profile(people=40, months=14, workshops=(CLEANING, CATERING), cips=2)

LARGE_WORKSHOPS = (
    replace(CLEANING, teams=("Équipe A", "Équipe B", "Équipe C", "Équipe D"), weight=26),
    WorkshopSpec(
        "Espaces verts",
        REMOB,
        "Entretien de parcs, jardins partagés et talus",
        "Ouvrier paysagiste",
        ("Équipe Nord", "Équipe Sud", "Équipe Canal"),
        weight=18,
        first_hours=True,
    ),
    WorkshopSpec(
        "Second œuvre",
        REMOB,
        "Peinture, petite maçonnerie et rénovation de logements",
        "Ouvrier du second œuvre",
        ("Peinture", "Rénovation"),
        weight=12,
        weekly_hours=30,
    ),
    WorkshopSpec(
        "Recyclerie",
        REMOB,
        "Collecte, tri et revente d'objets de réemploi",
        "Valoriste",
        ("Tri", "Boutique"),
        weight=12,
        first_hours=True,
    ),
    replace(CATERING, teams=("Cuisine", "Salle"), weight=15),
    WorkshopSpec(
        "Logistique",
        QUALIF,
        "Préparation de commandes et livraisons à vélo cargo",
        "Préparateur de commandes",
        ("Entrepôt",),
        weight=8,
        target_diploma="Titre professionnel Préparateur de commandes en entrepôt",
        training_provider="AFPA Île-de-France",
    ),
)
LARGE = Profile(people=5000, months=120, workshops=LARGE_WORKSHOPS, cips=8, cohort=0.05)


def for_scale(scale: float) -> Profile:
    """5,000 × ``scale`` people; ten years unless too few people to fill them."""
    if not 0 < scale <= 10:
        raise ValueError("scale: between 0 (excluded) and 10")
    people = max(10, round(LARGE.people * scale))
    if people <= 200:
        months = max(DEMO.months, min(120, round(DEMO.months * people / DEMO.people)))
        return replace(DEMO, people=people, months=months)
    teams = max(1, math.ceil(scale))
    workshops = tuple(
        replace(w, teams=tuple(f"{t} {n}" if n else t for n in range(teams) for t in w.teams))
        for w in LARGE_WORKSHOPS
    )
    cips = max(2, round(LARGE.cips * min(scale, 10)))
    return replace(LARGE, people=people, workshops=workshops, cips=cips)
