"""The first screen (Tableau de bord): its figures, read before SQLAlchemy loads, and the to-do list."""

from __future__ import annotations

from chantier_app.services._exports import lazy_exports

# Use cases (they take the session and the actor, check rights, write the audit line) and
# the inputs they take; what they return, and helpers, are in their modules.
__all__, __getattr__ = lazy_exports(
    __name__,
    {
        "first_screen": ("read_first_screen",),
        "home": (
            "heading",
            "overview",
        ),
        "todo": ("todo_list",),
    },
)
