"""Logging in: who is acting, passwords (argon2 hashes only), lock and unlock, attempts audited.

A password is never stored, logged or written in the audit trail: only its argon2id hash
is kept, and the trail says who logged in or failed, never what was typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.db.base import now as wall_clock
from chantier_app.db.engine import Database
from chantier_app.db.keyfile import KeyFileError
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.errors import PermissionDeniedError, ValidationError, Violation
from chantier_app.domain.password_rules import check_password, normalise_login
from chantier_app.i18n import tr
from chantier_app.services import audit
from chantier_app.services.context import Actor
from chantier_app.services.safety import _key_slots as keys

_HASHER = PasswordHasher()  # argon2id with the library's defaults (RFC 9106)
MAX_FAILURES = 5  # in a row, then the account waits
LOCKOUT = dt.timedelta(minutes=10)
REFUSED = tr("Identifiant ou mot de passe incorrect.")
LOCKED_OUT = tr(
    "Trop d'essais manqués : ce compte est bloqué pendant {minutes} minutes. "
    "Réessayez plus tard ou demandez à la direction de réinitialiser le mot de passe."
).format(minutes=int(LOCKOUT.total_seconds() // 60))
# Who the trail names for an attempt: not the account's owner, who may not be the one typing.
ATTEMPT = Actor(None, tr("Tentative de connexion"), Role.SUPERVISOR)


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def _matches(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        return False
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _matches_account(session: Session, staff: m.Staff, password: str) -> bool:
    """The account's hash, or in an encrypted folder its key slot: after the restore of an
    older backup the key file keeps today's passwords while the hashes are the backup's."""
    return _matched_by(session, staff, password) is not None


def _matched_by(session: Session, staff: m.Staff, password: str) -> str | None:
    """« slot » or « hash »: what ``password`` opened (None: neither), in one argon2id
    derivation at most (a fraction of a second each).

    In an encrypted folder the account's key slot decides: the key file holds today's
    passwords (an older backup restored brings older hashes, which must not open the
    session), and the encrypted log-in has just derived that very slot with the password
    typed, so the check reuses it (``keyfile.forget_log_in``). Elsewhere, or when the key
    file cannot be read while the data are open, the account's hash."""
    if staff.active:
        try:
            opened = keys.password_opens_slot(session, staff.id, password)
        except KeyFileError:
            opened = None
        if opened is not None:
            return "slot" if opened else None
    return "hash" if _matches(staff.password_hash, password) else None


def actor_for(staff: m.Staff) -> Actor:
    return Actor(
        staff_id=staff.id,
        name=staff.display_name,
        role=staff.role,
        team_ids=frozenset(team.id for team in staff.teams),
        civility=staff.civility,
    )


def startup_actor(database: Database) -> Actor:
    """The first active director, else the system: the demo's automatic login, and scripts."""
    with database.reading() as session:
        director = session.scalars(
            select(m.Staff)
            .where(m.Staff.role == Role.DIRECTION, m.Staff.active.is_(True))
            .order_by(m.Staff.id)
            .limit(1)
        ).first()
        return actor_for(director) if director is not None else Actor.system()


@dataclass(frozen=True)
class StartState:
    """What the start of the application has to do before the main window."""

    needs_setup: bool  # no structure yet: the first start's set-up
    is_demo: bool  # the demo logs in directly
    structure_name: str | None
    idle_lock_minutes: int


def start_state(session: Session) -> StartState:
    structure = session.scalars(select(m.Structure).limit(1)).first()
    if structure is None:
        return StartState(True, False, None, 15)
    return StartState(False, structure.is_demo, structure.name, structure.idle_lock_minutes)


def demo_login(session: Session) -> Actor:
    """The demo's director, without a password (fictitious data only)."""
    structure = session.scalars(select(m.Structure).limit(1)).first()
    if structure is None or not structure.is_demo:
        raise PermissionDeniedError(tr("Connexion automatique réservée à la démonstration."))
    director = session.scalars(
        select(m.Staff)
        .where(m.Staff.role == Role.DIRECTION, m.Staff.active.is_(True))
        .order_by(m.Staff.id)
        .limit(1)
    ).first()
    actor = actor_for(director) if director is not None else Actor.system()
    audit.record(
        session, actor, audit.Action.LOGIN, "staff", actor.staff_id,
        summary=tr("connexion automatique (données de démonstration)"),
    )  # fmt: skip
    return actor


