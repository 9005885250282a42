"""The first start: the structure (name, SIRET, address, holidays) and the director's account."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from chantier_app import APP_DISPLAY_NAME
from chantier_app.domain.errors import AppError, ValidationError
from chantier_app.domain.password_rules import MIN_LENGTH
from chantier_app.i18n import tr
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.structure import settings
from chantier_app.services.structure.settings import SetupInput, StructureInput
from chantier_app.ui.errors import show_error
from chantier_app.ui.login.dialogs import password_field
from chantier_app.ui.widgets.forms import FieldErrors

if TYPE_CHECKING:
    from chantier_app.db.engine import Database
    from chantier_app.paths import AppPaths


def region_combo() -> QComboBox:
    combo = QComboBox()
    combo.setObjectName("holiday_region")
    for code, label in settings.HOLIDAY_REGIONS:
        combo.addItem(label, code)
    return combo


def _line(name: str, placeholder: str = "") -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setPlaceholderText(placeholder)
    return field


class SetupDialog(QDialog):
    """Accepted once the structure and the director exist; ``actor`` is the director."""

    def __init__(
        self, database: Database, parent: QWidget | None = None, paths: AppPaths | None = None
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.paths = paths
        self.actor: Actor | None = None
        self.setObjectName("setupDialog")
        self.setWindowTitle(tr("Première mise en route — {app}").format(app=APP_DISPLAY_NAME))
        layout = QVBoxLayout(self)
        intro = QLabel(
            tr(
                "<h2>Bienvenue</h2>Décrivez votre structure et créez le compte de la direction. "
                "La direction ajoutera ensuite les comptes des CIP et des encadrants."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        general = QLabel()
        self.errors = FieldErrors(general)
        columns = QHBoxLayout()
        columns.addWidget(self._structure_box(), 1)
        columns.addWidget(self._director_box(), 1)
        layout.addLayout(columns)
        # Offered and recommended: NIRs, health and justice notes leave with a lost laptop.
        self.encrypt = QCheckBox(
            tr(
                "Chiffrer les données (recommandé) : un ordinateur ou une clé USB perdus ne "
                "révèlent rien ; une feuille de secours à imprimer suit."
            )
        )
        self.encrypt.setObjectName("encrypt")
        self.encrypt.setChecked(paths is not None)
        self.encrypt.setVisible(paths is not None)
        layout.addWidget(self.encrypt)
        layout.addWidget(general)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(tr("Créer la structure"))
        ok.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Quitter"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(820)

    def _structure_box(self) -> QGroupBox:
        box = QGroupBox(tr("La structure"))
        form = QFormLayout(box)
        self.name = _line("name", tr("ex. Les Ateliers du Canal"))
        self.siret = _line("siret", tr("14 chiffres"))
        self.address = _line("address_line1")
        self.postal_code = _line("postal_code")
        self.city = _line("city")
        self.region = region_combo()
        rows = [
            ("name", tr("Nom * :"), self.name),
            ("siret", tr("SIRET :"), self.siret),
            ("address_line1", tr("Adresse :"), self.address),
            ("postal_code", tr("Code postal :"), self.postal_code),
            ("city", tr("Ville :"), self.city),
            ("holiday_region", tr("Jours fériés :"), self.region),
        ]
        for field, label, widget in rows:
            self.errors.add_row(form, field, label, widget)
        return box

    def _director_box(self) -> QGroupBox:
        box = QGroupBox(tr("Le compte de la direction"))
        form = QFormLayout(box)
        self.last_name = _line("last_name")
        self.first_name = _line("first_name")
        self.login = _line("login", tr("ex. i.moreau"))
        self.password = password_field("password")
        self.confirmation = password_field("confirmation")
        rows = [
            ("last_name", tr("Nom * :"), self.last_name),
            ("first_name", tr("Prénom * :"), self.first_name),
            ("login", tr("Identifiant * :"), self.login),
            ("password", tr("Mot de passe * :"), self.password),
            ("confirmation", tr("Confirmation * :"), self.confirmation),
        ]
        for field, label, widget in rows:
            self.errors.add_row(form, field, label, widget)
        rules = QLabel(
            tr("Au moins {n} caractères, des lettres et un chiffre ou un signe.").format(
                n=MIN_LENGTH
            )
        )
        rules.setWordWrap(True)
        rules.setEnabled(False)
        form.addRow(rules)
        return box

    def value(self) -> SetupInput:
        structure = StructureInput(
            name=self.name.text(),
            siret=self.siret.text(),
            address_line1=self.address.text(),
            postal_code=self.postal_code.text(),
            city=self.city.text(),
            holiday_region=self.region.currentData(),
        )
        return SetupInput(
            structure,
            self.last_name.text(),
            self.first_name.text(),
            self.login.text(),
            self.password.text(),
            self.confirmation.text(),
        )

    def save(self) -> None:
        self.errors.clear()
        try:
            self.actor = AppContext(self.database, Actor.system()).run(
                settings.first_setup, self.value()
            )
        except ValidationError as error:
            self.errors.show(error)
            return
        if self.paths is not None and self.encrypt.isChecked():
            self.encrypt_now(self.password.text())
        self.password.clear()
        self.confirmation.clear()
        self.accept()

    def encrypt_now(self, password: str) -> None:
        """The structure exists: its data are encrypted, then the recovery sheet is shown.
        A failure leaves them clear (said, not fatal: Paramètres can encrypt them later)."""
        from chantier_app.services.safety import encryption
        from chantier_app.ui.safety.recovery_sheet_dialog import RecoverySheetDialog

        assert self.paths is not None and self.actor is not None
        try:
            done = encryption.encrypt_data(self.paths, self.database, self.actor, password)
        except AppError as error:
            show_error(self, error, title=tr("Données non chiffrées"))
            return
        self.sheet = RecoverySheetDialog(self.database, done, self)
        self.sheet.exec()
