"""« Données personnelles » (direction): people past their retention dates, with « Effacer
l'accompagnement » and « Anonymiser » (after a backup, with confirmation), and the right of
access (« Exporter les données de cette personne »)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from chantier_app.domain.fr_format import format_date
from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.people import views as people_views
from chantier_app.services.people.views import PersonRow
from chantier_app.services.privacy import access_export
from chantier_app.services.privacy.erasure import ErasureDone, anonymise_with_backup
from chantier_app.services.privacy.retention import RetentionRow, RetentionStep, retention_list
from chantier_app.services.roles_matrix import Permission, allowed
from chantier_app.services.structure import settings
from chantier_app.ui.errors import show_error
from chantier_app.ui.pages import Navigator
from chantier_app.ui.widgets.jobs import Progress, run_job
from chantier_app.ui.widgets.parts import Page
from chantier_app.ui.widgets.table import Column, RowTableModel, table_view
from chantier_app.ui.widgets.table_filter import RowFilterProxy

RETENTION_COLUMNS: list[Column[RetentionRow]] = [
    Column(tr("Salarié"), lambda r: r.name),
    Column(
        tr("Dernier contact"),
        lambda r: format_date(r.last_contact),
        sort_key=lambda r: r.last_contact,
    ),
    Column(tr("Départ"), lambda r: format_date(r.departure), sort_key=lambda r: r.departure),
    Column(
        tr("Accompagnement gardé jusqu'au"),
        lambda r: format_date(r.support_due),
        sort_key=lambda r: r.support_due,
    ),
    Column(
        tr("Contrats et heures gardés jusqu'au"),
        lambda r: format_date(r.hr_due) if r.hr_due else tr("sans contrat"),
        sort_key=lambda r: r.hr_due,
    ),
    Column(tr("À faire"), lambda r: r.step.label),
]
PEOPLE_COLUMNS: list[Column[PersonRow]] = [
    Column(tr("Salarié"), lambda p: p.display_name),
    Column(tr("Naissance"), lambda p: format_date(p.birth_date), sort_key=lambda p: p.birth_date),
    Column(tr("Situation"), lambda p: p.status_text),
]

CONFIRM = {
    RetentionStep.SUPPORT: tr(
        "<b>Effacer l'accompagnement de {name} ?</b><p>Les notes de santé et de justice sont "
        "supprimées ; les notes des entretiens, les commentaires des freins, les actions et les "
        "PMSMP perdent leur texte. L'identité, les contrats et les heures restent (conservés "
        "jusqu'au {hr}).</p><p>Une sauvegarde est faite juste avant ; elle garde ces données "
        "jusqu'à sa suppression. Cette action ne se défait pas.</p>"
    ),
    RetentionStep.ANONYMISE: tr(
        "<b>Anonymiser {name} ?</b><p>Le nom, le NIR, l'adresse, le téléphone, l'e-mail, le lieu "
        "de naissance et tous les textes libres sont effacés, jusque dans le journal. Restent, "
        "sans nom, les chiffres des bilans : sexe, année de naissance (le jour exact est "
        "effacé), niveau de formation, "
        "ressources, contrats, sorties et heures. Les bilans des années passées ne changent "
        "pas.</p><p>Une sauvegarde est faite juste avant ; elle garde ces données jusqu'à sa "
        "suppression. Cette action ne se défait pas.</p>"
    ),
}


class PrivacyPage(Page):
    def __init__(self, ctx: AppContext, nav: Navigator, *, today: dt.date | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self._today = today  # tests: a fixed day
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("<h2>Données personnelles</h2>")))
        self.durations = QLabel()
        self.durations.setObjectName("durations")
        self.durations.setWordWrap(True)
        layout.addWidget(self.durations)
        self.retention: RowTableModel[RetentionRow] = RowTableModel(RETENTION_COLUMNS, [], self)
        self.retention_view = table_view("retention", self.retention)
        self.empty = QLabel(tr("Personne n'a dépassé ses durées de conservation."))
        self.erase_button = QPushButton(tr("Effacer l'accompagnement…"))
        self.anonymise_button = QPushButton(tr("Anonymiser…"))
        due = QGroupBox(tr("Durées de conservation dépassées"))
        column = QVBoxLayout(due)
        column.addWidget(self.retention_view, 1)
        column.addWidget(self.empty)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.erase_button)
        row.addWidget(self.anonymise_button)
        column.addLayout(row)
        layout.addWidget(due, 3)
        layout.addWidget(self._access_box(), 2)
        self.erase_button.clicked.connect(lambda: self.erase(RetentionStep.SUPPORT))
        self.anonymise_button.clicked.connect(lambda: self.erase(RetentionStep.ANONYMISE))
        self.retention_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.can_purge = allowed(ctx.actor, Permission.PURGE)
        due.setVisible(self.can_purge)

    def _access_box(self) -> QGroupBox:
        box = QGroupBox(tr("Droit d'accès : tout ce qui est enregistré sur une personne"))
        column = QVBoxLayout(box)
        self.search = QLineEdit()
        self.search.setObjectName("accessSearch")
        self.search.setPlaceholderText(tr("Rechercher une personne (nom, prénom)…"))
        self.search.setClearButtonEnabled(True)
        self.people: RowTableModel[PersonRow] = RowTableModel(PEOPLE_COLUMNS, [], self)
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(self.people)
        self.people_view = table_view("accessPeople", self.proxy)
        self.export_button = QPushButton(tr("Exporter les données de cette personne…"))
        self.export_button.setObjectName("exportPersonData")
        self.search.textChanged.connect(self.proxy.set_search)
        self.people_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.export_button.clicked.connect(self._ask_export)
        column.addWidget(self.search)
        column.addWidget(self.people_view, 1)
        hint = QLabel(tr("Un PDF lisible et un fichier JSON complet, à remettre à la personne."))
        hint.setEnabled(False)
        row = QHBoxLayout()
        row.addWidget(hint, 1)
        row.addWidget(self.export_button)
        column.addLayout(row)
        return box

    # Showing -----------------------------------------------------------------------------
    def on_shown(self) -> None:
        structure = self.ctx.read(settings.get_structure)
        if structure is not None:
            self.durations.setText(
                tr(
                    "L'accompagnement est gardé {s} ans après le dernier contact ; les contrats "
                    "et les heures {h} ans après le départ (Paramètres). Au-delà, effacez ou "
                    "anonymisez."
                ).format(s=structure.retention_support_years, h=structure.retention_hr_years)
            )
        if self.can_purge:
            self.retention.set_rows(self.ctx.read(retention_list, today=self._today))
            self.retention_view.resizeColumnsToContents()
            self.empty.setVisible(self.retention.rowCount() == 0)
        self.people.set_rows(self.ctx.read(people_views.list_people))
        self.people_view.resizeColumnsToContents()
        self._update_buttons()

    def current_due(self) -> RetentionRow | None:
        selected = self.retention_view.selectionModel().selectedRows()
        return self.retention.row(selected[0].row()) if selected else None

    def current_person(self) -> PersonRow | None:
        selected = self.people_view.selectionModel().selectedRows()
        return self.people.row(self.proxy.source_row(selected[0])) if selected else None

    def _update_buttons(self) -> None:
        due = self.current_due()
        self.erase_button.setEnabled(due is not None and due.step is RetentionStep.SUPPORT)
        self.anonymise_button.setEnabled(due is not None and due.step is RetentionStep.ANONYMISE)
        self.export_button.setEnabled(
            self.current_person() is not None and allowed(self.ctx.actor, Permission.ACCESS_EXPORT)
        )

    # Erasing ------------------------------------------------------------------------------
    def erase(self, step: RetentionStep) -> None:
        due = self.current_due()
        if due is None or due.step is not step:
            return
        text = CONFIRM[step].format(name=due.name, hr=format_date(due.hr_due) or "—")
        answer = QMessageBox.question(
            self, step.label, text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            return
        person_id = due.person_id

        def work(_progress: Progress) -> ErasureDone:
            return anonymise_with_backup(self.ctx, person_id, step, today=self._today)

        def done(result: ErasureDone) -> None:
            self.on_shown()
            QMessageBox.information(self, step.label, done_text(result))

        self.job = run_job(
            work, done, parent=self, title=tr("Sauvegarde puis effacement…"),
            on_error=lambda error: show_error(self, error),
        )  # fmt: skip

    # Right of access ----------------------------------------------------------------------
    def _ask_export(self) -> None:
        person = self.current_person()
        if person is None:
            return
        folder = QFileDialog.getExistingDirectory(
            self, tr("Dossier où écrire les données de {name}").format(name=person.display_name)
        )
        if folder:
            self.export_to(person.id, Path(folder))

    def export_to(self, person_id: int, folder: Path) -> access_export.AccessExport | None:
        try:
            result = self.ctx.run(access_export.export_person_data, person_id, folder)
        except Exception as error:
            show_error(self, error)
            return None
        QMessageBox.information(
            self,
            tr("Données exportées"),
            tr("{n} enregistrements écrits dans {folder} :\n{pdf}\n{json}").format(
                n=result.rows, folder=folder, pdf=result.pdf_path.name, json=result.json_path.name
            ),
        )
        return result


def done_text(result: ErasureDone) -> str:
    """The confirmation: the backup made before, the backups anonymised, those that could
    not be, and the copies outside the application the direction has to wipe."""
    lines = [
        tr("C'est fait. Sauvegarde faite juste avant : {name}.").format(name=result.backup_name)
    ]
    if result.backups.anonymised:
        lines.append(
            tr("La personne a aussi été anonymisée dans {n} sauvegarde(s) du dossier des "
               "sauvegardes.").format(n=len(result.backups.anonymised))
        )  # fmt: skip
    lines += result.backups.refused
    if result.rewritten.left:  # a server's tables still holding the erased values' old rows
        lines += ["", result.rewritten.message()]  # its own paragraph: a task to hand over
    if result.copies_elsewhere:
        lines.append(
            tr("Des copies des données faites hors de l'application contiennent encore cette "
               "personne : effacez-les ou détruisez-les (clé USB, disque, dossier partagé) :")
        )  # fmt: skip
        for copy in result.copies_elsewhere:
            kind = tr("export en clair") if copy.clear else tr("« Sauvegarder vers… »")
            lines.append(
                tr("• {path} ({kind}, le {date}{by})").format(
                    path=copy.path,
                    kind=kind,
                    date=copy.at.strftime("%d/%m/%Y %H:%M"),
                    by=tr(", par {name}").format(name=copy.by) if copy.by else "",
                )
            )
    return "\n".join(lines)
