"""The person's file (dossier du salarié): a header and the tabs every area registers."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from chantier_app.i18n import tr
from chantier_app.services import people_views
from chantier_app.services.context import AppContext
from chantier_app.services.people_views import PersonStatus, PersonView
from chantier_app.ui.login.access import visible_tabs
from chantier_app.ui.pages import Navigator
from chantier_app.ui.person.tabs import PersonTabSpec, person_tabs


def header_lines(view: PersonView) -> tuple[str, str]:
    """The name line and the facts line under it."""
    name = view.display_name
    if view.situation.status is PersonStatus.ARCHIVED:
        name += tr(" — dossier archivé")
    facts = []
    if view.age is not None:
        facts.append(tr("{age} ans").format(age=view.age))
    if view.team_name:
        facts.append(view.team_name)
    contract = view.situation.contract
    if contract is not None:
        facts.append(f"{contract.kind.label} : {view.situation.text.lower()}")
    else:
        facts.append(view.situation.text)
    if view.cip_name:
        facts.append(tr("CIP : {name}").format(name=view.cip_name))
    return name, "  ·  ".join(facts)


class PersonFile(QWidget):
    back_requested = Signal()

    def __init__(self, ctx: AppContext, nav: Navigator) -> None:
        super().__init__()
        self.ctx = ctx
        self.nav = nav
        self.person_id: int | None = None
        self.view: PersonView | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.back = QPushButton(tr("← Liste des salariés"))
        self.back.setObjectName("backToList")
        self.back.setToolTip(tr("Revenir à la liste (Alt+Flèche gauche)"))
        self.back.clicked.connect(self.back_requested.emit)
        top.addWidget(self.back)
        top.addStretch(1)
        layout.addLayout(top)
        self.name_label = QLabel()
        self.name_label.setObjectName("personName")
        self.facts_label = QLabel()
        self.facts_label.setObjectName("personFacts")
        self.facts_label.setWordWrap(True)
        layout.addWidget(self.name_label)
        layout.addWidget(self.facts_label)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("personTabs")
        self.tabs.currentChanged.connect(self._tab_shown)
        layout.addWidget(self.tabs, 1)
        self._keys: list[str] = []

    def load(self, person_id: int, tab_key: str | None = None) -> None:
        """Show ``person_id``'s file at ``tab_key`` (the current tab's key when None).

        Each tab is built the first time it is shown: opening a file reads one tab's data.
        """
        view = self.ctx.read(people_views.get_person, person_id)
        keep = tab_key or (self.current_key() if person_id == self.person_id else None)
        self.person_id = person_id
        self._show_header(view)
        self.tabs.blockSignals(True)
        while self.tabs.count():
            widget = self.tabs.widget(0)
            self.tabs.removeTab(0)
            widget.deleteLater()
        self._keys = []
        for spec in visible_tabs(person_tabs(), self.ctx.actor):
            self.tabs.addTab(_TabSlot(spec, person_id), spec.title)
            self._keys.append(spec.key)
        self.tabs.blockSignals(False)
        index = self._keys.index(keep) if keep in self._keys else 0
        self.tabs.setCurrentIndex(index)
        self._tab_shown(index)

    def _show_header(self, view: PersonView) -> None:
        self.view = view
        name, facts = header_lines(view)
        self.name_label.setText(f"<h2>{name}</h2>")
        self.facts_label.setText(facts)

    def refresh_header(self) -> None:
        if self.person_id is not None:
            self._show_header(self.ctx.read(people_views.get_person, self.person_id))

    def refresh(self) -> None:
        """Shown again (page revisited): header and current tab read anew."""
        self.refresh_header()
        self._tab_shown(self.tabs.currentIndex())

    def current_key(self) -> str | None:
        index = self.tabs.currentIndex()
        return self._keys[index] if 0 <= index < len(self._keys) else None

    def tab(self, key: str) -> QWidget:
        """The tab's widget (built now if it has not been shown yet)."""
        slot = self.tabs.widget(self._keys.index(key))
        assert isinstance(slot, _TabSlot)
        return self._built(slot)[0]

    def _built(self, slot: _TabSlot) -> tuple[QWidget, bool]:
        """The slot's tab, and whether it has just been built (with its data, if it says so)."""
        if slot.content is not None:
            return slot.content, False
        widget = slot.build(self.ctx, self.nav)
        changed = getattr(widget, "changed", None)
        if changed is not None:
            changed.connect(self.refresh_header)
        return widget, True

    def _tab_shown(self, index: int) -> None:
        slot = self.tabs.widget(index)
        if not isinstance(slot, _TabSlot):
            return
        widget, new = self._built(slot)
        if new and getattr(widget, "loads_when_built", False):
            return  # it has just read its data
        refresh = getattr(widget, "refresh", None)
        if refresh is not None:
            refresh()


class _TabSlot(QWidget):
    """Where a tab goes; the tab itself is built when first shown."""

    def __init__(self, spec: PersonTabSpec, person_id: int) -> None:
        super().__init__()
        self.spec = spec
        self.person_id = person_id
        self.content: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    def build(self, ctx: AppContext, nav: Navigator) -> QWidget:
        widget = self.spec.factory(ctx, nav, self.person_id)
        widget.setObjectName(f"tab_{self.spec.key}")
        layout = self.layout()
        assert layout is not None
        layout.addWidget(widget)
        self.content = widget
        return widget
