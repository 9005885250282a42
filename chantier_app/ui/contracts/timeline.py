"""The person's contracts as one chronological list of events, and its table columns."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtGui import QColor

from chantier_app.domain.codes.contract_codes import AmendmentKind, EndReason, ExtensionReason
from chantier_app.domain.fr_format import format_date, format_minutes
from chantier_app.i18n import tr
from chantier_app.services.contracts.views import AmendmentView, ContractView
from chantier_app.ui.widgets.table import Column

PLANNED = QColor("#6b6b6b")  # a planned end is not an event yet
ORDER_START, ORDER_AMENDMENT, ORDER_SUSPENSION, ORDER_END = range(4)


@dataclass(frozen=True)
class TimelineRow:
    contract_id: int
    day: dt.date
    order: int  # same day: start, amendments, suspensions, end
    event: str
    detail: str
    contract: str
    planned: bool = False  # a future planned end, not an event yet
    # The amendment or suspension of the line, for the actions that correct or cancel it.
    amendment_id: int | None = None
    suspension_id: int | None = None


def _initial_hours(contract: ContractView) -> str:
    """The hours the contract was signed with (before any amendment of the working time)."""
    changes = [a for a in contract.amendments if a.kind is AmendmentKind.HOURS_CHANGE]
    if contract.kind.hours_per_month:
        minutes = changes[0].previous_monthly_minutes if changes else contract.monthly_minutes
        return tr("{h} par mois").format(h=format_minutes(minutes or 0))
    minutes = changes[0].previous_weekly_minutes if changes else contract.weekly_minutes
    return tr("{h} par semaine").format(h=format_minutes(minutes or 0))


def _amendment(a: AmendmentView, per_month: bool) -> tuple[str, str]:
    title = tr("Avenant n° {n} : {kind}").format(n=a.number, kind=a.kind.label.lower())
    if a.kind is AmendmentKind.RENEWAL:
        detail = tr("fin repoussée du {old} au {new}").format(
            old=format_date(a.previous_end_date), new=format_date(a.new_end_date)
        )
        if a.extension_reason is not ExtensionReason.NONE:
            detail += tr(" ; motif : {reason}").format(reason=a.extension_reason.label)
    else:
        old, new = (
            (a.previous_monthly_minutes, a.new_monthly_minutes)
            if per_month
            else (a.previous_weekly_minutes, a.new_weekly_minutes)
        )
        detail = tr("{old} → {new} {unit}").format(
            old=format_minutes(old or 0),
            new=format_minutes(new or 0),
            unit=tr("par mois") if per_month else tr("par semaine"),
        )
    if a.acknowledged:
        detail += tr(" (avertissements acceptés)")
    return title, detail


def timeline_rows(contracts: tuple[ContractView, ...], today: dt.date) -> list[TimelineRow]:
    rows: list[TimelineRow] = []
    for c in contracts:
        # Named by its first day, as staff know it (never the database's number).
        name = tr("{kind} du {start}").format(kind=c.kind.label, start=format_date(c.start_date))
        place = " / ".join(x for x in (c.workshop_name, c.team_name) if x)
        detail = tr("du {start} au {end}, {hours}, essai {trial} jours").format(
            start=format_date(c.start_date),
            end=format_date(c.initial_end_date),
            hours=_initial_hours(c),
            trial=c.trial_days or 0,
        )
        if place:
            detail += f" — {place}"
        event = (
            tr("Passage en CDDI")
            if c.previous_contract_id and _follows_first_hours(c, contracts)
            else tr("Embauche")
        )
        rows.append(TimelineRow(c.id, c.start_date, ORDER_START, event, detail, name))
        for a in c.amendments:
            title, text = _amendment(a, c.kind.hours_per_month)
            rows.append(
                TimelineRow(
                    c.id, a.effective_date, ORDER_AMENDMENT, title, text, name, amendment_id=a.id
                )
            )
        for s in c.suspensions:
            text = tr("du {start} au {end}").format(
                start=format_date(s.start_date), end=format_date(s.end_date)
            )
            if s.other_employer:
                text += f" — {s.other_employer}"
            event = tr("Suspension : {reason}").format(reason=s.reason.label)
            rows.append(
                TimelineRow(
                    c.id, s.start_date, ORDER_SUSPENSION, event, text, name, suspension_id=s.id
                )
            )
        rows.append(_end_row(c, name, today))
    return sorted(rows, key=lambda r: (r.day, r.order, r.contract_id))


def _follows_first_hours(c: ContractView, contracts: tuple[ContractView, ...]) -> bool:
    previous = next((p for p in contracts if p.id == c.previous_contract_id), None)
    return previous is not None and previous.end_reason is EndReason.MOVE_TO_CDDI


def _end_row(c: ContractView, name: str, today: dt.date) -> TimelineRow:
    if c.actual_end_date is None:
        days = (c.end_date - today).days
        when = (
            tr("dans {n} jours").format(n=days)
            if days >= 0
            else tr("terme dépassé : fin et sortie à enregistrer")
        )
        return TimelineRow(c.id, c.end_date, ORDER_END, tr("Fin prévue"), when, name, planned=True)
    reason = c.end_reason.label if c.end_reason else ""
    event = tr("Rupture anticipée") if c.actual_end_date < c.end_date else tr("Fin du contrat")
    if c.end_reason is EndReason.MOVE_TO_CDDI:
        event = tr("Fin des Premières Heures")
    detail = reason
    if c.exit_reason is not None:
        detail += tr(" ; sortie : {exit} ({category})").format(
            exit=c.exit_reason.label, category=c.exit_reason.category.label
        )
    return TimelineRow(c.id, c.actual_end_date, ORDER_END, event, detail, name)


def _planned(row: TimelineRow) -> QColor | None:
    return PLANNED if row.planned else None


def timeline_columns() -> list[Column[TimelineRow]]:
    return [
        # One sortable text: the day, then the order of events on that day.
        Column(tr("Date"), lambda r: format_date(r.day), sort_key=lambda r: f"{r.day}-{r.order}"),
        Column(tr("Événement"), lambda r: r.event, foreground=_planned),
        Column(tr("Détail"), lambda r: r.detail, tooltip=lambda r: r.detail, foreground=_planned),
        Column(tr("Contrat"), lambda r: r.contract),
    ]
