"""Panels of the Tableau de bord, in order. Each area adds its panel here, one line each.

A panel is a widget built with ``(ctx, nav)`` that is a ``ui.widgets.parts.DashboardPanel``.
Panels appear in a two-column grid, in this order; a wide one takes a whole row. Each role
sees the panels of its work: the encadrant their teams' day, the others the structure's
figures and the to-do list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from chantier_app.services.context import Actor
from chantier_app.services.roles_matrix import Permission, allowed
from chantier_app.ui.widgets.parts import lazy

if TYPE_CHECKING:
    from chantier_app.services.context import AppContext
    from chantier_app.ui.pages import Navigator

PanelFactory = Callable[["AppContext", "Navigator"], QWidget]


def _team_day(actor: Actor) -> bool:
    """An encadrant: hours to enter, no structure figures (they are the direction's)."""
    return allowed(actor, Permission.HOURS_EDIT) and not allowed(actor, Permission.FIGURES_VIEW)


def _structure(actor: Actor) -> bool:
    return not _team_day(actor)


def _direction(actor: Actor) -> bool:
    """Whoever sets the structure up (« Mise en route »)."""
    return allowed(actor, Permission.SETTINGS_EDIT)


@dataclass(frozen=True)
class PanelSpec:
    factory: PanelFactory
    shown_to: Callable[[Actor], bool] = _structure
    wide: bool = False  # the whole width of the page


def dashboard_panels(actor: Actor) -> list[PanelSpec]:
    ui = "chantier_app.ui."
    panels = [
        PanelSpec(lazy(ui + "dashboard.setup_panel:SetupPanel"), _direction, wide=True),
        PanelSpec(lazy(ui + "dashboard.team_day:TeamDayPanel"), _team_day, wide=True),
        PanelSpec(lazy(ui + "dashboard.overview:OverviewPanel")),
        PanelSpec(lazy(ui + "support.panel:todo_panel")),
        PanelSpec(lazy(ui + "hours.fte_panel:fte_panel")),
        PanelSpec(lazy(ui + "contracts.exits_panel:ExitsPanel")),
    ]
    return [panel for panel in panels if panel.shown_to(actor)]
