"""What the screens need, loaded after the first screen shows (``ui.app.warm_up``)."""

from __future__ import annotations

import importlib

MODULES = (
    "sqlalchemy.orm",
    "chantier_app.db.models",
    "chantier_app.services.people_views",
    "chantier_app.services.contracts_views",
    "chantier_app.services.hours",
    "chantier_app.services.support",
    "chantier_app.services.todo",
    "chantier_app.services.fte",
    "chantier_app.services.exits",
    "chantier_app.services.dashboard",
)


def load_modules() -> None:
    """Import the modules and map the models once (the first query would do it)."""
    for name in MODULES:
        importlib.import_module(name)
    from sqlalchemy.orm import configure_mappers

    configure_mappers()
