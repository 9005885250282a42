"""Cancelling a hire entered by mistake: the contract is cancelled, never deleted, and read
by no one (the person's contracts, the monthly statement, the yearly report: compared with
before the hire); its history is kept; what depends on it refuses, the database unchanged."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.db.cancellable import including_cancelled
from chantier_app.domain.codes.contract_codes import ContractKind, SuspensionReason
from chantier_app.domain.codes.hours_codes import HoursCategory
from chantier_app.domain.codes.record_kinds import RecordKind, VersionAction
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.codes.support_codes import MilestoneKind, MilestoneStatus
from chantier_app.domain.errors import PermissionDeniedError, ValidationError
from chantier_app.services import contracts
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.contracts import ContractInput, RenewalInput, SuspensionInput
from chantier_app.services.contracts.hire_cancellation import (
    cancel_hire,
    cancel_hire_consequences,
    check_cancel_hire,
    may_cancel_hire,
)
from chantier_app.services.contracts.views import person_contracts
from chantier_app.services.documents._report import yearly_report_data
from chantier_app.services.history import record_history
from chantier_app.services.hours import grid as hours
from chantier_app.services.hours.grid import MonthEntry
from chantier_app.services.hours.statement import monthly_statement
from chantier_app.services.privacy.erasure import _erase_identity
from tests.contract_factories import add_person, add_workshop
from tests.db_dump import dump

D = dt.date
H = 60
TODAY = dt.date.today()
JANUARY_5, JUNE_END = D(2026, 1, 5), D(2026, 6, 30)


@pytest.fixture
def place(database) -> dict[str, int]:
    """The structure, a person, a workshop and its team, a CIP account."""
    with database.transaction() as session:
        session.add(
            m.Structure(
                name="Les Ateliers de l'Écluse", siret="73282932000074",
                address_line1="12 rue de l'Ourcq", postal_code="75019", city="Paris",
            )
        )  # fmt: skip
        person = add_person(session)
        workshop, team = add_workshop(session)
        cip = m.Staff(last_name="Bensaïd", first_name="Rachid", role=Role.CIP)
        session.add(cip)
        session.flush()
        return {"person": person, "workshop": workshop, "team": team, "cip": cip.id}


def _hire(
    ctx: AppContext,
    place: dict[str, int],
    start: dt.date = JANUARY_5,
    end: dt.date = JUNE_END,
    kind: ContractKind = ContractKind.CDDI_REMOBILISING,
) -> int:
    hours_terms = (
        {"monthly_minutes": 40 * H} if kind.hours_per_month else {"weekly_minutes": 26 * H}
    )
    view = ctx.run(
        contracts.hire,
        ContractInput(
            place["person"], kind, start, end, workshop_id=place["workshop"],
            team_id=place["team"], job_title="Agent d'entretien", **hours_terms,
        ),
        acknowledge=("pass_iae_ends_before_contract",),
    )  # fmt: skip
    return view.id


def _figures(ctx: AppContext) -> tuple[object, ...]:
    """What the structure declares and reports: February's statement, the yearly report."""
    with ctx.database.reading() as session:
        report = yearly_report_data(session, 2026, today=D(2026, 12, 31))
    return ctx.read(monthly_statement, D(2026, 2, 1)), report


def _save_hours(ctx: AppContext, contract_id: int, month: dt.date, worked: str = "100") -> None:
    ctx.run(
        hours.save_month,
        month,
        [MonthEntry(contract_id, {HoursCategory.WORKED: worked})],
        acknowledge_warnings=True,
    )


def _refused(ctx: AppContext, error: type[Exception], *args, **kwargs) -> Exception:
    """``cancel_hire`` refused, the database exactly as before (the refusal of a right is
    itself traced: one line of the trail, nothing else)."""
    before = dump(ctx.database)
    with pytest.raises(error) as raised:
        ctx.run(cancel_hire, *args, **kwargs)
    after = dump(ctx.database)
    if error is PermissionDeniedError:
        assert len(after["audit_entry"]) == len(before["audit_entry"]) + 1
        before.pop("audit_entry"), after.pop("audit_entry")
    assert after == before
    return raised.value


