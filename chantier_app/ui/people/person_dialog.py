"""Create or edit a person: the whole record, errors under the fields, duplicates offered."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from chantier_app.domain.errors import DuplicateError, StaleEditError, ValidationError
from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.people import records as people
from chantier_app.services.people import views as people_views
from chantier_app.services.roles_matrix import Permission, allowed
from chantier_app.ui.people.person_form import PersonForm


class PersonDialog(QDialog):
    """``person_id`` None creates; ``saved_id`` holds the record's id once saved."""

    def __init__(
        self,
        ctx: AppContext,
        person_id: int | None = None,
        *,
        parent: QWidget | None = None,
        open_existing: Callable[[int], None] | None = None,
        tab: int = 0,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person_id = person_id
        self.saved_id: int | None = None
        self.loaded_version: int | None = None  # handed back at save: a stale edit is refused
        self.open_existing = open_existing
        self.setWindowTitle(tr("Nouveau salarié") if person_id is None else tr("Modifier la fiche"))
        self.setObjectName("personDialog")
        layout = QVBoxLayout(self)
        intro = QLabel(tr("Les champs marqués * sont obligatoires."))
        layout.addWidget(intro)
        general = QLabel()
        general.setObjectName("generalErrors")
        choices = ctx.read(people_views.form_choices)
        self.form = PersonForm(
            choices, show_nir=allowed(ctx.actor, Permission.NIR_VIEW), general_errors=general
        )
        layout.addWidget(self.form, 1)
        layout.addWidget(general)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(tr("Enregistrer"))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setDefault(True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if person_id is not None:
            view = ctx.read(people_views.get_person, person_id)
            self.form.set_value(view.record)
            self.loaded_version = view.version
            self.setWindowTitle(tr("Modifier la fiche de {name}").format(name=view.display_name))
        self.form.setCurrentIndex(tab)
        self.form.first_field(tab).setFocus()  # typing starts in the field, not on the tabs
        self.resize(680, 640)  # fits a 1280×720 screen with its taskbar; tabs scroll

    def save(self) -> None:
        self.form.errors.clear()
        try:
            data = self.form.value()
            if self.person_id is None:
                self.saved_id = self.ctx.run(people.create_person, data)
            else:
                self.ctx.run(
                    people.update_person,
                    self.person_id,
                    data,
                    expected_version=self.loaded_version,
                )
                self.saved_id = self.person_id
        except DuplicateError as duplicate:
            self.form.show_errors(duplicate)
            self._offer_existing(duplicate)
            return
        except ValidationError as error:
            self.form.show_errors(error)
            return
        except StaleEditError as stale:
            # Above the buttons, the form kept as typed: what to copy before reloading.
            self.form.show_errors(ValidationError(stale.message))
            return
        self.accept()

    def _offer_existing(self, duplicate: DuplicateError) -> None:
        if self.open_existing is None:
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(tr("Personne déjà enregistrée"))
        box.setText(duplicate.message)
        open_button = box.addButton(tr("Ouvrir son dossier"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(tr("Revenir à la saisie"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(open_button)
        box.exec()
        if box.clickedButton() is open_button:
            self.reject()
            self.open_existing(duplicate.existing_id)
