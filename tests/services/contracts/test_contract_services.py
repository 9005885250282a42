"""Contract actions on a real database: what they write, and that a refusal writes nothing."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import (
    AmendmentKind,
    ContractKind,
    DerogationKind,
    EndReason,
    ExtensionReason,
    SuspensionReason,
)
from chantier_app.domain.codes.exit_reasons import ExitCategory, ExitReason
from chantier_app.domain.errors import (
    PermissionDeniedError,
    UnacknowledgedWarnings,
    ValidationError,
)
from chantier_app.services import contracts
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.contracts import ContractInput, HoursChangeInput, RenewalInput
from chantier_app.services.contracts import events as contracts_events
from chantier_app.services.contracts.events import EndInput, SuspensionInput
from chantier_app.services.contracts.views import person_contracts
from tests.contract_factories import add_contract, add_person, add_review, add_workshop, snapshot
from tests.team_factory import supervisor_of, team_of

D = dt.date
H = 60


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The contract ids the support schedule was told about."""
    seen: list[int] = []
    from chantier_app.services.support import schedule

    monkeypatch.setattr(schedule, "on_contract_changed", lambda _s, _a, cid: seen.append(cid))
    return seen


@pytest.fixture
def person(database) -> int:
    with database.transaction() as session:
        return add_person(session)


@pytest.fixture
def running(database, person) -> int:
    """A 6-month CDDI from 1 January 2026 (PASS IAE from 1 January 2025 for 2 years)."""
    with database.transaction() as session:
        return add_contract(session, person, D(2026, 1, 1), D(2026, 6, 30))


def cddi(person_id: int, start: dt.date, end: dt.date, **kw: object) -> ContractInput:
    values: dict[str, object] = {"weekly_minutes": 26 * H}
    values.update(kw)
    return ContractInput(person_id, ContractKind.CDDI_REMOBILISING, start, end, **values)  # type: ignore[arg-type]


def refused(database, action, *args, code: str, **kwargs) -> ValidationError:
    """Run ``action`` as the UI does, expect a refusal with ``code``, and nothing written."""
    ctx = AppContext(database, Actor.system())
    before = snapshot(database)
    with pytest.raises(ValidationError) as raised:
        ctx.run(action, *args, **kwargs)
    assert code in raised.value.codes, raised.value.message
    assert snapshot(database) == before
    return raised.value


def test_hire_writes_the_contract_with_the_legal_trial_period(ctx, database, person, calls) -> None:
    with database.transaction() as session:
        workshop, team = add_workshop(session)
    view = ctx.run(
        contracts.hire,
        cddi(
            person,
            D(2026, 1, 5),
            D(2026, 7, 4),
            workshop_id=workshop,
            team_id=team,
            job_title=" Agent ",
        ),
    )
    assert (view.start_date, view.end_date, view.trial_days) == (D(2026, 1, 5), D(2026, 7, 4), 14)
    assert (view.workshop_name, view.team_name, view.job_title) == (
        "Nettoyage",
        "Équipe Nettoyage",
        "Agent",
    )
    assert calls == [view.id]
    with database.reading() as session:
        entry = session.scalars(select(m.AuditEntry).where(m.AuditEntry.entity == "contract")).one()
        assert (entry.action, entry.entity_id, entry.person_id) == ("create", view.id, person)
        assert "embauche : CDDI chantier remobilisant du 05/01/2026 au 04/07/2026" in entry.summary


def test_illegal_hire_is_refused_and_writes_nothing(database, person, calls) -> None:
    error = refused(
        database,
        contracts.hire,
        cddi(person, D(2026, 1, 1), D(2026, 6, 30), weekly_minutes=36 * H),
        code="weekly_hours_max_35",
    )
    assert "Heures par semaine : un CDDI compte 35 h par semaine au plus" in error.message
    assert calls == []


def _placed(database) -> dict[str, object]:
    """A workshop, its team and a job: where a contract normally places the person."""
    with database.transaction() as session:
        workshop, team = add_workshop(session)
    return {"workshop_id": workshop, "team_id": team, "job_title": "Agent d'entretien"}


def test_warning_needs_an_acknowledgement_which_is_recorded(ctx, database, person) -> None:
    # The PASS IAE ends on 31/12/2026, before this contract does.
    data = cddi(person, D(2026, 9, 1), D(2027, 2, 28), **_placed(database))
    error = refused(database, contracts.hire, data, code="pass_iae_ends_before_contract")
    assert isinstance(error, UnacknowledgedWarnings)
    view = ctx.run(contracts.hire, data, acknowledge=["pass_iae_ends_before_contract"])
    [ack] = view.acknowledged
    assert ack.codes == ("pass_iae_ends_before_contract",) and ack.action == "hire"
    assert ack.by == "Système" and ack.at.date() == dt.date.today()
    with database.reading() as session:
        stored = json.loads(session.get(m.Contract, view.id).acknowledged_warnings)
        assert stored[0]["codes"] == ["pass_iae_ends_before_contract"]
        summary = session.scalars(
            select(m.AuditEntry.summary).where(m.AuditEntry.entity == "contract")
        ).one()
        assert "avertissements acceptés : pass_iae_ends_before_contract" in summary