def test_a_cancelled_hire_is_read_by_no_one_and_kept_in_the_history(ctx, database, place) -> None:
    before = _figures(ctx)
    contract_id = _hire(ctx, place)
    _save_hours(ctx, contract_id, D(2026, 2, 1))  # February, not declared
    ctx.run(
        contracts.suspend,
        SuspensionInput(contract_id, SuspensionReason.OTHER, D(2026, 3, 2), D(2026, 3, 6)),
    )
    assert _figures(ctx) != before
    with database.reading() as session:
        open_milestones = session.scalars(
            select(m.Milestone.id).where(m.Milestone.contract_id == contract_id)
        ).all()
    assert open_milestones

    done = ctx.run(cancel_hire, contract_id, "Saisi sur la mauvaise personne")

    assert done.person_id == place["person"]
    assert ctx.read(person_contracts, place["person"]).contracts == ()
    assert _figures(ctx) == before  # the statement and the yearly report as before the hire
    with database.reading() as session:
        assert session.get(m.Contract, contract_id) is None
        row = session.get(m.Contract, contract_id, execution_options=including_cancelled())
        assert row is not None and row.cancelled
        assert row.cancellation_reason == "Saisi sur la mauvaise personne"
        assert row.start_date == D(2026, 1, 5)  # kept as entered
        statuses = session.scalars(
            select(m.Milestone.status).where(m.Milestone.id.in_(open_milestones))
        ).all()
        assert set(statuses) == {MilestoneStatus.CANCELLED}
        suspension = session.scalars(
            select(m.ContractSuspension), execution_options=including_cancelled()
        ).one()
        assert suspension.cancelled and suspension.cancellation_reason == row.cancellation_reason
        trail = session.scalars(
            select(m.AuditEntry.summary).where(m.AuditEntry.summary.startswith("annulation"))
        ).one()
    assert trail.startswith(
        "annulation : embauche annulée : CDDI chantier remobilisant du 05/01/2026 au 30/06/2026"
    )
    (version,) = ctx.read(record_history, place["person"])
    assert (version.kind, version.action) == (RecordKind.CONTRACT, VersionAction.CANCEL)
    assert version.reason == "Saisi sur la mauvaise personne"
    assert version.previous["start_date"] == "2026-01-05"
    assert len(version.previous["milestones"]) == len(open_milestones)
    assert version.previous["suspensions"][0]["start_date"] == "2026-03-02"
    assert ("Début", "05/01/2026") in version.before  # « Avant »: the contract as it was
    assert "jalon(s) annulé(s)" in (version.summary or "")


def test_a_new_hire_gets_a_new_id_and_follows_no_cancelled_contract(ctx, database, place) -> None:
    wrong = _hire(ctx, place)
    ctx.run(cancel_hire, wrong)
    right = _hire(ctx, place, D(2026, 2, 2), D(2026, 7, 31))
    assert right != wrong  # SQLite gave a deleted row's id again: this one stays taken
    with database.reading() as session:
        contract = session.get(m.Contract, right)
        assert contract is not None and contract.previous_contract_id is None
    (version,) = ctx.read(record_history, place["person"])
    assert version.record_id == wrong and version.previous["start_date"] == "2026-01-05"


def test_the_contract_before_is_due_its_exit_review_again(ctx, database, place) -> None:
    first = _hire(ctx, place)

    def kinds() -> list[MilestoneKind]:
        with database.reading() as session:
            return sorted(
                session.scalars(
                    select(m.Milestone.kind).where(
                        m.Milestone.contract_id == first,
                        m.Milestone.status != MilestoneStatus.CANCELLED,
                    )
                ),
                key=lambda k: k.value,
            )

    alone = kinds()
    assert MilestoneKind.EXIT_REVIEW in alone
    later = _hire(ctx, place, D(2026, 7, 1), D(2026, 12, 31))
    assert MilestoneKind.EXIT_REVIEW not in kinds()  # the person stays: no exit review
    ctx.run(cancel_hire, later)
    assert kinds() == alone


