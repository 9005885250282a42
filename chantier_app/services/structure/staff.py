"""Staff accounts, managed by the director: CIP and encadrants, their teams, password resets.

A new account and a reset get a temporary password, shown once to the director, to be
changed at the first login. Only its hash is kept.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from chantier_app.db import models as m
from chantier_app.domain.codes.person_codes import Civility
from chantier_app.domain.codes.staff_codes import Role, role_title
from chantier_app.domain.errors import NotFoundError, ValidationError, Violation
from chantier_app.domain.fr_format import team_label
from chantier_app.domain.identity_rules import check_email, check_phone, normalise_phone
from chantier_app.domain.parsing import clean_line, clean_text
from chantier_app.domain.password_rules import check_login, normalise_login
from chantier_app.domain.text_rules import NAME_MAX, text_violations
from chantier_app.i18n import tr
from chantier_app.services import audit, roles_matrix
from chantier_app.services.context import Actor
from chantier_app.services.roles_matrix import Permission
from chantier_app.services.safety import _key_slots as keys
from chantier_app.services.structure.accounts import hash_password

_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no l/1, o/0: read aloud or copied by hand


def temporary_password() -> str:
    """Three groups of four, e.g. « k7qm-x2ad-9rfe »: meets the password rules."""
    while True:
        groups = ["".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(3)]
        text = "-".join(groups)
        if any(c.isalpha() for c in text):
            return text


@dataclass(frozen=True)
class AccountInput:
    last_name: str | None
    first_name: str | None
    role: Role | None
    login: str | None
    email: str | None = None
    phone: str | None = None
    team_ids: Sequence[int] = ()
    active: bool = True
    civility: Civility | None = None  # the role's title in the feminine for « Mme »


@dataclass(frozen=True)
class AccountView:
    id: int
    last_name: str
    first_name: str
    role: Role
    login: str | None
    email: str | None
    phone: str | None
    team_ids: tuple[int, ...]
    team_names: tuple[str, ...]
    active: bool
    has_password: bool
    must_change_password: bool
    last_login_at: dt.datetime | None
    civility: Civility | None = None

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def role_title(self) -> str:
        return role_title(self.role, self.civility)


@dataclass(frozen=True)
class NewPassword:
    staff_id: int
    login: str
    temporary_password: str = field(repr=False)  # shown once to the director, never stored


@dataclass(frozen=True)
class UpdatedAccount(AccountView):
    """The account as saved; ``new_password`` when re-enabling it in an encrypted folder
    gave it a temporary password (to show once, as a reset's)."""

    new_password: NewPassword | None = None


def _view(staff: m.Staff) -> AccountView:
    return AccountView(
        staff.id, staff.last_name, staff.first_name, staff.role, staff.login, staff.email,
        staff.phone, tuple(t.id for t in staff.teams),
        tuple(team_label(t.workshop.name, t.name) for t in staff.teams), staff.active,
        bool(staff.password_hash), staff.must_change_password, staff.last_login_at,
        staff.civility,
    )  # fmt: skip


def list_accounts(session: Session, actor: Actor) -> list[AccountView]:
    roles_matrix.require(actor, Permission.ACCOUNTS_MANAGE)
    rows = session.scalars(
        select(m.Staff)
        .options(selectinload(m.Staff.teams).selectinload(m.Team.workshop))
        .order_by(m.Staff.active.desc(), m.Staff.last_name, m.Staff.first_name)
    )
    return [_view(s) for s in rows]


def check_names(last_name: str | None, first_name: str | None) -> list[Violation]:
    """A staff member's last and first names: both required, and under the same text rules
    as a person's (no control, invisible or bidi character, at most NAME_MAX long)."""
    found = []
    for value, name, label in (
        (last_name, "last_name", tr("Nom")),
        (first_name, "first_name", tr("Prénom")),
    ):
        cleaned = clean_line(value)
        if cleaned is None:
            message = tr("{label} : obligatoire.").format(label=label)
            found.append(Violation(f"{name}_missing", message, field=name))
        found += text_violations(name, label, cleaned, max_length=NAME_MAX)
    return found


def _validate(
    session: Session, actor: Actor, data: AccountInput, staff: m.Staff | None
) -> tuple[str, list[m.Team]]:
    """Everything checked before anything is written; returns the login and the teams."""
    found = check_names(data.last_name, data.first_name)
    if data.role is None:
        found.append(Violation("role_missing", tr("Rôle : à choisir."), field="role"))
    login = normalise_login(data.login)
    found += check_login(login)
    same = session.scalar(
        select(m.Staff.id).where(func.lower(m.Staff.login) == login, m.Staff.id != (staff.id if staff else -1))
    )  # fmt: skip
    if login and same is not None:
        found.append(
            Violation(
                "login_taken", tr("Identifiant : déjà utilisé par un autre compte."), field="login"
            )
        )
    found += check_email(data.email) + check_phone(data.phone)
    teams = list(session.scalars(select(m.Team).where(m.Team.id.in_(list(data.team_ids)))))
    if len(teams) != len(set(data.team_ids)):
        found.append(
            Violation("team_unknown", tr("Équipes : une équipe est introuvable."), field="team_ids")
        )
    if teams and data.role is not Role.SUPERVISOR:
        found.append(
            Violation(
                "teams_not_supervisor",
                tr("Équipes : seulement pour un encadrant technique."),
                field="team_ids",
            )
        )
    if staff is not None and staff.id == actor.staff_id:
        if not data.active:
            found.append(
                Violation(
                    "self_inactive",
                    tr("Vous ne pouvez pas désactiver votre propre compte."),
                    field="active",
                )
            )
        if data.role is not Role.DIRECTION:
            found.append(
                Violation(
                    "self_role",
                    tr("Vous ne pouvez pas retirer votre propre rôle de direction."),
                    field="role",
                )
            )
    if found:
        raise ValidationError(found)
    return login, teams


def _fill(staff: m.Staff, data: AccountInput, login: str, teams: list[m.Team]) -> None:
    assert data.role is not None
    staff.last_name, staff.first_name = (
        clean_line(data.last_name) or "",
        clean_line(data.first_name) or "",
    )
    staff.role, staff.login, staff.active = data.role, login, data.active
    staff.civility = data.civility
    staff.email = clean_text(data.email)
    staff.phone = normalise_phone(data.phone)
    staff.teams = teams


def create_account(session: Session, actor: Actor, data: AccountInput) -> NewPassword:
    """A new account with a temporary password to change at the first login."""
    roles_matrix.require(actor, Permission.ACCOUNTS_MANAGE)
    login, teams = _validate(session, actor, data, None)
    password = temporary_password()
    staff = m.Staff(last_name="", first_name="", role=data.role)
    _fill(staff, data, login, teams)
    staff.password_hash, staff.must_change_password = hash_password(password), True
    session.add(staff)
    session.flush()
    if staff.active:
        keys.set_account_slot(session, staff.id, login, password)
    audit.record(
        session, actor, audit.Action.CREATE, "staff", staff.id,
        summary=tr("compte créé : {name} ({role})").format(name=staff.display_name, role=staff.role_title),
    )  # fmt: skip
    return NewPassword(staff.id, login, password)


def _load(session: Session, staff_id: int) -> m.Staff:
    staff = session.get(m.Staff, staff_id)
    if staff is None:
        raise NotFoundError(tr("Compte"), staff_id)
    return staff


def update_account(
    session: Session, actor: Actor, staff_id: int, data: AccountInput
) -> UpdatedAccount:
    roles_matrix.require(actor, Permission.ACCOUNTS_MANAGE)
    staff = _load(session, staff_id)
    login, teams = _validate(session, actor, data, staff)
    before = _view(staff).__dict__.copy()
    _fill(staff, data, login, teams)
    session.flush()
    new = _follow_slot(session, staff, was_active=before["active"], old_login=before["login"])
    after = _view(staff)
    changed = [k for k in audit.changed_fields(before, after.__dict__) if k != "team_names"]
    if changed:
        audit.record(
            session, actor, audit.Action.UPDATE, "staff", staff.id,
            summary=tr("compte de {name} modifié : {fields}").format(name=staff.display_name, fields=", ".join(changed)),
        )  # fmt: skip
    if new is not None:
        audit.record(
            session, actor, audit.Action.UPDATE, "staff", staff.id,
            summary=tr("mot de passe provisoire donné à {name} à sa réactivation (données chiffrées)").format(name=staff.display_name),
        )  # fmt: skip
    return UpdatedAccount(**after.__dict__, new_password=new)


def _follow_slot(
    session: Session, staff: m.Staff, *, was_active: bool, old_login: str | None
) -> NewPassword | None:
    """An encrypted folder's key slot follows the account: removed when it is disabled,
    found under its new login. A re-enabled account gets a slot back at once, wrapped from
    the direction's session (which holds the data key) with a temporary password, returned
    to be shown: only its owner knew the old password, and without a slot the account
    could not open the data at the encrypted log-in."""
    if was_active and not staff.active:
        keys.drop_account_slot(session, staff.id)
    elif staff.active and staff.login:
        if not was_active and keys.account_has_slot(session, staff.id) is False:
            password = temporary_password()
            staff.password_hash, staff.must_change_password = hash_password(password), True
            keys.set_account_slot(session, staff.id, staff.login, password)
            return NewPassword(staff.id, staff.login, password)
        if staff.login != old_login:
            keys.rename_account_slot(session, staff.id, staff.login)
    return None


def reset_password(session: Session, actor: Actor, staff_id: int) -> NewPassword:
    """A forgotten password: a temporary one, to be changed at the next login."""
    roles_matrix.require(actor, Permission.ACCOUNTS_MANAGE)
    staff = _load(session, staff_id)
    if not staff.login:
        raise ValidationError(
            tr("Ce compte n'a pas d'identifiant : donnez-lui-en un d'abord."), field="login"
        )
    password = temporary_password()
    staff.password_hash, staff.must_change_password = hash_password(password), True
    if staff.active:
        # The direction's session holds the data key: the slot is wrapped anew from it.
        keys.set_account_slot(session, staff.id, staff.login, password)
    audit.record(
        session, actor, audit.Action.UPDATE, "staff", staff.id,
        summary=tr("mot de passe réinitialisé pour {name}").format(name=staff.display_name),
    )  # fmt: skip
    return NewPassword(staff.id, staff.login, password)
