"""Panels of the Tableau de bord, in order. Each area adds its panel here.

A panel is a QWidget built with ``(ctx, nav)``; ``refresh()`` is called when the
dashboard is shown. Panels appear in a two-column grid, in this order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from chantier_app.services.context import AppContext
    from chantier_app.ui.pages import Navigator

PanelFactory = Callable[["AppContext", "Navigator"], QWidget]


def _overview(ctx: AppContext, nav: Navigator) -> QWidget:
    from chantier_app.ui.dashboard.overview import OverviewPanel

    return OverviewPanel(ctx, nav)


def dashboard_panels() -> list[PanelFactory]:
    from chantier_app.ui.contracts.exits_panel import ExitsPanel  # contracts area

    return [_overview, ExitsPanel]
