"""The first screen (Tableau de bord): its figures, read before SQLAlchemy loads, and the to-do list."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
        "setup": ("setup_checklist",),
        "teams": ("team_day",),
        "todo": ("todo_list",),
    },
)

if TYPE_CHECKING:  # the same names, for the type checker (a test keeps them equal)
    from chantier_app.services.dashboard.first_screen import read_first_screen as read_first_screen
    from chantier_app.services.dashboard.home import heading as heading
    from chantier_app.services.dashboard.home import overview as overview
    from chantier_app.services.dashboard.setup import setup_checklist as setup_checklist
    from chantier_app.services.dashboard.teams import team_day as team_day
    from chantier_app.services.dashboard.todo import todo_list as todo_list
