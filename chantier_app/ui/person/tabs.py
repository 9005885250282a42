"""The tabs of a person's file, in order. Each area's module provides its tab's factory.

A tab is a ``ui.widgets.parts.PersonTab`` built with ``(ctx, nav, person_id)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from chantier_app.i18n import tr
from chantier_app.ui.widgets.parts import PersonTab, lazy

if TYPE_CHECKING:
    from chantier_app.services.context import AppContext
    from chantier_app.ui.pages import Navigator

TabFactory = Callable[["AppContext", "Navigator", int], PersonTab]


@dataclass(frozen=True)
class PersonTabSpec:
    key: str
    title: str
    factory: TabFactory


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
        PersonTabSpec("asp", tr("Fiche ASP"), lazy(ui + "platforms.asp_tab:AspRecordTab")),
        PersonTabSpec("contracts", tr("Contrats"), lazy(ui + "contracts.person_tab:ContractsTab")),
        PersonTabSpec("hours", tr("Heures"), lazy(ui + "hours.person_tab:PersonHoursTab")),
        PersonTabSpec(
            "trainings", tr("Formations"), lazy(ui + "trainings.person_tab:TrainingsTab")
        ),
        PersonTabSpec("support", tr("Accompagnement"), lazy(ui + "support.tab:SupportTab")),
        PersonTabSpec(
            "documents", tr("Documents"), lazy(ui + "documents.person_tab:PersonDocumentsTab")
        ),
        PersonTabSpec(
            "history",
            tr("Historique des modifications"),
            lazy(ui + "person.history_tab:HistoryTab"),
        ),
    ]
