"""The pages of the main window's navigation, in order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QStyle, QWidget

from chantier_app.i18n import tr

if TYPE_CHECKING:
    from chantier_app.services.context import AppContext


class Navigator(Protocol):
    """What a page may ask of the main window."""

    def show_page(self, key: str) -> None: ...

    def open_person(self, person_id: int, tab: str | None = None) -> None: ...


PageFactory = Callable[["AppContext", Navigator], QWidget]


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    icon: QStyle.StandardPixmap
    factory: PageFactory


def _placeholder(title: str, text: str) -> PageFactory:
    def build(_ctx: AppContext, _nav: Navigator) -> QWidget:
        from chantier_app.ui.pages.placeholder import PlaceholderPage

        return PlaceholderPage(title, text)

    return build


def _dashboard(ctx: AppContext, nav: Navigator) -> QWidget:
    from chantier_app.ui.pages.dashboard import DashboardPage

    return DashboardPage(ctx, nav)


def _documents(ctx: AppContext, nav: Navigator) -> QWidget:
    from chantier_app.ui.documents.page import DocumentsPage

    return DocumentsPage(ctx, nav)


SP = QStyle.StandardPixmap


def page_specs() -> list[PageSpec]:
    """Pages are built on first visit: start-up only pays for the first one."""
    return [
        PageSpec("dashboard", tr("Tableau de bord"), SP.SP_ComputerIcon, _dashboard),
        PageSpec(
            "people",
            tr("Salariés"),
            SP.SP_DirHomeIcon,
            _placeholder(
                tr("Salariés"),
                tr(
                    "La liste des salariés en insertion, la recherche et le dossier de chaque personne "
                    "(identité, situation, éligibilité et PASS IAE) arrivent ici."
                ),
            ),
        ),
        PageSpec(
            "contracts",
            tr("Contrats"),
            SP.SP_FileDialogDetailedView,
            _placeholder(
                tr("Contrats"),
                tr(
                    "Les contrats en cours, les renouvellements à décider et les alertes (fin de contrat, "
                    "24 mois, PASS IAE) arrivent ici."
                ),
            ),
        ),
        PageSpec(
            "hours",
            tr("Heures"),
            SP.SP_FileDialogListView,
            _placeholder(
                tr("Heures"),
                tr(
                    "La saisie mensuelle des heures, les feuilles d'émargement, les ETP et la "
                    "déclaration mensuelle arrivent ici."
                ),
            ),
        ),
        PageSpec(
            "trainings",
            tr("Formations"),
            SP.SP_FileDialogInfoView,
            _placeholder(
                tr("Formations"),
                tr(
                    "Le catalogue des sessions de formation, les inscriptions et les résultats arrivent ici."
                ),
            ),
        ),
        PageSpec(
            "support",
            tr("Accompagnement"),
            SP.SP_MessageBoxInformation,
            _placeholder(
                tr("Accompagnement"),
                tr(
                    "Les entretiens, les freins et les actions, les PMSMP et la liste « À faire » "
                    "arrivent ici."
                ),
            ),
        ),
        PageSpec("documents", tr("Documents"), SP.SP_FileIcon, _documents),
        PageSpec(
            "settings",
            tr("Paramètres"),
            SP.SP_FileDialogContentsView,
            _placeholder(
                tr("Paramètres"),
                tr(
                    "La structure, les ateliers et équipes, les conventions, les comptes et les "
                    "sauvegardes arrivent ici."
                ),
            ),
        ),
    ]
