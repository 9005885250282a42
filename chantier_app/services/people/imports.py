"""Import people from a CSV/XLSX file (preview, then all valid rows at once) and export the list.

Headers are the French field names of the employee record (those the export writes), with
common variants (« Nom », « Prénom », « N° de sécurité sociale »…); codes are accepted as
code or label. The import reads the file again when confirmed: what is written is what the
file holds then, checked again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import marshal
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.codes import CodeEnum
from chantier_app.domain.errors import DuplicateError, ValidationError, Violation
from chantier_app.domain.fr_format import match_key, team_label
from chantier_app.domain.parsing import parse_date
from chantier_app.domain.person_record import (
    BOOL_FIELDS,
    CODE_FIELDS,
    DATE_FIELDS,
    FIELD_LABELS,
    FIELD_NAMES,
    PersonInput,
)
from chantier_app.i18n import tr
from chantier_app.services import audit, tabular
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.people import import_mapping
from chantier_app.services.people import records as people
from chantier_app.services.people._columns import parse_bool, parse_code
from chantier_app.services.people.import_mapping import ColumnMapping, ReadPlan
from chantier_app.services.roles_matrix import Permission, require
from chantier_app.services.safety import backups

Cell = tabular.Cell


@dataclass(frozen=True, slots=True)
class ImportRow:
    """One row of the file, checked. Kept small: a preview holds up to 50,000 of them."""

    line: int  # as the spreadsheet numbers it (headers on line 1)
    name: str
    birth_date: dt.date | None
    errors: list[str]
    # The record as it will be stored, packed (``_pack``): a fifth of a PersonInput's size
    # (issue 22); None when the row cannot be imported.
    packed: bytes | None
    # A digest of the cells as read (holding the cells would hold the whole file): the
    # import reuses the check of an unchanged row.
    fingerprint: bytes = b""

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def data(self) -> PersonInput | None:
        return None if self.packed is None else _unpack(self.packed)


@dataclass(frozen=True)
class ImportPreview:
    file_name: str
    columns: list[tuple[str, str]]  # (header in the file, field it fills)
    ignored_headers: list[str]
    rows: list[ImportRow]
    today: dt.date | None = None  # the day the rows were checked (ages, dates in the future)
    sheet_note: str | None = None  # which sheet of a workbook of several was read

    @property
    def valid_count(self) -> int:
        return sum(1 for r in self.rows if r.valid)

    @property
    def error_count(self) -> int:
        return len(self.rows) - self.valid_count


@dataclass(frozen=True)
class ImportResult:
    created: int
    skipped: int


def _text(value: Cell) -> str | None:
    if type(value) is str:  # every CSV cell, most XLSX ones
        return value.strip() or None
    if value is None:
        return None
    if isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() else value
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    text = str(value).strip()
    return text or None


_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def _date(value: Cell) -> dt.date | None:
    """``parse_date`` of the cell, the usual « 05/03/1990 » read without ``strptime`` (a
    tenth of the time); any other form, or a day that does not exist, goes to
    ``parse_date`` for its answer or its message."""
    if isinstance(value, dt.date):
        return parse_date(value)
    text = _text(value)
    if text is not None:
        match = _DAY_MONTH_YEAR.fullmatch(text)
        if match is not None:
            day, month, year = match.groups()
            try:
                return dt.date(int(year), int(month), int(day))
            except ValueError:
                pass
    return parse_date(text)


class _References:
    """Teams and CIP found by their name as written in a spreadsheet."""

    def __init__(self, session: Session) -> None:
        self.teams: dict[str, int] = {}
        for team_id, name, workshop in session.execute(
            select(m.Team.id, m.Team.name, m.Workshop.name).join(m.Workshop)
        ):
            self.teams[match_key(team_label(workshop, name))] = team_id
            self.teams.setdefault(match_key(name), team_id)
            self.teams.setdefault(match_key(f"{workshop} {name}"), team_id)
        self.staff: dict[str, int] = {}
        for staff_id, first, last in session.execute(
            select(m.Staff.id, m.Staff.first_name, m.Staff.last_name)
        ):
            for key in (f"{first} {last}", f"{last} {first}", last):
                self.staff.setdefault(match_key(key), staff_id)

    def team(self, text: str) -> int:
        try:
            return self.teams[match_key(text)]
        except KeyError:
            raise ValueError(tr("équipe « {text} » inconnue").format(text=text)) from None

    def cip(self, text: str) -> int:
        try:
            return self.staff[match_key(text)]
        except KeyError:
            raise ValueError(tr("CIP « {text} » inconnu(e)").format(text=text)) from None


# Any: a field's value, of that field's type (the fields are the file's, known at run time).
_Parser = Callable[[Cell], Any]


class _Columns:
    """How each column of the file is read: its field and its parser, chosen once per file
    rather than once per cell."""

    def __init__(
        self, names: list[str | None], refs: _References, sources: Sequence[str] = ()
    ) -> None:
        self.refs = refs
        self.plan: list[tuple[int, str, str, _Parser]] = [
            (index, name, self._label(name, sources, index), self._parser(name))
            for index, name in enumerate(names)
            if name is not None
        ]
        self.index = {name: index for index, name, _, _ in self.plan}

    @staticmethod
    def _label(name: str, sources: Sequence[str], index: int) -> str:
        """The field as messages name it, with where its value comes from when the file
        calls it otherwise: « Date de naissance (colonne « Né le ») »."""
        label = FIELD_LABELS[name]
        if index >= len(sources) or match_key(sources[index]) == match_key(
            tr("colonne « {header} »").format(header=label)
        ):
            return label
        return f"{label} ({sources[index]})"

    def _parser(self, name: str) -> _Parser:
        if name in DATE_FIELDS:
            return _date
        if name in BOOL_FIELDS:
            return lambda raw: parse_bool(_text(raw))
        if name in CODE_FIELDS:
            enum = CODE_FIELDS[name]
            return lambda raw: None if (text := _text(raw)) is None else parse_code(enum, text)
        if name == "team_id":
            return lambda raw: None if (text := _text(raw)) is None else self.refs.team(text)
        if name == "cip_id":
            return lambda raw: None if (text := _text(raw)) is None else self.refs.cip(text)
        return _text

    def parse(self, cells: Sequence[Cell]) -> tuple[dict[str, Any], list[str]]:
        """The row's values by field name, each parsed to its field's type; and the errors."""
        values: dict[str, Any] = {}
        errors = []
        for index, name, label, parse in self.plan:
            try:
                values[name] = parse(cells[index])
            except ValueError as exc:
                errors.append(f"{label} : {exc}")
        if values.get("rsa") is None:
            values.pop("rsa", None)
        return values, errors

    def explained(self, violation: Violation) -> str:
        """A rule's message, saying how to fix it when the file has no column for its field
        (« Motif d'absence du NIR : obligatoire… » on every row of a file without it)."""
        if violation.field in FIELD_LABELS and violation.field not in self.index:
            return violation.message + tr(
                " Le fichier n'a pas de colonne « {label} » : choisissez-la parmi ses "
                "colonnes, ou donnez une valeur par défaut (bouton « Colonnes… »)."
            ).format(label=FIELD_LABELS[violation.field])
        return violation.message

    def text(self, cells: Sequence[Cell], name: str) -> str | None:
        index = self.index.get(name)
        return None if index is None else _text(cells[index])

    def same_references(self, cells: Sequence[Cell], data: PersonInput) -> bool:
        """The row's team and CIP, as written, still name the records it was checked with
        (not so when one was renamed or removed since)."""
        for name, find, checked in (
            ("team_id", self.refs.team, data.team_id),
            ("cip_id", self.refs.cip, data.cip_id),
        ):
            text = self.text(cells, name)
            try:
                if (None if text is None else find(text)) != checked:
                    return False
            except ValueError:
                return False
        return True


def _read(
    path: Path, mapping: ColumnMapping | None, sheet: str | None
) -> tuple[tabular.TableStream, ReadPlan]:
    table = tabular.stream_table(path, sheet=sheet)
    return table, import_mapping.plan(table.headers, mapping)


def _with_defaults(rows: Iterator[list[Cell]], read: ReadPlan) -> Iterator[list[Cell]]:
    """Each row with the default values after its cells, where the plan reads them."""
    if not read.defaults:
        return rows
    extra: list[Cell] = list(read.defaults)
    return (cells + extra for cells in rows)


def preview_import(
    session: Session,
    actor: Actor,
    path: Path,
    *,
    today: dt.date | None = None,
    earlier: ImportPreview | None = None,
    mapping: ColumnMapping | None = None,
    sheet: str | None = None,
) -> ImportPreview:
    """Every row checked as if it were saved, with its errors; nothing is written.

    ``earlier``: a preview of the same file made the same day. A row it accepted whose cells
    have not changed is not checked again against the rules of the record (they gave the
    same answer), only against what the database holds now (a person recorded meanwhile,
    its team or CIP renamed or removed) and against the other rows of the file.
    ``mapping``: the columns the user matched to the fields, and default values (the
    headers' automatic matching when None; see ``import_mapping.plan``).
    ``sheet``: the workbook's sheet the user chose (None: the first).
    """
    require(actor, Permission.PEOPLE_EDIT)
    today = today or dt.date.today()
    table, read = _read(path, mapping, sheet)
    columns, ignored = read.columns, read.ignored
    reader = _Columns(read.names, _References(session), read.sources)
    existing = people.ExistingPeople(session)
    reusable = _reusable(earlier, columns, ignored, today)
    rows: list[ImportRow] = []
    accepted = _TwinIndex()
    for offset, cells in enumerate(_with_defaults(table.rows, read)):
        line = offset + 2
        fingerprint = _fingerprint(cells)
        before = reusable[offset] if offset < len(reusable) else None
        if before is not None and (before.line != line or before.packed is None):
            before = None  # only a row accepted at the same line is reused
        data: PersonInput | None = None
        reused = (
            before is not None
            and before.fingerprint == fingerprint
            and (data := before.data) is not None
            and reader.same_references(cells, data)
        )
        if before is not None and data is not None and reused:
            errors = people._recheck(session, data, existing)
            name, birth = before.name, before.birth_date
        else:
            data, errors, name, birth = _check_row(session, reader, existing, cells, today)
        if data is not None and not errors:
            twin = accepted.twin(data)
            if twin is not None:
                errors.append(tr("Doublon de la ligne {line} du fichier.").format(line=twin))
            else:
                accepted.add(line, data)
        if errors or data is None:
            packed = None
        elif before is not None and reused:
            packed = before.packed  # shared, not copied
        else:
            packed = _pack(data)
        rows.append(ImportRow(line, name, birth, errors, packed, fingerprint))
    return ImportPreview(path.name, columns, ignored, rows, today, table.sheet_note)


def _fingerprint(cells: Sequence[Cell]) -> bytes:
    """16 bytes that change when any cell does (its text or its type: « 3 » is not 3)."""
    return hashlib.blake2b(repr(cells).encode(), digest_size=16).digest()


# How each field of PersonInput is packed into marshal's plain types and back: its name, its
# code list (a code is packed as its plain str), whether it is a date (packed as an ordinal).
_PACKING: list[tuple[str, type[CodeEnum] | None, bool]] = [
    (name, CODE_FIELDS.get(name), name in DATE_FIELDS) for name in FIELD_NAMES
]


def _pack(data: PersonInput) -> bytes:
    """The record in marshal's bytes: its texts take a byte a character there, against some 60
    bytes of object each as Python strings (a preview of 50,000 rows held them all)."""
    plain: list[Any] = []  # Any: each field's plain value (str, int, bool or None)
    for name, codes, is_date in _PACKING:
        value = getattr(data, name)
        if value is not None and is_date:
            value = value.toordinal()
        elif value is not None and codes is not None:
            value = value.value
        plain.append(value)
    return marshal.dumps(tuple(plain))


def _unpack(packed: bytes) -> PersonInput:
    values: list[Any] = []  # Any: each field's value, of that field's type
    for (_, codes, is_date), value in zip(_PACKING, marshal.loads(packed), strict=True):
        if value is not None and is_date:
            value = dt.date.fromordinal(value)
        elif value is not None and codes is not None:
            value = codes(value)  # type: ignore[call-arg]  # by value; see CodeEnum.from_code
        values.append(value)
    return PersonInput(*values)


def _reusable(
    earlier: ImportPreview | None,
    columns: list[tuple[str, str]],
    ignored: list[str],
    today: dt.date,
) -> list[ImportRow]:
    """The rows of ``earlier`` in the order read, when it read the same columns the same day
    (none otherwise)."""
    if earlier is None or earlier.today != today:
        return []
    if earlier.columns != columns or earlier.ignored_headers != ignored:
        return []
    return earlier.rows


def _check_row(
    session: Session,
    reader: _Columns,
    existing: people.ExistingPeople,
    cells: Sequence[Cell],
    today: dt.date,
) -> tuple[PersonInput | None, list[str], str, dt.date | None]:
    """The row as it would be saved (None when refused), its errors, its name and birth date
    for the preview."""
    values, errors = reader.parse(cells)
    data: PersonInput | None = None
    if not errors:
        try:
            data = people._check_person(
                session, PersonInput(**{"civility": None, "usage_name": None,
                                        "first_names": None, "birth_date": None, **values}),
                today=today,
                existing=existing,
            )  # fmt: skip
        except DuplicateError as exc:
            errors.append(exc.message)
        except ValidationError as exc:
            errors.extend(reader.explained(v) for v in exc.violations)
    name = " ".join(
        filter(None, [reader.text(cells, "usage_name"), reader.text(cells, "first_names")])
    )
    birth = values.get("birth_date")
    return data, errors, name, birth if isinstance(birth, dt.date) else None


class _TwinIndex:
    """The rows accepted so far, by NIR and by (names, birth date): finding a row's twin in
    the file is a lookup, not a comparison with every earlier row (the import was quadratic:
    10,000 rows took 140 s to preview, issue 22). The names are held as a 16-byte digest of
    their keys, a quarter of the keys' size (a file has up to 50,000 rows)."""

    def __init__(self) -> None:
        self._by_nir: dict[str, int] = {}
        self._by_names: dict[bytes, int] = {}

    @staticmethod
    def _names(data: PersonInput) -> bytes:
        key = f"{match_key(data.usage_name)}\x1f{match_key(data.first_names)}\x1f{data.birth_date}"
        return hashlib.blake2b(key.encode(), digest_size=16).digest()

    def twin(self, data: PersonInput) -> int | None:
        """The line of an earlier row with the same NIR, else the same names and birth date."""
        if data.nir and data.nir in self._by_nir:
            return self._by_nir[data.nir]
        return self._by_names.get(self._names(data))

    def add(self, line: int, data: PersonInput) -> None:
        if data.nir:
            self._by_nir.setdefault(data.nir, line)
        self._by_names.setdefault(self._names(data), line)


def import_people(
    session: Session,
    actor: Actor,
    path: Path,
    *,
    skip_invalid: bool = False,
    today: dt.date | None = None,
    preview: ImportPreview | None = None,
    before_write: backups.BackupStep | None = None,
    mapping: ColumnMapping | None = None,
    sheet: str | None = None,
) -> ImportResult:
    """All valid rows in this one transaction, or nothing.

    With ``skip_invalid`` False, a single invalid row refuses the whole file. The file is
    read and checked again (``preview``, the one the user saw, spares checking again what
    cannot have changed: see ``preview_import``).
    ``before_write`` (the backup) runs once the file is accepted, before the first row.
    """
    preview = preview_import(
        session, actor, path, today=today, earlier=preview, mapping=mapping, sheet=sheet
    )
    invalid = [r for r in preview.rows if not r.valid]
    if invalid and not skip_invalid:
        details = "\n".join(
            tr("Ligne {line} : {errors}").format(line=r.line, errors=" ; ".join(r.errors))
            for r in invalid[:20]
        )
        raise ValidationError(
            tr(
                "Import refusé, aucune ligne enregistrée ({n} ligne(s) en erreur) :\n{details}"
            ).format(n=len(invalid), details=details),
            field="file",
        )
    valid = [r for r in preview.rows if r.valid and r.packed is not None]
    if not valid:
        raise ValidationError(tr("Aucune ligne valide à importer."), field="file")
    if before_write is not None:
        before_write(session, actor)
    summary = tr("fiche salarié créée par import ({file})").format(file=preview.file_name)
    records = (data for r in valid if (data := r.data) is not None)  # one at a time
    people.insert_many_checked(session, actor, records, summary)
    audit.record(
        session,
        actor,
        audit.Action.IMPORT,
        "person",
        summary=tr("{n} salarié(s) importé(s) depuis {file}, {skipped} ligne(s) ignorée(s)").format(
            n=len(valid), file=preview.file_name, skipped=len(invalid)
        ),
    )
    return ImportResult(created=len(valid), skipped=len(invalid))


def import_people_after_backup(
    ctx: AppContext,
    path: Path,
    *,
    skip_invalid: bool = False,
    today: dt.date | None = None,
    preview: ImportPreview | None = None,
    mapping: ColumnMapping | None = None,
    sheet: str | None = None,
) -> ImportResult:
    """The import in one transaction, with a checked backup (« avant-import ») taken in it
    once the file is accepted.

    No row is written when the backup could not be (StorageError), and a refused import
    writes no backup, so it rotates none of the earlier ones out.
    """
    ctx.read(_may_import)
    step = backups.backup_step(ctx, "avant-import")
    return ctx.run(
        import_people,
        path,
        skip_invalid=skip_invalid,
        today=today,
        preview=preview,
        before_write=step,
        mapping=mapping,
        sheet=sheet,
    )


def _may_import(session: Session, actor: Actor) -> None:
    require(actor, Permission.PEOPLE_EDIT)
