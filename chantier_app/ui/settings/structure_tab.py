"""« Structure »: the association's settings; read-only unless the direction is logged in."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from chantier_app.domain.errors import AppError, ValidationError
from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.roles_matrix import Permission, allowed
from chantier_app.services.structure import settings
from chantier_app.services.structure.settings import StructureInput
from chantier_app.ui.login.setup_dialog import region_combo
from chantier_app.ui.widgets.forms import FieldErrors

_TEXTS = (
    ("name", tr("Nom * :")), ("siret", tr("SIRET :")), ("address_line1", tr("Adresse :")),
    ("address_line2", tr("Complément :")), ("postal_code", tr("Code postal :")),
    ("city", tr("Ville :")), ("phone", tr("Téléphone :")), ("email", tr("E-mail :")),
    ("director_name", tr("Directeur ou directrice :")),
)  # fmt: skip


def _spin(name: str, suffix: str) -> QSpinBox:
    _low, high, _label = settings.BOUNDS[name]
    spin = QSpinBox()
    spin.setObjectName(name)
    spin.setRange(0, high + 1)  # out-of-range values reach the service, which explains them
    spin.setSuffix(suffix)
    return spin


class StructureTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.can_edit = allowed(ctx.actor, Permission.SETTINGS_EDIT)
        general = QLabel()
        general.setObjectName("generalErrors")
        self.errors = FieldErrors(general)
        self.texts: dict[str, QLineEdit] = {}
        identity = QGroupBox(tr("L'association"))
        form = QFormLayout(identity)
        for name, label in _TEXTS:
            field = QLineEdit()
            field.setObjectName(name)
            self.texts[name] = field
            self.errors.add_row(form, name, label, field)
        work = QGroupBox(tr("Temps de travail et paie"))
        form = QFormLayout(work)
        self.region = region_combo()
        self.errors.add_row(form, "holiday_region", tr("Jours fériés :"), self.region)
        self.fulltime = _spin("annual_fulltime_hours", tr(" h par an"))
        self.errors.add_row(form, "annual_fulltime_hours", tr("Temps plein (ETP) :"), self.fulltime)
        self.wage = QLineEdit()
        self.wage.setObjectName("hourly_wage")
        self.wage.setPlaceholderText(tr("ex. 11,88"))
        self.errors.add_row(form, "hourly_wage", tr("Salaire horaire (€) :"), self.wage)
        privacy = QGroupBox(tr("Données personnelles et sécurité"))
        form = QFormLayout(privacy)
        self.support_years = _spin("retention_support_years", tr(" ans"))
        self.hr_years = _spin("retention_hr_years", tr(" ans"))
        self.idle = _spin("idle_lock_minutes", tr(" min"))
        self.errors.add_row(form, "retention_support_years", tr("Accompagnement gardé :"), self.support_years)  # fmt: skip
        self.errors.add_row(form, "retention_hr_years", tr("Contrats et heures gardés :"), self.hr_years)  # fmt: skip
        self.errors.add_row(form, "idle_lock_minutes", tr("Verrouillage après :"), self.idle)
        self.cip_all = QCheckBox(tr("Tous les CIP voient les notes de santé et de justice"))
        self.cip_all.setObjectName("cip_sees_all_sensitive")
        self.cip_all.setToolTip(
            tr("Sinon, seul le CIP référent de la personne (et la direction) les voit.")
        )
        form.addRow(self.cip_all)
        hint = QLabel(
            tr(
                "Durées recommandées par la CNIL : accompagnement 2 ans après le dernier contact, "
                "contrats et heures 5 ans après le départ."
            )
        )
        hint.setWordWrap(True)
        hint.setEnabled(False)
        form.addRow(hint)

        schedule = QGroupBox(tr("Calendrier d'accompagnement"))
        form = QFormLayout(schedule)
        self.diagnosis = _spin("schedule_diagnosis_months", tr(" mois"))
        self.plan = _spin("schedule_plan_months", tr(" mois"))
        self.renewal = _spin("schedule_renewal_months", tr(" mois avant la fin"))
        self.errors.add_row(form, "schedule_diagnosis_months", tr("Diagnostic dans les :"), self.diagnosis)  # fmt: skip
        self.errors.add_row(form, "schedule_plan_months", tr("Projet professionnel dans les :"), self.plan)  # fmt: skip
        self.errors.add_row(form, "schedule_renewal_months", tr("Bilan avant renouvellement :"), self.renewal)  # fmt: skip
        self.reviews = QCheckBox(tr("Bilans à 3, 6 et 10 mois"))
        self.reviews.setObjectName("schedule_reviews")
        self.follow_ups = QCheckBox(tr("Suivis 3 et 6 mois après la sortie"))
        self.follow_ups.setObjectName("schedule_follow_ups")
        form.addRow(self.reviews)
        form.addRow(self.follow_ups)
        when = QLabel(
            tr("Les entretiens à venir suivent ces réglages dès qu'un contrat est créé ou modifié.")
        )
        when.setWordWrap(True)
        when.setEnabled(False)
        form.addRow(when)

        body = QWidget()
        columns = QHBoxLayout(body)
        left = QVBoxLayout()
        left.addWidget(identity)
        left.addStretch(1)
        columns.addLayout(left, 1)
        right = QVBoxLayout()
        right.addWidget(work)
        right.addWidget(privacy)
        right.addWidget(schedule)
        right.addStretch(1)
        columns.addLayout(right, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(general)
        buttons = QHBoxLayout()
        self.status = QLabel()
        self.status.setObjectName("settingsStatus")
        self.status.setWordWrap(True)
        buttons.addWidget(self.status, 1)
        self.texts_button = QPushButton(tr("Textes des documents…"))
        self.texts_button.setObjectName("documentTexts")
        self.texts_button.setToolTip(
            tr(
                "Modifier le texte du contrat, de l'avenant, de l'attestation et de la fiche de suivi"
            )
        )
        self.texts_button.clicked.connect(self.open_texts)
        self.texts_button.setVisible(self.can_edit and ctx.paths is not None)
        buttons.addWidget(self.texts_button)
        self.save_button = QPushButton(tr("Enregistrer"))
        self.save_button.setObjectName("saveSettings")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        for widget in [*self.texts.values(), self.region, self.fulltime, self.wage,
                       self.support_years, self.hr_years, self.idle, self.cip_all,
                       self.diagnosis, self.plan, self.renewal, self.reviews,
                       self.follow_ups]:  # fmt: skip
            widget.setEnabled(self.can_edit)
        self.save_button.setVisible(self.can_edit)
        if not self.can_edit:
            self.status.setText(tr("Seule la direction modifie les paramètres."))

    def open_texts(self) -> None:
        """The texts copied into the data folder (never over an edited one), then shown."""
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        from chantier_app.services.documents.legal_texts import prepare_texts_folder
        from chantier_app.ui.errors import show_error

        assert self.ctx.paths is not None
        try:
            found = prepare_texts_folder(self.ctx.actor, self.ctx.paths)
        except AppError as error:
            show_error(self, error)
            return
        self.status.setText(
            tr(
                "Textes des documents : {folder}. Modifiez-les avec un éditeur de texte (en "
                "UTF-8) ; ils servent dès la prochaine impression. Un fichier supprimé redonne "
                "le texte d'origine."
            ).format(folder=found.folder)
        )
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(found.folder)))

    def refresh(self) -> None:
        current = self.ctx.read(settings.get_structure)
        if current is None:
            return
        for name, field in self.texts.items():
            field.setText(getattr(current, name) or "")
        self.region.setCurrentIndex(max(0, self.region.findData(current.holiday_region)))
        self.fulltime.setValue(current.annual_fulltime_hours)
        self.wage.setText(current.hourly_wage or "")
        self.support_years.setValue(current.retention_support_years)
        self.hr_years.setValue(current.retention_hr_years)
        self.idle.setValue(current.idle_lock_minutes)
        self.cip_all.setChecked(current.cip_sees_all_sensitive)
        self.diagnosis.setValue(current.schedule_diagnosis_months)
        self.plan.setValue(current.schedule_plan_months)
        self.renewal.setValue(current.schedule_renewal_months)
        self.reviews.setChecked(current.schedule_reviews)
        self.follow_ups.setChecked(current.schedule_follow_ups)
        self.errors.clear()

    def value(self) -> StructureInput:
        return StructureInput(
            **{name: field.text() for name, field in self.texts.items()},
            holiday_region=self.region.currentData(),
            annual_fulltime_hours=self.fulltime.value(),
            hourly_wage=self.wage.text(),
            retention_support_years=self.support_years.value(),
            retention_hr_years=self.hr_years.value(),
            idle_lock_minutes=self.idle.value(),
            cip_sees_all_sensitive=self.cip_all.isChecked(),
            schedule_diagnosis_months=self.diagnosis.value(),
            schedule_plan_months=self.plan.value(),
            schedule_renewal_months=self.renewal.value(),
            schedule_reviews=self.reviews.isChecked(),
            schedule_follow_ups=self.follow_ups.isChecked(),
        )

    def save(self) -> None:
        self.errors.clear()
        try:
            changed = self.ctx.run(settings.save_structure, self.value())
        except ValidationError as error:
            self.errors.show(error)
            self.status.setText("")
            return
        self.status.setText(
            tr("Enregistré : {fields}.").format(fields=", ".join(changed))
            if changed
            else tr("Aucun changement.")
        )
        self.refresh()
