"""Import hours from a payroll or time-clock export (CSV or XLSX): a preview with each row's
errors, then all rows or none.

Columns are recognised by their usual French names (« Nom », « Prénom », « NIR »,
« N° PASS IAE », « Mois », « Heures travaillées », « Formation », « Maladie »…). A person is
found by NIR, else PASS IAE number, else name (and birth date when names are shared); the
row goes to their contract running that month. Categories absent from the file keep their
value; a month declared to the State refuses the rows that touch it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from chantier_app.domain.codes.hours_codes import HoursCategory
from chantier_app.domain.errors import (
    Severity,
    UnacknowledgedWarnings,
    ValidationError,
    Violation,
)
from chantier_app.i18n import tr
from chantier_app.services import audit, permissions, roles_matrix, tabular
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.hours._common import MonthWrite, month_rows, write_months
from chantier_app.services.hours._import_rows import (
    ImportLine,
    Planned,
    Resolver,
    parse_month,
    recognise_columns,
)
from chantier_app.services.hours.grid import SaveResult
from chantier_app.services.roles_matrix import Permission
from chantier_app.services.safety import backups

__all__ = ["ImportLine", "ImportPreview", "apply_import", "parse_month", "preview_import"]


@dataclass(frozen=True)
class ImportPreview:
    file_name: str
    columns: tuple[str, ...]  # the file's columns that were recognised
    ignored: tuple[str, ...]
    lines: tuple[ImportLine, ...]
    sheet_note: str | None = None  # which sheet of a workbook of several was read

    @property
    def errors(self) -> int:
        return sum(1 for line in self.lines if line.errors)

    @property
    def ok(self) -> bool:
        return bool(self.lines) and not self.errors


def preview_import(
    session: Session, actor: Actor, path: Path, default_month: dt.date | None = None
) -> ImportPreview:
    roles_matrix.require(actor, Permission.HOURS_EDIT)
    preview, _planned = _read(session, actor, path, default_month)
    return preview


def apply_import(
    session: Session,
    actor: Actor,
    path: Path,
    default_month: dt.date | None = None,
    *,
    acknowledge_warnings: bool = False,
    before_write: backups.BackupStep | None = None,
) -> SaveResult:
    """Every row is written, or none (a ValidationError lists the rows in error).

    ``before_write`` (the backup) runs once the file is accepted, before the first row.
    """
    roles_matrix.require(actor, Permission.HOURS_EDIT)
    preview, planned = _read(session, actor, path, default_month)
    if not preview.ok:
        messages = [
            Violation("import_row", tr("Ligne {n} : {error}").format(n=line.line, error=error))
            for line in preview.lines
            for error in line.errors
        ] or [Violation("import_empty", tr("Le fichier ne contient aucune ligne d'heures."))]
        raise ValidationError(messages)
    warnings = [
        Violation(
            "import_warning",
            tr("Ligne {n} : {w}").format(n=line.line, w=w),
            Severity.WARNING,
        )
        for line in preview.lines
        for w in line.warnings
    ]
    if warnings and not acknowledge_warnings:
        raise UnacknowledgedWarnings(warnings)
    if before_write is not None:
        before_write(session, actor)
    stored = month_rows(session, [(p.loaded.contract.id, p.month) for p in planned])
    # Every row in one write (one batched UPDATE, one flush, one insert of audit lines): a
    # write per row cost 2 ms each for a month of 330 contracts, most of the import.
    source = tr(" (import)")
    saved = write_months(
        session,
        actor,
        [
            MonthWrite(
                item.loaded,
                item.month,
                item.values,
                stored.get((item.loaded.contract.id, item.month)),
                source=source,
            )
            for item in planned
        ],
    )
    audit.record(
        session,
        actor,
        audit.Action.IMPORT,
        "monthly_hours",
        summary=tr("Import d'heures depuis {name} : {n} lignes, {saved} mois modifiés").format(
            name=path.name, n=len(planned), saved=saved
        ),
    )
    return SaveResult(saved, tuple(warnings))


def apply_import_after_backup(
    ctx: AppContext,
    path: Path,
    default_month: dt.date | None = None,
    *,
    acknowledge_warnings: bool = False,
) -> SaveResult:
    """``apply_import`` in one transaction, with a checked backup (« avant-import ») taken
    in it once the file is accepted.

    No row is written when the backup could not be (StorageError), and a refused import
    writes no backup, so it rotates none of the earlier ones out.
    """
    ctx.read(_may_import)
    step = backups.backup_step(ctx, "avant-import")
    return ctx.run(
        apply_import,
        path,
        default_month,
        acknowledge_warnings=acknowledge_warnings,
        before_write=step,
    )


def _may_import(session: Session, actor: Actor) -> None:
    roles_matrix.require(actor, Permission.HOURS_EDIT)


def _read(
    session: Session, actor: Actor, path: Path, default_month: dt.date | None
) -> tuple[ImportPreview, list[Planned]]:
    table = tabular.read_table(path)
    found, ignored = recognise_columns(table.headers)
    categories = [c for c in HoursCategory if c.value in found]
    problems = []
    if not ({"nir", "pass"} & set(found) or {"last_name", "first_name"} <= set(found)):
        problems.append(tr("une colonne « NIR », « N° PASS IAE » ou « Nom » et « Prénom »"))
    if not categories:
        problems.append(tr("au moins une colonne d'heures (« Heures travaillées »…)"))
    if "month" not in found and default_month is None:
        problems.append(tr("une colonne « Mois » (ou un mois choisi pour tout le fichier)"))
    if problems:
        raise ValidationError(
            tr("Le fichier {name} ne peut pas être importé : il faut {what}.").format(
                name=path.name, what=" ; ".join(problems)
            ),
            field="file",
        )
    # An encadrant's file is matched against the people of their teams only.
    scope = permissions.people_in_scope(session, actor)
    resolver = Resolver(session, table, found, default_month, scope)
    lines, planned = resolver.run(categories)
    recognised = tuple(h for h in table.headers if h not in ignored)
    preview = ImportPreview(path.name, recognised, tuple(ignored), tuple(lines), table.sheet_note)
    return preview, planned
