"""First start, login, lockout, password changes and resets; passwords never kept in clear."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from sqlalchemy import func, select

from chantier_app.db import models as m
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.errors import PermissionDeniedError, ValidationError
from chantier_app.logs import setup_logging
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.structure import accounts, staff
from chantier_app.services.structure.accounts import PasswordChange
from chantier_app.services.structure.settings import StructureInput, first_setup
from chantier_app.services.structure.staff import AccountInput
from tests.live_data import live_bytes
from tests.services.accounts_factory import DIRECTOR_PASSWORD, set_up, setup_input


def _trail(database, action: str) -> list[str]:
    with database.reading() as session:
        return list(
            session.scalars(
                select(m.AuditEntry.summary)
                .where(m.AuditEntry.action == action)
                .order_by(m.AuditEntry.id)
            )
        )


def test_first_start_creates_the_structure_and_the_director(database) -> None:
    assert accounts.read_start_state(database).needs_setup
    director = set_up(database).actor
    assert director.role is Role.DIRECTION and director.name == "Isabelle Moreau"
    state = accounts.read_start_state(database)
    assert not state.needs_setup and state.structure_name == "Les Ateliers du Canal"
    assert state.idle_lock_minutes == 15 and not state.is_demo
    with pytest.raises(ValidationError, match="déjà créée"), database.transaction() as session:
        first_setup(session, Actor.system(), setup_input(login="autre"))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"structure": StructureInput("Canal", siret="73282932000075")}, "siret"),
        ({"structure": StructureInput(" ")}, "name"),
        ({"login": "Isabelle Moreau"}, "login"),
        ({"password": "court1", "confirmation": "court1"}, "password"),
        ({"password": "seulementdeslettres", "confirmation": "seulementdeslettres"}, "password"),
        ({"confirmation": "Canal-Ourcq-2027"}, "confirmation"),
        ({"last_name": ""}, "last_name"),
    ],
)
def test_first_start_refuses_bad_input_and_writes_nothing(database, changes, field) -> None:
    with pytest.raises(ValidationError) as refused, database.transaction() as session:
        first_setup(session, Actor.system(), setup_input(**changes))
    assert field in refused.value.by_field
    assert accounts.read_start_state(database).needs_setup


def test_login_with_the_right_password_only(database) -> None:
    set_up(database)
    wrong = accounts.log_in(database, "i.moreau", "Canal-Ourcq-2025")
    assert wrong.actor is None and wrong.message == "Identifiant ou mot de passe incorrect."
    unknown = accounts.log_in(database, "personne", DIRECTOR_PASSWORD)
    assert unknown.actor is None and unknown.message == wrong.message
    right = accounts.log_in(database, " I.Moreau ", DIRECTOR_PASSWORD)
    assert right.actor is not None and right.actor.role is Role.DIRECTION
    assert not right.must_change_password
    failed = _trail(database, "login_failed")
    assert failed == [
        "connexion refusée pour le compte de Isabelle Moreau : mot de passe erroné",
        "connexion refusée : identifiant inconnu ou compte désactivé",
    ]
    assert _trail(database, "login") == ["connexion"]


def test_five_failures_in_a_row_block_the_account_for_a_while(database) -> None:
    set_up(database)
    for _ in range(accounts.MAX_FAILURES):
        assert accounts.log_in(database, "i.moreau", "pas-le-bon-1").actor is None
    blocked = accounts.log_in(database, "i.moreau", DIRECTOR_PASSWORD)
    assert blocked.actor is None and "bloqué pendant 10 minutes" in blocked.message
    later = dt.datetime.now() + accounts.LOCKOUT + dt.timedelta(minutes=1)
    with database.transaction() as session:
        assert accounts.authenticate(session, "i.moreau", DIRECTOR_PASSWORD, now=later).actor


def test_passwords_are_never_in_the_database_nor_the_logs_in_clear(
    database, app_paths, tmp_path
) -> None:
    log_file = setup_logging(app_paths.logs_dir, level=logging.DEBUG)
    ctx = set_up(database)
    accounts.log_in(database, "i.moreau", "Faux-mot-de-passe-42")
    accounts.log_in(database, "Faux-mot-de-passe-43", "x")  # a password typed as the login
    new = "Nouveau-secret-2027"
    ctx.run(accounts.change_password, PasswordChange(DIRECTOR_PASSWORD, new, new))
    created = ctx.run(staff.create_account, AccountInput("Bensaïd", "Rachid", Role.CIP, "r.b"))
    accounts.log_in(database, "r.b", created.temporary_password)
    logging.getLogger("chantier_app").info("fin du test")
    with database.reading() as session:
        hashes = session.scalars(select(m.Staff.password_hash)).all()
    assert all(h.startswith("$argon2id$") for h in hashes)
    raw = live_bytes(database, tmp_path) + log_file.read_bytes()
    assert b"fin du test" in raw  # the log file was written
    for secret in (DIRECTOR_PASSWORD, "Faux-mot-de-passe-42", "Faux-mot-de-passe-43", new,
                   created.temporary_password):  # fmt: skip
        assert secret.encode() not in raw
        assert secret.encode("utf-16-le") not in raw


def test_change_password_checks_the_current_one_and_the_rules(database) -> None:
    ctx = set_up(database)
    with pytest.raises(ValidationError) as refused:
        ctx.run(accounts.change_password, PasswordChange("faux", "court", "autre"))
    assert set(refused.value.by_field) == {"current", "new", "confirmation"}
    with pytest.raises(ValidationError, match="il doit changer"):
        ctx.run(
            accounts.change_password,
            PasswordChange(DIRECTOR_PASSWORD, DIRECTOR_PASSWORD, DIRECTOR_PASSWORD),
        )
    new = "Bassin-Villette-99"
    ctx.run(accounts.change_password, PasswordChange(DIRECTOR_PASSWORD, new, new))
    assert accounts.log_in(database, "i.moreau", DIRECTOR_PASSWORD).actor is None
    assert accounts.log_in(database, "i.moreau", new).actor is not None
    assert "mot de passe changé" in _trail(database, "update")


def test_director_adds_accounts_and_resets_a_forgotten_password(database) -> None:
    ctx = set_up(database)
    with database.transaction() as session:
        workshop = m.Workshop(name="Nettoyage")
        team = m.Team(workshop=workshop, name="Équipe A")
        session.add(team)
        session.flush()
        team_id = team.id
    created = ctx.run(
        staff.create_account,
        AccountInput("Petitjean", "Marc", Role.SUPERVISOR, "M.Petitjean", team_ids=[team_id]),
    )
    assert created.login == "m.petitjean" and len(created.temporary_password) == 14
    first = accounts.log_in(database, "m.petitjean", created.temporary_password)
    assert first.actor is not None and first.must_change_password
    assert first.actor.team_ids == {team_id}
    new = "Equipe-A-propre-1"
    AppContext(database, first.actor).run(
        accounts.change_password, PasswordChange(created.temporary_password, new, new)
    )
    assert not accounts.log_in(database, "m.petitjean", new).must_change_password
    reset = ctx.run(staff.reset_password, created.staff_id)
    assert accounts.log_in(database, "m.petitjean", new).actor is None
    again = accounts.log_in(database, "m.petitjean", reset.temporary_password)
    assert again.actor is not None and again.must_change_password
    supervisor = AppContext(database, again.actor)
    with pytest.raises(PermissionDeniedError, match="gérer les comptes"):
        supervisor.run(staff.reset_password, created.staff_id)
    with pytest.raises(PermissionDeniedError):
        supervisor.read(staff.list_accounts)
    summaries = _trail(database, "refused")
    assert (
        summaries
        == ["Action refusée : le rôle « Encadrant technique » ne permet pas de gérer les comptes."]
        * 2
    )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (AccountInput("Lacroix", "Sophie", Role.CIP, "i.moreau"), "login"),
        (AccountInput("Lacroix", "Sophie", Role.CIP, "s l"), "login"),
        (AccountInput("", "Sophie", Role.CIP, "s.l"), "last_name"),
        (AccountInput("Lacroix", "Sophie", None, "s.l"), "role"),
        (AccountInput("Lacroix", "Sophie", Role.CIP, "s.l", email="pas-un-mail"), "email"),
        (AccountInput("Lacroix", "Sophie", Role.CIP, "s.l", team_ids=[999]), "team_ids"),
    ],
)
def test_bad_accounts_are_refused(database, data, field) -> None:
    ctx = set_up(database)
    with pytest.raises(ValidationError) as refused:
        ctx.run(staff.create_account, data)
    assert field in refused.value.by_field
    with database.reading() as session:
        assert session.scalar(select(func.count()).select_from(m.Staff)) == 1


def test_the_director_keeps_their_own_account(database) -> None:
    ctx = set_up(database)
    me = ctx.actor.staff_id
    with pytest.raises(ValidationError) as refused:
        ctx.run(
            staff.update_account,
            me,
            AccountInput("Moreau", "Isabelle", Role.CIP, "i.moreau", active=False),
        )
    assert set(refused.value.by_field) == {"active", "role"}


def test_deactivated_account_cannot_log_in(database) -> None:
    ctx = set_up(database)
    created = ctx.run(staff.create_account, AccountInput("Lacroix", "Sophie", Role.CIP, "s.l"))
    ctx.run(
        staff.update_account,
        created.staff_id,
        AccountInput("Lacroix", "Sophie", Role.CIP, "s.l", active=False),
    )
    assert accounts.log_in(database, "s.l", created.temporary_password).actor is None
    [view] = [a for a in ctx.read(staff.list_accounts) if a.login == "s.l"]
    assert not view.active and view.must_change_password


def test_lock_and_unlock_are_recorded(database) -> None:
    ctx = set_up(database)
    ctx.run(accounts.record_lock, 15)
    assert ctx.run(accounts.unlock, "faux").actor is None
    assert ctx.run(accounts.unlock, DIRECTOR_PASSWORD).actor == ctx.actor
    assert _trail(database, "lock") == ["session verrouillée après 15 min d'inactivité"]
    assert _trail(database, "unlock") == ["session déverrouillée"]
    assert _trail(database, "login_failed") == [
        "reprise de session refusée pour le compte de Isabelle Moreau : mot de passe erroné"
    ]


def test_demo_logs_in_directly_as_its_director(demo_database) -> None:
    state = accounts.read_start_state(demo_database)
    assert state.is_demo and not state.needs_setup
    actor = accounts.log_in_demo(demo_database)
    assert actor.role is Role.DIRECTION and actor.name == "Isabelle Moreau"
    assert _trail(demo_database, "login") == ["connexion automatique (données de démonstration)"]


def test_a_real_structure_never_logs_in_without_a_password(database) -> None:
    set_up(database)
    with pytest.raises(PermissionDeniedError):
        accounts.log_in_demo(database)
