"""Every text a screen shows: labels, fields, buttons, tabs, combo boxes and table cells."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)

_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)


def texts(root: QWidget) -> str:
    """All of it, one piece per line (the root included)."""
    found: list[str] = [root.windowTitle(), root.toolTip()]
    for widget in [root, *root.findChildren(QWidget)]:
        found.append(widget.toolTip())
        if isinstance(widget, QLabel | QAbstractButton):
            found.append(widget.text())
        elif isinstance(widget, QLineEdit):
            found += [widget.text(), widget.placeholderText()]
        elif isinstance(widget, QTextEdit | QPlainTextEdit):
            found.append(widget.toPlainText())
        elif isinstance(widget, QGroupBox):
            found.append(widget.title())
        elif isinstance(widget, QTabWidget):
            found += [widget.tabText(i) for i in range(widget.count())]
        elif isinstance(widget, QComboBox):
            found += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            root_index = QModelIndex()
            try:
                columns = model.columnCount(root_index)
            except TypeError:  # a list widget's model: one column, not public
                columns = 1
            for row in range(model.rowCount(root_index)):
                for column in range(columns):
                    index = model.index(row, column)
                    found += [str(model.data(index, role) or "") for role in _ROLES]
    return "\n".join(t for t in found if t)
