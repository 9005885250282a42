"""Every field of the employee record, grouped as the fiche salarié: identity, contact,
situation, referral. Reads into a ``PersonInput``; errors shown under each field."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTabWidget,
    QWidget,
)

from chantier_app.domain.codes.person_codes import (
    NirMissingReason,
    RsaKind,
)
from chantier_app.domain.errors import ValidationError, Violation
from chantier_app.domain.identity_rules import format_nir, is_temporary_nir
from chantier_app.domain.person_record import (
    BOOL_FIELDS,
    CODE_FIELDS,
    DATE_FIELDS,
    REQUIRED_FIELDS,
    PersonInput,
)
from chantier_app.domain.person_record import FIELD_LABELS as L
from chantier_app.i18n import tr
from chantier_app.services.people.views import FormChoices
from chantier_app.ui.people.fields import CodeCombo, IdCombo, text_or_none
from chantier_app.ui.widgets.forms import DateField, FieldErrors, read_date

_SECTIONS = {
    tr("Identité"): [
        "civility", "usage_name", "birth_name", "first_names", "birth_date", "birth_place",
        "birth_place_code", "birth_country", "nationality", "nir", "nir_missing_reason",
    ],
    tr("Coordonnées"): [
        "address_line1", "address_line2", "postal_code", "city", "address_insee_code",
        "phone", "email",
        "emergency_contact_name", "emergency_contact_phone",
    ],
    tr("Situation"): [
        "ft_registered", "ft_id", "ft_registered_since", "education_level", "rsa", "rsa_band",
        "ass", "ass_band", "aah", "aah_band", "rqth", "lone_parent", "housing", "refugee",
        "released_from_detention", "qpv", "zrr", "mobility", "french_level", "employed",
        "unemployed_band", "resourceless", "social_aid", "ase_exit", "oeth",
    ],
    tr("Orientation et suivi"): ["referrer", "referrer_contact", "cip_id", "team_id", "notes"],
}  # fmt: skip


class PersonForm(QTabWidget):
    """The record's fields on four tabs; ``errors`` places messages under fields."""

    def __init__(self, choices: FormChoices, *, show_nir: bool, general_errors: QLabel) -> None:
        super().__init__()
        self.errors = FieldErrors(general_errors)
        self.widgets: dict[str, QWidget] = {}
        self._tab_of: dict[str, int] = {}
        self._scrolls: list[QScrollArea] = []
        for title, names in _SECTIONS.items():
            page = QWidget()
            form = QFormLayout(page)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
            for name in names:
                if name in ("nir", "nir_missing_reason") and not show_nir:
                    continue
                widget = self._make(name, choices)
                widget.setObjectName(name)
                label = L[name] + (" *" if name in REQUIRED_FIELDS else "")
                self.errors.add_row(form, name, label, widget)
                self.widgets[name] = widget
                self._tab_of[name] = self.count()
            # Scrolled: the « Situation » tab is taller than a 1280×720 screen leaves room for.
            scroll = QScrollArea()
            scroll.setWidget(page)
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            self._scrolls.append(scroll)
            self.addTab(scroll, title)
        self._wire()

    def first_field(self, tab: int) -> QWidget:
        """The first field of ``tab``: where typing starts, not the tab bar."""
        return next(w for name, w in self.widgets.items() if self._tab_of[name] == tab)

    def _make(self, name: str, choices: FormChoices) -> QWidget:
        if name in DATE_FIELDS:
            return DateField()
        if name in BOOL_FIELDS:
            return QCheckBox()
        if name in CODE_FIELDS:
            return CodeCombo(CODE_FIELDS[name], empty=name != "rsa")
        if name == "team_id":
            return IdCombo(choices.teams)
        if name == "cip_id":
            return IdCombo(choices.cips)
        if name == "notes":
            notes = QPlainTextEdit()
            notes.setPlaceholderText(tr("Notes courantes ; jamais de santé ni de justice ici."))
            notes.setTabChangesFocus(True)
            return notes
        edit = QLineEdit()
        if name == "nir":
            edit.setPlaceholderText(tr("15 caractères, ex. 2 90 05 75 056 123 45"))
        return edit

    def _wire(self) -> None:
        """Duration bands only with their resource; a temporary NIR suggests its reason."""
        w = self.widgets
        pairs = [("rsa", "rsa_band"), ("ass", "ass_band"), ("aah", "aah_band")]
        for resource, band in pairs:
            source = w[resource]
            if isinstance(source, CodeCombo):
                source.currentIndexChanged.connect(lambda _=0, b=band: self._sync_bands())
            else:
                source.toggled.connect(lambda _=False, b=band: self._sync_bands())  # type: ignore[attr-defined]
        w["ft_registered"].toggled.connect(lambda _=False: self._sync_bands())  # type: ignore[attr-defined]
        if "nir" in w:
            w["nir"].editingFinished.connect(self._nir_typed)  # type: ignore[attr-defined]
        self._sync_bands()

    def _sync_bands(self) -> None:
        w = self.widgets
        w["rsa_band"].setEnabled(w["rsa"].value() not in (None, RsaKind.NONE))  # type: ignore[attr-defined]
        w["ass_band"].setEnabled(w["ass"].isChecked())  # type: ignore[attr-defined]
        w["aah_band"].setEnabled(w["aah"].isChecked())  # type: ignore[attr-defined]
        registered = w["ft_registered"].isChecked()  # type: ignore[attr-defined]
        w["ft_id"].setEnabled(registered)
        w["ft_registered_since"].setEnabled(registered)

    def _nir_typed(self) -> None:
        reason = self.widgets["nir_missing_reason"]
        if is_temporary_nir(self.widgets["nir"].text()) and reason.value() is None:  # type: ignore[attr-defined]
            reason.set_value(NirMissingReason.TEMPORARY)  # type: ignore[attr-defined]

    # Values ---------------------------------------------------------------------------------
    def set_value(self, data: PersonInput) -> None:
        for name, widget in self.widgets.items():
            value = getattr(data, name)
            if isinstance(widget, DateField):
                widget.set_date(value)
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, CodeCombo | IdCombo):
                widget.set_value(value)
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(value or "")
            elif isinstance(widget, QLineEdit):
                widget.setText(format_nir(value) if name == "nir" else (value or ""))
        self._sync_bands()

    def value(self) -> PersonInput:
        """What the form holds; ValidationError when a date cannot be read."""
        values: dict[str, Any] = {}
        violations: list[Violation] = []
        for name, widget in self.widgets.items():
            if isinstance(widget, DateField):
                values[name] = read_date(widget, name, L[name], violations)
            elif isinstance(widget, QCheckBox):
                values[name] = widget.isChecked()
            elif isinstance(widget, CodeCombo | IdCombo):
                values[name] = widget.value()
            elif isinstance(widget, QPlainTextEdit):
                values[name] = widget.toPlainText().strip() or None
            elif isinstance(widget, QLineEdit):
                values[name] = text_or_none(widget)
        if violations:
            raise ValidationError(violations)
        return PersonInput(**values)

    def show_errors(self, error: ValidationError) -> None:
        """Messages under their fields; the tab of the first one comes to the front."""
        self.errors.show(error)
        for field in error.by_field:
            if field in self._tab_of:
                self.setCurrentIndex(self._tab_of[field])
                self.widgets[field].setFocus()
                self._scrolls[self._tab_of[field]].ensureWidgetVisible(self.widgets[field])
                break
