"""Import the hires of les emplois de l'inclusion from its XLSX export of job applications.

Each accepted application becomes a person (matched with those already here on names and
birth date, never duplicated), their PASS IAE, their orienteur (the ASP's code, from the
prescriber's organisation), the hire to complete as a contract (``EmploisHire``: its dates
and the platform's eligibility, recorded as such). The preview says, row by row, what is
created, updated, unchanged or in conflict, and lists the masked, refused and other rows,
which are never imported. The import reads the file again and applies the same plan: the
same file imported twice changes nothing the second time (no row, no audit line).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from chantier_app.db import models as m
from chantier_app.domain import pass_iae as pass_rules
from chantier_app.domain.codes.person_codes import NirMissingReason
from chantier_app.domain.emplois_export import (
    EmploisRow,
    RowKind,
    header_map,
    missing_headers,
    read_row,
    referrer_for,
)
from chantier_app.domain.errors import DuplicateError, ValidationError
from chantier_app.domain.fr_format import format_date, match_key
from chantier_app.domain.person_record import PersonInput
from chantier_app.i18n import tr
from chantier_app.services import audit, tabular
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.people import records as people
from chantier_app.services.people.pass_iae import PassInput, _check_pass, pass_period
from chantier_app.services.roles_matrix import Permission, require
from chantier_app.services.safety import backups

_Identity = tuple[str, str, dt.date | None]  # names and birth date
_DROPPABLE = frozenset({"phone", "email", "postal_code", "city"})


class Action(enum.StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    CONFLICT = "conflict"
    NOT_IMPORTED = "not_imported"

    @property
    def label(self) -> str:
        return {
            Action.CREATE: tr("Créé"),
            Action.UPDATE: tr("Mis à jour"),
            Action.UNCHANGED: tr("Déjà à jour"),
            Action.CONFLICT: tr("En conflit"),
            Action.NOT_IMPORTED: tr("Non importé"),
        }[self]


@dataclass(frozen=True)
class PreviewRow:
    line: int
    name: str
    birth_date: dt.date | None
    status: str  # the platform's state of the application
    hiring_start: dt.date | None
    action: Action
    details: tuple[str, ...]  # what will be done, or why not
    person_id: int | None = None  # the person already here, when matched


@dataclass(frozen=True)
class EmploisPreview:
    file_name: str
    rows: tuple[PreviewRow, ...]

    def count(self, action: Action) -> int:
        return sum(1 for r in self.rows if r.action is action)

    @property
    def to_apply(self) -> int:
        return self.count(Action.CREATE) + self.count(Action.UPDATE)


@dataclass(frozen=True)
class EmploisResult:
    people_created: int
    people_updated: int
    hires_recorded: int
    passes_added: int
    conflicts: int
    not_imported: int


@dataclass
class _Plan:
    """What the import does for one person of the file (several rows: several hires)."""

    rows: list[EmploisRow]
    person: m.Person | None  # already here
    data: PersonInput | None = None  # to create
    new_pass: EmploisRow | None = None  # the row whose PASS is added
    referrer_from: EmploisRow | None = None  # the row whose orienteur fills an empty one
    hires: list[EmploisRow] = field(default_factory=list)  # new applications
    changed_hires: list[tuple[m.EmploisHire, EmploisRow]] = field(default_factory=list)
    conflict: str | None = None
    notes: list[str] = field(default_factory=list)


def _read(path: Path) -> list[EmploisRow]:
    table = tabular.read_table(path)
    columns = header_map(table.headers)
    missing = missing_headers(columns)
    if missing:
        raise ValidationError(
            tr(
                "Ce fichier n'est pas l'export des candidatures des emplois de l'inclusion : "
                "colonnes absentes : {names}."
            ).format(names=", ".join(missing)),
            field="file",
        )
    return [
        read_row(offset + 2, {header: cells[i] for header, i in columns.items()})
        for offset, cells in enumerate(table.rows)
    ]


def _matches(session: Session, row: EmploisRow) -> list[m.Person]:
    """People here with the row's names (usage or birth name) and birth date."""
    last, first, birth = row.identity_key
    found = session.scalars(
        select(m.Person)
        .where(m.Person.birth_date == birth, m.Person.anonymised_at.is_(None))
        .options(selectinload(m.Person.passes))
    )
    return [
        p
        for p in found
        if match_key(p.first_names) == first
        and last in {match_key(p.usage_name), match_key(p.birth_name)}
    ]


