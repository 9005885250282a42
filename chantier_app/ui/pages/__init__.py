"""The pages of the main window's navigation, in order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QStyle

from chantier_app.i18n import tr
from chantier_app.ui.widgets.parts import Page, lazy

if TYPE_CHECKING:
    from chantier_app.services.context import AppContext
    from chantier_app.services.dashboard.first_screen import FirstScreen
    from chantier_app.services.documents.printing import DocumentRequest


class Navigator(Protocol):
    """What a page may ask of the main window."""

    def show_page(self, key: str) -> None: ...

    def open_person(self, person_id: int, tab: str | None = None) -> None: ...

    def open_document(self, request: DocumentRequest) -> None:
        """The Documents page, showing the preview of ``request``."""
        ...

    def open_settings(self, tab: str) -> None:
        """The Paramètres page at ``tab`` (« structure », « workshops », « conventions »,
        « accounts »)."""
        ...

    def take_first_screen(self) -> FirstScreen | None:
        """The figures read at start-up, once (later visits ask the services)."""
        ...


PageFactory = Callable[["AppContext", Navigator], Page]


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    icon: QStyle.StandardPixmap
    factory: PageFactory


SP = QStyle.StandardPixmap


def page_specs() -> list[PageSpec]:
    """Pages are built on first visit: start-up only pays for the first one."""
    ui = "chantier_app.ui."
    return [
        PageSpec(
            "dashboard",
            tr("Tableau de bord"),
            SP.SP_ComputerIcon,
            lazy(ui + "dashboard.page:DashboardPage"),
        ),
        PageSpec("people", tr("Salariés"), SP.SP_DirHomeIcon, lazy(ui + "people.page:PeoplePage")),
        PageSpec(
            "contracts",
            tr("Contrats"),
            SP.SP_FileDialogDetailedView,
            lazy(ui + "contracts.page:ContractsPage"),
        ),
        PageSpec(
            "hours", tr("Heures"), SP.SP_FileDialogListView, lazy(ui + "hours.page:HoursPage")
        ),
        PageSpec(
            "trainings",
            tr("Formations"),
            SP.SP_FileDialogInfoView,
            lazy(ui + "trainings.page:TrainingsPage"),
        ),
        PageSpec(
            "support",
            tr("Accompagnement"),
            SP.SP_MessageBoxInformation,
            lazy(ui + "support.todo:SupportPage"),
        ),
        PageSpec(
            "documents", tr("Documents"), SP.SP_FileIcon, lazy(ui + "documents.page:DocumentsPage")
        ),
        PageSpec(
            "settings",
            tr("Paramètres"),
            SP.SP_FileDialogContentsView,
            lazy(ui + "settings.page:SettingsPage"),
        ),
        PageSpec(
            "privacy",
            tr("Données personnelles"),
            SP.SP_DialogResetButton,
            lazy(ui + "privacy.page:PrivacyPage"),
        ),
    ]
