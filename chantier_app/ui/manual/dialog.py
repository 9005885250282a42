"""The manual's window: a table of contents, the text, and a search through it.

The text is one HTML file in ``resources/manual`` (read from the package, so it works
offline and in the PyInstaller bundle); each page of the main window has a section whose
anchor is the page's key, which F1 opens.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from chantier_app.i18n import tr
from chantier_app.paths import resource_path

MANUAL_FILE = resource_path("manual", "manuel.html")


def sections(document: QTextDocument) -> list[tuple[str, str]]:
    """(anchor, title) of each level-1 and level-2 heading, in the text's order."""
    found: list[tuple[str, str]] = []
    block = document.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() in (1, 2):
            names: list[str] = []
            it = block.begin()
            while not it.atEnd():
                names += it.fragment().charFormat().anchorNames()
                it += 1
            if names:
                found.append((names[0], block.text().strip()))
        block = block.next()
    return found


class ManualDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("manualDialog")
        self.setWindowTitle(tr("Manuel"))
        self.browser = QTextBrowser()
        self.browser.setObjectName("manualText")
        self.browser.setOpenExternalLinks(False)
        self.browser.setSource(QUrl.fromLocalFile(str(MANUAL_FILE)))

        self.contents = QListWidget()
        self.contents.setObjectName("manualContents")
        for anchor, title in sections(self.browser.document()):
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, anchor)
            self.contents.addItem(item)
        contents_width = self.contents.sizeHintForColumn(0) + 24
        self.contents.setMaximumWidth(contents_width)
        self.contents.currentItemChanged.connect(self._contents_chosen)

        self.search = QLineEdit()
        self.search.setObjectName("manualSearch")
        self.search.setPlaceholderText(tr("Rechercher dans le manuel"))
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.find_next)
        self.search.textEdited.connect(lambda _text: self.find_next(from_start=True))
        next_button = QPushButton(tr("Suivant"))
        next_button.clicked.connect(lambda: self.find_next())
        self.found = QLabel()
        self.found.setObjectName("manualFound")
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self.search.setFocus)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(next_button)
        top.addWidget(self.found)
        splitter = QSplitter()
        splitter.addWidget(self.contents)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([contents_width, 900 - contents_width])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self.resize(900, 600)

    def show_section(self, anchor: str) -> None:
        """The section ``anchor`` (a page's key) at the top, chosen in the contents."""
        for row in range(self.contents.count()):
            item = self.contents.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == anchor:
                self.contents.blockSignals(True)
                self.contents.setCurrentRow(row)
                self.contents.blockSignals(False)
                break
        self.browser.scrollToAnchor(anchor)

    def _contents_chosen(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.browser.scrollToAnchor(str(item.data(Qt.ItemDataRole.UserRole)))

    def find_next(self, *, from_start: bool = False) -> bool:
        """The next place the searched words appear, wrapping round at the end."""
        text = self.search.text().strip()
        if not text:
            self.found.clear()
            return False
        if from_start:
            self.browser.moveCursor(QTextCursor.MoveOperation.Start)
        hit = self.browser.find(text)
        if not hit:  # from the top again
            self.browser.moveCursor(QTextCursor.MoveOperation.Start)
            hit = self.browser.find(text)
        self.found.setText("" if hit else tr("Introuvable"))
        return hit