@dataclass(frozen=True)
class LoginResult:
    actor: Actor | None  # None: refused
    message: str = ""  # why it was refused (French)
    must_change_password: bool = False


# Failures of an account recorded outside the data file (its id, since when): consultation.
FailuresElsewhere = Callable[[int, dt.datetime], int]


def _failures_in_a_row(
    session: Session,
    staff: m.Staff,
    when: dt.datetime,
    elsewhere: FailuresElsewhere | None = None,
) -> int:
    since = when - LOCKOUT
    if staff.last_login_at is not None:
        since = max(since, staff.last_login_at)
    outside = elsewhere(staff.id, since) if elsewhere is not None else 0
    return outside + int(
        session.scalar(
            select(func.count())
            .select_from(m.AuditEntry)
            .where(
                m.AuditEntry.action == audit.Action.LOGIN_FAILED.value,
                m.AuditEntry.entity == "staff",
                m.AuditEntry.entity_id == staff.id,
                m.AuditEntry.at >= since,
            )
        )
        or 0
    )


def _check(
    session: Session,
    staff: m.Staff,
    password: str,
    when: dt.datetime,
    context: str,
    elsewhere: FailuresElsewhere | None = None,
) -> str | None:
    """None when ``password`` is the account's; else the refusal, recorded in the trail."""
    return _checked(session, staff, password, when, context, elsewhere)[0]


def _checked(
    session: Session,
    staff: m.Staff,
    password: str,
    when: dt.datetime,
    context: str,
    elsewhere: FailuresElsewhere | None = None,
) -> tuple[str | None, str | None]:
    """_check's refusal, and what the password opened (``_matched_by``) when accepted."""
    matched = None
    if _failures_in_a_row(session, staff, when, elsewhere) >= MAX_FAILURES:
        reason, message = tr("compte bloqué après trop d'essais"), LOCKED_OUT
    elif (matched := _matched_by(session, staff, password)) is None:
        reason, message = tr("mot de passe erroné"), REFUSED
    else:
        return None, matched
    audit.record(
        session, ATTEMPT, audit.Action.LOGIN_FAILED, "staff", staff.id,
        summary=tr("{context} refusée pour le compte de {name} : {reason}").format(
            context=context, name=staff.display_name, reason=reason
        ),
    )  # fmt: skip
    return message, None


def authenticate(
    session: Session,
    login: str,
    password: str,
    *,
    now: dt.datetime | None = None,
    elsewhere: FailuresElsewhere | None = None,
) -> LoginResult:
    """Check a login; every attempt is written in the trail (never the password)."""
    when = now or wall_clock()
    key = normalise_login(login)
    staff = session.scalars(select(m.Staff).where(func.lower(m.Staff.login) == key)).first()
    if staff is None or not staff.active or not staff.password_hash:
        # The text typed is not recorded: it may be a password typed in the wrong box.
        audit.record(
            session, ATTEMPT, audit.Action.LOGIN_FAILED, "staff",
            summary=tr("connexion refusée : identifiant inconnu ou compte désactivé"),
        )  # fmt: skip
        return LoginResult(None, REFUSED)
    refused, matched = _checked(session, staff, password, when, tr("connexion"), elsewhere)
    if refused is not None:
        return LoginResult(None, refused)
    if matched == "hash" and _HASHER.check_needs_rehash(staff.password_hash or ""):
        staff.password_hash = hash_password(password)  # older costs: today's
    # Matched by its slot, the hash is left as it is: hashing it anew would be a second
    # argon2id after the password, and in an encrypted folder the slot is what is checked.
    staff.last_login_at = when
    actor = actor_for(staff)
    audit.record(session, actor, audit.Action.LOGIN, "staff", staff.id, summary=tr("connexion"))
    return LoginResult(actor, must_change_password=staff.must_change_password)


def _own_account(session: Session, actor: Actor) -> m.Staff:
    staff = session.get(m.Staff, actor.staff_id) if actor.staff_id is not None else None
    if staff is None or not staff.active:
        raise PermissionDeniedError(tr("Ce compte n'a pas de mot de passe à vérifier."))
    return staff


