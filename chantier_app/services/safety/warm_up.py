"""What the screens need, loaded after the first screen shows (``ui.app.warm_up``)."""

from __future__ import annotations

import importlib

MODULES = (
    "sqlalchemy.orm",
    "chantier_app.db.models",
    "chantier_app.services.people.views",
    "chantier_app.services.contracts.views",
    "chantier_app.services.hours.grid",
    "chantier_app.services.support.milestones",
    "chantier_app.services.dashboard.todo",
    "chantier_app.services.hours.fte",
    "chantier_app.services.contracts.exits",
    "chantier_app.services.dashboard.home",
)


def load_modules(*, encrypted: bool = False) -> None:
    """Import the modules and map the models once (the first query would do it).

    ``encrypted``: first SQLCipher's driver (loaded, nothing opened but an empty
    in-memory database), which the data's opening needs right after the password."""
    if encrypted:
        from chantier_app.db import cipher

        cipher.driver()
    for name in MODULES:
        importlib.import_module(name)
    from sqlalchemy.orm import configure_mappers

    configure_mappers()
