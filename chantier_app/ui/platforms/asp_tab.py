"""The person's « Fiche ASP » tab: each field of the State's employee record as it must be
typed into the Extranet IAE, what is missing or invalid, and where to correct it."""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from chantier_app.domain.asp_fields import AspField, FieldStatus
from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.people import asp_record
from chantier_app.services.roles_matrix import Permission, allowed
from chantier_app.ui.pages import Navigator
from chantier_app.ui.widgets.listview import ListView
from chantier_app.ui.widgets.parts import PersonTab
from chantier_app.ui.widgets.table import Column

_COLOURS = {
    FieldStatus.MISSING: QColor("#B00020"),
    FieldStatus.INVALID: QColor("#B00020"),
    FieldStatus.WARNING: QColor("#9A5B00"),
    FieldStatus.OPTIONAL: QColor("#6B7580"),
}
COLUMNS: list[Column[AspField]] = [
    Column(tr("Rubrique"), lambda f: f.group, sort_key=lambda f: 0),
    Column(tr("Champ de l'Extranet"), lambda f: f.label),
    Column(tr("À saisir"), lambda f: f.value or "—"),
    Column(tr("État"), lambda f: f.status.label, foreground=lambda f: _COLOURS.get(f.status)),
    Column(tr("Ce qu'il faut faire"), lambda f: f.message, tooltip=lambda f: f.message or None),
]
# The person dialog's tab holding each application field (identity, contact, situation…).
_DIALOG_TAB = {"address_line1": 1, "address_line2": 1, "postal_code": 1,
               "address_insee_code": 1, "referrer": 3}  # fmt: skip
_IDENTITY = {"civility", "usage_name", "birth_name", "first_names", "birth_date", "nir",
             "birth_place_code", "birth_country"}  # fmt: skip


class AspRecordTab(PersonTab):
    loads_when_built = True

    def __init__(self, ctx: AppContext, nav: Navigator, person_id: int) -> None:
        super().__init__()
        self.ctx, self.nav, self.person_id = ctx, nav, person_id
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setObjectName("asp_summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.list: ListView[AspField] = ListView(COLUMNS, "asp_fields", widths=[130, 250, 230, 90])
        self.list.row_activated.connect(lambda _f: self._copy())
        layout.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        hint = QLabel(tr("Double-clic ou Ctrl+C : copie la valeur à coller dans l'Extranet IAE."))
        hint.setObjectName("asp_hint")
        buttons.addWidget(hint, 1)
        self.copy_button = QPushButton(tr("Copier la valeur"))
        self.copy_button.setObjectName("asp_copy")
        self.copy_button.clicked.connect(self._copy)
        self.edit_button = QPushButton(tr("Corriger dans le dossier…"))
        self.edit_button.setObjectName("asp_edit")
        self.edit_button.setEnabled(allowed(ctx.actor, Permission.PEOPLE_EDIT))
        self.edit_button.clicked.connect(self._edit)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.edit_button)
        layout.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Copy, self.list, activated=self._copy)
        self.refresh()

    def refresh(self) -> None:
        view = self.ctx.read(asp_record.employee_record, self.person_id)
        record = view.record
        self.list.set_rows(record.fields)
        missing = sum(1 for f in record.problems if f.status is FieldStatus.MISSING)
        invalid = len(record.problems) - missing
        if record.complete:
            text = tr("Fiche complète : prête à saisir dans l'Extranet IAE.")
            if record.warnings:
                text += " " + tr("{n} champ(s) à vérifier.").format(n=len(record.warnings))
        else:
            text = tr(
                "Fiche incomplète : {missing} champ(s) manquant(s), {invalid} invalide(s). "
                "L'Extranet IAE refusera la fiche tant qu'ils ne sont pas corrigés."
            ).format(missing=missing, invalid=invalid)
        self.summary.setText(f"<b>{text}</b>")
        if record.problems:
            self.list.select_row(record.problems[0])

    def show_person(self, person_id: int) -> bool:
        self.person_id = person_id
        self.refresh()
        return True

    def _copy(self) -> None:
        field = self.list.selected()
        if field is not None and field.value:
            # « 75056 (département 075) »: the code alone is what the Extranet takes.
            QGuiApplication.clipboard().setText(field.value.split(" – ")[0].split(" (")[0])

    def _edit(self) -> None:
        field = self.list.selected()
        source = field.source if field else None
        if source in ("pass", None):
            if source == "pass":
                self.nav.open_person(self.person_id, "eligibility")
            return
        if source == "structure":
            self.nav.show_page("settings")
            return
        from chantier_app.ui.people.person_dialog import PersonDialog

        tab = _DIALOG_TAB.get(source, 0 if source in _IDENTITY else 2)
        dialog = PersonDialog(self.ctx, self.person_id, parent=self, tab=tab)
        if dialog.exec():
            self.refresh()
            self.changed.emit()
