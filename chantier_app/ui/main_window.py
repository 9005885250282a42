"""The main window: a navigation on the left, the current page on the right."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from chantier_app import APP_DISPLAY_NAME, __version__
from chantier_app.i18n import tr
from chantier_app.services.context import Actor, AppContext
from chantier_app.ui.login.access import visible_pages
from chantier_app.ui.pages import PageSpec, page_specs
from chantier_app.ui.widgets.parts import Page

if TYPE_CHECKING:
    from chantier_app.db.engine import Database
    from chantier_app.services.dashboard.first_screen import FirstScreen
    from chantier_app.services.documents.printing import DocumentRequest


class MainWindow(QMainWindow):
    # Shown, painted, and the first page shows its data: start-up is over (logged, benchmarked).
    first_screen_ready = Signal()
    actor_changed = Signal(str)  # the name of who now uses the window (the lock names them)

    def __init__(
        self,
        ctx: AppContext,
        settings: QSettings | None = None,
        *,
        first_screen: FirstScreen | None = None,
    ) -> None:
        super().__init__()
        self._first_shown = False
        self._first_screen = first_screen
        self.ctx = ctx
        self.settings = settings
        self.setWindowTitle(APP_DISPLAY_NAME)
        self.specs: list[PageSpec] = visible_pages(page_specs(), ctx.actor)
        self.pages: dict[str, Page] = {}

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self._fill_navigation()
        self.stack = QStackedWidget()
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.nav.currentRowChanged.connect(self._show_row)

        self._build_menus()
        self._build_status_bar()
        self._restore_geometry()
        self.nav.setCurrentRow(0)

    # Navigation -------------------------------------------------------------------------
    def _fill_navigation(self) -> None:
        self.nav.clear()
        for index, spec in enumerate(self.specs, start=1):
            item = QListWidgetItem(self.style().standardIcon(spec.icon), spec.title)
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            item.setToolTip(tr("{title} (Ctrl+{n})").format(title=spec.title, n=index))
            self.nav.addItem(item)
        # As wide as its longest title, no wider: the pages' tables need the room at 1280 px.
        self.nav.setFixedWidth(self.nav.sizeHintForColumn(0) + 2 * self.nav.frameWidth() + 12)

    def page(self, key: str) -> Page:
        """The page for ``key``, built on first use."""
        if key not in self.pages:
            spec = next(s for s in self.specs if s.key == key)
            widget = spec.factory(self.ctx, self)
            widget.setObjectName(f"page_{key}")
            self.pages[key] = widget
            self.stack.addWidget(widget)
        return self.pages[key]

    def show_page(self, key: str) -> None:
        row = next(i for i, s in enumerate(self.specs) if s.key == key)
        self.nav.setCurrentRow(row)

    def take_first_screen(self) -> FirstScreen | None:
        """The figures read at start-up, once (later visits ask the services)."""
        first, self._first_screen = self._first_screen, None
        return first

    def current_key(self) -> str:
        return self.specs[self.nav.currentRow()].key

    def open_person(self, person_id: int, tab: str | None = None) -> None:
        """Open a person's file (on the people page) at ``tab``."""
        from chantier_app.ui.people.page import PeoplePage

        self.show_page("people")
        people = self.page("people")
        assert isinstance(people, PeoplePage)
        people.open_person(person_id, tab)

    def open_settings(self, tab: str) -> None:
        from chantier_app.ui.settings.page import SettingsPage

        self.show_page("settings")
        settings = self.page("settings")
        assert isinstance(settings, SettingsPage)
        settings.show_tab(tab)

    def open_document(self, request: DocumentRequest) -> None:
        from chantier_app.ui.documents.page import DocumentsPage

        self.show_page("documents")
        documents = self.page("documents")
        assert isinstance(documents, DocumentsPage)
        documents.show_request(request)

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        widget = self.page(self.specs[row].key)
        self.stack.setCurrentWidget(widget)
        widget.on_shown()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._first_shown:
            self._first_shown = True
            QTimer.singleShot(0, self._first_screen_shown)

    def _first_screen_shown(self) -> None:
        self.repaint()
        self.first_screen_ready.emit()

    # Menus and status -------------------------------------------------------------------
    def replace_database(self, database: Database) -> None:
        """After a restore: the pages are rebuilt on the reopened database."""
        from chantier_app.services.structure.accounts import startup_actor

        self.ctx.database = database
        self.ctx.actor = startup_actor(database)
        self.actor_changed.emit(self.ctx.actor.name)
        self._drop_pages()
        self._show_row(self.nav.currentRow())
        self.who.setText(self._who_text())

    def keep_or_drop_all_changes(self) -> bool:
        """Each page with typed changes asks to save or drop them; False: the user stays."""
        return all(widget.keep_or_drop_changes() for widget in self.pages.values())

    def switch_actor(self, actor: Actor) -> None:
        """Someone else uses the window (the demo's accounts): the pages and the navigation
        their role sees are built anew (``keep_or_drop_all_changes`` asked first)."""
        self.ctx.actor = actor
        self.actor_changed.emit(actor.name)
        self.specs = visible_pages(page_specs(), actor)
        self._drop_pages()
        self.nav.blockSignals(True)
        self._fill_navigation()
        self.nav.blockSignals(False)
        self._fill_view_menu()
        self.safety.update_rights()
        self.commands.update_rights()
        self.who.setText(self._who_text())
        self.nav.setCurrentRow(0)
        self._show_row(0)

    def _drop_pages(self) -> None:
        for widget in self.pages.values():
            self.stack.removeWidget(widget)
            widget.deleteLater()
        self.pages.clear()

    def _build_menus(self) -> None:
        from chantier_app.ui.commands import PageCommands
        from chantier_app.ui.safety.actions import SafetyActions

        file_menu = self.menuBar().addMenu(tr("&Fichier"))
        self.commands = PageCommands(self)
        self.commands.add_to(file_menu)
        file_menu.addSeparator()
        self.safety = SafetyActions(self, self.ctx, self.replace_database)
        self.safety.add_to(file_menu)
        file_menu.addSeparator()
        quit_action = QAction(tr("&Quitter"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        self.view_menu = self.menuBar().addMenu(tr("&Affichage"))
        self._page_actions: list[QAction] = []
        self._fill_view_menu()
        if self._is_demo():
            from chantier_app.ui.login.demo_switch import DemoUserMenu

            self.demo_menu = DemoUserMenu(self)

        help_menu = self.menuBar().addMenu(tr("&Aide"))
        help_menu.addAction(self.commands.manual_action)
        help_menu.addAction(self.commands.help_action)
        about = QAction(tr("À &propos…"), self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def _is_demo(self) -> bool:
        if self._first_screen is not None:  # read with sqlite3: SQLAlchemy is not loaded yet
            return self._first_screen.heading.is_demo
        from chantier_app.services.structure.accounts import read_start_state

        return read_start_state(self.ctx.database).is_demo

    def _fill_view_menu(self) -> None:
        """One entry per page the role sees, Ctrl+1, Ctrl+2… in the navigation's order."""
        for action in self._page_actions:
            self.view_menu.removeAction(action)
            self.removeAction(action)
            action.deleteLater()
        self._page_actions = []
        for index, spec in enumerate(self.specs, start=1):
            action = QAction(spec.title, self)
            action.setShortcut(QKeySequence(f"Ctrl+{index}"))
            action.triggered.connect(lambda _=False, key=spec.key: self.show_page(key))
            self.view_menu.addAction(action)
            self.addAction(action)
            self._page_actions.append(action)

    def _build_status_bar(self) -> None:
        self.who = QLabel(self._who_text())
        self.statusBar().addPermanentWidget(self.who)
        if self.ctx.database.readonly:
            self.statusBar().addPermanentWidget(QLabel(tr("Consultation seule")))
        from chantier_app.services.safety.shared_database import running_server

        server = running_server(self.ctx.database)
        if server is not None:  # always in sight: several offices write in the same data
            shared = QLabel(tr("Base partagée : {where}").format(where=server.describe()))
            shared.setObjectName("sharedDatabase")
            self.statusBar().addPermanentWidget(shared)
        elif self.ctx.paths is not None:
            self.statusBar().showMessage(
                tr("Données : {folder}").format(folder=self.ctx.paths.data_dir), 8000
            )

    def _who_text(self) -> str:
        return tr("Connecté : {name} — {role}").format(
            name=self.ctx.actor.name, role=self.ctx.actor.role_title
        )

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            tr("À propos"),
            tr(
                "<h3>{name}</h3><p>Version {version}</p><p>Gestion d'un atelier et chantier "
                "d'insertion : salariés, contrats, heures, accompagnement, documents.</p>"
                "<p>Vos données restent sur cet ordinateur.</p>"
            ).format(name=APP_DISPLAY_NAME, version=__version__),
        )

    # Geometry ----------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        geometry = self.settings.value("main/geometry") if self.settings else None
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1200, 760)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.keep_or_drop_all_changes():  # typed and not saved: save, drop, or stay
            event.ignore()
            return
        if self.settings is not None:
            self.settings.setValue("main/geometry", self.saveGeometry())
            self.settings.sync()
        super().closeEvent(event)
