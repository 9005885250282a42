"""Errors whose message is meant for the user (French), raised by every layer below ui/."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass

from chantier_app.i18n import tr


class Severity(enum.StrEnum):
    ERROR = "error"  # blocks the action
    WARNING = "warning"  # allowed once the user acknowledges it (recorded)


@dataclass(frozen=True)
class Violation:
    """One broken rule: a stable code for tests and audit, a French message for people."""

    code: str
    message: str
    severity: Severity = Severity.ERROR
    field: str | None = None

    @property
    def blocking(self) -> bool:
        return self.severity is Severity.ERROR


def errors_only(violations: Iterable[Violation]) -> list[Violation]:
    return [v for v in violations if v.severity is Severity.ERROR]


def warnings_only(violations: Iterable[Violation]) -> list[Violation]:
    return [v for v in violations if v.severity is Severity.WARNING]


class AppError(Exception):
    """Base of errors shown to the user as they are (never a traceback)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(AppError):
    """Input breaks one or more rules; nothing was written."""

    def __init__(self, violations: Iterable[Violation] | str, *, field: str | None = None) -> None:
        if isinstance(violations, str):
            violations = [Violation("invalid", violations, Severity.ERROR, field)]
        self.violations = list(violations)
        super().__init__("\n".join(v.message for v in self.violations))

    @property
    def by_field(self) -> dict[str | None, list[str]]:
        grouped: dict[str | None, list[str]] = {}
        for violation in self.violations:
            grouped.setdefault(violation.field, []).append(violation.message)
        return grouped

    @property
    def codes(self) -> list[str]:
        return [v.code for v in self.violations]


def refuse_errors(violations: Iterable[Violation]) -> None:
    """Raise ValidationError with the blocking violations, if any (warnings pass)."""
    errors = errors_only(violations)
    if errors:
        raise ValidationError(errors)


class UnacknowledgedWarnings(ValidationError):
    """Warnings the user has not acknowledged: the action waits for a ticked box."""


class DuplicateError(ValidationError):
    """The record already exists; ``existing_id`` lets the UI open it."""

    def __init__(self, message: str, existing_id: int, *, field: str | None = None) -> None:
        super().__init__([Violation("duplicate", message, Severity.ERROR, field)])
        self.existing_id = existing_id


class NotFoundError(AppError):
    def __init__(self, what: str, ident: object) -> None:
        super().__init__(tr("{what} introuvable (n° {ident}).").format(what=what, ident=ident))


class PermissionDeniedError(AppError):
    """The acting staff member's role does not allow this action."""


class StorageError(AppError):
    """The environment failed (disk full, read-only folder, file locked): not a bug."""


class LockedError(AppError):
    """The record or month is locked (e.g. a month already declared)."""


def stale_text(who: str | None, at: dt.datetime | None, *, reload: str = "") -> str:
    """« Modifié par Sophie Lacroix à 14:32 : rechargez la fiche avant de modifier. »"""
    return tr("Modifié par {who} à {time} : rechargez {what} avant de modifier.").format(
        who=who or tr("un autre poste"),
        time=at.strftime("%H:%M") if at is not None else "—",
        what=reload or tr("la fiche"),
    )


class StaleEditError(AppError):
    """Someone else saved the record after it was loaded here: saving would overwrite their
    change, so nothing is saved. ``who``/``at``: that change's author and time as the audit
    trail has them (None when it has no line for it)."""

    def __init__(self, who: str | None, at: dt.datetime | None) -> None:
        self.who, self.at = who, at
        super().__init__(stale_text(who, at))


class DuplicateRecordError(AppError):
    """Another office saved the same record at the same instant (the same enrolment, the same
    person by NIR): the database's unique constraint refused the second; nothing is saved.
    ``table``: the constrained table (None when the message did not name it)."""

    def __init__(self, table: str | None, what: str) -> None:
        self.table = table
        super().__init__(
            tr("{what} existe déjà : un autre poste vient de l'enregistrer. Rechargez.").format(
                what=what
            )
        )