def _person_input(row: EmploisRow) -> PersonInput:
    referrer = referrer_for(row.source, row.prescriber_organisation)
    contact = " — ".join(v for v in (row.prescriber_organisation, row.prescriber_user) if v)
    return PersonInput(
        civility=row.civility,
        usage_name=row.last_name,
        first_names=row.first_names,
        birth_date=row.birth_date,
        email=row.email,
        phone=row.phone,
        postal_code=row.postal_code,
        city=row.city,
        nir_missing_reason=NirMissingReason.TO_COMPLETE,
        referrer=referrer,
        referrer_contact=contact or None,
    )


def _checked_new_person(
    session: Session, row: EmploisRow, today: dt.date
) -> tuple[PersonInput | None, list[str], str | None]:
    """The record to create, the notes (contact details not taken), or why it cannot be."""
    data = _person_input(row)
    notes: list[str] = []
    for _attempt in range(2):
        try:
            return people._check_person(session, data, today=today), notes, None
        except DuplicateError as exc:
            return None, notes, exc.message
        except ValidationError as exc:
            fields = {v.field or "" for v in exc.violations}
            if not fields <= _DROPPABLE or _attempt:
                return None, notes, exc.message.replace("\n", " ")
            # Contact details the platform holds in another format are left out, not the person.
            blank: dict[str, str | None] = dict.fromkeys(fields)
            data = dataclasses.replace(data, **blank)  # type: ignore[arg-type]  # text fields
            notes.append(
                tr("non repris (format) : {fields}").format(
                    fields=", ".join(sorted(v.message.split(" :")[0] for v in exc.violations))
                )
            )
    return None, notes, None  # pragma: no cover


def _initial_end(row: EmploisRow) -> dt.date | None:
    """The PASS's end before suspensions and prolongations: the platform's « Fin PASS IAE »
    includes them, so a later end is kept to two years (730 days) and shown apart."""
    if row.pass_start is None or row.pass_end is None:
        return row.pass_end
    return min(row.pass_end, pass_rules.default_end(row.pass_start))


def _pass_problem(session: Session, row: EmploisRow, person_id: int | None) -> str | None:
    number = pass_rules.normalise_number(row.pass_number)
    end = _initial_end(row)
    violations = pass_rules.check_number(number) + pass_rules.check_pass_dates(row.pass_start, end)
    if violations:
        return " ".join(v.message for v in violations)
    if person_id is not None:
        try:
            _check_pass(session, PassInput(number, row.pass_start, end), None, person_id)
        except ValidationError as exc:
            return exc.message.replace("\n", " ")
        return None
    other = session.scalar(select(m.PassIae.person_id).where(m.PassIae.number == number))
    if other is not None:
        return tr("Numéro du PASS IAE : déjà enregistré pour un autre dossier.")
    return None


def _plan(session: Session, rows: list[EmploisRow], today: dt.date) -> dict[_Identity, _Plan]:
    by_person: dict[_Identity, list[EmploisRow]] = defaultdict(list)
    for row in rows:
        if row.kind is RowKind.HIRE:
            by_person[row.identity_key].append(row)
    known = {
        h.row_key: h
        for h in session.scalars(
            select(m.EmploisHire).where(m.EmploisHire.row_key.in_([r.row_key for r in rows]))
        )
    }
    plans: dict[_Identity, _Plan] = {}
    for key, person_rows in by_person.items():
        person_rows.sort(key=lambda r: (r.hiring_start or dt.date.min, r.line))
        plans[key] = _plan_person(session, person_rows, known, today)
    return plans


