"""Create, edit, archive a person (salarié en insertion); duplicates are refused."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections.abc import Iterable

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.db.base import now
from chantier_app.domain.errors import (
    DuplicateError,
    NotFoundError,
    ValidationError,
    Violation,
    refuse_errors,
)
from chantier_app.domain.fr_format import format_date, match_key
from chantier_app.domain.person_record import (
    FIELD_LABELS,
    FIELD_NAMES,
    PersonInput,
    validate_person,
)
from chantier_app.i18n import tr
from chantier_app.services import _concurrency as concurrency
from chantier_app.services import audit
from chantier_app.services.context import Actor
from chantier_app.services.roles_matrix import Permission, allowed, require


def _load(session: Session, person_id: int) -> m.Person:
    person = session.get(m.Person, person_id)
    if person is None or person.anonymised_at is not None:
        raise NotFoundError(tr("Salarié"), person_id)
    return person


def _check_person(
    session: Session,
    data: PersonInput,
    *,
    today: dt.date,
    person_id: int | None = None,
    existing: ExistingPeople | None = None,
) -> PersonInput:
    """The record as stored; ValidationError or DuplicateError when it cannot be saved.

    ``existing``: the people already recorded, read once for a whole file (an import);
    without it each check queries the database.
    """
    data, violations = validate_person(data, today=today)
    violations += _references(session, data)
    refuse_errors(violations)
    if existing is not None:
        duplicate = existing.duplicate_of(session, data, exclude_id=person_id)
    else:
        duplicate = _find_duplicate(session, data, exclude_id=person_id)
    if duplicate is not None:
        raise duplicate
    return data


def _recheck(session: Session, data: PersonInput, existing: ExistingPeople) -> list[str]:
    """What ``_check_person`` would now refuse in a record it accepted earlier the same day:
    only what the database holds (its team and CIP, a person recorded meanwhile), not the
    rules of the record itself, which have not changed. The French errors, none when fine."""
    errors = [v.message for v in _references(session, data) if v.blocking]
    if errors:
        return errors
    duplicate = existing.duplicate_of(session, data)
    return [duplicate.message] if duplicate is not None else []


def _references(session: Session, data: PersonInput) -> list[Violation]:
    violations = []
    if data.team_id is not None and session.get(m.Team, data.team_id) is None:
        violations.append(Violation("team_unknown", tr("Équipe : introuvable."), field="team_id"))
    if data.cip_id is not None and session.get(m.Staff, data.cip_id) is None:
        violations.append(
            Violation("cip_unknown", tr("CIP référent : introuvable."), field="cip_id")
        )
    return violations


def _find_duplicate(
    session: Session, data: PersonInput, *, exclude_id: int | None = None
) -> DuplicateError | None:
    """Same NIR, or same names and birth date, as a person already recorded."""
    query = select(m.Person).where(m.Person.anonymised_at.is_(None))
    if exclude_id is not None:
        query = query.where(m.Person.id != exclude_id)
    if data.nir:
        same = session.scalars(query.where(m.Person.nir == data.nir)).first()
        if same is not None:
            return _duplicate(same, tr("même NIR"), "nir")
    if data.birth_date is None:
        return None
    names = {match_key(data.usage_name), match_key(data.birth_name)} - {""}
    first = match_key(data.first_names)
    for other in session.scalars(query.where(m.Person.birth_date == data.birth_date)):
        other_names = {match_key(other.usage_name), match_key(other.birth_name)} - {""}
        if match_key(other.first_names) == first and names & other_names:
            return _duplicate(other, tr("mêmes nom, prénom et date de naissance"), None)
    return None


class ExistingPeople:
    """The people recorded (not anonymised), read in one query: a file of 10,000 rows is
    checked against them by lookups instead of two queries a row (issue 22). Answers as
    ``_find_duplicate`` does: same NIR first, then same first names and birth date with a
    usage or birth name in common, the earliest recorded person first."""

    def __init__(self, session: Session) -> None:
        self._by_nir: dict[str, int] = {}
        self._by_birth: dict[dt.date, list[tuple[int, str, frozenset[str]]]] = {}
        rows = session.execute(
            select(
                m.Person.id,
                m.Person.nir,
                m.Person.birth_date,
                m.Person.usage_name,
                m.Person.birth_name,
                m.Person.first_names,
            )
            .where(m.Person.anonymised_at.is_(None))
            .order_by(m.Person.id)
        )
        for person_id, nir, birth, usage_name, birth_name, first_names in rows:
            if nir:
                self._by_nir.setdefault(nir, person_id)
            if birth is not None:
                names = frozenset({match_key(usage_name), match_key(birth_name)} - {""})
                entry = (person_id, match_key(first_names), names)
                self._by_birth.setdefault(birth, []).append(entry)

    def duplicate_of(
        self, session: Session, data: PersonInput, *, exclude_id: int | None = None
    ) -> DuplicateError | None:
        if data.nir:
            same = self._by_nir.get(data.nir)
            if same is not None and same != exclude_id:
                return _duplicate(_load_any(session, same), tr("même NIR"), "nir")
        if data.birth_date is None:
            return None
        names = {match_key(data.usage_name), match_key(data.birth_name)} - {""}
        first = match_key(data.first_names)
        for person_id, other_first, other_names in self._by_birth.get(data.birth_date, ()):
            if person_id != exclude_id and other_first == first and names & other_names:
                other = _load_any(session, person_id)
                return _duplicate(other, tr("mêmes nom, prénom et date de naissance"), None)
        return None


def _load_any(session: Session, person_id: int) -> m.Person:
    person = session.get(m.Person, person_id)
    assert person is not None  # read in the same transaction
    return person


def _duplicate(other: m.Person, why: str, field: str | None) -> DuplicateError:
    message = tr(
        "Cette personne existe déjà ({why}) : {name}, né(e) le {birth}{archived}. "
        "Ouvrez son dossier plutôt que d'en créer un second."
    ).format(
        why=why,
        name=other.display_name,
        birth=format_date(other.birth_date),
        archived=tr(" (dossier archivé)") if other.archived_at else "",
    )
    return DuplicateError(message, other.id, field=field)


def create_person(
    session: Session, actor: Actor, data: PersonInput, *, today: dt.date | None = None
) -> int:
    require(actor, Permission.PEOPLE_EDIT)
    data = _check_person(session, data, today=today or dt.date.today())
    return insert_checked(session, actor, data, tr("fiche salarié créée"))


def insert_checked(session: Session, actor: Actor, data: PersonInput, summary: str) -> int:
    """Write a record that ``_check_person`` accepted (the platform's hires too)."""
    person = m.Person(**_columns(data))
    session.add(person)
    session.flush()
    audit.record(
        session,
        actor,
        audit.Action.CREATE,
        "person",
        person.id,
        person_id=person.id,
        summary=summary,
    )
    return person.id


def insert_many_checked(
    session: Session, actor: Actor, records: Iterable[PersonInput], summary: str
) -> list[int]:
    """Write records that ``_check_person`` accepted, with one audit line each, in a few
    multi-row INSERTs (an import of 10,000 people: one flush per person took most of its
    time, issue 22). Their ids in the order given."""
    table = m.Person.__table__
    assert isinstance(table, Table)  # typed as any FromClause; this class maps a table
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    ids: list[int] = []
    # By chunks: the rows' parameters are built a chunk at a time, not all held at once.
    pending = iter(records)
    while chunk := [_columns(data) for data in itertools.islice(pending, _INSERT_CHUNK)]:
        created = session.execute(statement, chunk).scalars().all()
        audit.record_many(
            session,
            actor,
            [(audit.Action.CREATE, "person", pid, pid, summary) for pid in created],
        )
        ids.extend(created)
    return ids


_INSERT_CHUNK = 250  # 1,000 held 4 MB more at 10,000 rows for no time saved


def _columns(data: PersonInput) -> dict[str, object]:
    """The record's fields by name: ``dataclasses.asdict`` without its deep copies (every
    field is a plain value)."""
    return {name: getattr(data, name) for name in FIELD_NAMES}


def update_person(
    session: Session,
    actor: Actor,
    person_id: int,
    data: PersonInput,
    *,
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> list[str]:
    """Save the whole record; returns the French names of the fields that changed.

    ``expected_version``: the record's version when the form loaded it; refused when someone
    saved it since (``services._concurrency``)."""
    require(actor, Permission.PEOPLE_EDIT)
    person = _load(session, person_id)
    concurrency.expect(session, person, expected_version)
    if not allowed(actor, Permission.NIR_VIEW):
        # The form did not show the NIR: keep what is recorded.
        data = dataclasses.replace(
            data, nir=person.nir, nir_missing_reason=person.nir_missing_reason
        )
    data = _check_person(session, data, today=today or dt.date.today(), person_id=person_id)
    before = {name: getattr(person, name) for name in FIELD_NAMES}
    after = dataclasses.asdict(data)
    changed = audit.changed_fields(before, after)
    for name in changed:
        setattr(person, name, after[name])
    labels = [FIELD_LABELS[name] for name in changed]
    if changed:
        audit.record(
            session,
            actor,
            audit.Action.UPDATE,
            "person",
            person.id,
            person_id=person.id,
            summary=tr("champs modifiés : {fields}").format(fields=", ".join(labels)),
        )
    return labels


def archive_person(
    session: Session, actor: Actor, person_id: int, *, today: dt.date | None = None
) -> None:
    """Hide a former employee from the active list; refused while a contract runs."""
    require(actor, Permission.PEOPLE_EDIT)
    person = _load(session, person_id)
    today = today or dt.date.today()
    if person.archived_at is not None:
        return
    running = session.scalars(
        select(m.Contract).where(m.Contract.person_id == person_id).order_by(m.Contract.start_date)
    ).all()
    for contract in running:
        if contract.effective_end >= today:
            raise ValidationError(
                tr(
                    "Archivage impossible : le contrat {kind} court jusqu'au {end}. "
                    "Terminez-le (sortie) avant d'archiver le dossier."
                ).format(kind=contract.kind.label, end=format_date(contract.effective_end))
            )
    person.archived_at = now()
    audit.record(
        session,
        actor,
        audit.Action.ARCHIVE,
        "person",
        person.id,
        person_id=person.id,
        summary=tr("dossier archivé"),
    )


def unarchive_person(session: Session, actor: Actor, person_id: int) -> None:
    require(actor, Permission.PEOPLE_EDIT)
    person = _load(session, person_id)
    if person.archived_at is None:
        return
    person.archived_at = None
    audit.record(
        session,
        actor,
        audit.Action.UPDATE,
        "person",
        person.id,
        person_id=person.id,
        summary=tr("dossier désarchivé"),
    )
