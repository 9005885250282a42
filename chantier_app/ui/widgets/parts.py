"""What the main window, the person's file and the dashboard ask of the pieces each area
provides, and how they are built on first use.

Pages and tabs are classes to derive from rather than ``Protocol``s: the window lays them
out as widgets, and most of them need only some of the hooks (the others' defaults do
nothing). Dashboard panels all implement both of theirs: a ``Protocol`` says so.
"""

from __future__ import annotations

import enum
import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from chantier_app.services.dashboard.first_screen import FirstScreen


def lazy(path: str) -> Callable[..., Any]:
    """A factory importing ``"package.module:name"`` on first use, then calling it with the
    factory's arguments: start-up imports only the first page (and no SQLAlchemy)."""

    def build(*args: Any) -> Any:
        module_name, _, name = path.partition(":")
        return getattr(importlib.import_module(module_name), name)(*args)

    return build


class Command(enum.Enum):
    """The menu commands with a shortcut that each page takes in its own way."""

    FIND = "find"  # Ctrl+F: the page's search field
    NEW = "new"  # Ctrl+N: a new record
    SAVE = "save"  # Ctrl+S: save what is typed (the hours grid), or the PDF shown
    PRINT = "print"  # Ctrl+P: preview the chosen document, then print it


class Page(QWidget):
    """A page of the main window, built with ``(ctx, nav)`` when first visited."""

    def command(self, command: Command) -> bool:
        """A menu command on this page; False when the page has nothing for it (the main
        window then does what is usual: search and create people, say there is nothing to
        save, open the Documents page)."""
        return False

    def on_shown(self) -> None:
        """Each time the page is shown: read again what other pages may have changed."""

    def keep_or_drop_changes(self) -> bool:
        """Before the window closes: typed and not saved is saved or dropped as the user
        answers; False when they choose to stay."""
        return True


class PersonTab(QWidget):
    """A tab of a person's file, built with ``(ctx, nav, person_id)`` when first shown."""

    # Emitted after a change the file's header shows (name, situation, contract).
    changed = Signal()
    # True: the tab reads its data when built, so the file does not refresh it at once.
    loads_when_built = False

    def refresh(self) -> None:
        """Each time the tab is shown: show what other tabs just saved."""

    def show_person(self, person_id: int) -> bool:
        """Show another person in this same tab (True), or False to be built anew for them
        (the layout depends on the person): keeping tabs makes opening a file fast."""
        return False

    def offer_view(self, view: object) -> None:
        """The file has just read the person's record for its header, in the same user action
        as this tab's next reading: a tab showing that record may use it (once) instead of
        reading it again."""


class DashboardPanel(Protocol):
    """A panel of the Tableau de bord (a widget)."""

    def refresh(self) -> None:
        """Read the figures again (the dashboard is shown)."""

    def show_first_screen(self, first: FirstScreen) -> None:
        """Show the figures read at start-up before SQLAlchemy loaded."""