def _plan_person(
    session: Session, rows: list[EmploisRow], known: dict[str, m.EmploisHire], today: dt.date
) -> _Plan:
    latest = rows[-1]  # the latest hire carries the person's latest PASS
    matches = _matches(session, latest)
    if len(matches) > 1:
        names = ", ".join(f"n° {p.id}" for p in matches)
        return _Plan(rows, None, conflict=tr(
            "plusieurs dossiers ont ces nom, prénom et date de naissance ({names}) : "
            "fusionnez-les ou complétez ce dossier à la main").format(names=names))  # fmt: skip
    person = matches[0] if matches else None
    plan = _Plan(rows, person)
    if person is None:
        data, notes, problem = _checked_new_person(session, latest, today)
        if problem:
            plan.conflict = problem
            return plan
        plan.data, plan.notes = data, notes
    numbers = {pass_rules.normalise_number(r.pass_number) for r in rows if r.pass_number}
    if len(numbers) > 1:
        plan.conflict = tr(
            "deux numéros de PASS IAE différents dans le fichier : {numbers}"
        ).format(numbers=", ".join(sorted(numbers)))
        return plan
    if latest.pass_number:
        number = pass_rules.normalise_number(latest.pass_number)
        mine = next((p for p in (person.passes if person else []) if p.number == number), None)
        if mine is None:
            problem = _pass_problem(session, latest, person.id if person else None)
            if problem:
                plan.conflict = tr("PASS IAE : {problem}").format(problem=problem)
                return plan
            plan.new_pass = latest
            if latest.pass_end != _initial_end(latest):
                plan.notes.append(_prolonged(latest))
        elif latest.pass_end and pass_period(mine).end != latest.pass_end:
            plan.notes.append(
                tr("fin du PASS ici le {here}, sur la plateforme le {there} : à vérifier").format(
                    here=format_date(pass_period(mine).end), there=format_date(latest.pass_end)
                )
            )
    if person is not None and person.referrer is None:
        plan.referrer_from = latest
    for row in rows:
        hire = known.get(row.row_key)
        if hire is None:
            plan.hires.append(row)
        elif _hire_values(row) != _hire_values_of(hire):
            plan.changed_hires.append((hire, row))
    return plan


def _prolonged(row: EmploisRow) -> str:
    return tr(
        "fin du PASS sur la plateforme le {end} (prolongation ou suspension) : enregistrez-la "
        "dans « Éligibilité et PASS IAE »"
    ).format(end=format_date(row.pass_end))


def _hire_values(row: EmploisRow) -> tuple[object, ...]:
    return (row.hiring_end, row.eligibility_validated, row.eligible_for_control,
            pass_rules.normalise_number(row.pass_number) if row.pass_number else None,
            row.pass_start, row.pass_end, row.pass_status)  # fmt: skip


def _hire_values_of(hire: m.EmploisHire) -> tuple[object, ...]:
    return (hire.hiring_end, hire.eligibility_validated, hire.eligible_for_control,
            hire.pass_number, hire.pass_start, hire.pass_end, hire.pass_status)  # fmt: skip


