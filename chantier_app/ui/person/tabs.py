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


def _identity(ctx: AppContext, nav: Navigator, person_id: int) -> QWidget:
    from chantier_app.ui.person.record_tabs import IdentityTab

    return IdentityTab(ctx, nav, person_id)


def _situation(ctx: AppContext, nav: Navigator, person_id: int) -> QWidget:
    from chantier_app.ui.person.record_tabs import SituationTab

    return SituationTab(ctx, nav, person_id)


def _eligibility(ctx: AppContext, nav: Navigator, person_id: int) -> QWidget:
    from chantier_app.ui.person.eligibility_tab import EligibilityTab

    return EligibilityTab(ctx, nav, person_id)


def _trainings_tab(ctx: AppContext, nav: Navigator, person_id: int) -> QWidget:
    from chantier_app.ui.trainings.person_tab import TrainingsTab

    return TrainingsTab(ctx, nav, person_id)


def _support_tab(ctx: AppContext, nav: Navigator, person_id: int) -> QWidget:
    from chantier_app.ui.support.tab import SupportTab

    return SupportTab(ctx, nav, person_id)


def person_tabs() -> list[PersonTabSpec]:
    return [
        PersonTabSpec("identity", tr("Identité"), _identity),
        PersonTabSpec("situation", tr("Situation"), _situation),
        PersonTabSpec("eligibility", tr("Éligibilité et PASS IAE"), _eligibility),
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
        PersonTabSpec("trainings", tr("Formations"), _trainings_tab),
        PersonTabSpec("support", tr("Accompagnement"), _support_tab),
        PersonTabSpec(
            "documents",
            tr("Documents"),
            _placeholder(tr("Les documents à imprimer pour cette personne arrivent ici.")),
        ),
    ]
