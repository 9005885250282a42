"""The people import's « Colonnes » step: the file's headers against the record's fields (a
combo per field, filled in by the automatic matching or the last file's choice), a value
for a field the file has no column for, and the file's first rows to see what each holds."""

from __future__ import annotations

import json

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from chantier_app.domain.person_record import CODE_FIELDS, FIELD_LABELS, REQUIRED_FIELDS
from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.people.import_mapping import ColumnMapping, FileSample, automatic_mapping
from chantier_app.ui.widgets.remembered import interface_settings
from chantier_app.ui.widgets.table import Column, RowTableModel

_KEY = "people_import/columns"  # the last file's choice: {"columns": {…}, "defaults": {…}}


class ColumnsStep(QWidget):
    """Edits a ColumnMapping for one file; ``mapping()`` reads it, ``remember()`` keeps it."""

    def __init__(self, ctx: AppContext, sample: FileSample, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.sample = sample
        layout = QVBoxLayout(self)
        intro = QLabel(
            tr(
                "Les en-têtes du fichier ne correspondent pas tous aux champs de la fiche "
                "salarié. Choisissez la colonne du fichier qui remplit chaque champ ; pour un "
                "champ sans colonne, une valeur par défaut sera donnée à chaque ligne."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        fields = QWidget()
        form = QFormLayout(fields)
        self.combos: dict[str, QComboBox] = {}
        self.defaults: dict[str, QLineEdit] = {}
        chosen, defaults = self._start()
        for name, label in FIELD_LABELS.items():
            combo = QComboBox()
            combo.setObjectName(f"column_{name}")
            combo.addItem(tr("(aucune colonne)"), None)
            for header in sample.headers:
                combo.addItem(header, header)
            if name in chosen:
                combo.setCurrentIndex(combo.findData(chosen[name]))
            default = QLineEdit(defaults.get(name, ""))
            default.setObjectName(f"default_{name}")
            default.setPlaceholderText(self._hint(name))
            combo.currentIndexChanged.connect(
                lambda _i, c=combo, d=default: d.setEnabled(c.currentData() is None)
            )
            default.setEnabled(combo.currentData() is None)
            row = QHBoxLayout()
            row.addWidget(combo, 1)
            row.addWidget(default, 1)
            star = " *" if name in REQUIRED_FIELDS else ""
            form.addRow(f"{label}{star} :", row)
            self.combos[name], self.defaults[name] = combo, default
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(fields)
        layout.addWidget(scroll, 2)
        layout.addWidget(QLabel(tr("Premières lignes du fichier :")))
        columns: list[Column[list[str]]] = [
            Column(header, lambda r, i=i: r[i] if i < len(r) else "")
            for i, header in enumerate(sample.headers)
        ]
        self.rows_model: RowTableModel[list[str]] = RowTableModel(columns, sample.rows)
        self.rows_view = QTableView()
        self.rows_view.setObjectName("fileRows")
        self.rows_view.setModel(self.rows_model)
        self.rows_view.verticalHeader().hide()
        layout.addWidget(self.rows_view, 1)

    @staticmethod
    def _hint(name: str) -> str:
        if name in CODE_FIELDS:
            labels = [member.label for member in CODE_FIELDS[name]]
            return tr("valeur par défaut, parmi : {values}").format(values=" ; ".join(labels))
        return tr("valeur par défaut (facultatif)")

    def _start(self) -> tuple[dict[str, str], dict[str, str]]:
        """The automatic matching, where the last file's choice does not name a header of
        this one; the last file's default values."""
        chosen = automatic_mapping(self.sample.headers)
        raw = interface_settings(self.ctx).value(_KEY, "")
        try:
            kept = json.loads(str(raw)) if raw else {}
        except ValueError:
            kept = {}
        remembered = kept.get("columns", {}) if isinstance(kept, dict) else {}
        for name, header in remembered.items():
            if name in FIELD_LABELS and header in self.sample.headers:
                chosen = {n: h for n, h in chosen.items() if h != header}
                chosen[name] = header
        defaults = kept.get("defaults", {}) if isinstance(kept, dict) else {}
        valid = {n: str(v) for n, v in defaults.items() if n in FIELD_LABELS and n not in chosen}
        return chosen, valid

    def mapping(self) -> ColumnMapping:
        columns = {n: c.currentData() for n, c in self.combos.items() if c.currentData()}
        defaults = {
            n: d.text().strip()
            for n, d in self.defaults.items()
            if n not in columns and d.text().strip()
        }
        return ColumnMapping(columns, defaults)

    def remember(self) -> None:
        """Kept for the next file (per installation, with the window's other settings)."""
        mapping = self.mapping()
        settings = interface_settings(self.ctx)
        settings.setValue(
            _KEY, json.dumps({"columns": dict(mapping.columns), "defaults": dict(mapping.defaults)})
        )
        settings.sync()
