"""Who acts, and how the UI runs one user action as one transaction."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

from chantier_app.domain.codes.person_codes import Civility
from chantier_app.domain.codes.staff_codes import Role, role_title
from chantier_app.domain.errors import (
    AppError,
    DuplicateRecordError,
    PermissionDeniedError,
    StaleEditError,
)
from chantier_app.i18n import tr

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from chantier_app.db.engine import Database, KeptReads
    from chantier_app.paths import AppPaths

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class Actor:
    """The staff member doing an action: every service receives one."""

    staff_id: int | None
    name: str
    role: Role
    team_ids: frozenset[int] = field(default_factory=frozenset)
    civility: Civility | None = None

    @property
    def role_title(self) -> str:
        """« Directrice », « Encadrant technique »: the role as the status bar shows it."""
        return role_title(self.role, self.civility)

    @classmethod
    def system(cls) -> Actor:
        """Scripts and maintenance (command line, demo data): full rights, no account."""
        return cls(None, tr("Système"), Role.DIRECTION)


class AppContext:
    """The open database plus the acting staff member, handed to every screen."""

    def __init__(self, database: Database, actor: Actor, paths: AppPaths | None = None) -> None:
        self.database = database
        self.actor = actor
        self.paths = paths

    def run(
        self, action: Callable[Concatenate[Session, Actor, P], R], *args: P.args, **kwargs: P.kwargs
    ) -> R:
        """One user action = one transaction: all of it is saved, or nothing; nor when a
        record it changes was saved by someone else meanwhile, nor when a record it adds was
        just added by someone else (``services._concurrency``)."""
        from chantier_app.services._concurrency import refusing_duplicate, refusing_stale

        try:
            with (
                self.database.transaction() as session,
                refusing_duplicate(),
                refusing_stale(session),
            ):
                result = action(session, self.actor, *args, **kwargs)
                session.flush()  # here, not at commit: a stale row or a twin is refused in French
                return result
        except (PermissionDeniedError, StaleEditError, DuplicateRecordError) as refused:
            self._record_refusal(action, refused)
            raise

    def read(
        self, query: Callable[Concatenate[Session, Actor, P], R], *args: P.args, **kwargs: P.kwargs
    ) -> R:
        """Run a read-only service; anything it might have written is rolled back."""
        try:
            with self.database.reading() as session:
                return query(session, self.actor, *args, **kwargs)
        except PermissionDeniedError as refused:
            self._record_refusal(query, refused)
            raise

    def shared_reads(self, kept: KeptReads | None = None) -> AbstractContextManager[None]:
        """Inside, the reads share one session and transaction (until an action, ``run``,
        begins): the reads of one screen's refresh (``Database.shared_reads``); ``kept``
        (``keep_reads``): that session, kept for the next blocks."""
        return self.database.shared_reads(kept)

    def keep_reads(self) -> KeptReads:
        """A read session for several blocks of ``shared_reads``, until its ``end()``, an
        action or a failed read (``Database.keep_reads``)."""
        return self.database.keep_reads()

    def _record_refusal(self, action: Callable[..., object], refused: AppError) -> None:
        # The refused action was rolled back; its trace is written on its own.
        from chantier_app.services import audit

        if self.database.readonly:
            return
        with self.database.transaction() as session:
            audit.record(
                session,
                self.actor,
                audit.Action.REFUSED,
                getattr(action, "__name__", "action"),
                summary=refused.message,
            )
