"""The person's file (dossier du salarié): a header and the tabs every area registers."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from chantier_app.i18n import tr
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.people import views as people_views
from chantier_app.services.people.views import PersonStatus, PersonView
from chantier_app.ui.login.access import visible_tabs
from chantier_app.ui.pages import Navigator
from chantier_app.ui.person.tabs import PersonTabSpec, person_tabs
from chantier_app.ui.widgets.parts import PersonTab

if TYPE_CHECKING:
    from chantier_app.db.engine import KeptReads


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
    # The number the command line takes (« chantier print … --person 12 »).
    facts.append(tr("dossier n° {id}").format(id=view.id))
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
        self._built_for: Actor | None = None  # whose rights the tabs were built with
        self._kept: KeptReads | None = None  # the reads of this turn of the event loop
        self._header_reads: KeptReads | None = None  # the session the header was read in

    def load(self, person_id: int, tab_key: str | None = None) -> None:
        """Show ``person_id``'s file at ``tab_key`` (the current tab's key when None).

        Each tab is built the first time it is shown: opening a file reads one tab's data.
        The next file opened keeps the tabs already built that can show another person
        (``show_person``): building, laying out and deleting them was most of a file's time.
        The header and the tab shown read in one session (``_reads``).
        """
        with self._reads():
            self._load(person_id, tab_key)

    def _load(self, person_id: int, tab_key: str | None) -> None:
        view = self.ctx.read(people_views.get_person, person_id)
        self._header_reads = self._kept
        keep = tab_key or (self.current_key() if person_id == self.person_id else None)
        self.person_id = person_id
        self._show_header(view)
        specs = visible_tabs(person_tabs(), self.ctx.actor)
        self.tabs.blockSignals(True)
        if [spec.key for spec in specs] == self._keys and self.ctx.actor == self._built_for:
            for index in range(self.tabs.count()):
                slot = self.tabs.widget(index)
                assert isinstance(slot, _TabSlot)
                slot.retarget(person_id)
        else:  # the first file, or someone else logged in: other tabs, other rights
            while self.tabs.count():
                widget = self.tabs.widget(0)
                self.tabs.removeTab(0)
                widget.deleteLater()
            self._keys = []
            for spec in specs:
                self.tabs.addTab(_TabSlot(spec, person_id), spec.title)
                self._keys.append(spec.key)
            self._built_for = self.ctx.actor
        index = self._keys.index(keep) if keep in self._keys else 0
        self.tabs.setCurrentIndex(index)
        self.tabs.blockSignals(False)
        self._tab_shown(index, view)

    def _reads(self) -> AbstractContextManager[None]:
        """The file's reads in this turn of the event loop (the header, and each tab shown
        with it: the support tab alone reads five times) share one session: one transaction,
        one snapshot, the person loaded and checked once. The next turn, the user's next
        action, reads anew; so do the reads after a change saved (``AppContext.run`` ends
        the sharing) and the reads of other screens, which do not take part."""
        kept = self._kept
        if kept is None or kept.ended:
            kept = self._kept = self.ctx.keep_reads()
            QTimer.singleShot(0, kept.end)
        return self.ctx.shared_reads(kept)

    def _show_header(self, view: PersonView) -> None:
        self.view = view
        name, facts = header_lines(view)
        self.name_label.setText(f"<h2>{name}</h2>")
        self.facts_label.setText(facts)

    def refresh_header(self) -> None:
        if self.person_id is not None:
            self._header_reads = None  # read on its own, after a change
            self._show_header(self.ctx.read(people_views.get_person, self.person_id))

    def refresh(self) -> None:
        """Shown again (page revisited): header and current tab read anew."""
        self.refresh_header()
        self._tab_shown(self.tabs.currentIndex())

    def current_key(self) -> str | None:
        index = self.tabs.currentIndex()
        return self._keys[index] if 0 <= index < len(self._keys) else None

    def tab(self, key: str) -> PersonTab:
        """The tab's widget, showing this person (built or read now if need be)."""
        slot = self.tabs.widget(self._keys.index(key))
        assert isinstance(slot, _TabSlot)
        return self._built(slot)[0]

    def _built(self, slot: _TabSlot, view: PersonView | None = None) -> tuple[PersonTab, bool]:
        """The slot's tab for its person, and whether it has just read its data."""
        if slot.content is not None and slot.stale:
            slot.stale = False
            if view is not None:
                slot.content.offer_view(view)
            if slot.content.show_person(slot.person_id):
                return slot.content, True
            slot.drop()  # this tab cannot show that person: built anew for them
        if slot.content is not None:
            return slot.content, False
        widget = slot.build(self.ctx, self.nav)
        widget.changed.connect(self.refresh_header)
        if view is not None and not widget.loads_when_built:
            widget.offer_view(view)
        return widget, widget.loads_when_built

    def _tab_shown(self, index: int, view: PersonView | None = None) -> None:
        """``view``: the header's record just read by ``load`` (the tab shown with the file
        need not read it again: one query less on every file opened)."""
        slot = self.tabs.widget(index)
        if not isinstance(slot, _TabSlot):
            return
        self._updates_only_on(index)
        with self._reads():
            if view is None and self._header_reads is self._kept:
                # The header's record was read in this same session, so the same snapshot:
                # the Situation tab shown with the file need not read it again.
                view = self.view
            widget, loaded = self._built(slot, view)
            if not loaded:  # else it has just read its data
                if view is not None:
                    widget.offer_view(view)
                widget.refresh()

    def _updates_only_on(self, index: int) -> None:
        """Updates enabled on the tab shown only. At each change of tab, Qt's stacked layout
        disables then enables updates on every widget of every tab (a walk of the whole tree,
        twice): the hidden tabs' updates kept disabled, it walks the tab shown alone."""
        for number in range(self.tabs.count()):
            widget = self.tabs.widget(number)
            if widget.updatesEnabled() != (number == index):
                widget.setUpdatesEnabled(number == index)


class _TabSlot(QWidget):
    """Where a tab goes; the tab itself is built when first shown.

    A tab that can show another person says so from ``PersonTab.show_person``; the others
    are built anew for each person.
    """

    def __init__(self, spec: PersonTabSpec, person_id: int) -> None:
        super().__init__()
        self.spec = spec
        self.person_id = person_id
        self.content: PersonTab | None = None
        self.stale = False  # the content shows another person until it is shown again
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    def build(self, ctx: AppContext, nav: Navigator) -> PersonTab:
        widget = self.spec.factory(ctx, nav, self.person_id)
        widget.setObjectName(f"tab_{self.spec.key}")
        layout = self.layout()
        assert layout is not None
        layout.addWidget(widget)
        self.content = widget
        self.stale = False
        return widget

    def retarget(self, person_id: int) -> None:
        """Another file opened (or the same one again): the tab reads it when next shown."""
        self.person_id = person_id
        self.stale = self.content is not None  # show_person() then says whether it can

    def drop(self) -> None:
        if self.content is not None:
            layout = self.layout()
            assert layout is not None
            layout.removeWidget(self.content)
            self.content.hide()
            self.content.deleteLater()
            self.content = None
        self.stale = False