def _details(plan: _Plan, row: EmploisRow) -> tuple[Action, list[str]]:
    if plan.conflict:
        return Action.CONFLICT, [plan.conflict]
    first = row is plan.rows[0]
    details: list[str] = []
    if plan.person is None and first:
        details.append(tr("nouveau dossier salarié (NIR à compléter)"))
    if plan.new_pass is not None and first:  # the person's latest PASS, told once
        new = plan.new_pass
        details.append(tr("PASS IAE {number} du {start} au {end}").format(
            number=pass_rules.format_number(pass_rules.normalise_number(new.pass_number)),
            start=format_date(new.pass_start), end=format_date(_initial_end(new))))  # fmt: skip
    if first and (plan.referrer_from is not None or plan.person is None):
        source = plan.referrer_from or plan.rows[-1]
        referrer = referrer_for(source.source, source.prescriber_organisation)
        details.append(tr("orienteur {code} – {label}").format(code=referrer.value,
                                                                label=referrer.label))  # fmt: skip
    if row in plan.hires:
        end = tr(" au {end}").format(end=format_date(row.hiring_end)) if row.hiring_end else ""
        details.append(tr("embauche du {start}{end} : contrat à compléter").format(
            start=format_date(row.hiring_start), end=end))  # fmt: skip
        details.append(tr("éligibilité IAE validée sur la plateforme") if row.eligibility_validated
                       else tr("éligibilité non validée sur la plateforme"))  # fmt: skip
    if any(r is row for _h, r in plan.changed_hires):
        details.append(tr("embauche déjà importée, mise à jour (dates, PASS ou éligibilité)"))
    if first:
        details += plan.notes
    if not details:
        return Action.UNCHANGED, [tr("déjà importé, rien n'a changé")]
    return (Action.CREATE if plan.person is None else Action.UPDATE), details


def preview_emplois_import(
    session: Session, actor: Actor, path: Path, *, today: dt.date | None = None
) -> EmploisPreview:
    """Each row of the export with what the import would do; nothing is written."""
    require(actor, Permission.PEOPLE_EDIT)
    rows = _read(path)
    plans = _plan(session, rows, today or dt.date.today())
    shown: list[PreviewRow] = []
    for row in rows:
        if row.kind is not RowKind.HIRE:
            shown.append(PreviewRow(row.line, row.name, row.birth_date, row.status,
                                    row.hiring_start, Action.NOT_IMPORTED, (row.reason,)))  # fmt: skip
            continue
        plan = plans[row.identity_key]
        action, details = _details(plan, row)
        shown.append(PreviewRow(row.line, row.name, row.birth_date, row.status, row.hiring_start,
                                action, tuple(details), plan.person.id if plan.person else None))  # fmt: skip
    return EmploisPreview(path.name, tuple(shown))


def import_from_emplois(
    session: Session,
    actor: Actor,
    path: Path,
    *,
    today: dt.date | None = None,
    before_write: backups.BackupStep | None = None,
) -> EmploisResult:
    """Apply what the preview shows, in this one transaction; conflicts are left untouched.

    ``before_write`` (the backup) runs once the file is read and planned, when there is
    something to write.
    """
    require(actor, Permission.PEOPLE_EDIT)
    today = today or dt.date.today()
    rows = _read(path)
    plans = _plan(session, rows, today)
    if before_write is not None and any(not plan.conflict for plan in plans.values()):
        before_write(session, actor)
    created = updated = hires = passes = conflicts = 0
    for plan in plans.values():
        if plan.conflict:
            conflicts += 1
            continue
        wrote = _apply(session, actor, plan, path.name)
        if wrote:
            created += plan.person is None
            updated += plan.person is not None
        hires += len(plan.hires)
        passes += plan.new_pass is not None
    not_imported = sum(1 for r in rows if r.kind is not RowKind.HIRE)
    if created or updated:
        audit.record(
            session, actor, audit.Action.IMPORT, "person",
            summary=tr("import les emplois ({file}) : {created} dossier(s) créé(s), {updated} mis "
                       "à jour, {hires} embauche(s), {conflicts} en conflit, {skipped} ligne(s) "
                       "non importée(s)").format(file=path.name, created=created, updated=updated,
                                                 hires=hires, conflicts=conflicts,
                                                 skipped=not_imported),
        )  # fmt: skip
    return EmploisResult(created, updated, hires, passes, conflicts, not_imported)


