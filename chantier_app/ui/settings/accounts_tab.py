"""« Comptes » (direction): the staff's accounts, their roles and teams, password resets."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from chantier_app.domain.codes.person_codes import Civility
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.people import views as people_views
from chantier_app.services.structure import staff
from chantier_app.services.structure.staff import AccountInput, AccountView, NewPassword
from chantier_app.ui.widgets.forms import FormDialog, line_edit
from chantier_app.ui.widgets.table import Column, RowTableModel, table_view

COLUMNS: list[Column[AccountView]] = [
    Column(tr("Nom"), lambda a: f"{a.last_name.upper()} {a.first_name}"),
    Column(tr("Rôle"), lambda a: a.role_title),
    Column(tr("Identifiant"), lambda a: a.login or ""),
    Column(tr("Équipes"), lambda a: ", ".join(a.team_names)),
    Column(
        tr("État"),
        lambda a: (
            tr("désactivé")
            if not a.active
            else (tr("mot de passe provisoire") if a.must_change_password else tr("actif"))
        ),
    ),
    Column(
        tr("Dernière connexion"),
        lambda a: a.last_login_at.strftime("%d/%m/%Y %H:%M") if a.last_login_at else "",
        sort_key=lambda a: a.last_login_at,
    ),
]


class AccountDialog(FormDialog):
    """A new account (a temporary password is shown once) or a change of an account."""

    def __init__(self, ctx: AppContext, account: AccountView | None, parent: QWidget) -> None:
        super().__init__(ctx, tr("Compte") if account else tr("Nouveau compte"), parent)
        self.setMinimumWidth(460)
        self.account = account
        self.new_password: NewPassword | None = None
        a = account
        self.last_name = line_edit("last_name", a.last_name if a else "")
        self.first_name = line_edit("first_name", a.first_name if a else "")
        # The role's title follows it: « Directrice », « Encadrante technique » for Mme.
        self.civility = QComboBox()
        self.civility.setObjectName("civility")
        self.civility.addItem(tr("Non précisée"), None)
        for civility in Civility:
            self.civility.addItem(civility.label, civility.value)
        if a and a.civility:
            self.civility.setCurrentIndex(self.civility.findData(a.civility.value))
        self.role = QComboBox()
        self.role.setObjectName("role")
        for role in (Role.CIP, Role.SUPERVISOR, Role.DIRECTION):
            self.role.addItem(role.label, role.value)
        if a:
            self.role.setCurrentIndex(self.role.findData(a.role.value))
        self.login = line_edit("login", a.login if a else "")
        self.email = line_edit("email", a.email if a else "")
        self.phone = line_edit("phone", a.phone if a else "")
        self.teams = QListWidget()
        self.teams.setObjectName("team_ids")
        chosen = set(a.team_ids) if a else set()
        for choice in ctx.read(people_views.form_choices).teams:
            item = QListWidgetItem(choice.label)
            item.setData(Qt.ItemDataRole.UserRole, choice.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if choice.id in chosen else Qt.CheckState.Unchecked)  # fmt: skip
            self.teams.addItem(item)
        self.teams.setMaximumHeight(120)
        self.active = QCheckBox(tr("Compte actif"))
        self.active.setObjectName("active")
        self.active.setChecked(a.active if a else True)
        for field, label, widget in (
            ("civility", tr("Civilité :"), self.civility),
            ("last_name", tr("Nom * :"), self.last_name),
            ("first_name", tr("Prénom * :"), self.first_name),
            ("role", tr("Rôle * :"), self.role),
            ("login", tr("Identifiant * :"), self.login),
            ("email", tr("E-mail :"), self.email),
            ("phone", tr("Téléphone :"), self.phone),
            ("team_ids", tr("Équipes (encadrant) :"), self.teams),
        ):
            self.errors.add_row(self.form, field, label, widget)
        self.form.addRow(self.active)
        self.role.currentIndexChanged.connect(self._role_changed)
        self._role_changed()
        self.finish_layout()

    def _role_changed(self) -> None:
        self.teams.setEnabled(self.role.currentData() == Role.SUPERVISOR.value)

    def value(self) -> AccountInput:
        role = Role(self.role.currentData())
        code = self.civility.currentData()
        civility = Civility(code) if code else None
        teams = [
            self.teams.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.teams.count())
            if self.teams.item(i).checkState() == Qt.CheckState.Checked
        ]
        return AccountInput(
            self.last_name.text(), self.first_name.text(), role, self.login.text(),
            self.email.text(), self.phone.text(), teams if role is Role.SUPERVISOR else [],
            self.active.isChecked(), civility,
        )  # fmt: skip

    def submit(self) -> int:
        if self.account is None:
            self.new_password = self.ctx.run(staff.create_account, self.value())
            return self.new_password.staff_id
        saved = self.ctx.run(staff.update_account, self.account.id, self.value())
        self.new_password = saved.new_password  # re-enabled in an encrypted folder
        return saved.id


def show_temporary_password(parent: QWidget, name: str, new: NewPassword) -> None:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(tr("Mot de passe provisoire"))
    box.setText(
        tr(
            "Mot de passe provisoire de <b>{name}</b> (identifiant « {login} ») :"
            "<p style='font-size:15pt'><b>{password}</b></p>"
            "Donnez-le à la personne de vive voix ou sur papier. Il ne sera plus affiché ; "
            "elle devra le changer à sa première connexion."
        ).format(name=name, login=new.login, password=new.temporary_password)
    )
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.exec()


class AccountsTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.model: RowTableModel[AccountView] = RowTableModel(COLUMNS, [], self)
        self.view = table_view("accounts", self.model)
        self.new_button = QPushButton(tr("Nouveau compte…"))
        self.edit_button = QPushButton(tr("Modifier…"))
        self.reset_button = QPushButton(tr("Réinitialiser le mot de passe…"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.new_button, self.edit_button, self.reset_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.new_button.clicked.connect(lambda: self.edit(None))
        self.edit_button.clicked.connect(lambda: self.edit(self.current()))
        self.reset_button.clicked.connect(self.reset)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.view.doubleClicked.connect(lambda _i: self.edit(self.current()))

    def refresh(self) -> None:
        self.model.set_rows(self.ctx.read(staff.list_accounts))
        self.view.resizeColumnsToContents()
        self._update_buttons()

    def current(self) -> AccountView | None:
        selected = self.view.selectionModel().selectedRows()
        return self.model.row(selected[0].row()) if selected else None

    def _update_buttons(self) -> None:
        account = self.current()
        self.edit_button.setEnabled(account is not None)
        self.reset_button.setEnabled(account is not None and account.id != self.ctx.actor.staff_id)

    def edit(self, account: AccountView | None) -> None:
        dialog = AccountDialog(self.ctx, account, self)
        if dialog.exec():
            if dialog.new_password is not None:
                name = f"{dialog.first_name.text()} {dialog.last_name.text()}"
                show_temporary_password(self, name, dialog.new_password)
            self.refresh()

    def reset(self) -> None:
        account = self.current()
        if account is None:
            return
        answer = QMessageBox.question(
            self,
            tr("Réinitialiser le mot de passe"),
            tr(
                "Donner un mot de passe provisoire à {name} ? L'ancien ne fonctionnera plus."
            ).format(name=account.display_name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        show_temporary_password(self, account.display_name, self.ctx.run(staff.reset_password, account.id))  # fmt: skip
        self.refresh()