def unlock(
    session: Session, actor: Actor, password: str, *, elsewhere: FailuresElsewhere | None = None
) -> LoginResult:
    """The lock screen: the same person types their password again."""
    staff = _own_account(session, actor)
    refused = _check(session, staff, password, wall_clock(), tr("reprise de session"), elsewhere)
    if refused is not None:
        return LoginResult(None, refused)
    staff.last_login_at = wall_clock()
    audit.record(
        session,
        actor,
        audit.Action.UNLOCK,
        "session",
        staff.id,
        summary=tr("session déverrouillée"),
    )
    return LoginResult(actor)


def record_lock(session: Session, actor: Actor, idle_minutes: int) -> None:
    audit.record(
        session, actor, audit.Action.LOCK, "session", actor.staff_id,
        summary=tr("session verrouillée après {n} min d'inactivité").format(n=idle_minutes),
    )  # fmt: skip


@dataclass(frozen=True)
class PasswordChange:
    current: str
    new: str
    confirmation: str


def change_password(session: Session, actor: Actor, data: PasswordChange) -> None:
    """Change one's own password: the current one first, then the rules for the new one."""
    staff = _own_account(session, actor)
    violations: list[Violation] = []
    if not _matches_account(session, staff, data.current):
        violations.append(
            Violation("password_current", tr("Mot de passe actuel : incorrect."), field="current")
        )
    violations += check_password(data.new, login=staff.login, field="new")
    if data.new != data.confirmation:
        violations.append(
            Violation(
                "password_confirmation",
                tr("Confirmation : elle diffère du nouveau mot de passe."),
                field="confirmation",
            )
        )
    elif data.new and data.new == data.current:
        violations.append(
            Violation("password_same", tr("Nouveau mot de passe : il doit changer."), field="new")
        )
    if violations:
        raise ValidationError(violations)
    staff.password_hash = hash_password(data.new)
    staff.must_change_password = False
    if staff.login:
        keys.set_account_slot(session, staff.id, staff.login, data.new)  # this slot only
    audit.record(
        session, actor, audit.Action.UPDATE, "staff", staff.id, summary=tr("mot de passe changé")
    )


def confirm_own_password(session: Session, actor: Actor, password: str) -> str:
    """The password of the account acting, typed again before a grave action (encrypting
    the data, a clear export); returns its login. ValidationError on field « password »."""
    staff = _own_account(session, actor)
    if not staff.login or not _matches_account(session, staff, password):
        raise ValidationError(tr("Mot de passe : incorrect."), field="password")
    return staff.login


# At start-up, before any AppContext exists --------------------------------------------------
def read_start_state(database: Database) -> StartState:
    with database.reading() as session:
        return start_state(session)


def log_in(database: Database, login: str, password: str) -> LoginResult:
    """One attempt, committed with its audit line; in consultation (read-only data) it is
    counted and traced all the same (``consultation.attempt``)."""
    if database.readonly:
        from chantier_app.services.structure import consultation

        return consultation.attempt(
            database, lambda session, elsewhere: authenticate(
                session, login, password, elsewhere=elsewhere
            )
        )  # fmt: skip
    with database.transaction() as session:
        return authenticate(session, login, password)


def unlock_session(database: Database, actor: Actor, password: str) -> LoginResult:
    """The lock screen's attempt, committed with its audit line (consultation: as log_in)."""
    if database.readonly:
        from chantier_app.services.structure import consultation

        return consultation.attempt(
            database, lambda session, elsewhere: unlock(
                session, actor, password, elsewhere=elsewhere
            )
        )  # fmt: skip
    with database.transaction() as session:
        return unlock(session, actor, password)


def log_in_demo(database: Database) -> Actor:
    if database.readonly:
        return startup_actor(database)
    with database.transaction() as session:
        return demo_login(session)


@dataclass(frozen=True)
class OwnAccount:
    """« Mon compte »: what the settings page shows the person logged in."""

    login: str | None
    has_password: bool
    last_login_at: dt.datetime | None


def own_account(session: Session, actor: Actor) -> OwnAccount | None:
    staff = session.get(m.Staff, actor.staff_id) if actor.staff_id is not None else None
    if staff is None:
        return None
    return OwnAccount(staff.login, bool(staff.password_hash), staff.last_login_at)