def _apply(session: Session, actor: Actor, plan: _Plan, file_name: str) -> bool:
    """Write one person's plan; False when there was nothing to write."""
    if not (plan.person is None or plan.new_pass or plan.referrer_from or plan.hires
            or plan.changed_hires):  # fmt: skip
        return False
    changes: list[str] = []
    if plan.person is None:
        assert plan.data is not None  # planned without conflict
        person_id = people.insert_checked(
            session, actor, plan.data,
            tr("fiche salarié créée par l'import les emplois ({file})").format(file=file_name),
        )  # fmt: skip
    else:
        person_id = plan.person.id
        if plan.referrer_from is not None:
            row = plan.referrer_from
            plan.person.referrer = referrer_for(row.source, row.prescriber_organisation)
            if not plan.person.referrer_contact:
                contact = " — ".join(
                    v for v in (row.prescriber_organisation, row.prescriber_user) if v
                )
                plan.person.referrer_contact = contact or None
            changes.append(tr("orienteur"))
    if plan.new_pass is not None:
        row = plan.new_pass
        end = _initial_end(row)
        assert row.pass_start is not None and end is not None  # checked in the plan
        note = tr("Importé des emplois de l'inclusion ({file}) ; statut : {status}.").format(
            file=file_name, status=row.pass_status or "?")  # fmt: skip
        if end != row.pass_end:
            note += " " + _prolonged(row).capitalize() + "."
        record = m.PassIae(
            person_id=person_id,
            number=pass_rules.normalise_number(row.pass_number),
            start_date=row.pass_start,
            initial_end_date=end,
            notes=note,
        )
        session.add(record)
        session.flush()
        audit.record(session, actor, audit.Action.CREATE, "pass_iae", record.id,
                     person_id=person_id,
                     summary=tr("PASS IAE enregistré (import les emplois)"))  # fmt: skip
        changes.append(tr("PASS IAE"))
    for row in plan.hires:
        hire = m.EmploisHire(person_id=person_id, row_key=row.row_key, file_name=file_name,
                             imported_by_id=actor.staff_id)  # fmt: skip
        _copy(hire, row)
        hire.contract_id = _contract_starting(session, person_id, row.hiring_start)
        session.add(hire)
    for hire, row in plan.changed_hires:
        _copy(hire, row)
    if plan.hires or plan.changed_hires:
        changes.append(tr("{n} embauche(s)").format(n=len(plan.hires) + len(plan.changed_hires)))
    session.flush()
    if plan.person is not None or plan.hires:
        audit.record(session, actor, audit.Action.UPDATE if plan.person else audit.Action.CREATE,
                     "emplois_hire", None, person_id=person_id,
                     summary=tr("import les emplois : {what}").format(what=", ".join(changes)))  # fmt: skip
    return True


def _copy(hire: m.EmploisHire, row: EmploisRow) -> None:
    hire.applied_on, hire.hiring_start, hire.hiring_end = (row.applied_on, row.hiring_start,
                                                           row.hiring_end)  # fmt: skip
    hire.jobs, hire.source = row.jobs, row.source
    hire.prescriber_organisation, hire.prescriber_user = (row.prescriber_organisation,
                                                          row.prescriber_user)  # fmt: skip
    hire.referrer = referrer_for(row.source, row.prescriber_organisation)
    hire.eligibility_validated = row.eligibility_validated
    hire.eligible_for_control = row.eligible_for_control
    hire.pass_number = pass_rules.normalise_number(row.pass_number) if row.pass_number else None
    hire.pass_start, hire.pass_end, hire.pass_status = row.pass_start, row.pass_end, row.pass_status


def _contract_starting(session: Session, person_id: int, day: dt.date | None) -> int | None:
    if day is None:
        return None
    return session.scalar(
        select(m.Contract.id).where(m.Contract.person_id == person_id, m.Contract.start_date == day)
    )


def import_after_backup(
    ctx: AppContext, path: Path, *, today: dt.date | None = None
) -> EmploisResult:
    """A checked backup (« avant-import »), then the import; no backup when nothing is to
    be written (the same file again) or the import is refused."""
    preview = ctx.read(preview_emplois_import, path, today=today)
    if not preview.to_apply:
        return EmploisResult(0, 0, 0, 0, preview.count(Action.CONFLICT),
                             preview.count(Action.NOT_IMPORTED))  # fmt: skip
    step = backups.backup_step(ctx, "avant-import")
    return ctx.run(import_from_emplois, path, today=today, before_write=step)
