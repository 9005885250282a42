"""The roles matrix, action by action: who is let through and who is refused (and traced).

One case per (action, role). « Allowed » means the service does not refuse the actor: it
may still refuse the input (a ValidationError) — what is checked here is the guard.
« Mine » is a person of encadrant1's team, followed by cip1; « other » is neither.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import func, select

from chantier_app.db import models as m
from chantier_app.domain.codes.hours_codes import HoursCategory
from chantier_app.domain.codes.person_codes import DiagnosisAuthor
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.codes.support_codes import SensitiveNoteKind, TrainingKind
from chantier_app.domain.errors import AppError, PermissionDeniedError
from chantier_app.paths import resolve_paths
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.contracts import exits
from chantier_app.services.contracts import running as contracts_list
from chantier_app.services.contracts import views as contracts_views
from chantier_app.services.contracts.amendments import RenewalInput, renew
from chantier_app.services.contracts.corrections import (
    ContractCorrection,
    cancel_exit,
    correct_contract,
)
from chantier_app.services.dashboard import todo
from chantier_app.services.history import record_history
from chantier_app.services.hours import daily as hours_daily
from chantier_app.services.hours import fte
from chantier_app.services.hours import grid as hours
from chantier_app.services.hours import person as hours_person
from chantier_app.services.hours import statement as monthly_statement
from chantier_app.services.people import eligibility, pass_iae
from chantier_app.services.people import export as people_export
from chantier_app.services.people import records as people
from chantier_app.services.people import views as people_views
from chantier_app.services.privacy import access_export, retention
from chantier_app.services.privacy.erasure import anonymise_with_backup
from chantier_app.services.privacy.retention import RetentionStep
from chantier_app.services.structure import settings, staff, workshops
from chantier_app.services.structure.accounts import actor_for
from chantier_app.services.support import barriers, pmsmp, sensitive_notes, timeline
from chantier_app.services.support import milestones as support
from chantier_app.services.trainings import attendance as training_attendance
from chantier_app.services.trainings import enrolments
from chantier_app.services.trainings import sessions as trainings
from chantier_app.synthetic.demo import create_demo
from tests.conftest import TODAY
from tests.db_dump import dump
from tests.services.people_factory import person_input

D, E, C = Role.DIRECTION, Role.SUPERVISOR, Role.CIP
ALL, OFFICE, DIRECTION = {D, C, E}, {D, C}, {D}
LOGINS = {D: "direction", C: "cip1", E: "encadrant1"}
MONTH = dt.date(2026, 11, 1)


@pytest.fixture(scope="module")
def template(database_templates) -> tuple[str, dict[str, int]]:
    """The demo association, plus a note and an enrolment on each of the two people."""
    return database_templates.make("matrix", _fill_template)


def _fill_template(database) -> dict[str, int]:
    with database.transaction() as session:
        create_demo(session, Actor.system(), today=TODAY)
        staff_ids = {s.login: s.id for s in session.scalars(select(m.Staff))}
        team_a = session.get(m.Staff, staff_ids["encadrant1"]).teams[0].id
        ids: dict[str, int] = {}
        for key, team_ok, cip in (("mine", True, "cip1"), ("other", False, "cip2")):
            person, contract = session.execute(
                select(m.Person, m.Contract)
                .join(m.Contract, m.Contract.person_id == m.Person.id)
                .where(
                    (m.Person.team_id == team_a) if team_ok else (m.Person.team_id != team_a),
                    m.Person.cip_id == staff_ids[cip],
                    m.Contract.start_date <= MONTH,
                    m.Contract.end_date >= TODAY,
                    m.Contract.actual_end_date.is_(None),
                )
                .limit(1)
            ).one()
            note = m.SensitiveNote(
                person_id=person.id,
                kind=SensitiveNoteKind.HEALTH,
                written_on=TODAY,
                text=f"note de santé ({key})",
            )
            training = m.TrainingSession(
                title=f"SST {key}",
                kind=TrainingKind.SAFETY,
                start_date=TODAY,
                end_date=TODAY,
                duration_minutes=420,
            )
            enrolment = m.Enrolment(session=training, person_id=person.id, contract_id=contract.id)
            session.add_all([note, enrolment])
            session.flush()
            ids |= {
                key: person.id,
                f"{key}_contract": contract.id,
                f"{key}_note": note.id,
                f"{key}_session": training.id,
                f"{key}_enrolment": enrolment.id,
            }
        ids["cip2"] = staff_ids["cip2"]
    return ids


@pytest.fixture
def world(template, database_templates, tmp_path) -> SimpleNamespace:
    source, ids = template
    paths = resolve_paths(tmp_path / "data")
    with database_templates.copy(source, paths) as database:
        with database.reading() as session:
            actors = {
                role: actor_for(
                    session.scalars(select(m.Staff).where(m.Staff.login == login)).one()
                )
                for role, login in LOGINS.items()
            }
        yield SimpleNamespace(database=database, paths=paths, actors=actors, tmp=tmp_path, **ids)


Case = Callable[[AppContext, Any], object]
READ, RUN = "read", "run"


def _person_data(w: Any) -> Any:
    return dataclasses.replace(person_input(), nir=None, usage_name="Nouvelle")


# fmt: off
CASES: list[tuple[str, Case, set[Role]]] = [
    # People
    ("liste des salariés", lambda c, w: c.read(people_views.list_people), ALL),
    ("fiche d'un salarié de l'équipe", lambda c, w: c.read(people_views.get_person, w.mine), ALL),
    ("fiche d'un autre salarié", lambda c, w: c.read(people_views.get_person, w.other), OFFICE),
    ("PASS IAE de l'équipe", lambda c, w: c.read(pass_iae.list_passes, w.mine), ALL),
    ("PASS IAE d'un autre", lambda c, w: c.read(pass_iae.list_passes, w.other), OFFICE),
    ("diagnostic d'éligibilité", lambda c, w: c.read(eligibility.list_diagnoses, w.mine), OFFICE),
    ("créer un salarié", lambda c, w: c.run(people.create_person, _person_data(w)), OFFICE),
    ("modifier un salarié", lambda c, w: c.run(people.update_person, w.mine, _person_data(w)), OFFICE),
    ("ajouter un PASS", lambda c, w: c.run(pass_iae.add_pass, w.mine, pass_iae.PassInput("x", TODAY)), OFFICE),
    ("ajouter un diagnostic", lambda c, w: c.run(eligibility.add_diagnosis, w.mine, eligibility.DiagnosisInput(TODAY, DiagnosisAuthor.STRUCTURE)), OFFICE),
    ("exporter la liste", lambda c, w: c.run(people_export.export_people, w.tmp / "l.csv"), OFFICE),
    # Contracts
    ("contrats de l'équipe", lambda c, w: c.read(contracts_views.person_contracts, w.mine), ALL),
    ("contrats d'un autre", lambda c, w: c.read(contracts_views.person_contracts, w.other), OFFICE),
    ("page Contrats", lambda c, w: c.read(contracts_list.contracts_page), ALL),
    ("renouveler un contrat", lambda c, w: c.run(renew, RenewalInput(w.mine_contract, TODAY)), OFFICE),
    ("corriger un contrat d'un autre auteur", lambda c, w: c.run(correct_contract, ContractCorrection(w.other_contract, TODAY, None, None)), DIRECTION),
    ("annuler une sortie d'un autre auteur", lambda c, w: c.run(cancel_exit, w.other_contract), DIRECTION),
    ("historique des modifications (équipe)", lambda c, w: c.read(record_history, w.mine), ALL),
    ("historique des modifications (autre)", lambda c, w: c.read(record_history, w.other), OFFICE),
    # Hours
    ("heures de l'équipe", lambda c, w: c.read(hours_person.person_hours, w.mine), ALL),
    ("heures d'un autre", lambda c, w: c.read(hours_person.person_hours, w.other), OFFICE),
    ("grille du mois", lambda c, w: c.read(hours.month_grid, MONTH), ALL),
    ("saisir le mois (équipe)", lambda c, w: c.run(hours.save_month, MONTH, [hours.MonthEntry(w.mine_contract, {HoursCategory.WORKED: "10"})]), ALL),
    ("saisir le mois (autre)", lambda c, w: c.run(hours.save_month, MONTH, [hours.MonthEntry(w.other_contract, {HoursCategory.WORKED: "10"})]), OFFICE),
    ("feuille d'émargement (équipe)", lambda c, w: c.read(hours_daily.day_sheet, w.mine_contract, MONTH), ALL),
    ("feuille d'émargement (autre)", lambda c, w: c.read(hours_daily.day_sheet, w.other_contract, MONTH), OFFICE),
    ("saisir un jour (autre)", lambda c, w: c.run(hours_daily.save_days, w.other_contract, MONTH, {}), OFFICE),
    ("déclarer le mois", lambda c, w: c.run(hours.declare_month, MONTH), DIRECTION),
    ("ETP", lambda c, w: c.read(fte.fte_report, 2026), OFFICE),
    ("sorties de l'année", lambda c, w: c.read(exits.exits_summary, dt.date(2026, 1, 1), TODAY), OFFICE),
    ("relevé mensuel", lambda c, w: c.read(monthly_statement.monthly_statement, MONTH), OFFICE),
    ("exporter le relevé", lambda c, w: c.run(monthly_statement.export_statement, MONTH, w.tmp / "r.csv"), OFFICE),
    ("conventions", lambda c, w: c.read(fte.list_conventions), OFFICE),
    ("modifier une convention", lambda c, w: c.run(fte.save_convention, fte.ConventionInput(2027, None, "20")), DIRECTION),
    # Trainings
    ("catalogue des formations", lambda c, w: c.read(trainings.list_sessions), ALL),
    ("formations de l'équipe", lambda c, w: c.read(enrolments.person_enrolments, w.mine), ALL),
    ("formations d'un autre", lambda c, w: c.read(enrolments.person_enrolments, w.other), OFFICE),
    ("présences (équipe)", lambda c, w: c.run(training_attendance.record_day, w.mine_session, TODAY, {w.mine_enrolment: "7"}), ALL),
    ("présences (autre)", lambda c, w: c.run(training_attendance.record_day, w.other_session, TODAY, {w.other_enrolment: "7"}), OFFICE),
    ("créer une session", lambda c, w: c.run(trainings.save_session, None, trainings.SessionInput("CACES", TrainingKind.SAFETY, TODAY, TODAY)), OFFICE),
    ("inscrire", lambda c, w: c.run(enrolments.enrol, w.other_session, w.mine), OFFICE),
    # Support and sensitive notes
    ("entretiens", lambda c, w: c.read(support.list_milestones, w.mine), OFFICE),
    ("parcours", lambda c, w: c.read(timeline.person_timeline, w.mine), OFFICE),
    ("freins", lambda c, w: c.read(barriers.score_history, w.mine), OFFICE),
    ("actions sur les freins", lambda c, w: c.read(barriers.list_actions, w.mine), OFFICE),
    ("PMSMP", lambda c, w: c.read(pmsmp.list_pmsmps, w.mine), OFFICE),
    ("À faire", lambda c, w: c.read(todo.todo_list), OFFICE),
    ("nouvel entretien", lambda c, w: c.run(support.add_interview, w.mine, TODAY), OFFICE),
    ("notes d'une personne suivie", lambda c, w: c.read(sensitive_notes.list_notes, w.mine), OFFICE),
    ("notes d'une personne non suivie", lambda c, w: c.read(sensitive_notes.list_notes, w.other), DIRECTION),
    ("écrire une note (suivie)", lambda c, w: c.run(sensitive_notes.add_note, w.mine, sensitive_notes.NoteInput(SensitiveNoteKind.JUSTICE, TODAY, "x")), OFFICE),
    ("écrire une note (non suivie)", lambda c, w: c.run(sensitive_notes.add_note, w.other, sensitive_notes.NoteInput(SensitiveNoteKind.JUSTICE, TODAY, "x")), DIRECTION),
    ("annuler une note (non suivie)", lambda c, w: c.run(sensitive_notes.cancel_note, w.other_note, "Doublon"), DIRECTION),
    # Direction
    ("paramètres", lambda c, w: c.run(settings.save_structure, c.read(settings.get_structure)), DIRECTION),
    ("ateliers", lambda c, w: c.run(workshops.save_workshop, None, workshops.WorkshopInput("Espaces verts")), DIRECTION),
    ("comptes", lambda c, w: c.read(staff.list_accounts), DIRECTION),
    ("réinitialiser un mot de passe", lambda c, w: c.run(staff.reset_password, w.cip2), DIRECTION),
    ("durées de conservation", lambda c, w: c.read(retention.retention_list), DIRECTION),
    ("anonymiser", lambda c, w: anonymise_with_backup(c, w.other, RetentionStep.ANONYMISE), DIRECTION),
    ("droit d'accès", lambda c, w: c.run(access_export.export_person_data, w.mine, w.tmp / "x"), DIRECTION),
]
# fmt: on


def _refusals(database) -> int:
    with database.reading() as session:
        return session.scalar(select(func.count()).where(m.AuditEntry.action == "refused")) or 0


@pytest.mark.parametrize("role", [D, C, E], ids=lambda r: r.value)
@pytest.mark.parametrize(("what", "action", "allowed"), CASES, ids=[c[0] for c in CASES])
def test_role_against_action(world, role, what, action, allowed) -> None:
    ctx = AppContext(world.database, world.actors[role], world.paths)
    before = _refusals(world.database)
    if role in allowed:
        try:
            action(ctx, world)
        except PermissionDeniedError as refused:
            pytest.fail(f"{role.label} refusé pour « {what} » : {refused.message}")
        except AppError:
            pass  # past the guard: the input itself was refused (dates, missing fields…)
        assert _refusals(world.database) == before
    else:
        with pytest.raises(PermissionDeniedError) as refused:
            action(ctx, world)
        assert refused.value.message.startswith("Action refusée")
        assert _refusals(world.database) == before + 1  # traced in the audit trail


def test_every_role_is_in_the_matrix_and_every_right_has_a_label() -> None:
    from chantier_app.services.roles_matrix import LABELS, MATRIX, Permission

    assert set(MATRIX) == set(Role) and set(LABELS) == set(Permission)


def test_an_encadrant_lists_only_their_team(world) -> None:
    supervisor = AppContext(world.database, world.actors[E])
    shown = {row.id for row in supervisor.read(people_views.list_people)}
    everyone = {
        row.id for row in AppContext(world.database, world.actors[D]).read(people_views.list_people)
    }
    assert world.mine in shown and world.other not in shown and shown < everyone
    grid = supervisor.read(hours.month_grid, MONTH)
    assert world.mine in {r.person_id for r in grid.rows}
    assert world.other not in {r.person_id for r in grid.rows}
    assert [t.id for t in grid.teams] == sorted(world.actors[E].team_ids)
    page = supervisor.read(contracts_list.contracts_page)
    assert world.other not in {r.person_id for r in page.rows}
    assert all(a.person_id in shown for a in page.alerts)
    attendance = supervisor.read(enrolments.list_enrolments, world.other_session)
    assert attendance == []


def test_a_cip_may_read_every_note_when_the_director_allows_it(world) -> None:
    cip = AppContext(world.database, world.actors[C])
    with pytest.raises(PermissionDeniedError, match="réservées à son CIP référent"):
        cip.read(sensitive_notes.list_notes, world.other)
    director = AppContext(world.database, world.actors[D])
    current = director.read(settings.get_structure)
    director.run(settings.save_structure, dataclasses.replace(current, cip_sees_all_sensitive=True))
    assert [n.text for n in cip.read(sensitive_notes.list_notes, world.other)] == [
        "note de santé (other)"
    ]
    supervisor = AppContext(world.database, world.actors[E])
    with pytest.raises(PermissionDeniedError):
        supervisor.read(sensitive_notes.list_notes, world.mine)


# Who may correct or cancel, kind by kind (roles_matrix.CORRECTIONS): on every case, the
# roles let through. « own » is the actor's record, « another's » someone else's, « unknown »
# a record older than the trail (no author known).
CASES_OF_CORRECTION = ("own, same day", "own, day after", "another's", "unknown author")
ALWAYS = frozenset(CASES_OF_CORRECTION)
AUTHOR_SAME_DAY = frozenset({"own, same day"})
NEVER: frozenset[str] = frozenset()
CONTRACT_LIKE = {D: ALWAYS, C: AUTHOR_SAME_DAY, E: NEVER}  # the direction, or who hired that day
SUPPORT_LIKE = {D: ALWAYS, C: ALWAYS, E: NEVER}  # who manages them, any day
CORRECTION_RIGHTS = {
    "contract": CONTRACT_LIKE,
    "exit": CONTRACT_LIKE,
    "suspension": CONTRACT_LIKE,
    "amendment": CONTRACT_LIKE,
    "move_to_cddi": CONTRACT_LIKE,
    "enrolment": SUPPORT_LIKE,
    "milestone": SUPPORT_LIKE,
    "barrier_score": SUPPORT_LIKE,
    "barrier_action": SUPPORT_LIKE,
    "pmsmp": SUPPORT_LIKE,
    "sensitive_note": SUPPORT_LIKE,  # who may write the notes (the CIP, the direction)
    "training_session": SUPPORT_LIKE,  # who manages trainings (the CIP, the direction)
    "diagnosis": SUPPORT_LIKE,
    "pass_iae": SUPPORT_LIKE,
    "pass_suspension": SUPPORT_LIKE,
    "pass_prolongation": SUPPORT_LIKE,
    # A declared month: who declares months, whoever entered its hours.
    "month_hours": {D: ALWAYS, C: NEVER, E: NEVER},
    # Until it is declared: whoever enters hours, the encadrant too (their teams: the scope,
    # tested below on the services), any day, whoever entered them.
    "open_month_hours": {D: ALWAYS, C: ALWAYS, E: ALWAYS},
    # The structure's conventions: who edits the settings, any day.
    "convention": {D: ALWAYS, C: NEVER, E: NEVER},
}


def test_every_record_kind_has_its_row_of_correction_rights() -> None:
    from chantier_app.domain.codes.record_kinds import RecordKind
    from chantier_app.services.roles_matrix import CORRECTIONS

    # A new kind of record: its row in roles_matrix.CORRECTIONS, and its line here.
    assert set(CORRECTIONS) == set(RecordKind)
    assert set(CORRECTION_RIGHTS) == {k.value for k in RecordKind}


@pytest.mark.parametrize("role", [D, C, E], ids=lambda r: r.value)
@pytest.mark.parametrize("kind", sorted(CORRECTION_RIGHTS))
def test_who_may_correct_or_cancel_each_kind_of_record(role, kind) -> None:
    """Role × record kind × (own the same day, own the day after, another's, unknown)."""
    from chantier_app.domain.codes.record_kinds import RecordKind
    from chantier_app.services.roles_matrix import may_correct, require_correction

    actor = Actor(7, "Quelqu'un", role, frozenset())
    record = RecordKind.from_code(kind)
    yesterday = TODAY - dt.timedelta(days=1)
    recorded = {
        "own, same day": (7, TODAY),
        "own, day after": (7, yesterday),
        "another's": (8, TODAY),
        "unknown author": (None, None),
    }
    allowed = {
        case
        for case, (author, on) in recorded.items()
        if may_correct(actor, record, author_id=author, recorded_on=on, today=TODAY)
    }
    assert allowed == CORRECTION_RIGHTS[kind][role]
    for case in set(CASES_OF_CORRECTION) - allowed:  # refused in French, naming the right
        author, on = recorded[case]
        with pytest.raises(PermissionDeniedError, match=r"^Action refusée : le rôle"):
            require_correction(actor, record, author_id=author, recorded_on=on, today=TODAY)


def _facts(database) -> dict[str, list[tuple[object, ...]]]:
    """Every table but the trail (a refusal is traced there)."""
    return {table: rows for table, rows in dump(database).items() if table != "audit_entry"}


def _worked(ctx: AppContext, contract_id: int) -> int:
    (row,) = [r for r in ctx.read(hours.month_grid, MONTH).rows if r.contract_id == contract_id]
    return row.values.get(HoursCategory.WORKED) or 0


def test_hours_are_corrected_by_the_encadrant_of_the_team_until_the_month_is_declared(
    world,
) -> None:
    """The issue's rule, on the services: an encadrant corrects their team's hours entered
    by someone else another day, never another team's, never a declared month's."""
    from chantier_app.domain.errors import LockedError
    from chantier_app.services.hours.declared_corrections import correct_declared_month

    ctxs = {role: AppContext(world.database, world.actors[role], world.paths) for role in LOGINS}
    director, cip, supervisor = ctxs[D], ctxs[C], ctxs[E]
    assert director.read(hours.month_grid, MONTH).declared is None
    entries = {
        key: hours.MonthEntry(getattr(world, f"{key}_contract"), {HoursCategory.WORKED: "70"})
        for key in ("mine", "other")
    }
    director.run(hours.save_month, MONTH, list(entries.values()), acknowledge_warnings=True)

    # The encadrant corrects the direction's entry for a person of their team.
    fixed = hours.MonthEntry(world.mine_contract, {HoursCategory.WORKED: "71"})
    supervisor.run(hours.save_month, MONTH, [fixed], acknowledge_warnings=True)
    assert _worked(director, world.mine_contract) == 71 * 60
    # Another team's person: refused, by the month grid and the sign-in sheet alike.
    other = hours.MonthEntry(world.other_contract, {HoursCategory.WORKED: "71"})
    with pytest.raises(PermissionDeniedError, match="ne fait pas partie de vos équipes"):
        supervisor.run(hours.save_month, MONTH, [other], acknowledge_warnings=True)
    with pytest.raises(PermissionDeniedError):
        supervisor.run(hours_daily.save_days, world.other_contract, MONTH, {})
    # The CIP, as the matrix says: anyone's hours before the declaration.
    cip.run(hours.save_month, MONTH, [other], acknowledge_warnings=True)
    assert _worked(director, world.other_contract) == 71 * 60

    director.run(hours.declare_month, MONTH)
    before = _facts(world.database)
    again = hours.MonthEntry(world.mine_contract, {HoursCategory.WORKED: "72"})
    with pytest.raises(LockedError) as locked:
        supervisor.run(hours.save_month, MONTH, [again], acknowledge_warnings=True)
    assert locked.value.message.endswith(
        "Les corriger est réservé au rôle « Direction » (« Corriger le mois déclaré »)."
    )
    for ctx in (supervisor, cip):
        with pytest.raises(PermissionDeniedError, match="déclarer ou déverrouiller un mois"):
            ctx.run(correct_declared_month, MONTH, [again], "Oubli", acknowledge_warnings=True)
    assert _facts(world.database) == before  # every refusal left the data as it was
    director.run(correct_declared_month, MONTH, [again], "Oubli", acknowledge_warnings=True)
    assert _worked(director, world.mine_contract) == 72 * 60
