"""What a screen cuts by accident at its size: a label, a button or a field's hint narrower
than its text, a table's column title wider than its column or missing, a window larger
than the screen. Texts elided on purpose (« … » with the whole text in the tooltip) pass."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QTableView,
    QTreeView,
    QWidget,
)

SCREEN = QSize(1280, 720)


def _shown(widget: QWidget) -> bool:
    return widget.isVisible() and widget.width() > 0 and not widget.visibleRegion().isEmpty()


def _label_width(label: QLabel) -> int:
    text = label.text()
    if ("<" in text and ">" in text) or label.textFormat() == Qt.TextFormat.RichText:
        document = QTextDocument()
        document.setDefaultFont(label.font())
        document.setDocumentMargin(0)
        document.setHtml(text)
        return int(document.idealWidth())
    return max(label.fontMetrics().horizontalAdvance(line) for line in text.split("\n"))


def cut_label(label: QLabel) -> str | None:
    if not label.text():
        return None
    if label.wordWrap():  # wrapped: cut when its lines need more height than it has
        rect = label.contentsRect()
        need = label.heightForWidth(label.width())
        if need > rect.height() + 2:
            return f"wrapped label {label.text()[:40]!r}: {need} px high in {rect.height()}"
        return None
    available = label.contentsRect().width() - 2 * label.margin()
    if _label_width(label) > available + 1:
        return f"label {label.text()!r}: {_label_width(label)} px in {available}"
    return None


def cut_button(button: QAbstractButton) -> str | None:
    if not button.text():
        return None
    if isinstance(button, QPushButton):  # its hint has the style's 80 px minimum: text only
        style = button.style()
        need = button.fontMetrics().horizontalAdvance(button.text().replace("&", ""))
        need += 2 * style.pixelMetric(QStyle.PixelMetric.PM_ButtonMargin, None, button)
        if not button.icon().isNull():
            need += button.iconSize().width() + 4
    else:
        need = button.sizeHint().width()
    if need > button.width() + 1:
        return f"button {button.text()!r}: {need} px in {button.width()}"
    return None


def cut_hint(edit: QLineEdit) -> str | None:
    hint = edit.placeholderText()
    if not hint:
        return None
    # The text area: the field less its frame and the style's inner margins (about 6 px),
    # and the clear button's room when it has one.
    available = edit.width() - 12 - (20 if edit.isClearButtonEnabled() else 0)
    need = edit.fontMetrics().horizontalAdvance(hint)
    if need > available:
        return f"field hint {hint!r}: {need} px in {available}"
    return None


def cut_headers(view: QAbstractItemView) -> list[str]:
    header: QHeaderView | None
    if isinstance(view, QTableView):
        header = view.horizontalHeader()
    elif isinstance(view, QTreeView):
        header = view.header()
    else:
        return []
    model = view.model()
    if model is None or header.isHidden():
        return []
    found = []
    for column in range(model.columnCount()):
        if header.isSectionHidden(column) or view.isColumnHidden(column):
            continue
        title = model.headerData(column, Qt.Orientation.Horizontal)
        title = "" if title is None else str(title)
        if not title.strip():
            found.append(f"column {column} of {view.objectName() or type(view).__name__}: no title")
            continue
        widest = max(header.fontMetrics().horizontalAdvance(line) for line in title.split("\n"))
        size = header.sectionSize(column)
        margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
        if widest + 2 * margin > size:
            found.append(f"column title {title!r}: {widest} px in {size}")
    return found


def cut_texts(root: QWidget) -> list[str]:
    """Every text cut among the widgets ``root`` shows."""
    found: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not _shown(widget):
            continue
        problem: str | None = None
        if isinstance(widget, QLabel):
            problem = cut_label(widget)
        elif isinstance(widget, QAbstractButton):
            problem = cut_button(widget)
        elif isinstance(widget, QLineEdit):
            problem = cut_hint(widget)
        if problem:
            found.append(f"{_where(widget)}: {problem}")
        if isinstance(widget, QAbstractItemView):
            found += [f"{_where(widget)}: {p}" for p in cut_headers(widget)]
    return found


def too_large(window: QWidget) -> str | None:
    need = window.minimumSizeHint().expandedTo(window.minimumSize())
    if need.width() > SCREEN.width() or need.height() > SCREEN.height():
        return f"{window.windowTitle()!r} needs {need.width()}×{need.height()}"
    if window.width() > SCREEN.width() or window.height() > SCREEN.height():
        return f"{window.windowTitle()!r} opens at {window.width()}×{window.height()}"
    return None


def _where(widget: QWidget) -> str:
    names = []
    current: QWidget | None = widget
    while current is not None and len(names) < 4:
        names.append(current.objectName() or type(current).__name__)
        current = current.parentWidget()
    return "/".join(reversed(names))