def test_what_depends_on_the_contract_refuses_naming_what_to_cancel_first(
    ctx, database, place
) -> None:
    contract_id = _hire(ctx, place)
    ctx.run(
        contracts.renew,
        RenewalInput(contract_id, D(2026, 9, 30), signed_on=D(2026, 6, 1)),
        acknowledge=("renewal_without_review",),
    )
    error = _refused(ctx, ValidationError, contract_id)
    assert error.codes == ["cancel_hire_amendment"]
    assert error.message == (
        "Annulation de l'embauche : l'avenant n° 1 (renouvellement, du 01/07/2026) en dépend ; "
        "annulez-le d'abord."
    )
    later = _hire(ctx, place, D(2026, 10, 1), D(2027, 3, 31))
    error = _refused(ctx, ValidationError, contract_id)
    assert "cancel_hire_follower" in error.codes
    assert (
        "le contrat suivant (CDDI chantier remobilisant du 01/10/2026 au 31/03/2027) en "
        "dépend ; annulez-le d'abord" in error.message
    )
    assert ctx.read(may_cancel_hire, later)


def test_hours_in_a_declared_month_refuse_it(ctx, database, place) -> None:
    contract_id = _hire(ctx, place)
    _save_hours(ctx, contract_id, D(2026, 2, 1))
    ctx.run(hours.declare_month, D(2026, 2, 1))
    error = _refused(ctx, ValidationError, contract_id, "Mauvaise personne")
    assert error.message == (
        "Annulation de l'embauche : des heures sont saisies pour février 2026 (mois déjà "
        "déclaré à l'ASP) ; corrigez d'abord ces heures (page Heures, le mois rouvert avec un "
        "motif)."
    )
    lines = [c.line for c in ctx.read(cancel_hire_consequences, contract_id)]
    assert any(
        "Heures de février 2026 (100 h) : mois déclaré, à corriger d'abord" in x for x in lines
    )


def test_a_reason_is_required_once_printed_or_a_month_declared(ctx, database, place) -> None:
    contract_id = _hire(ctx, place)
    ctx.run(hours.declare_month, D(2026, 1, 1))  # no hours: its statement listed the contract
    error = _refused(ctx, ValidationError, contract_id)
    assert error.message == (
        "Motif de l'annulation : obligatoire, un mois du contrat a été déclaré à l'ASP."
    )
    lines = [c.line for c in ctx.read(cancel_hire_consequences, contract_id)]
    assert any("Relevé mensuel de janvier 2026 : la ligne du contrat disparaît" in x for x in lines)
    with database.transaction() as session:
        contract = session.get(m.Contract, contract_id)
        assert contract is not None
        contract.print_count = 1
    assert [v.message for v in ctx.read(check_cancel_hire, contract_id)] == [
        "Motif de l'annulation : obligatoire, le contrat a déjà été imprimé."
    ]
    ctx.run(cancel_hire, contract_id, "Jamais signé")


def test_a_move_to_cddi_is_cancelled_as_a_move(ctx, database, place) -> None:
    first = _hire(ctx, place, D(2026, 1, 5), D(2026, 7, 4), ContractKind.FIRST_HOURS)
    cddi = ctx.run(
        contracts.move_to_cddi,
        first,
        ContractInput(
            place["person"], ContractKind.CDDI_REMOBILISING, D(2026, 4, 1), D(2026, 9, 30),
            workshop_id=place["workshop"], team_id=place["team"], job_title="Agent d'entretien",
            weekly_minutes=26 * H,
        ),
    ).id  # fmt: skip
    assert not ctx.read(may_cancel_hire, cddi)
    error = _refused(ctx, ValidationError, cddi)
    assert error.codes == ["cancel_hire_move"]
    assert "annulez le passage en CDDI (« Annuler le passage en CDDI… »)" in error.message
    error = _refused(ctx, ValidationError, first)
    assert error.message == (
        "Annulation de l'embauche : ces Premières Heures se sont poursuivies en CDDI le "
        "01/04/2026 ; annulez d'abord le passage en CDDI."
    )


