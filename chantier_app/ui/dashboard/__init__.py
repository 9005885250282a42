"""Panels of the Tableau de bord, in order. Each area adds its panel here, one line each.

A panel is a QWidget built with ``(ctx, nav)``; ``refresh()`` is called when the
dashboard is shown. Panels appear in a two-column grid, in this order.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from chantier_app.services.context import AppContext
    from chantier_app.ui.pages import Navigator

PanelFactory = Callable[["AppContext", "Navigator"], QWidget]


def lazy(path: str) -> PanelFactory:
    """A factory importing ``"package.module:callable"`` when the dashboard is built."""

    def build(ctx: AppContext, nav: Navigator) -> QWidget:
        module_name, _, name = path.partition(":")
        return getattr(importlib.import_module(module_name), name)(ctx, nav)  # type: ignore[no-any-return]

    return build


def dashboard_panels() -> list[PanelFactory]:
    ui = "chantier_app.ui."
    return [
        lazy(ui + "dashboard.overview:OverviewPanel"),
        lazy(ui + "support.panel:todo_panel"),
        lazy(ui + "hours.fte_panel:fte_panel"),
        lazy(ui + "contracts.exits_panel:ExitsPanel"),
    ]
