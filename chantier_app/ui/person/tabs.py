"""The tabs of a person's file, in order. Each area's module provides its tab's factory.

A tab is a QWidget built with ``(ctx, nav, person_id)``; it may define ``refresh()``,
called each time the tab is shown (so it shows what other tabs just saved).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from chantier_app.i18n import tr

if TYPE_CHECKING:
    from chantier_app.services.context import AppContext
    from chantier_app.ui.pages import Navigator

TabFactory = Callable[["AppContext", "Navigator", int], QWidget]


@dataclass(frozen=True)
class PersonTabSpec:
    key: str
    title: str
    factory: TabFactory


def lazy(path: str) -> TabFactory:
    """A factory importing ``"package.module:Class"`` when the file is first opened."""

    def build(ctx: AppContext, nav: Navigator, person_id: int) -> QWidget:
        module_name, _, class_name = path.partition(":")
        widget_class = getattr(importlib.import_module(module_name), class_name)
        return widget_class(ctx, nav, person_id)  # type: ignore[no-any-return]

    return build


def person_tabs() -> list[PersonTabSpec]:
    ui = "chantier_app.ui."
    return [
        PersonTabSpec("identity", tr("Identité"), lazy(ui + "person.record_tabs:IdentityTab")),
        PersonTabSpec("situation", tr("Situation"), lazy(ui + "person.record_tabs:SituationTab")),
        PersonTabSpec(
            "eligibility",
            tr("Éligibilité et PASS IAE"),
            lazy(ui + "person.eligibility_tab:EligibilityTab"),
        ),
        PersonTabSpec("contracts", tr("Contrats"), lazy(ui + "contracts.person_tab:ContractsTab")),
        PersonTabSpec("hours", tr("Heures"), lazy(ui + "hours.person_tab:PersonHoursTab")),
        PersonTabSpec(
            "trainings", tr("Formations"), lazy(ui + "trainings.person_tab:TrainingsTab")
        ),
        PersonTabSpec("support", tr("Accompagnement"), lazy(ui + "support.tab:SupportTab")),
        PersonTabSpec(
            "documents", tr("Documents"), lazy(ui + "documents.person_tab:PersonDocumentsTab")
        ),
    ]
