"""The encadrant's Tableau de bord: their teams' day in four boxes (hours still to enter,
sign-in sheets to print, arrivals and departures, the week's trainings)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from chantier_app.domain.fr_format import format_date, format_month
from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.dashboard.teams import (
    ComingChange,
    SheetToPrint,
    TeamDay,
    TeamPerson,
    WeekTraining,
)
from chantier_app.ui.pages import Navigator
from chantier_app.ui.widgets.listview import ListView
from chantier_app.ui.widgets.table import Column


def _box(title: str, name: str) -> tuple[QGroupBox, QVBoxLayout, QLabel]:
    box = QGroupBox(title)
    box.setObjectName(name)
    layout = QVBoxLayout(box)
    summary = QLabel()
    summary.setObjectName(name + "Summary")
    summary.setWordWrap(True)
    layout.addWidget(summary)
    return box, layout, summary


def _button_row(layout: QVBoxLayout, button: QPushButton) -> None:
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(button)
    layout.addLayout(row)


class TeamDayPanel(QWidget):
    """Spans the dashboard's width; each list opens what it names (Entrée, double clic)."""

    def __init__(self, ctx: AppContext, nav: Navigator) -> None:
        super().__init__()
        self.setObjectName("teamDay")
        self.ctx = ctx
        self.nav = nav
        self.day: TeamDay | None = None

        hours, hours_layout, self.hours_summary = _box(tr("Heures à saisir"), "missingHours")
        self.missing: ListView[TeamPerson] = ListView(
            [Column(tr("Salarié"), lambda p: p.name), Column(tr("Équipe"), lambda p: p.team)],
            "missingHoursList",
        )
        hours_layout.addWidget(self.missing, 1)
        self.enter_hours = QPushButton(tr("Saisir les heures"))
        self.enter_hours.setObjectName("enterHours")
        _button_row(hours_layout, self.enter_hours)

        sheets, sheets_layout, self.sheets_summary = _box(
            tr("Feuilles d'émargement à imprimer"), "sheetsToPrint"
        )
        self.sheets: ListView[SheetToPrint] = ListView(
            [
                Column(
                    tr("Semaine du"), lambda s: format_date(s.monday), sort_key=lambda s: s.monday
                ),
                Column(tr("Équipe"), lambda s: s.team),
            ],
            "sheetsList",
        )
        sheets_layout.addWidget(self.sheets, 1)
        self.print_sheet = QPushButton(tr("Aperçu et impression…"))
        self.print_sheet.setObjectName("printSheet")
        _button_row(sheets_layout, self.print_sheet)

        changes, changes_layout, self.changes_summary = _box(
            tr("Arrivées et fins de contrat"), "comingChanges"
        )
        self.changes: ListView[ComingChange] = ListView(
            [
                Column(tr("Date"), lambda c: format_date(c.day), sort_key=lambda c: c.day),
                Column(tr("Quoi"), lambda c: tr("Arrivée") if c.arrives else tr("Fin de contrat")),
                Column(tr("Salarié"), lambda c: c.person.name),
                Column(tr("Équipe"), lambda c: c.person.team),
            ],
            "changesList",
        )
        changes_layout.addWidget(self.changes, 1)

        trainings, trainings_layout, self.trainings_summary = _box(
            tr("Formations de la semaine"), "weekTrainings"
        )
        self.trainings: ListView[WeekTraining] = ListView(
            [
                Column(tr("Dates"), _training_dates, sort_key=lambda t: t.start),
                Column(tr("Salarié"), lambda t: t.person.name),
                Column(tr("Formation"), lambda t: t.title),
            ],
            "trainingsList",
        )
        trainings_layout.addWidget(self.trainings, 1)

        self.heading = QLabel()
        self.heading.setObjectName("teamDayHeading")
        self.heading.setWordWrap(True)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.heading, 0, 0, 1, 2)
        for index, box in enumerate((hours, sheets, changes, trainings)):
            box.setMinimumHeight(230)
            grid.addWidget(box, 1 + index // 2, index % 2)

        self.enter_hours.clicked.connect(lambda: nav.show_page("hours"))
        self.missing.row_activated.connect(lambda p: nav.open_person(p.person_id))
        self.changes.row_activated.connect(lambda c: nav.open_person(c.person.person_id))
        self.trainings.row_activated.connect(lambda t: nav.open_person(t.person.person_id))
        self.sheets.row_activated.connect(self._print)
        self.print_sheet.clicked.connect(lambda: self._print(self.sheets.selected()))

    def refresh(self) -> None:
        from chantier_app.services import dashboard

        self.show_day(self.ctx.read(dashboard.team_day))

    def show_first_screen(self, first) -> None:  # type: ignore[no-untyped-def]
        self.refresh()  # the demo's first screen is the director's

    def show_day(self, day: TeamDay) -> None:
        self.day = day
        teams = ", ".join(day.teams)
        if len(day.teams) > 1:
            heading = tr("Mes équipes : {teams}").format(teams=teams)
        else:
            heading = tr("Mon équipe : {team}").format(team=teams or tr("aucune pour l'instant"))
        self.heading.setText(f"<b>{heading}</b>")
        month = format_month(day.month)
        self.missing.set_rows(day.missing_hours)
        self.missing.setVisible(bool(day.missing_hours))  # an empty list: its summary says so
        self.hours_summary.setText(
            tr("{n} salarié(s) sans aucune heure saisie en {month}.").format(
                n=len(day.missing_hours), month=month
            )
            if day.missing_hours
            else tr("Les heures de {month} sont saisies pour toute l'équipe.").format(month=month)
        )
        self.sheets.set_rows(day.sheets)
        self.sheets.setVisible(bool(day.sheets))  # an empty list: its summary says so
        if day.sheets:
            self.sheets.selectRow(0)
        self.sheets_summary.setText(
            tr("Cette semaine et la suivante, pré-remplies avec les noms et les jours.")
            if day.sheets
            else tr(
                "Aucune équipe ne vous est confiée : la direction les attribue dans "
                "Paramètres → Comptes."
            )
        )
        self.print_sheet.setEnabled(bool(day.sheets))
        self.changes.set_rows(day.changes)
        self.changes.setVisible(bool(day.changes))  # an empty list: its summary says so
        self.changes_summary.setText(
            tr("Arrivées dans les 14 jours, fins de contrat dans les 30 jours.")
            if day.changes
            else tr("Aucune arrivée dans les 14 jours, aucune fin de contrat dans les 30 jours.")
        )
        self.trainings.set_rows(day.trainings)
        self.trainings.setVisible(bool(day.trainings))  # an empty list: its summary says so
        self.trainings_summary.setText(
            tr("Absents du chantier ces jours-là : prévoyez l'équipe en conséquence.")
            if day.trainings
            else tr("Personne de l'équipe n'est en formation cette semaine.")
        )

    def _print(self, sheet: SheetToPrint | None) -> None:
        if sheet is None:
            return
        from chantier_app.services.documents.printing import DocumentKind, DocumentRequest

        self.nav.open_document(
            DocumentRequest(DocumentKind.SIGN_IN, team_id=sheet.team_id, week=sheet.monday)
        )


def _training_dates(training: WeekTraining) -> str:
    if training.start == training.end:
        return format_date(training.start)
    return tr("du {start} au {end}").format(
        start=format_date(training.start), end=format_date(training.end)
    )