def test_renewals_are_numbered_and_move_the_end(ctx, database, person, running, calls) -> None:
    with database.transaction() as session:
        add_review(session, person, D(2026, 5, 20))
    first = ctx.run(contracts.renew, RenewalInput(running, D(2026, 9, 30), signed_on=D(2026, 6, 1)))
    second = ctx.run(
        contracts.renew,
        RenewalInput(running, D(2027, 3, 31), signed_on=D(2026, 9, 1)),
        acknowledge=["renewal_without_review", "pass_iae_ends_before_contract"],
    )
    assert (first.number, first.kind, first.previous_end_date, first.new_end_date) == (
        1,
        AmendmentKind.RENEWAL,
        D(2026, 6, 30),
        D(2026, 9, 30),
    )
    assert first.effective_date == D(2026, 7, 1) and first.acknowledged == ()
    assert (second.number, second.previous_end_date) == (2, D(2026, 9, 30))
    assert set(second.acknowledged[0].codes) == {
        "renewal_without_review",
        "pass_iae_ends_before_contract",
    }
    view = ctx.read(person_contracts, person, today=D(2026, 7, 1))
    [contract] = view.contracts
    assert (contract.initial_end_date, contract.end_date) == (D(2026, 6, 30), D(2027, 3, 31))
    assert calls == [running, running]


def test_renewal_beyond_24_months_is_refused_without_reason(database, person) -> None:
    with database.transaction() as session:
        add_contract(
            session, person, D(2025, 1, 1), D(2025, 12, 31), actual_end_date=D(2025, 12, 31)
        )
        current = add_contract(session, person, D(2026, 1, 1), D(2026, 6, 30))
        add_review(session, person, D(2026, 6, 1))
    error = refused(
        database,
        contracts.renew,
        RenewalInput(current, D(2027, 1, 1), signed_on=D(2026, 6, 10)),
        code="cddi_max_24_months",
        acknowledge=["pass_iae_ends_before_contract"],
    )
    assert "31/12/2026" in error.message


def test_renewal_beyond_24_months_with_a_reason_records_it(ctx, database) -> None:
    with database.transaction() as session:
        person = add_person(session, rqth=True, pass_start=D(2024, 1, 1), pass_days=1500)
        current = add_contract(session, person, D(2024, 1, 1), D(2025, 12, 31))
        add_review(session, person, D(2025, 12, 1))
    ctx.run(
        contracts.renew,
        RenewalInput(current, D(2026, 6, 30), D(2025, 12, 10), ExtensionReason.SENIOR_OR_RQTH),
    )
    with database.reading() as session:
        contract = session.get(m.Contract, current)
        assert contract.extension_reason is ExtensionReason.SENIOR_OR_RQTH
        assert contract.amendments[0].extension_reason is ExtensionReason.SENIOR_OR_RQTH


def test_change_of_hours_is_an_amendment(ctx, database, running) -> None:
    refused(
        database,
        contracts.change_hours,
        HoursChangeInput(running, D(2026, 3, 1), 19 * H),
        code="weekly_hours_min_20",
    )
    refused(  # a derogation without its period (D5132-43-5: twelve months at most)
        database,
        contracts.change_hours,
        HoursChangeInput(running, D(2026, 3, 1), 19 * H, derogation=DerogationKind.INDIVIDUAL),
        code="weekly_hours_below_20_outside_derogation",
    )
    amendment = ctx.run(
        contracts.change_hours,
        HoursChangeInput(
            running,
            D(2026, 3, 1),
            19 * H,
            derogation=DerogationKind.INDIVIDUAL,
            derogation_reference="Décision du 20/02",
            derogation_start=D(2026, 3, 1),
            derogation_end=D(2026, 6, 30),
            derogation_decided_on=D(2026, 2, 20),
        ),
    )
    assert (amendment.number, amendment.kind) == (1, AmendmentKind.HOURS_CHANGE)
    assert (amendment.previous_weekly_minutes, amendment.new_weekly_minutes) == (26 * H, 19 * H)
    with database.reading() as session:
        contract = session.get(m.Contract, running)
        assert (contract.weekly_minutes, contract.derogation) == (19 * H, DerogationKind.INDIVIDUAL)
        assert contract.derogation_reference == "Décision du 20/02"
        assert contract.end_date == D(2026, 6, 30)
        (period,) = contract.derogations
        assert (period.start_date, period.end_date, period.decided_on, period.reference) == (
            D(2026, 3, 1), D(2026, 6, 30), D(2026, 2, 20), "Décision du 20/02"
        )  # fmt: skip


