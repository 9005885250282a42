"""Paramètres → « Base de données partagée » (direction): the PostgreSQL server several
offices share, instead of this PC's file. « Tester la connexion » reaches it in the
background and says, in French, whether it answers, at which schema, over TLS or not;
« Enregistrer » writes the address beside the data (the password to the keyring only) for
the next start; « Revenir au fichier local » removes it."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from chantier_app.domain.errors import AppError, ValidationError, Violation
from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.safety import keys
from chantier_app.services.safety import shared_database as shared
from chantier_app.services.safety.shared_database import (
    SSL_MODES,
    ServerReport,
    ServerTarget,
    ServerUrlError,
)
from chantier_app.ui.errors import show_error
from chantier_app.ui.widgets.forms import ERROR_STYLE, FieldErrors, line_edit
from chantier_app.ui.widgets.jobs import Job, Progress, run_job

MODE_LABELS = {
    "verify-full": "verify-full : certificat et nom du serveur vérifiés (recommandé)",
    "verify-ca": "verify-ca : certificat vérifié, pas le nom du serveur",
    "require": "require : chiffré, certificat non vérifié (ce poste seulement)",
    "prefer": "prefer : chiffré si le serveur le propose (ce poste seulement)",
    "allow": "allow : en clair sauf si le serveur exige TLS (ce poste seulement)",
    "disable": "disable : jamais chiffré (ce poste seulement)",
}
RESULT_OK_STYLE = "color: #1b5e20;"


def copies_text(encrypted: bool) -> str:
    """Whether the copies of the server this PC writes are encrypted (``db/server_copy``:
    with the folder's data key when the folder is encrypted, else clear as its file)."""
    if encrypted:
        return tr(
            "Les copies de la base partagée que ce poste écrit (sauvegardes, copie avant une "
            "migration, pg_dump) sont chiffrées avec la clé de ce dossier."
        )
    return tr(
        "Les copies de la base partagée que ce poste écrit (sauvegardes, copie avant une "
        "migration, pg_dump) sont en clair, comme les données de ce dossier : elles "
        "contiennent les NIR et les notes. Pour les chiffrer, chiffrez ce dossier (onglet "
        "« Chiffrement ») pendant qu'il travaille sur son fichier, puis enregistrez le serveur."
    )


class ServerTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.setObjectName("serverTab")
        self.ctx = ctx
        self.job: Job[Any] | None = None
        intro = QLabel(
            tr(
                "Plusieurs postes peuvent travailler sur les mêmes données, rangées sur un "
                "serveur PostgreSQL de l'association, au lieu du fichier de ce poste. Le mot "
                "de passe est gardé dans le trousseau du système, ou demandé à l'ouverture : "
                "jamais dans le dossier des données."
            )
        )
        intro.setWordWrap(True)
        self.current = QLabel()
        self.current.setObjectName("serverCurrent")
        self.current.setWordWrap(True)
        self.copies = QLabel()
        self.copies.setObjectName("serverCopies")
        self.copies.setWordWrap(True)
        box = QGroupBox(tr("Serveur PostgreSQL"))
        form = QFormLayout(box)
        general = QLabel()
        general.setObjectName("serverGeneralError")
        self.errors = FieldErrors(general)
        self.host = line_edit("serverHost")
        self.host.setPlaceholderText(tr("serveur.asso.fr"))
        self.port = line_edit("serverPort")
        self.port.setPlaceholderText("5432")
        self.port.setMaximumWidth(90)
        self.database_name = line_edit("serverDatabase")
        self.user = line_edit("serverUser")
        self.sslmode = QComboBox()
        self.sslmode.setObjectName("serverSslmode")
        for mode in SSL_MODES[::-1]:  # the verifying modes first
            self.sslmode.addItem(tr(MODE_LABELS[mode]), mode)
        self.rootcert = line_edit("serverRootcert")
        self.rootcert.setPlaceholderText(tr("fichier .crt ou .pem de l'autorité (CA)"))
        browse = QPushButton(tr("Parcourir…"))
        browse.setObjectName("serverBrowseRootcert")
        browse.clicked.connect(self.choose_rootcert)
        rootcert_row = QWidget()
        rootcert_layout = QHBoxLayout(rootcert_row)
        rootcert_layout.setContentsMargins(0, 0, 0, 0)
        rootcert_layout.addWidget(self.rootcert, 1)
        rootcert_layout.addWidget(browse)
        self.password = QLineEdit()
        self.password.setObjectName("serverPasswordField")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.errors.add_row(form, "host", tr("Hôte :"), self.host)
        self.errors.add_row(form, "port", tr("Port :"), self.port)
        self.errors.add_row(form, "database", tr("Base :"), self.database_name)
        self.errors.add_row(form, "user", tr("Utilisateur :"), self.user)
        self.errors.add_row(form, "sslmode", tr("Mode TLS :"), self.sslmode)
        self.errors.add_row(form, "sslrootcert", tr("Certificat de l'autorité :"), rootcert_row)
        form.addRow(tr("Mot de passe :"), self.password)
        self.password_note = QLabel()
        self.password_note.setObjectName("serverPasswordNote")
        self.password_note.setWordWrap(True)
        form.addRow("", self.password_note)
        self.test_button = QPushButton(tr("&Tester la connexion"))
        self.test_button.setObjectName("serverTest")
        self.test_button.clicked.connect(self.test_connection)
        self.save_button = QPushButton(tr("&Enregistrer"))
        self.save_button.setObjectName("serverSave")
        self.save_button.clicked.connect(self.save)
        self.local_button = QPushButton(tr("Revenir au fichier &local"))
        self.local_button.setObjectName("serverBackToFile")
        self.local_button.clicked.connect(self.back_to_file)
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.local_button)
        self.result = QLabel()
        self.result.setObjectName("serverResult")
        self.result.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.current)
        layout.addWidget(self.copies)
        layout.addWidget(box)
        layout.addWidget(general)
        layout.addLayout(buttons)
        layout.addWidget(self.result)
        layout.addStretch(1)

    # What the form shows ----------------------------------------------------------------
    def refresh(self) -> None:
        paths = self.ctx.paths
        assert paths is not None  # the page adds this tab only with a data folder
        database = self.ctx.database
        server = shared.running_server(database)
        if database.path is not None:
            self.current.setText(
                tr("Ce poste travaille sur le fichier local {path}.").format(path=database.path)
            )
        elif server is not None:
            self.current.setText(
                tr("Ce poste travaille sur la base partagée : {where}.").format(
                    where=server.describe()
                )
            )
        else:
            self.current.setText(tr("Ce poste travaille sur la base partagée d'un serveur."))
        self.copies.setText(copies_text(keys.is_encrypted(paths)))
        self.errors.clear()
        try:
            configured = shared.configured_server(paths)
        except AppError as broken:  # a serveur.json edited by hand: say so, start afresh
            configured = None
            self._say([broken.message], ok=False)
        self.local_button.setEnabled(configured is not None)
        if configured is not None:
            self._fill(configured)
        keyring = shared.keyring_available()
        self.password_note.setText(
            tr("Gardé dans le trousseau du système ; laissé vide, il est demandé à l'ouverture.")
            if keyring
            else tr(
                "Ce poste n'a pas de trousseau de mots de passe : il servira au test et sera "
                "demandé à chaque ouverture."
            )
        )

    def _fill(self, target: ServerTarget) -> None:
        self.host.setText(target.host)
        self.port.setText(str(target.port))
        self.database_name.setText(target.database)
        self.user.setText(target.user)
        self.sslmode.setCurrentIndex(max(self.sslmode.findData(target.sslmode), 0))
        self.rootcert.setText(target.sslrootcert or "")

    def choose_rootcert(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self,
            tr("Certificat de l'autorité (CA)"),
            self.rootcert.text(),
            tr("Certificats (*.crt *.pem *.cer);;Tous les fichiers (*)"),
        )
        if chosen:
            self.rootcert.setText(chosen)

    def target(self) -> ServerTarget | None:
        """The fields as a target, or None with the message under the field at fault."""
        self.errors.clear()
        try:
            return shared.target_from_fields(
                host=self.host.text(),
                port=self.port.text(),
                database=self.database_name.text(),
                user=self.user.text(),
                sslmode=str(self.sslmode.currentData()),
                sslrootcert=self.rootcert.text(),
            )
        except ServerUrlError as refused:
            self.errors.show(
                ValidationError([Violation("invalid", refused.message, field=refused.field)])
            )
            return None

    def _say(self, lines: list[str], *, ok: bool) -> None:
        self.result.setText("\n".join(lines))
        self.result.setStyleSheet(RESULT_OK_STYLE if ok else ERROR_STYLE)

    # Tester la connexion ----------------------------------------------------------------
    def test_connection(self) -> None:
        target = self.target()
        if target is None:
            return
        typed = self.password.text() or None
        self.test_button.setEnabled(False)
        self._say([tr("Connexion à la {where}…").format(where=target.describe())], ok=True)

        def work(_progress: Progress) -> ServerReport:
            password = typed if typed is not None else shared.stored_password(target)
            return shared.test_connection(target, password)

        def done(report: ServerReport) -> None:
            self.test_button.setEnabled(True)
            self._say(shared.describe_report(target, report), ok=True)

        def failed(error: BaseException) -> None:
            self.test_button.setEnabled(True)
            if isinstance(error, AppError):
                self._say([error.message], ok=False)
            else:
                self._say([], ok=False)
                show_error(self, error)

        self.job = run_job(work, done, parent=self, on_error=failed, show_dialog=False)

    # Enregistrer / Revenir au fichier local ---------------------------------------------
    def save(self) -> None:
        target = self.target()
        paths = self.ctx.paths
        if target is None or paths is None:
            return
        try:
            saved = shared.save_server(self.ctx, target, self.password.text() or None)
        except AppError as error:
            show_error(self, error)
            return
        self.password.clear()
        self.local_button.setEnabled(True)
        if saved.password_remembered:
            password = tr("Le mot de passe est gardé dans le trousseau du système.")
        else:
            password = tr("Le mot de passe sera demandé à l'ouverture.")
        text = tr(
            "Enregistré : au prochain démarrage, l'application ouvrira la {where}.\n{password}"
            "\n\nL'application doit être redémarrée : fermez-la, puis rouvrez-la."
        ).format(where=target.describe(), password=password)
        self._say([text.split("\n\n")[0]], ok=True)
        QMessageBox.information(self, tr("Base de données partagée"), text)

    def back_to_file(self) -> None:
        paths = self.ctx.paths
        if paths is None:
            return
        answer = QMessageBox.question(
            self,
            tr("Revenir au fichier local"),
            tr(
                "Au prochain démarrage, l'application ouvrira de nouveau le fichier de ce poste "
                "({path}). Les données du serveur y restent, sans être copiées ici. Revenir au "
                "fichier local ?"
            ).format(path=paths.db_path),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            shared.use_local_file(self.ctx)
        except AppError as error:
            show_error(self, error)
            return
        for field in (self.host, self.port, self.database_name, self.user, self.rootcert):
            field.clear()
        self.password.clear()
        self.sslmode.setCurrentIndex(0)
        self.local_button.setEnabled(False)
        text = tr(
            "Configuration du serveur retirée : au prochain démarrage, l'application ouvrira "
            "le fichier local.\n\nL'application doit être redémarrée : fermez-la, puis "
            "rouvrez-la."
        )
        self._say([text.split("\n\n")[0]], ok=True)
        QMessageBox.information(self, tr("Base de données partagée"), text)
