"""Which column of an import file fills which field of the employee record, and the value
a field gets on every row when the file has no column for it.

Pure: the automatic matching of headers (``field_for_header``), or the user's choice, turned
into what the import reads. The import dialog shows it when the headers do not all match.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from chantier_app.domain.errors import ValidationError, Violation
from chantier_app.domain.person_record import FIELD_LABELS, REQUIRED_FIELDS
from chantier_app.i18n import tr
from chantier_app.services import tabular
from chantier_app.services.people._columns import field_for_header


@dataclass(frozen=True)
class ColumnMapping:
    """``columns``: field name → the file's header that fills it; ``defaults``: field name →
    the text every row gets for a field with no column (read as the column's cell would be)."""

    columns: Mapping[str, str] = field(default_factory=dict)
    defaults: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ReadPlan:
    """What the import reads: a field (or None) per header, then one per default value."""

    names: list[str | None]  # one per header of the file, then one per default
    sources: list[str]  # what each of those is called in messages: « colonne « NSS » »
    defaults: list[str]  # the default values, in the order of the names after the headers
    columns: list[tuple[str, str]]  # (header or default, field label): what the preview shows
    ignored: list[str]  # headers no field reads


def automatic_mapping(headers: Sequence[str]) -> dict[str, str]:
    """The fields the headers name by themselves (« Nom », « N° de sécurité sociale »…); a
    field named twice is read from its first column."""
    found: dict[str, str] = {}
    for header in headers:
        name = field_for_header(header)
        if name is not None and name not in found:
            found[name] = header
    return found


def is_complete(headers: Sequence[str]) -> bool:
    """Every header names a field and every required field has a column: no need to ask."""
    automatic = automatic_mapping(headers)
    return len(automatic) == len(headers) and all(f in automatic for f in REQUIRED_FIELDS)


def plan(headers: Sequence[str], mapping: ColumnMapping | None = None) -> ReadPlan:
    """The columns read for ``mapping`` (the automatic matching when None). Refused, naming
    them, when a header is unknown to the file, or a required field has neither a column nor
    a default value."""
    chosen = automatic_mapping(headers) if mapping is None else dict(mapping.columns)
    defaults = {} if mapping is None else dict(mapping.defaults)
    problems: list[Violation] = []
    by_header: dict[str, str] = {}
    for name, header in chosen.items():
        if header not in headers:
            problems.append(
                Violation(
                    "column_unknown",
                    tr("{field} : la colonne « {header} » n'est pas dans le fichier.").format(
                        field=FIELD_LABELS[name], header=header
                    ),
                    field=name,
                )
            )
        elif header in by_header:
            problems.append(
                Violation(
                    "column_twice",
                    tr("{field} : la colonne « {header} » remplit déjà « {other} ».").format(
                        field=FIELD_LABELS[name],
                        header=header,
                        other=FIELD_LABELS[by_header[header]],
                    ),
                    field=name,
                )
            )
        else:
            by_header[header] = name
    defaults = {n: v.strip() for n, v in defaults.items() if n not in chosen and v.strip()}
    missing = [FIELD_LABELS[f] for f in REQUIRED_FIELDS if f not in chosen and f not in defaults]
    if missing:
        problems.append(
            Violation(
                "columns_missing",
                tr(
                    "Colonnes obligatoires absentes du fichier : {names}. Choisissez la "
                    "colonne du fichier qui les contient, ou une valeur par défaut."
                ).format(names=", ".join(missing)),
                field="file",
            )
        )
    if problems:
        raise ValidationError(problems)
    names: list[str | None] = [by_header.get(h) for h in headers]
    sources = [tr("colonne « {header} »").format(header=h) for h in headers]
    columns = [(h, FIELD_LABELS[n]) for h, n in zip(headers, names, strict=True) if n is not None]
    ignored = [h for h, n in zip(headers, names, strict=True) if n is None]
    for name, value in defaults.items():
        names.append(name)
        sources.append(tr("valeur par défaut « {value} »").format(value=value))
        columns.append(
            (tr("valeur par défaut « {value} »").format(value=value), FIELD_LABELS[name])
        )
    return ReadPlan(names, sources, list(defaults.values()), columns, ignored)


@dataclass(frozen=True)
class FileSample:
    """The file's headers and its first rows, as text: what the matching step shows."""

    headers: list[str]
    rows: list[list[str]]


def _shown(cell: tabular.Cell) -> str:
    if isinstance(cell, dt.date):
        return cell.strftime("%d/%m/%Y")
    return "" if cell is None else str(cell)


def read_sample(path: Path, count: int = 5, *, sheet: str | None = None) -> FileSample:
    table = tabular.stream_table(path, sheet=sheet)
    rows = [[_shown(cell) for cell in cells] for cells in islice(table.rows, count)]
    return FileSample(list(table.headers), rows)