def test_who_may_cancel_the_direction_or_its_author_that_day(ctx, database, place) -> None:
    cip = AppContext(database, Actor(place["cip"], "Rachid Bensaïd", Role.CIP, frozenset()))
    contract_id = _hire(cip, place)
    tomorrow = TODAY + dt.timedelta(days=1)
    assert not cip.read(may_cancel_hire, contract_id, today=tomorrow)
    error = _refused(cip, PermissionDeniedError, contract_id, today=tomorrow)
    assert "son auteur peut le faire le jour même" in error.message
    other_cip = AppContext(database, Actor(None, "Autre CIP", Role.CIP, frozenset()))
    assert not other_cip.read(may_cancel_hire, contract_id)
    _refused(other_cip, PermissionDeniedError, contract_id)
    assert ctx.read(may_cancel_hire, contract_id, today=tomorrow)  # the direction, any day
    assert cip.read(may_cancel_hire, contract_id, today=TODAY)
    cip.run(cancel_hire, contract_id, today=TODAY)
    with database.reading() as session:
        row = session.get(m.Contract, contract_id, execution_options=including_cancelled())
        assert row is not None and row.cancelled_by_id == place["cip"]


def test_what_the_dialog_shows_before_saving(ctx, database, place) -> None:
    contract_id = _hire(ctx, place)
    _save_hours(ctx, contract_id, D(2026, 2, 1), "62.4")
    before = dump(database)
    lines = [c.line for c in ctx.read(cancel_hire_consequences, contract_id)]
    assert dump(database) == before  # read only
    assert any(line.startswith("Entretien d'accueil prévu le") for line in lines)
    assert any(
        "Heures de février 2026 (62,4 h) : gardées avec le contrat, comptées nulle part" in x
        for x in lines
    )
    assert any("« Sans contrat »" in line for line in lines)


def test_anonymisation_erases_a_cancelled_contract_too(ctx, database, place) -> None:
    contract_id = _hire(ctx, place)
    ctx.run(cancel_hire, contract_id, "Martin Loïc saisi à la place de Martin Luc")
    with database.transaction() as session:
        person = session.get(m.Person, place["person"])
        assert person is not None
        _erase_identity(session, person)
    with database.reading() as session:
        row = session.get(m.Contract, contract_id, execution_options=including_cancelled())
        assert row is not None and row.cancelled
        assert (row.job_title, row.cancellation_reason) == (None, None)


def test_the_grid_leaves_it_out_and_the_right_of_access_still_lists_it(
    ctx, database, place
) -> None:
    from chantier_app.services.contracts.alerts import contract_alerts
    from chantier_app.services.privacy.access_export import _collect

    contract_id = _hire(ctx, place)
    _save_hours(ctx, contract_id, D(2026, 2, 1))
    grid = ctx.read(hours.month_grid, D(2026, 2, 1))
    assert [row.contract_id for row in grid.rows] == [contract_id]
    # Ending within 30 days on 10/06 (its end, its renewal to decide), until cancelled.
    alerts = ctx.read(contract_alerts, today=D(2026, 6, 10))
    assert alerts and {alert.contract_id for alert in alerts} == {contract_id}
    ctx.run(cancel_hire, contract_id, "Mauvaise personne")
    assert ctx.read(hours.month_grid, D(2026, 2, 1)).rows == ()
    assert ctx.read(contract_alerts, today=D(2026, 6, 10)) == ()
    # Everything held on the person, the cancelled contract and its hours too.
    with database.reading() as session:
        held = _collect(session, place["person"])
    (row,) = held["contract"]
    assert row["id"] == contract_id and row["cancellation_reason"] == "Mauvaise personne"
    assert [h["month"] for h in held["monthly_hours"]] == [D(2026, 2, 1)]
