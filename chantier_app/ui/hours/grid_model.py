"""An editable hours grid: leading columns, one column per category, a total per row and a
totals row. Cells are checked as they are typed (colour + tooltip); the subclass says how.

Used for the month (one row per contract) and for a sign-in sheet (one row per day).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from chantier_app.domain.codes.hours_codes import HoursCategory
from chantier_app.domain.errors import Severity, Violation
from chantier_app.domain.fr_format import fold
from chantier_app.domain.hours_rules import HoursValues, parse_cell
from chantier_app.i18n import tr
from chantier_app.ui.hours.cells import CHANGED, ERROR, READ_ONLY, WARNING, minutes_text
from chantier_app.ui.widgets.signals import emit

Index = QModelIndex | QPersistentModelIndex
CATEGORIES = list(HoursCategory)
TOTAL = "total"


@dataclass
class EditRow:
    key: Any  # a contract id, or a day
    label: str
    values: HoursValues
    editable: frozenset[HoursCategory] = frozenset(HoursCategory)
    note: str = ""  # why some cells are read-only, shown as a tooltip
    extra: dict[str, str] = field(default_factory=dict)  # leading columns' texts
    original: HoursValues = field(default_factory=HoursValues)
    invalid: dict[HoursCategory, tuple[str, str]] = field(default_factory=dict)  # text, message
    violations: list[Violation] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.original = self.values

    @property
    def changed(self) -> bool:
        return bool(self.invalid) or self.values != self.original

    def cell_violations(self, name: str) -> list[Violation]:
        return [v for v in self.violations if (v.field or TOTAL) == name]


@dataclass(frozen=True)
class Lead:
    """A read-only leading column (name, contract, expected hours…)."""

    title: str
    key: str
    align_right: bool = False


@dataclass(frozen=True)
class CellMessage:
    row: int
    column: int
    severity: Severity
    text: str


class HoursGridModel(QAbstractTableModel):
    """Rows of ``EditRow`` plus a last « Total » row; subclasses implement ``check_rows``."""

    def __init__(self, leads: Sequence[Lead], parent: Any = None) -> None:
        super().__init__(parent)
        self.leads = list(leads)
        self.rows: list[EditRow] = []
        self.footer_violations: list[Violation] = []  # about the whole grid (its totals row)
        self.read_only = False
        self._totals: HoursValues | None = None  # cached: the totals row is painted often
        self.name_rows = True  # messages start with the row's label (days name themselves)
        self.on_change: Callable[[], None] | None = None  # the page updates its messages
        self._sort: tuple[int, Qt.SortOrder] | None = None  # None: the rows as given
        self._folds: dict[str, str] = {}  # texts folded for sorting (``folded``)

    # Columns -----------------------------------------------------------------------------
    def category_column(self, category: HoursCategory) -> int:
        return len(self.leads) + CATEGORIES.index(category)

    @property
    def total_column(self) -> int:
        return len(self.leads) + len(CATEGORIES)

    def column_names(self) -> list[str]:
        """Each column by name (its lead's key, its category's code, « total »)."""
        return [lead.key for lead in self.leads] + [c.value for c in CATEGORIES] + [TOTAL]

    def category_at(self, column: int) -> HoursCategory | None:
        offset = column - len(self.leads)
        return CATEGORIES[offset] if 0 <= offset < len(CATEGORIES) else None

    def column_of(self, name: str) -> int:
        """The column a violation's field points to."""
        for category in CATEGORIES:
            if category.value == name:
                return self.category_column(category)
        return self.total_column

    # Content --------------------------------------------------------------------------------
    def set_rows(
        self,
        rows: list[EditRow],
        *,
        read_only: bool = False,
        leads: Sequence[Lead] | None = None,
    ) -> None:
        self.beginResetModel()
        if leads is not None:  # the columns change with the rows (inside the reset)
            sorted_by = self.column_names()[self._sort[0]] if self._sort else None
            self.leads = list(leads)
            if self._sort is not None:  # the same column, wherever it now is
                names = self.column_names()
                column = names.index(sorted_by) if sorted_by in names else 0
                self._sort = (column, self._sort[1])
        self._folds = {}
        self.rows = self._sorted(rows)
        self._totals = None
        self.read_only = read_only
        self.check_rows(range(len(rows)))
        self.endResetModel()
        self._notify()

    def check_rows(self, indexes: Sequence[int] | range) -> None:
        """Recompute ``violations`` of the rows at ``indexes`` (and any other they affect)."""

    # Sorting: the totals row stays last, whatever the order --------------------------------
    def sort_key(self, row: EditRow, column: int) -> Any:
        """What a column sorts by: French text order for names, minutes for hours."""
        if column < len(self.leads):
            key = self.leads[column].key
            return self.folded(row.label if key == "label" else row.extra.get(key, ""))
        category = self.category_at(column)
        return row.values.total if category is None else row.values.get(category)

    def folded(self, text: str) -> str:
        """``fold(text)``, once per text while the rows stay (a sort asks each name two or
        three times)."""
        found = self._folds.get(text)
        if found is None:
            found = self._folds[text] = fold(text)
        return found

    def group_column(self) -> int | None:
        """The column naming the rows' groups (None: no groups). Rows of a group stay
        together in any order; sorting by that column orders the groups themselves."""
        return None

    def group_key(self, row: EditRow) -> str:
        column = self.group_column()
        return "" if column is None else self.sort_key(row, column)

    def sort_order(self) -> tuple[int, Qt.SortOrder]:
        return self._sort or (0, Qt.SortOrder.AscendingOrder)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < self.columnCount():
            return
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        before = {id(row): index for index, row in enumerate(self.rows)}
        self.rows = self._sorted(self.rows)
        moved = {before[id(row)]: index for index, row in enumerate(self.rows)}
        old = self.persistentIndexList()
        new = [
            self.index(moved.get(i.row(), i.row()), i.column()) if i.row() in moved else i
            for i in old
        ]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()
        self._notify()  # the messages name their rows again

    def _sorted(self, rows: list[EditRow]) -> list[EditRow]:
        """Stable sorts: by name first (ties), then by the column, then by group."""
        if self._sort is None:
            return list(rows)
        column, order = self._sort
        descending = order == Qt.SortOrder.DescendingOrder
        group = self.group_column()  # once, not once per row (a load sorts 329 rows)
        folded = self.folded
        ordered = sorted(rows, key=lambda r: folded(r.label))
        by_name = column < len(self.leads) and self.leads[column].key == "label"
        if column != group and (descending or not by_name):  # by name: sorted already
            ordered.sort(key=lambda r: self.sort_key(r, column), reverse=descending)
        if group is None:
            return ordered
        ordered.sort(key=lambda r: self.sort_key(r, group), reverse=column == group and descending)
        return ordered

    def is_editable(self, row: int, column: int) -> bool:
        category = self.category_at(column)
        return (
            not self.read_only
            and 0 <= row < len(self.rows)
            and category is not None
            and category in self.rows[row].editable
        )

    def accept_as_saved(self) -> None:
        """What the grid shows has just been saved: no row is changed any more."""
        for row in self.rows:
            row.original = row.values
        self._emit_all()

    def totals(self) -> HoursValues:
        if self._totals is None:
            total = HoursValues()
            for row in self.rows:
                total = total + row.values
            self._totals = total
        return self._totals

    def changed_rows(self) -> list[EditRow]:
        return [row for row in self.rows if row.changed]

    def has_invalid(self) -> bool:
        return any(row.invalid for row in self.rows)

    def has_errors(self) -> bool:
        every = [v for row in self.rows for v in row.violations] + self.footer_violations
        return self.has_invalid() or any(v.blocking for v in every)

    def messages(self) -> list[CellMessage]:
        found = []
        for index, row in enumerate(self.rows):
            for category, (_text, message) in row.invalid.items():
                found.append(
                    CellMessage(
                        index,
                        self.category_column(category),
                        Severity.ERROR,
                        f"{row.label} : {message}",
                    )
                )
            for violation in row.violations:
                text = violation.message
                if self.name_rows and not text.startswith(row.label):
                    text = f"{row.label} : {text}"
                found.append(
                    CellMessage(
                        index, self.column_of(violation.field or TOTAL), violation.severity, text
                    )
                )
        for violation in self.footer_violations:
            found.append(
                CellMessage(
                    len(self.rows), self.total_column, violation.severity, violation.message
                )
            )
        found.sort(key=lambda m: (m.severity is not Severity.ERROR, m.row))
        return found

    def apply_violations(self, violations: Sequence[Violation]) -> None:
        """Errors the service found (fields « key/name »): shown on their cells."""
        by_key = {str(row.key): row for row in self.rows}
        for violation in violations:
            key, _, name = (violation.field or "").partition("/")
            row = by_key.get(key)
            if row is not None and violation not in row.violations:
                row.violations.append(
                    Violation(violation.code, violation.message, violation.severity, name or TOTAL)
                )
        self._emit_all()

    # Editing ------------------------------------------------------------------------------------
    def set_text(self, row: int, category: HoursCategory, text: str) -> None:
        """What a keystroke, a paste or a clear does to one cell (no signal emitted)."""
        item = self.rows[row]
        try:
            minutes = parse_cell(category, text.strip())
        except ValueError as exc:
            item.invalid[category] = (text, str(exc))
            return
        item.invalid.pop(category, None)
        item.values = item.values.with_value(category, minutes)
        self._totals = None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not self.is_editable(index.row(), index.column()):
            return False
        category = self.category_at(index.column())
        assert category is not None
        self.set_text(index.row(), category, "" if value is None else str(value))
        self.check_rows([index.row()])
        self._emit_all()
        return True

    def paste(self, top: int, left: int, text: str) -> tuple[int, int]:
        """A block copied from a spreadsheet (tabs and new lines) from cell (top, left).

        Returns (cells pasted, cells skipped: read-only or outside the grid)."""
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        pasted = skipped = 0
        touched = []
        for r, line in enumerate(lines):
            for c, cell in enumerate(line.split("\t")):
                row, column = top + r, left + c
                category = self.category_at(column)
                if not self.is_editable(row, column) or category is None:
                    skipped += 1
                    continue
                self.set_text(row, category, cell)
                pasted += 1
                touched.append(row)
        if touched:
            self.check_rows(sorted(set(touched)))
            self._emit_all()
        return pasted, skipped

    def clear(self, cells: Sequence[tuple[int, int]]) -> None:
        touched = []
        for row, column in cells:
            category = self.category_at(column)
            if category is not None and self.is_editable(row, column):
                self.set_text(row, category, "")
                touched.append(row)
        if touched:
            self.check_rows(sorted(set(touched)))
            self._emit_all()

    def _emit_all(self) -> None:
        if self.rowCount():
            last = self.index(self.rowCount() - 1, self.columnCount() - 1)
            emit(self, "dataChanged", (QModelIndex, self.index(0, 0)), (QModelIndex, last))
        self._notify()

    def _notify(self) -> None:
        if self.on_change is not None:
            self.on_change()

    # Qt interface -------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() or not self.rows else len(self.rows) + 1

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self.leads) + len(CATEGORIES) + 1

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _EDITABLE if self.is_editable(index.row(), index.column()) else _SELECTABLE

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = int(Qt.ItemDataRole.DisplayRole),  # Qt hands roles as int
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if section < len(self.leads):
            return self.leads[section].title
        category = self.category_at(section)
        if category is not None:
            return category.label.replace(" ", "\n", 1)  # narrow columns, two lines
        return tr("Total") if section == self.total_column else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Qt asks each painted cell for seven roles, four of which no cell answers: they are
        # turned away first (a month's grid is painted some 2,600 times a screen).
        if role not in _ROLES:
            return None
        row, column = index.row(), index.column()
        rows = self.rows
        if not 0 <= row <= len(rows) or not rows or column < 0:  # an invalid index: row -1
            return None
        if row == len(rows):
            return self._totals_data(column, role)
        item = rows[row]
        offset = column - len(self.leads)
        category = CATEGORIES[offset] if 0 <= offset < len(CATEGORIES) else None
        if role in (_DISPLAY, _EDIT):
            return self._text(item, column, category, role)
        if role == _ALIGNMENT:
            return _RIGHT if offset >= 0 or self.leads[column].align_right else None
        if role == _BACKGROUND:
            return self._background(item, row, column, category)
        if role == _TOOLTIP:
            return self._tooltip(item, row, column, category)
        if role == _FONT and column == self.total_column:
            return _bold()
        return None

    def column_texts(self, column: int) -> list[tuple[str, bool]]:
        """Each row's text in ``column`` (the totals row last) and whether it is bold, as
        ``data`` shows them: the column's width is fitted to them (``fitted_width``)."""
        category = self.category_at(column)
        bold = column == self.total_column
        rows = self.rows
        # Column by column, as ``_text`` answers a cell (a load fits 11 columns of 330 rows).
        if column < len(self.leads):
            key = self.leads[column].key
            texts = [item.label if key == "label" else item.extra.get(key, "") for item in rows]
        elif category is None:
            texts = [minutes_text(item.values.total) for item in rows]
        else:
            name = _NAMES[category]
            texts = [
                item.invalid[category][0]
                if category in item.invalid
                else _blank_zero(item.values.__dict__[name])
                for item in rows
            ]
        found = [(text, bold) for text in texts]
        if rows:
            found.append((self._totals_data(column, Qt.ItemDataRole.DisplayRole), True))
        return found

    def _text(self, item: EditRow, column: int, category: HoursCategory | None, role: int) -> str:
        if column < len(self.leads):
            key = self.leads[column].key
            return item.label if key == "label" else item.extra.get(key, "")
        if category is None:
            return minutes_text(item.values.total)
        if item.invalid and category in item.invalid:
            return item.invalid[category][0]
        return _blank_zero(item.values.__dict__[_NAMES[category]])

    def _cell_name(self, column: int, category: HoursCategory | None) -> str | None:
        if category is not None:
            return category.value
        return TOTAL if column == self.total_column else None

    def _background(
        self, item: EditRow, row: int, column: int, category: HoursCategory | None
    ) -> Any:
        if category is not None and category in item.invalid:
            return ERROR
        if item.violations:  # most rows have none
            name = self._cell_name(column, category)
            found = item.cell_violations(name) if name else []
            if any(v.blocking for v in found):
                return ERROR
            if found:
                return WARNING
        if category is None:
            return None
        if self.read_only or category not in item.editable:
            return READ_ONLY
        if item.values is not item.original and item.values.get(category) != item.original.get(
            category
        ):
            return CHANGED
        return None

    def _tooltip(
        self, item: EditRow, row: int, column: int, category: HoursCategory | None
    ) -> str | None:
        if category is not None and category in item.invalid:
            return item.invalid[category][1]
        name = self._cell_name(column, category)
        messages = [v.message for v in item.cell_violations(name)] if name else []
        if column < len(self.leads):
            messages = [v.message for v in item.violations]
        if not messages and category is not None and not self.is_editable(row, column):
            messages = [item.note] if item.note else []
        return "\n".join(messages) or None

    def _totals_data(self, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.FontRole:
            return _bold()
        if column == self.total_column and self.footer_violations:
            if role == Qt.ItemDataRole.BackgroundRole:
                return ERROR if any(v.blocking for v in self.footer_violations) else WARNING
            if role == Qt.ItemDataRole.ToolTipRole:
                return "\n".join(v.message for v in self.footer_violations)
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= len(self.leads):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return tr("Total")
        if column < len(self.leads):
            return ""
        totals = self.totals()
        category = self.category_at(column)
        return minutes_text(totals.total if category is None else totals.get(category))


def _blank_zero(minutes: int) -> str:
    """``minutes_text(minutes, blank_zero=True)``, its cache asked without a keyword (a
    painted grid asks it for each cell)."""
    return minutes_text(minutes) if minutes else ""


_NAMES = {category: category.value for category in CATEGORIES}  # HoursValues' fields
_BOLD: list[QFont] = []  # made once the application exists (a QFont needs it)


def _bold() -> QFont:
    if not _BOLD:
        font = QFont()
        font.setBold(True)
        _BOLD.append(font)
    return _BOLD[0]


_DISPLAY = int(Qt.ItemDataRole.DisplayRole)  # Qt hands the roles as int
_EDIT = int(Qt.ItemDataRole.EditRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_ROLES = frozenset({_DISPLAY, _EDIT, _ALIGNMENT, _BACKGROUND, _TOOLTIP, _FONT})
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_SELECTABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_EDITABLE = _SELECTABLE | Qt.ItemFlag.ItemIsEditable
