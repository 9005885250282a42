"""Panels of the Tableau de bord, in order. Each area adds its panel here, one line each.

A panel is a widget built with ``(ctx, nav)`` that is a ``ui.widgets.parts.DashboardPanel``.
Panels appear in a two-column grid, in this order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from chantier_app.ui.widgets.parts import lazy

if TYPE_CHECKING:
    from chantier_app.services.context import AppContext
    from chantier_app.ui.pages import Navigator

PanelFactory = Callable[["AppContext", "Navigator"], QWidget]


def dashboard_panels() -> list[PanelFactory]:
    ui = "chantier_app.ui."
    return [
        lazy(ui + "dashboard.overview:OverviewPanel"),
        lazy(ui + "support.panel:todo_panel"),
        lazy(ui + "hours.fte_panel:fte_panel"),
        lazy(ui + "contracts.exits_panel:ExitsPanel"),
    ]
