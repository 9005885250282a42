"""The Identité and Situation tabs: the record as read, and « Modifier… » to change it."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from chantier_app.domain.codes import CodeEnum
from chantier_app.domain.fr_format import format_date, format_number
from chantier_app.domain.identity_rules import format_nir
from chantier_app.domain.person_record import FIELD_LABELS as L
from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.people import views as people_views
from chantier_app.services.people.views import PersonView
from chantier_app.services.roles_matrix import Permission, allowed
from chantier_app.ui.pages import Navigator
from chantier_app.ui.widgets.parts import PersonTab

_NOT_GIVEN = tr("non renseigné")


def _text(view: PersonView, name: str) -> str:
    record = view.record
    value = getattr(record, name)
    if name == "nir":
        if view.nir_hidden:
            return tr("masqué (réservé à la direction et aux CIP)")
        return format_nir(value) if value else tr("absent")
    if name == "cip_id":
        return view.cip_name or _NOT_GIVEN
    if name == "team_id":
        return view.team_name or _NOT_GIVEN
    if name == "birth_date" and value is not None:
        return tr("{date} ({age} ans)").format(date=format_date(value), age=view.age)
    if isinstance(value, bool):
        return tr("oui") if value else tr("non")
    if isinstance(value, CodeEnum):
        return value.label
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, int):
        return format_number(value)
    return value or _NOT_GIVEN


class RecordTab(PersonTab):
    """Groups of fields shown read-only; ``changed`` is emitted after an edit."""

    GROUPS: ClassVar[dict[str, list[str]]] = {}
    DIALOG_TAB = 0

    def __init__(self, ctx: AppContext, nav: Navigator, person_id: int) -> None:
        super().__init__()
        self.ctx = ctx
        self.nav = nav
        self.person_id = person_id
        self.values: dict[str, QLabel] = {}
        self._offered: PersonView | None = None
        outer = QVBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        row = QHBoxLayout(body)
        columns = [QVBoxLayout(), QVBoxLayout()]
        for column in columns:
            row.addLayout(column, 1)
        for index, (title, names) in enumerate(self.GROUPS.items()):
            box = QGroupBox(title)
            form = QFormLayout(box)
            for name in names:
                label = QLabel()
                label.setObjectName(f"value_{name}")
                label.setWordWrap(True)
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                form.addRow(L[name] + " :", label)
                self.values[name] = label
            columns[index % 2].addWidget(box)
        for column in columns:
            column.addStretch(1)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.edit_button = QPushButton(tr("Modifier…"))
        self.edit_button.setObjectName("editRecord")
        self.edit_button.setEnabled(allowed(ctx.actor, Permission.PEOPLE_EDIT))
        self.edit_button.clicked.connect(self.edit)
        buttons.addWidget(self.edit_button)
        outer.addLayout(buttons)

    def offer_view(self, view: object) -> None:
        # Offered before show_person() says whose file it is: refresh() checks the person.
        self._offered = view if isinstance(view, PersonView) else None

    def refresh(self) -> None:
        # The header's record, read a moment ago in the same action (opening the file), or
        # read now: a tab shown later reads anew what other tabs may have changed.
        view, self._offered = self._offered, None
        if view is None or view.id != self.person_id:
            view = self.ctx.read(people_views.get_person, self.person_id)
        for name, label in self.values.items():
            text = _text(view, name)
            label.setText(text)
            label.setEnabled(text != _NOT_GIVEN)

    def show_person(self, person_id: int) -> bool:
        """The person's file shows another person: this tab, their data (read now)."""
        self.person_id = person_id
        self.refresh()
        return True

    def edit(self) -> None:
        from chantier_app.ui.people.person_dialog import PersonDialog

        dialog = PersonDialog(
            self.ctx,
            self.person_id,
            parent=self,
            open_existing=lambda pid: self.nav.open_person(pid),
            tab=self.DIALOG_TAB,
        )
        if dialog.exec():
            self.refresh()
            self.changed.emit()


class IdentityTab(RecordTab):
    GROUPS: ClassVar[dict[str, list[str]]] = {
        tr("État civil"): [
            "civility", "usage_name", "birth_name", "first_names", "birth_date",
            "birth_place", "birth_place_code", "birth_country", "nationality", "nir",
            "nir_missing_reason",
        ],
        tr("Coordonnées"): [
            "address_line1", "address_line2", "postal_code", "city", "address_insee_code",
            "phone", "email", "emergency_contact_name", "emergency_contact_phone",
        ],
    }  # fmt: skip
    DIALOG_TAB = 0


class SituationTab(RecordTab):
    GROUPS: ClassVar[dict[str, list[str]]] = {
        tr("Emploi et ressources"): [
            "ft_registered", "ft_id", "ft_registered_since", "education_level", "rsa",
            "rsa_band", "ass", "ass_band", "aah", "aah_band", "employed", "unemployed_band",
            "resourceless", "social_aid",
        ],
        tr("Orientation et suivi"): ["referrer", "referrer_contact", "cip_id", "team_id", "notes"],
        tr("Situation personnelle"): [
            "rqth", "lone_parent", "housing", "refugee", "released_from_detention", "qpv",
            "zrr", "mobility", "french_level", "ase_exit", "oeth",
        ],
    }  # fmt: skip
    DIALOG_TAB = 2
