"""Reading an hours import file: recognising its columns and months, and finding each row's
person and contract (a few queries for the whole file)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.codes.hours_codes import HoursCategory
from chantier_app.domain.fr_format import MONTHS, format_date, format_month, match_key
from chantier_app.domain.hours_rules import HoursValues, check_month, parse_cell
from chantier_app.domain.hours_terms import month_end, month_start
from chantier_app.domain.parsing import parse_date
from chantier_app.i18n import tr
from chantier_app.services import tabular
from chantier_app.services.hours._common import (
    attendance_by_month,
    attendance_minutes,
    declared_months,
    holidays_for,
    month_rows,
    values_of,
)
from chantier_app.services.hours._contracts import LoadedContract, load_contracts

_ALIASES: dict[str, set[str]] = {
    "nir": {"nir", "n securite sociale", "numero de securite sociale", "securite sociale", "n ss"},
    "pass": {"pass iae", "n pass iae", "numero pass iae", "numero de pass iae", "agrement"},
    "last_name": {"nom", "nom d usage", "nom usage", "nom de famille"},
    "first_name": {"prenom", "prenoms"},
    "birth_date": {"date de naissance", "naissance", "ne e le", "ne le"},
    "month": {"mois", "periode", "mois de paie", "periode de paie"},
    HoursCategory.WORKED.value: {"heures", "heures normales", "heures de travail", "travail"},
    HoursCategory.TRAINING.value: {"heures de formation", "formation"},
    HoursCategory.PMSMP.value: {"heures pmsmp", "immersion"},
    HoursCategory.PAID_ABSENCE.value: {"absences remunerees", "conges payes", "conges"},
    HoursCategory.SICK.value: {"maladie", "heures maladie", "arret de travail"},
    HoursCategory.UNJUSTIFIED.value: {"absences injustifiees", "absence non justifiee"},
}


for _category in HoursCategory:
    _ALIASES[_category.value].update({match_key(_category.label), _category.value})


@dataclass(frozen=True)
class ImportLine:
    line: int  # as the spreadsheet numbers it (headers are line 1)
    person_name: str
    month: dt.date | None
    contract_label: str
    values: HoursValues
    errors: tuple[str, ...]
    warnings: tuple[str, ...]


@dataclass
class Planned:
    loaded: LoadedContract
    month: dt.date
    values: HoursValues


def recognise_columns(headers: list[str]) -> tuple[dict[str, int], list[str]]:
    found: dict[str, int] = {}
    ignored = []
    for index, header in enumerate(headers):
        key = next((k for k, names in _ALIASES.items() if match_key(header) in names), None)
        if key is None or key in found:
            ignored.append(header)
        else:
            found[key] = index
    return found, ignored


def parse_month(value: tabular.Cell) -> dt.date:
    """« 03/2026 », « 2026-03 », « mars 2026 », a date, or « 01/03/2026 »."""
    if isinstance(value, dt.date):
        return month_start(value)
    text = str(value or "").strip()
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{4})|(\d{4})-(\d{1,2})", text)
    if match:
        month, year = (match[1], match[2]) if match[1] else (match[4], match[3])
        if 1 <= int(month) <= 12:
            return dt.date(int(year), int(month), 1)
    words = match_key(text).split()
    folded_months = [match_key(name) for name in MONTHS]
    if len(words) == 2 and words[0] in folded_months and words[1].isdigit():
        return dt.date(int(words[1]), folded_months.index(words[0]) + 1, 1)
    try:
        day = parse_date(text)
    except ValueError:
        day = None
    if day is None:
        raise ValueError(
            tr("« {text} » n'est pas un mois (ex. 03/2026 ou mars 2026)").format(text=text)
        )
    return month_start(day)


@dataclass(frozen=True)
class _Person:
    id: int
    name: str
    usage_name: str
    first_names: str
    birth_date: dt.date | None
    nir: str
    passes: tuple[str, ...]


class _People:
    """The people a file's rows may name, found by NIR, PASS IAE number or folded names.

    Looked up by key: scanning the 5,000 people of a structure for each of a month's 330
    rows was a third of the import's preview. Names are folded only when a row names
    someone by name alone (folding 5,000 names costs as much as the rest of the preview).
    """

    def __init__(self, people: list[_Person]) -> None:
        self.by_nir: dict[str, list[_Person]] = {}
        self.by_pass: dict[str, list[_Person]] = {}
        self._people = people
        self._by_name: dict[str, list[_Person]] | None = None
        for person in people:
            if person.nir:
                self.by_nir.setdefault(person.nir, []).append(person)
            for number in person.passes:
                found = self.by_pass.setdefault(number, [])
                if not found or found[-1] is not person:  # the same number twice: once
                    found.append(person)

    def named(self, folded: str) -> list[_Person]:
        """« nom prenom » folded (``match_key``)."""
        if self._by_name is None:
            self._by_name = {}
            for person in self._people:
                key = f"{match_key(person.usage_name)} {match_key(person.first_names)}"
                self._by_name.setdefault(key, []).append(person)
        return self._by_name.get(folded, [])


class Resolver:
    """Finds each row's person, contract and month; checks its hours (a few queries in all)."""

    def __init__(
        self,
        session: Session,
        table: tabular.Table,
        columns: dict[str, int],
        default_month: dt.date | None,
        scope: frozenset[int] | None = None,
    ) -> None:
        self.table = table
        self.columns = columns
        self.default_month = month_start(default_month) if default_month else None
        self.months = [self._month(row) for row in self.table.rows]
        known = {mo for mo, _error in self.months if mo is not None} or {
            self.default_month or month_start(dt.date.today())
        }
        first, last = min(known), month_end(max(known))
        contracts = load_contracts(session, first, last)
        self.by_person: dict[int, list[LoadedContract]] = {}
        for loaded in contracts:
            self.by_person.setdefault(loaded.contract.person_id, []).append(loaded)
        self.people = _People([p for p in _people(session) if scope is None or p.id in scope])
        self.stored = month_rows(session, [(c.contract.id, mo) for c in contracts for mo in known])
        self.training = attendance_by_month(attendance_minutes(session, first, last, contracts))
        self.declared = declared_months(session, known)
        self.holidays = holidays_for(session, {mo.year for mo in known})
        self.seen: dict[tuple[int, dt.date], int] = {}

    def cell(self, row: list[tabular.Cell], key: str) -> tabular.Cell:
        index = self.columns.get(key)
        return None if index is None else row[index]

    def run(self, categories: list[HoursCategory]) -> tuple[list[ImportLine], list[Planned]]:
        lines, planned = [], []
        for number, (row, (month, month_error)) in enumerate(
            zip(self.table.rows, self.months, strict=True), start=2
        ):
            line, plan = self._line(number, row, month, month_error, categories)
            lines.append(line)
            if plan is not None:
                planned.append(plan)
        return lines, planned

    def _line(
        self,
        number: int,
        row: list[tabular.Cell],
        month: dt.date | None,
        month_error: str | None,
        categories: list[HoursCategory],
    ) -> tuple[ImportLine, Planned | None]:
        errors = [month_error] if month_error else []
        warnings: list[str] = []
        person, name, person_error = self._person(row)
        if person_error:
            errors.append(person_error)
        loaded = self._contract(person, month, errors)
        key = (loaded.contract.id, month) if loaded and month else None
        values = values_of(self.stored.get(key)) if key else HoursValues()
        for category in categories:
            raw = self.cell(row, category.value)
            # Hours as they were typed; a date cell (XLSX) where hours are expected is read
            # as the date it shows, so that it is refused in French like any other text.
            if isinstance(raw, dt.date):
                text: str | None = format_date(raw)
            else:
                text = str(raw) if isinstance(raw, int | Decimal) else raw
            try:
                values = values.with_value(category, parse_cell(category, text))
            except ValueError as exc:
                errors.append(str(exc))
        plan = None
        if key is not None and loaded is not None and month is not None:
            errors.extend(self._month_errors(key, number))
            if key in self.training:
                values = values.with_value(HoursCategory.TRAINING, self.training[key])
            if not errors:
                for violation in check_month(loaded.terms, month, values, self.holidays):
                    (errors if violation.blocking else warnings).append(violation.message)
            if not errors:
                plan = Planned(loaded, month, values)
        label = loaded.label if loaded else ""
        line = ImportLine(number, name, month, label, values, tuple(errors), tuple(warnings))
        return line, plan

    def _contract(
        self, person: _Person | None, month: dt.date | None, errors: list[str]
    ) -> LoadedContract | None:
        if person is None or month is None:
            return None
        running = [c for c in self.by_person.get(person.id, []) if c.terms.active_days(month)]
        if len(running) == 1:
            return running[0]
        if running:
            errors.append(
                tr("plusieurs contrats en cours en {month} : saisissez-le dans la grille").format(
                    month=format_month(month)
                )
            )
        else:
            errors.append(tr("aucun contrat en cours en {month}").format(month=format_month(month)))
        return None

    def _month_errors(self, key: tuple[int, dt.date], number: int) -> list[str]:
        errors = []
        if key[1] in self.declared:
            errors.append(
                tr("le mois de {month} est déclaré (verrouillé)").format(month=format_month(key[1]))
            )
        existing = self.stored.get(key)
        if existing is not None and existing.from_daily:
            errors.append(tr("ce mois est saisi par feuilles d'émargement"))
        if key in self.seen:
            errors.append(
                tr("même contrat et même mois qu'à la ligne {n}").format(n=self.seen[key])
            )
        self.seen.setdefault(key, number)
        return errors

    def _month(self, row: list[tabular.Cell]) -> tuple[dt.date | None, str | None]:
        if self.cell(row, "month") in (None, ""):
            if self.default_month is None:
                return None, tr("le mois est vide")
            return self.default_month, None
        try:
            return parse_month(self.cell(row, "month")), None
        except ValueError as exc:
            return None, str(exc)

    def _person(self, row: list[tabular.Cell]) -> tuple[_Person | None, str, str | None]:
        nir = str(self.cell(row, "nir") or "").replace(" ", "").upper()
        number = str(self.cell(row, "pass") or "").replace(" ", "")
        last, first = self.cell(row, "last_name"), self.cell(row, "first_name")
        label = " ".join(str(x) for x in (last, first) if x) or nir or number
        if nir:
            found = self.people.by_nir.get(nir, [])
        elif number:
            found = self.people.by_pass.get(number, [])
        elif last and first:
            found = self.people.named(f"{match_key(last)} {match_key(first)}")
            if len(found) > 1 and self.cell(row, "birth_date"):
                birth = _date_or_none(self.cell(row, "birth_date"))
                found = [p for p in found if p.birth_date == birth]
        else:
            return None, label, tr("ni NIR, ni n° PASS IAE, ni nom et prénom")
        if not found:
            return None, label, tr("salarié introuvable ({who})").format(who=label)
        if len(found) > 1:
            return (
                None,
                label,
                tr(
                    "plusieurs salariés correspondent à « {who} » : ajoutez le n° PASS IAE "
                    "ou la date de naissance"
                ).format(who=label),
            )
        return found[0], found[0].name, None


def _date_or_none(value: tabular.Cell) -> dt.date | None:
    try:
        return parse_date(value if isinstance(value, str | dt.date) else str(value))
    except ValueError:
        return None


def _people(session: Session) -> list[_Person]:
    passes: dict[int, list[str]] = {}
    for person_id, number in session.execute(sa.select(m.PassIae.person_id, m.PassIae.number)):
        passes.setdefault(person_id, []).append(number.replace(" ", ""))
    rows = session.execute(
        sa.select(
            m.Person.id,
            m.Person.usage_name,
            m.Person.first_names,
            m.Person.birth_date,
            m.Person.nir,
        ).where(m.Person.anonymised_at.is_(None))
    )
    return [
        _Person(
            id,
            f"{usage.upper()} {first}",
            usage,
            first,
            birth,
            (nir or "").replace(" ", "").upper(),
            tuple(passes.get(id, [])),
        )
        for id, usage, first, birth, nir in rows
    ]