def test_suspension_for_a_pmsmp(ctx, database, running, calls) -> None:
    refused(
        database,
        contracts_events.suspend,
        SuspensionInput(running, SuspensionReason.PMSMP, D(2026, 3, 1), D(2026, 4, 15)),
        code="pmsmp_max_one_month",
    )
    view = ctx.run(
        contracts_events.suspend,
        SuspensionInput(
            running, SuspensionReason.PMSMP, D(2026, 3, 2), D(2026, 3, 13), notes="Hôtel"
        ),
    )
    assert (view.reason, view.start_date, view.end_date, view.notes) == (
        SuspensionReason.PMSMP,
        D(2026, 3, 2),
        D(2026, 3, 13),
        "Hôtel",
    )
    assert calls == [running]
    refused(
        database,
        contracts_events.suspend,
        SuspensionInput(
            running, SuspensionReason.TRIAL_ELSEWHERE, D(2026, 3, 10), D(2026, 3, 20), "Sodexo"
        ),
        code="suspensions_overlap",
    )


def test_early_end_records_the_exit_and_its_category(ctx, database, running, calls) -> None:
    refused(
        database,
        contracts_events.end_contract,
        EndInput(running, D(2026, 4, 30), EndReason.TERM, ExitReason.CDI),
        code="early_end_needs_reason",
    )
    view = ctx.run(
        contracts_events.end_contract,
        EndInput(
            running,
            D(2026, 4, 30),
            EndReason.HIRED_ELSEWHERE,
            ExitReason.CDI,
            " Embauche chez Onet ",
        ),
    )
    assert (view.actual_end_date, view.end_reason, view.exit_reason) == (
        D(2026, 4, 30),
        EndReason.HIRED_ELSEWHERE,
        ExitReason.CDI,
    )
    assert (
        view.exit_category is ExitCategory.SUSTAINABLE_JOB
        and view.exit_notes == "Embauche chez Onet"
    )
    assert calls == [running]
    refused(
        database,
        contracts.renew,
        RenewalInput(running, D(2026, 12, 31)),
        code="contract_ended",
    )


def test_an_end_or_a_suspension_never_leaves_entered_hours_outside_the_contract(
    ctx, database, running
) -> None:
    """April and May are entered: ending on 31 March, or suspending all of May for a trial
    elsewhere, would leave them outside the contract; refused, nothing written."""
    from chantier_app.domain.codes.hours_codes import HoursCategory
    from chantier_app.services.hours import grid as hours
    from chantier_app.services.hours.grid import MonthEntry

    for month, worked in ((D(2026, 4, 1), "100"), (D(2026, 5, 1), "100")):
        entry = MonthEntry(running, {HoursCategory.WORKED: worked})
        ctx.run(hours.save_month, month, [entry], acknowledge_warnings=True)
    error = refused(
        database,
        contracts_events.end_contract,
        EndInput(running, D(2026, 3, 31), EndReason.HIRED_ELSEWHERE, ExitReason.CDI),
        code="entered_hours_conflict",
    )
    assert "Heures déjà saisies (avril 2026)" in error.message
    assert "Heures déjà saisies (mai 2026)" in error.message
    refused(
        database,
        contracts_events.suspend,
        SuspensionInput(
            running,
            SuspensionReason.TRIAL_ELSEWHERE,
            D(2026, 5, 1),
            D(2026, 5, 31),
            other_employer="Onet",
        ),
        code="entered_hours_conflict",
    )
    # Ending after the last month entered is fine.
    view = ctx.run(
        contracts_events.end_contract,
        EndInput(running, D(2026, 5, 31), EndReason.HIRED_ELSEWHERE, ExitReason.CDI),
    )
    assert view.actual_end_date == D(2026, 5, 31)


def test_close_at_term_with_an_exit(ctx, database, running) -> None:
    view = ctx.run(
        contracts_events.end_contract,
        EndInput(running, D(2026, 6, 30), EndReason.TERM, ExitReason.QUALIFYING_TRAINING),
    )
    assert view.ended and view.exit_category is ExitCategory.POSITIVE
    with database.reading() as session:
        summary = session.scalars(
            select(m.AuditEntry.summary).where(m.AuditEntry.entity == "contract")
        ).one()
    assert summary.startswith("fin du contrat le 30/06/2026 (Fin du contrat à son terme)")
    assert "Sortie positive" in summary


