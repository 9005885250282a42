"""Correcting a contract and cancelling an exit: the same rules as an entry, the previous
version kept, refused corrections leave the database unchanged."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import ContractKind, DerogationKind, EndReason
from chantier_app.domain.codes.exit_reasons import ExitReason
from chantier_app.domain.codes.hours_codes import HoursCategory
from chantier_app.domain.codes.record_kinds import RecordKind, VersionAction
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.errors import (
    PermissionDeniedError,
    UnacknowledgedWarnings,
    ValidationError,
)
from chantier_app.services import contracts
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.contracts import ContractInput, HoursChangeInput
from chantier_app.services.contracts import events as contracts_events
from chantier_app.services.contracts.corrections import (
    ContractCorrection,
    cancel_exit,
    correct_contract,
)
from chantier_app.services.contracts.events import EndInput
from chantier_app.services.contracts.exits import exits_summary
from chantier_app.services.history import record_history, row_values
from chantier_app.services.hours import grid as hours
from chantier_app.services.hours.grid import MonthEntry
from chantier_app.services.hours.statement import monthly_statement
from tests.contract_factories import add_contract, add_person, add_workshop, snapshot
from tests.team_factory import supervisor_of

D = dt.date
H = 60
TODAY = dt.date.today()


@pytest.fixture
def place(database) -> dict[str, int]:
    """A person, a workshop with two teams, a CIP account."""
    with database.transaction() as session:
        person = add_person(session)
        workshop, team = add_workshop(session)
        other = m.Team(workshop_id=workshop, name="Équipe B")
        _elsewhere, far_team = add_workshop(session, "Restauration")
        cip = m.Staff(last_name="Bensaïd", first_name="Rachid", role=Role.CIP)
        session.add_all([other, cip])
        session.flush()
        return {
            "person": person,
            "workshop": workshop,
            "team": team,
            "team_b": other.id,
            "far_team": far_team,
            "cip": cip.id,
        }


JANUARY, JUNE_END = D(2026, 1, 1), D(2026, 6, 30)


def _hire(ctx: AppContext, place: dict[str, int], start=JANUARY, end=JUNE_END) -> int:
    view = ctx.run(
        contracts.hire,
        ContractInput(
            place["person"],
            ContractKind.CDDI_REMOBILISING,
            start,
            end,
            workshop_id=place["workshop"],
            team_id=place["team"],
            job_title="Agent d'entretien",
            weekly_minutes=26 * H,
        ),
    )
    return view.id


def _contract_row(database, contract_id: int) -> dict[str, object]:
    with database.reading() as session:
        values = row_values(session.get(m.Contract, contract_id))
    values.pop("updated_at")
    return values


def _versions(database) -> int:
    with database.reading() as session:
        return session.scalar(select(func.count()).select_from(m.RecordVersion)) or 0


def _refused(ctx: AppContext, error: type[Exception], action, *args, **kwargs) -> Exception:
    before = snapshot(ctx.database), _versions(ctx.database)
    with pytest.raises(error) as raised:
        ctx.run(action, *args, **kwargs)
    if error is PermissionDeniedError:  # the refusal itself is traced, nothing else
        before[0]["audit_entry"] += 1
    assert (snapshot(ctx.database), _versions(ctx.database)) == before
    return raised.value


def test_direction_corrects_start_team_and_job_and_the_previous_version_is_kept(
    ctx, database, place
) -> None:
    contract_id = _hire(ctx, place)
    result = ctx.run(
        correct_contract,
        ContractCorrection(contract_id, D(2026, 1, 5), place["team_b"], "Agent de propreté"),
    )
    assert (result.contract.start_date, result.contract.job_title) == (
        D(2026, 1, 5),
        "Agent de propreté",
    )
    assert result.notice is None  # never printed: nothing to sign again
    with database.reading() as session:
        assert session.get(m.Contract, contract_id).team_id == place["team_b"]
    (version,) = ctx.read(record_history, place["person"])
    assert (version.kind, version.action) == (RecordKind.CONTRACT, VersionAction.CORRECT)
    assert version.previous["start_date"] == "2026-01-01"
    assert version.previous["team_id"] == place["team"]
    assert version.previous["job_title"] == "Agent d'entretien"
    assert "début : 01/01/2026 → 05/01/2026" in version.summary
    assert "équipe : Équipe Nettoyage → Équipe B" in version.summary
    with database.reading() as session:
        lines = session.scalars(
            select(m.AuditEntry.summary).where(
                m.AuditEntry.entity == "contract", m.AuditEntry.entity_id == contract_id
            )
        ).all()
    (line,) = [line for line in lines if line.startswith("correction : CDDI")]
    # The trail names what was corrected, never the values (the version keeps them).
    assert line.endswith("date de début, équipe, emploi corrigé(s)")
    assert "Agent d'entretien" not in line and "Équipe B" not in line


@pytest.mark.parametrize(
    ("correction", "code"),
    [
        (dict(start_date=D(2026, 3, 15)), "cddi_min_4_months"),
        (dict(start_date=D(2025, 12, 1)), "contracts_overlap"),
        (dict(team="far_team"), "team_outside_workshop"),
        (dict(start_date=D(2026, 2, 10)), "start_after_event"),
        (dict(start_date=D(2026, 2, 1)), "entered_hours_conflict"),
        (dict(), "correction_unchanged"),
    ],
)
def test_an_invalid_correction_is_refused_and_changes_nothing(
    ctx, database, place, correction, code
) -> None:
    with database.transaction() as session:  # the contract before, ended on 31 December
        add_contract(
            session,
            place["person"],
            D(2025, 7, 1),
            D(2025, 12, 31),
            actual_end_date=D(2025, 12, 31),
            end_reason=EndReason.TERM,
        )
    contract_id = _hire(ctx, place)
    ctx.run(contracts.change_hours, HoursChangeInput(contract_id, D(2026, 2, 2), 30 * H))
    ctx.run(
        hours.save_month,
        D(2026, 1, 1),
        [MonthEntry(contract_id, {HoursCategory.WORKED: "100"})],
        acknowledge_warnings=True,
    )
    team = place[correction.pop("team")] if "team" in correction else place["team"]
    data = ContractCorrection(
        contract_id,
        correction.get("start_date", D(2026, 1, 1)),
        team,
        "Agent d'entretien",
    )
    error = _refused(ctx, ValidationError, correct_contract, data)
    assert code in error.codes, error.message


def test_the_same_warnings_as_an_entry_are_to_acknowledge_again(ctx, database, place) -> None:
    contract_id = _hire(ctx, place)
    data = ContractCorrection(contract_id, D(2026, 1, 1), None, None)
    warned = _refused(ctx, UnacknowledgedWarnings, correct_contract, data)
    assert set(warned.codes) == {"contract_without_team", "contract_without_job"}
    ctx.run(correct_contract, data, acknowledge=["contract_without_team", "contract_without_job"])
    with database.reading() as session:
        contract = session.get(m.Contract, contract_id)
        assert (contract.team_id, contract.job_title) == (None, None)
        assert json.loads(contract.acknowledged_warnings)[-1]["action"] == "correct"


def test_a_printed_contract_needs_a_reason_and_a_new_signature(ctx, database, place) -> None:
    contract_id = _hire(ctx, place)
    with database.transaction() as session:
        session.get(m.Contract, contract_id).print_count = 1
    data = ContractCorrection(contract_id, D(2026, 1, 5), place["team"], "Agent d'entretien")
    error = _refused(ctx, ValidationError, correct_contract, data)
    assert error.by_field == {
        "reason": ["Motif de la correction : obligatoire, le contrat a déjà été imprimé."]
    }
    result = ctx.run(
        correct_contract, ContractCorrection(**{**data.__dict__, "reason": "Date mal saisie"})
    )
    assert "Faites signer un nouveau contrat" in result.notice
    (version,) = ctx.read(record_history, place["person"])
    assert version.reason == "Date mal saisie"


def test_the_author_corrects_on_the_same_day_only(ctx, database, place) -> None:
    cip = AppContext(database, Actor(place["cip"], "Rachid Bensaïd", Role.CIP, frozenset()))
    contract_id = _hire(cip, place)
    data = ContractCorrection(contract_id, D(2026, 1, 5), place["team"], "Agent d'entretien")
    tomorrow = TODAY + dt.timedelta(days=1)
    refused = _refused(cip, PermissionDeniedError, correct_contract, data, today=tomorrow)
    assert "son auteur peut le faire le jour même" in refused.message
    other_cip = AppContext(database, Actor(None, "Autre CIP", Role.CIP, frozenset()))
    with pytest.raises(PermissionDeniedError):
        other_cip.run(correct_contract, data)
    cip.run(correct_contract, data, today=TODAY)
    # The direction may correct any day.
    ctx.run(
        correct_contract,
        ContractCorrection(contract_id, D(2026, 1, 6), place["team"], "Agent d'entretien"),
        today=tomorrow,
    )


def _year_figures(ctx: AppContext) -> tuple[object, object]:
    return (
        ctx.read(exits_summary, D(2026, 1, 1), D(2026, 12, 31)),
        ctx.read(monthly_statement, D(2026, 4, 1)),
    )


def test_cancelling_an_exit_reopens_the_contract_exactly_as_before(ctx, database, place) -> None:
    contract_id = _hire(ctx, place)
    for month in (D(2026, 2, 1), D(2026, 3, 1)):
        ctx.run(
            hours.save_month,
            month,
            [MonthEntry(contract_id, {HoursCategory.WORKED: "100"})],
            acknowledge_warnings=True,
        )
    before_row, before_hours = _contract_row(database, contract_id), snapshot(database)
    before_figures = _year_figures(ctx)
    ctx.run(
        contracts_events.end_contract,
        EndInput(contract_id, D(2026, 4, 15), EndReason.HIRED_ELSEWHERE, ExitReason.CDI, "Onet"),
    )
    assert _year_figures(ctx) != before_figures  # the exit counts, until cancelled

    view = ctx.run(cancel_exit, contract_id)
    assert view.actual_end_date is None and view.exit_reason is None
    assert _contract_row(database, contract_id) == before_row
    assert _year_figures(ctx) == before_figures
    after = snapshot(database)
    assert after["contracts"] == before_hours["contracts"]
    with database.reading() as session:
        worked = sorted(
            (h.month, h.worked_minutes)
            for h in session.scalars(
                select(m.MonthlyHours).where(m.MonthlyHours.contract_id == contract_id)
            )
        )
    assert worked == [(D(2026, 2, 1), 100 * H), (D(2026, 3, 1), 100 * H)]
    (version,) = ctx.read(record_history, place["person"])
    assert (version.kind, version.action) == (RecordKind.EXIT, VersionAction.CANCEL)
    assert version.previous["actual_end_date"] == "2026-04-15"
    assert version.previous["exit_notes"] == "Onet"
    assert "sortie du 15/04/2026 annulée" in version.summary
    # An encadrant of the team reads the history without the exit's reason and notes.
    supervisor = AppContext(database, supervisor_of(place["team"]))
    (seen,) = supervisor.read(record_history, place["person"])
    assert seen.previous["actual_end_date"] == "2026-04-15"
    assert not {"end_reason", "exit_reason", "exit_notes"} & set(seen.previous)


def test_an_exit_is_not_cancelled_over_a_later_contract(ctx, database, place) -> None:
    contract_id = _hire(ctx, place)
    ctx.run(
        contracts_events.end_contract,
        EndInput(contract_id, D(2026, 3, 31), EndReason.MUTUAL_AGREEMENT, ExitReason.JOBSEEKER),
    )
    _hire(ctx, place, D(2026, 5, 1), D(2026, 10, 31))
    error = _refused(ctx, ValidationError, cancel_exit, contract_id)
    assert "contracts_overlap" in error.codes


def test_a_reason_is_required_once_the_exits_month_is_declared(ctx, database, place) -> None:
    contract_id = _hire(ctx, place)
    ctx.run(
        contracts_events.end_contract,
        EndInput(contract_id, D(2026, 3, 31), EndReason.MUTUAL_AGREEMENT, ExitReason.JOBSEEKER),
    )
    ctx.run(hours.declare_month, D(2026, 3, 1))
    error = _refused(ctx, ValidationError, cancel_exit, contract_id)
    assert error.by_field == {
        "reason": ["Motif de l'annulation : obligatoire, le mois de la sortie a été déclaré."]
    }
    ctx.run(cancel_exit, contract_id, "Sortie saisie sur le mauvais contrat")
    (version,) = ctx.read(record_history, place["person"])
    assert version.reason == "Sortie saisie sur le mauvais contrat"


def test_a_contract_without_exit_has_none_to_cancel(ctx, database, place) -> None:
    contract_id = _hire(ctx, place)
    error = _refused(ctx, ValidationError, cancel_exit, contract_id)
    assert "pas de sortie enregistrée" in error.message


def test_a_contract_under_a_derogation_is_corrected_with_its_recorded_period(
    ctx, database, place
) -> None:
    view = ctx.run(
        contracts.hire,
        ContractInput(
            place["person"],
            ContractKind.CDDI_REMOBILISING,
            JANUARY,
            JUNE_END,
            workshop_id=place["workshop"],
            team_id=place["team"],
            job_title="Agent d'entretien",
            weekly_minutes=16 * H,
            derogation=DerogationKind.INDIVIDUAL,
            derogation_reference="Décision du 20/12/2025",
            derogation_start=JANUARY,
            derogation_end=JUNE_END,
        ),
    )
    ctx.run(correct_contract, ContractCorrection(view.id, JANUARY, place["team_b"], "Agent"))
    with database.reading() as session:
        assert session.get(m.Contract, view.id).team_id == place["team_b"]
