"""The to-do list (« À faire »): what is overdue or due within 14 days; each item opens its person."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from chantier_app.domain.codes.staff_codes import Role
from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.dashboard.figures import TodoItem
from chantier_app.services.roles_matrix import Permission, allowed
from chantier_app.ui.pages import Navigator
from chantier_app.ui.support.columns import TODO_COLUMNS
from chantier_app.ui.widgets.listview import ListView
from chantier_app.ui.widgets.parts import Page


class TodoList(QWidget):
    """The list with the « Mes suivis » filter and a search box."""

    def __init__(
        self,
        ctx: AppContext,
        nav: Navigator,
        *,
        today: dt.date | None = None,
        compact: bool = False,
    ) -> None:
        super().__init__()
        self.ctx, self.nav, self._today = ctx, nav, today
        self.allowed = allowed(ctx.actor, Permission.SUPPORT_VIEW)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel()
        self.summary.setObjectName("todo_summary")
        if not self.allowed:
            self.summary.setText(tr("La liste « À faire » est réservée aux CIP et à la direction."))
            layout.addWidget(self.summary)
            return
        filters = QHBoxLayout()
        self.mine = QCheckBox(tr("Mes suivis"))
        self.mine.setObjectName("mine_only")
        self.mine.setToolTip(tr("Seulement les personnes dont je suis le ou la CIP référent(e)"))
        self.mine.setEnabled(ctx.actor.staff_id is not None)
        self.mine.setChecked(ctx.actor.role is Role.CIP and ctx.actor.staff_id is not None)
        self.search = QLineEdit()
        self.search.setObjectName("todo_search")
        self.search.setPlaceholderText(tr("Rechercher (nom, entretien, partenaire…)"))
        self.search.setClearButtonEnabled(True)
        self.cip = QComboBox()  # the direction narrows the list to one CIP's people
        self.cip.setObjectName("todo_cip")
        self.cip.setToolTip(tr("Les personnes suivies par un ou une CIP"))
        self.cip.addItem(tr("Tous les CIP"), None)
        filters.addWidget(self.mine)
        filters.addWidget(self.cip)
        filters.addWidget(self.search, 1)
        self.open_button = QPushButton(tr("Ouvrir le dossier"))
        self.open_button.setObjectName("open_person")
        filters.addWidget(self.open_button)
        layout.addLayout(filters)
        layout.addWidget(self.summary)
        self.view = ListView(TODO_COLUMNS, "todo_list")
        layout.addWidget(self.view, 1)
        if compact:  # the dashboard panel: date, person and what to do are enough
            self.search.hide()
            self.cip.hide()
            filters.insertStretch(1, 1)
            for column in (1, 3, 5):
                self.view.setColumnHidden(column, True)
        self.mine.toggled.connect(self._apply_filters)
        self.cip.currentIndexChanged.connect(self._apply_filters)
        self.search.textChanged.connect(self.view.proxy.set_search)
        self.search.textChanged.connect(self._show_summary)
        self.view.row_activated.connect(self.open_item)
        self.open_button.clicked.connect(self._open_selected)

    @property
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    def refresh(self) -> None:
        if not self.allowed:
            return
        from chantier_app.services.dashboard import todo
        from chantier_app.services.people import views as people_views

        if self.cip.count() == 1 and self.cip.isVisibleTo(self):
            for choice in self.ctx.read(people_views.form_choices).cips:
                self.cip.addItem(choice.label, choice.id)
        self.show_items(self.ctx.read(todo.todo_list, today=self.today))

    def show_items(self, items: list[TodoItem]) -> None:
        if not self.allowed:
            return
        self.view.set_rows(items)
        self._apply_filters()

    def _apply_filters(self) -> None:
        staff_id = self.ctx.actor.staff_id
        self.view.proxy.set_predicate(
            "mine", (lambda item: item.cip_id == staff_id) if self.mine.isChecked() else None
        )
        cip_id = self.cip.currentData()
        self.view.proxy.set_predicate(
            "cip", (lambda item: item.cip_id == cip_id) if cip_id is not None else None
        )
        self._show_summary()

    def _show_summary(self) -> None:
        shown = self.view.rows()
        late = sum(1 for item in shown if item.overdue)
        if not shown:
            self.summary.setText(tr("Rien à faire dans les 14 prochains jours."))
            return
        self.summary.setText(
            tr("{late} en retard, {soon} dans les 14 prochains jours.").format(
                late=late, soon=len(shown) - late
            )
        )

    def open_item(self, item: TodoItem) -> None:
        self.nav.open_person(item.person_id, item.tab_key)

    def _open_selected(self) -> None:
        item = self.view.selected()
        if item is not None:
            self.open_item(item)


class SupportPage(Page):
    """The « Accompagnement » page of the main window: the whole to-do list."""

    def __init__(self, ctx: AppContext, nav: Navigator, *, today: dt.date | None = None) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>" + tr("Accompagnement — À faire") + "</h2>"))
        intro = QLabel(
            tr(
                "Entretiens en retard ou prévus dans les 14 jours, actions sur les freins, PMSMP "
                "qui se terminent, formations qui commencent. Double-cliquez pour ouvrir le "
                "dossier de la personne."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.todo = TodoList(ctx, nav, today=today)
        layout.addWidget(self.todo, 1)

    def on_shown(self) -> None:
        self.todo.refresh()