def test_move_from_first_hours_to_cddi(ctx, database, person, calls) -> None:
    with database.transaction() as session:
        first_hours = add_contract(
            session, person, D(2026, 1, 1), D(2026, 6, 30), ContractKind.FIRST_HOURS
        )
    data = cddi(person, D(2026, 4, 1), D(2026, 9, 30), **_placed(database))
    view = ctx.run(contracts.move_to_cddi, first_hours, data)
    assert view.previous_contract_id == first_hours
    with database.reading() as session:
        ph = session.get(m.Contract, first_hours)
        assert (ph.actual_end_date, ph.end_reason, ph.exit_reason) == (
            D(2026, 3, 31),
            EndReason.MOVE_TO_CDDI,
            None,
        )
    assert calls == [first_hours, view.id]
    refused(
        database,
        contracts.move_to_cddi,
        view.id,
        cddi(person, D(2026, 8, 1), D(2027, 1, 31)),
        code="move_needs_first_hours",
    )


def test_a_contract_with_no_team_nor_job_is_saved_only_once_acknowledged(
    ctx, database, person
) -> None:
    """Nobody would enter their hours, and the contract would print « l'emploi de ………… »."""
    data = cddi(person, D(2026, 1, 5), D(2026, 7, 4))
    error = refused(database, contracts.hire, data, code="contract_without_team")
    assert isinstance(error, UnacknowledgedWarnings)
    assert set(error.codes) == {"contract_without_team", "contract_without_job"}
    assert "Atelier : aucune équipe choisie : la personne ne sera dans la grille" in error.message
    assert "Poste : non renseigné : le contrat imprimera « l'emploi de ………… »" in error.message
    view = ctx.run(contracts.hire, data, acknowledge=error.codes)
    assert view.acknowledged[0].codes == ("contract_without_team", "contract_without_job")


def test_overlapping_hire_is_refused(database, person, running) -> None:
    refused(
        database,
        contracts.hire,
        cddi(person, D(2026, 6, 1), D(2026, 11, 30)),
        code="contracts_overlap",
    )


def test_team_must_belong_to_the_workshop(database, person) -> None:
    with database.transaction() as session:
        cleaning, _ = add_workshop(session, "Nettoyage")
        _, kitchen_team = add_workshop(session, "Restauration")
    refused(
        database,
        contracts.hire,
        cddi(person, D(2026, 1, 1), D(2026, 6, 30), workshop_id=cleaning, team_id=kitchen_team),
        code="team_outside_workshop",
    )


def test_supervisor_may_view_but_not_change_contracts(database, person, running) -> None:
    with database.transaction() as session:
        team_id = team_of(session, person)
    supervisor = AppContext(database, supervisor_of(team_id))
    assert supervisor.read(person_contracts, person).contracts[0].id == running
    before = snapshot(database)
    with pytest.raises(PermissionDeniedError):
        supervisor.run(contracts.renew, RenewalInput(running, D(2026, 12, 31)))
    after = snapshot(database)
    assert after["contracts"] == before["contracts"] and after["amendment"] == before["amendment"]
    assert after["audit_entry"] == before["audit_entry"] + 1  # the refusal is traced


def test_person_view_counts_the_path_against_24_months(ctx, database, person) -> None:
    with database.transaction() as session:
        add_contract(
            session, person, D(2025, 1, 1), D(2025, 12, 31), actual_end_date=D(2025, 12, 31)
        )
        add_contract(session, person, D(2026, 1, 1), D(2026, 6, 30))
    view = ctx.read(person_contracts, person, today=D(2026, 3, 15))
    assert view.cddi_total.text() == "14 mois et 15 jours"
    assert view.cddi_24_months_on == D(2027, 1, 1)
    assert view.current is not None and view.current.start_date == D(2026, 1, 1)


def test_the_file_names_a_closed_workshop_and_offers_only_the_open_ones(
    ctx, database, person
) -> None:
    """The contracts tab reads the workshops and teams once: a contract keeps the names of a
    workshop closed since, the choices of the dialogs are the open ones, in name order."""
    with database.transaction() as session:
        closed, closed_team = add_workshop(session, "Maraîchage")
        open_b, _team_b = add_workshop(session, "Repassage")
        open_a, _team_a = add_workshop(session, "Bâtiment")
        add_contract(
            session, person, D(2025, 1, 1), D(2025, 6, 30), workshop_id=closed, team_id=closed_team
        )
        session.get(m.Workshop, closed).active = False
        session.get(m.Team, closed_team).active = False
    view = ctx.read(person_contracts, person, today=D(2026, 7, 1))
    assert [(c.workshop_name, c.team_name) for c in view.contracts] == [
        ("Maraîchage", "Équipe Maraîchage")
    ]
    assert [w.id for w in view.workshops] == [open_a, open_b]  # « Bâtiment » before « Repassage »
    assert [t.name for t in view.teams] == ["Équipe Bâtiment", "Équipe Repassage"]
    assert all(t.parent_id in (open_a, open_b) for t in view.teams)
