"""A structure set up as at the first start, with its director, for account and login tests."""

from __future__ import annotations

from chantier_app.db.engine import Database
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.structure.settings import SetupInput, StructureInput, first_setup

DIRECTOR_PASSWORD = "Canal-Ourcq-2026"
STRUCTURE = StructureInput(
    "Les Ateliers du Canal",
    siret="73282932000074",
    address_line1="12 rue de l'Ourcq",
    postal_code="75019",
    city="Paris",
)


def setup_input(**changes: object) -> SetupInput:
    values: dict[str, object] = {
        "structure": STRUCTURE,
        "last_name": "Moreau",
        "first_name": "Isabelle",
        "login": "i.moreau",
        "password": DIRECTOR_PASSWORD,
        "confirmation": DIRECTOR_PASSWORD,
    }
    values.update(changes)
    return SetupInput(**values)  # type: ignore[arg-type]


def set_up(database: Database) -> AppContext:
    """The structure and its director, logged in."""
    with database.transaction() as session:
        director = first_setup(session, Actor.system(), setup_input())
    return AppContext(database, director)
