"""The tabs of a person's file, in order. Each area's module provides its tab's factory.

A tab is a QWidget built with ``(ctx, nav, person_id)``; it may define ``refresh()``,
called each time the tab is shown (so it shows what other tabs just saved).
"""

from __future__ import annotations

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


def _placeholder(text: str) -> TabFactory:
    def build(_ctx: AppContext, _nav: Navigator, _person_id: int) -> QWidget:
        from chantier_app.ui.pages.placeholder import PlaceholderPage

        return PlaceholderPage("", text)

    return build


def _documents(ctx: AppContext, nav: Navigator, person_id: int) -> QWidget:
    from chantier_app.ui.documents.person_tab import PersonDocumentsTab

    return PersonDocumentsTab(ctx, nav, person_id)


def person_tabs() -> list[PersonTabSpec]:
    return [
        PersonTabSpec("identity", tr("Identité"), _placeholder(tr("Identité : à venir."))),
        PersonTabSpec("situation", tr("Situation"), _placeholder(tr("Situation : à venir."))),
        PersonTabSpec(
            "eligibility",
            tr("Éligibilité et PASS IAE"),
            _placeholder(tr("Diagnostic d'éligibilité et PASS IAE : à venir.")),
        ),
        PersonTabSpec(
            "contracts",
            tr("Contrats"),
            _placeholder(tr("Les contrats, avenants et la sortie de la personne arrivent ici.")),
        ),
        PersonTabSpec(
            "hours",
            tr("Heures"),
            _placeholder(tr("Les heures mois par mois de la personne arrivent ici.")),
        ),
        PersonTabSpec(
            "trainings",
            tr("Formations"),
            _placeholder(tr("Les formations suivies et les certifications arrivent ici.")),
        ),
        PersonTabSpec(
            "support",
            tr("Accompagnement"),
            _placeholder(tr("Les entretiens, les freins, les actions et les PMSMP arrivent ici.")),
        ),
        PersonTabSpec("documents", tr("Documents"), _documents),
    ]
