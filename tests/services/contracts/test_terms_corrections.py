"""Correcting a contract's terms (end date, hours, kind): the hire's rules on the corrected
contract, what it changes around it shown first, the previous version kept, and a refusal
that leaves the database as it was."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, select

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import ContractKind, DerogationKind
from chantier_app.domain.codes.hours_codes import HoursCategory
from chantier_app.domain.codes.record_kinds import RecordKind, VersionAction
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.correction_consequences import ConsequenceKind as K
from chantier_app.domain.errors import (
    PermissionDeniedError,
    UnacknowledgedWarnings,
    ValidationError,
)
from chantier_app.services import contracts
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.contracts import ContractInput, HoursChangeInput, RenewalInput
from chantier_app.services.contracts.corrections import ContractCorrection, correct_contract
from chantier_app.services.contracts.previews import correction_consequences
from chantier_app.services.history import record_history
from chantier_app.services.hours import grid as hours
from chantier_app.services.hours.grid import MonthEntry
from tests.contract_factories import add_review, snapshot
from tests.services.contracts.test_event_corrections import _hire, add_place

D = dt.date
H = 60
JANUARY, JUNE_END = D(2026, 1, 1), D(2026, 6, 30)


@pytest.fixture
def place(database) -> dict[str, int]:
    return add_place(database)


def _terms(contract_id: int, **terms: object) -> ContractCorrection:
    """The contract hired by ``_hire`` with ``terms`` corrected."""
    return ContractCorrection(
        contract_id, terms.pop("start_date", JANUARY), terms.pop("team_id"), "Agent d'entretien",
        **terms,  # type: ignore[arg-type]
    )  # fmt: skip


def _versions(database) -> int:
    with database.reading() as session:
        return session.scalar(select(func.count()).select_from(m.RecordVersion)) or 0


def _refused(ctx: AppContext, error: type[Exception], data: ContractCorrection) -> Exception:
    before = snapshot(ctx.database), _versions(ctx.database)
    with pytest.raises(error) as raised:
        ctx.run(correct_contract, data)
    assert (snapshot(ctx.database), _versions(ctx.database)) == before
    return raised.value


def _month(ctx: AppContext, contract_id: int, month: dt.date, worked: str = "100") -> None:
    ctx.run(
        hours.save_month,
        month,
        [MonthEntry(contract_id, {HoursCategory.WORKED: worked})],
        acknowledge_warnings=True,
    )


def _row(database, contract_id: int) -> m.Contract:
    with database.reading() as session:
        row = session.get(m.Contract, contract_id)
        session.expunge(row)
        return row


def test_the_end_date_is_corrected_its_milestones_follow_and_the_old_end_is_kept(
    ctx, database, place
) -> None:
    contract_id = _hire(ctx, place)
    data = _terms(contract_id, team_id=place["team"], end_date=D(2026, 7, 31))
    found = ctx.read(correction_consequences, data)
    milestones = [c.line for c in found if c.kind is K.MILESTONES]
    assert any("déplacé du" in line and "31/07/2026" in line for line in milestones), milestones

    result = ctx.run(correct_contract, data)
    assert result.contract.end_date == D(2026, 7, 31) and result.notice is None
    row = _row(database, contract_id)
    # No renewal: the end signed is the end corrected, and the trial period stays the
    # longest allowed (1 month past 6 months, L1242-10).
    assert (row.end_date, row.initial_end_date, row.trial_days) == (
        D(2026, 7, 31),
        D(2026, 7, 31),
        30,
    )
    (version,) = ctx.read(record_history, place["person"])
    assert (version.kind, version.action) == (RecordKind.CONTRACT, VersionAction.CORRECT)
    assert version.previous["end_date"] == "2026-06-30"
    assert version.previous["trial_days"] == 14
    assert "fin : 30/06/2026 → 31/07/2026" in version.summary
    assert "période d'essai : 14 → 30 jour(s)" in version.summary
    with database.reading() as session:
        trail = session.scalars(
            select(m.AuditEntry.summary).where(m.AuditEntry.summary.startswith("correction"))
        ).all()
    assert trail == [
        "correction : CDDI chantier remobilisant du 01/01/2026 au 31/07/2026 : "
        "date de fin, période d'essai corrigé(s)"
    ]


def test_the_weekly_hours_are_corrected_and_the_planned_hours_shown_first(
    ctx, database, place
) -> None:
    contract_id = _hire(ctx, place)
    _month(ctx, contract_id, JANUARY)
    ctx.run(hours.declare_month, JANUARY)
    data = _terms(contract_id, team_id=place["team"], weekly_minutes=30 * H)
    planned = [
        c.line for c in ctx.read(correction_consequences, data) if c.kind is K.EXPECTED_HOURS
    ]
    # January, declared, on its own and flagged; February to June told in one line.
    assert planned == [
        "Heures prévues de janvier 2026 : 109,2 h → 126 h (déjà déclaré à l'ASP).",
        "Heures prévues de février 2026 à juin 2026 : 530,4 h → 612 h au total.",
    ]
    # The hours planned are no column of the statement: no reason is asked for them.
    ctx.run(correct_contract, data)
    assert _row(database, contract_id).weekly_minutes == 30 * H
    (version,) = ctx.read(record_history, place["person"])
    assert "durée du travail : 26 h par semaine → 30 h par semaine" in version.summary
    assert version.previous["weekly_minutes"] == 26 * H


def test_the_kind_is_corrected_with_the_hires_warning_to_acknowledge(ctx, database, place) -> None:
    contract_id = _hire(ctx, place)
    data = _terms(contract_id, team_id=place["team"], kind=ContractKind.CDDI_QUALIFYING)
    warned = _refused(ctx, UnacknowledgedWarnings, data)
    assert warned.codes == ["qualifying_without_training"]
    ctx.run(correct_contract, data, acknowledge=["qualifying_without_training"])
    assert _row(database, contract_id).kind is ContractKind.CDDI_QUALIFYING
    (version,) = ctx.read(record_history, place["person"])
    assert "type : CDDI chantier remobilisant → CDDI chantier qualifiant" in version.summary
    assert "avertissements acceptés : qualifying_without_training" in version.summary
    # Back to a chantier remobilisant with a training given: the training goes, as at hire.
    ctx.run(
        correct_contract,
        dataclasses.replace(data, training_provider="AFPA", target_diploma="CAP"),
    )
    assert _row(database, contract_id).training_provider == "AFPA"
    ctx.run(
        correct_contract,
        _terms(contract_id, team_id=place["team"], kind=ContractKind.CDDI_REMOBILISING),
    )
    row = _row(database, contract_id)
    assert (row.kind, row.training_provider, row.target_diploma) == (
        ContractKind.CDDI_REMOBILISING,
        None,
        None,
    )


def test_first_hours_corrected_to_a_cddi_take_weekly_hours(ctx, database, place) -> None:
    view = ctx.run(
        contracts.hire,
        ContractInput(
            place["person"], ContractKind.FIRST_HOURS, JANUARY, JUNE_END,
            workshop_id=place["workshop"], team_id=place["team"],
            job_title="Agent d'entretien", monthly_minutes=40 * H,
        ),
    )  # fmt: skip
    missing = _refused(
        ctx,
        ValidationError,
        _terms(view.id, team_id=place["team"], kind=ContractKind.CDDI_REMOBILISING),
    )
    assert missing.by_field["weekly_minutes"] == ["Heures par semaine : à renseigner."]
    ctx.run(
        correct_contract,
        _terms(
            view.id,
            team_id=place["team"],
            kind=ContractKind.CDDI_REMOBILISING,
            weekly_minutes=26 * H,
        ),
    )
    row = _row(database, view.id)
    assert (row.kind, row.weekly_minutes, row.monthly_minutes) == (
        ContractKind.CDDI_REMOBILISING,
        26 * H,
        None,
    )
    (version,) = ctx.read(record_history, place["person"])
    assert "durée du travail : 40 h par mois → 26 h par semaine" in version.summary


def test_hours_below_20_need_a_derogation_and_its_period_as_at_hire(ctx, database, place) -> None:
    contract_id = _hire(ctx, place)
    below = _terms(contract_id, team_id=place["team"], weekly_minutes=16 * H)
    error = _refused(ctx, ValidationError, below)
    assert "weekly_hours_min_20" in error.codes
    no_period = dataclasses.replace(below, derogation=DerogationKind.INDIVIDUAL)
    error = _refused(ctx, ValidationError, no_period)
    assert any("Heures par semaine" in message for message in error.by_field["weekly_minutes"])
    ctx.run(
        correct_contract,
        dataclasses.replace(
            no_period,
            derogation_reference="Décision du 20/12/2025",
            derogation_start=JANUARY,
            derogation_end=JUNE_END,
        ),
    )
    with database.reading() as session:
        row = session.get(m.Contract, contract_id)
        assert (row.weekly_minutes, row.derogation) == (16 * H, DerogationKind.INDIVIDUAL)
        assert [(d.start_date, d.end_date) for d in row.derogations] == [(JANUARY, JUNE_END)]


@pytest.mark.parametrize(
    ("terms", "code"),
    [
        (dict(end_date=D(2026, 3, 31)), "cddi_min_4_months"),
        (dict(weekly_minutes=36 * H), "weekly_hours_max_35"),
        (dict(end_date=D(2026, 2, 28)), "entered_hours_conflict"),  # March's hours outside
        (dict(end_date=D(2025, 12, 31)), "end_before_start"),
        (dict(kind=ContractKind.FIRST_HOURS, monthly_minutes=40 * H), "entered_hours_conflict"),
        (dict(kind=ContractKind.FIRST_HOURS, monthly_minutes=80 * H), "first_hours_max_72h"),
    ],
)
def test_an_invalid_terms_correction_is_refused_and_changes_nothing(
    ctx, database, place, terms, code
) -> None:
    contract_id = _hire(ctx, place)
    _month(ctx, contract_id, D(2026, 3, 1))  # 100 h in March: more than 72 h a month
    error = _refused(ctx, ValidationError, _terms(contract_id, team_id=place["team"], **terms))
    assert code in error.codes, error.message


def test_terms_an_amendment_changed_are_corrected_through_the_amendment(
    ctx, database, place
) -> None:
    with database.transaction() as session:
        add_review(session, place["person"], D(2026, 6, 1))
    contract_id = _hire(ctx, place)
    ctx.run(contracts.renew, RenewalInput(contract_id, D(2026, 12, 31), signed_on=D(2026, 6, 2)))
    ctx.run(contracts.change_hours, HoursChangeInput(contract_id, D(2026, 3, 2), 30 * H))
    end = _refused(
        ctx, ValidationError, _terms(contract_id, team_id=place["team"], end_date=D(2027, 1, 31))
    )
    assert end.by_field["end_date"] == [
        "Date de fin : l'avenant n° 1 a renouvelé le contrat jusqu'au 31/12/2026 ; la fin se "
        "corrige sur l'avenant (annulez-le, puis renouvelez de nouveau)."
    ]
    weekly = _refused(
        ctx, ValidationError, _terms(contract_id, team_id=place["team"], weekly_minutes=28 * H)
    )
    assert weekly.by_field["weekly_minutes"] == [
        "Heures par semaine : l'avenant n° 2 a changé la durée du travail le 02/03/2026 ; "
        "annulez d'abord l'avenant, puis corrigez la durée."
    ]
    # The kind between CDDI keeps hours per week: the amendments still read right.
    ctx.run(
        correct_contract,
        _terms(contract_id, team_id=place["team"], kind=ContractKind.CDDI_QUALIFYING),
        acknowledge=["qualifying_without_training"],
    )


def test_a_kind_change_in_a_declared_month_asks_a_reason(ctx, database, place) -> None:
    contract_id = _hire(ctx, place)
    _month(ctx, contract_id, JANUARY)
    ctx.run(hours.declare_month, JANUARY)
    data = _terms(contract_id, team_id=place["team"], kind=ContractKind.CDDI_QUALIFYING)
    declared = [c for c in ctx.read(correction_consequences, data) if c.declared]
    assert [c.line.replace("\u00a0", " ") for c in declared] == [
        "Relevé mensuel de janvier 2026 : « Contrat » CDDI chantier remobilisant → CDDI "
        "chantier qualifiant (déjà déclaré à l'ASP)."
    ]
    error = _refused(ctx, ValidationError, data)
    assert error.by_field["reason"] == [
        "Motif de la correction : obligatoire, un relevé mensuel déjà déclaré à l'ASP changerait."
    ]
    ctx.run(
        correct_contract,
        dataclasses.replace(data, reason="Atelier qualifiant"),
        acknowledge=["qualifying_without_training"],
    )


def test_an_end_over_the_next_contract_is_refused(ctx, database, place) -> None:
    contract_id = _hire(ctx, place)
    ctx.run(
        contracts.hire,
        ContractInput(
            place["person"], ContractKind.CDDI_REMOBILISING, D(2026, 7, 1), D(2026, 12, 31),
            workshop_id=place["workshop"], team_id=place["team"],
            job_title="Agent d'entretien", weekly_minutes=26 * H,
        ),
    )  # fmt: skip
    data = _terms(contract_id, team_id=place["team"], end_date=D(2026, 7, 15))
    chain = [c for c in ctx.read(correction_consequences, data) if c.kind is K.CHAIN]
    assert chain and chain[0].blocking
    error = _refused(ctx, ValidationError, data)
    assert "contracts_overlap" in error.codes


def test_a_printed_contract_corrected_in_its_terms_is_to_sign_again(ctx, database, place) -> None:
    contract_id = _hire(ctx, place)
    with database.transaction() as session:
        session.get(m.Contract, contract_id).print_count = 1
    data = _terms(contract_id, team_id=place["team"], weekly_minutes=30 * H)
    error = _refused(ctx, ValidationError, data)
    assert error.by_field == {
        "reason": ["Motif de la correction : obligatoire, le contrat a déjà été imprimé."]
    }
    result = ctx.run(correct_contract, dataclasses.replace(data, reason="30 h signées"))
    assert result.notice is not None and "Faites signer un nouveau contrat" in result.notice


def test_the_kinds_of_a_move_to_cddi_stay_while_the_move_stands(ctx, database, place) -> None:
    placed = {"workshop_id": place["workshop"], "team_id": place["team"]}
    first = ctx.run(
        contracts.hire,
        ContractInput(
            place["person"], ContractKind.FIRST_HOURS, JANUARY, JUNE_END,
            job_title="Agent d'entretien", monthly_minutes=40 * H, **placed,
        ),
    )  # fmt: skip
    cddi = ctx.run(
        contracts.move_to_cddi,
        first.id,
        ContractInput(
            place["person"], ContractKind.CDDI_REMOBILISING, D(2026, 4, 1), D(2026, 9, 30),
            job_title="Agent d'entretien", weekly_minutes=26 * H, **placed,
        ),
    )  # fmt: skip
    to_first_hours = _terms(
        cddi.id,
        start_date=D(2026, 4, 1),
        team_id=place["team"],
        kind=ContractKind.FIRST_HOURS,
        monthly_minutes=40 * H,
    )
    error = _refused(ctx, ValidationError, to_first_hours)
    assert error.by_field["kind"] == [
        "Type de contrat : ce contrat fait partie d'un passage de Premières Heures en CDDI ; "
        "annulez d'abord le passage en CDDI."
    ]
    to_cddi = _terms(
        first.id,
        team_id=place["team"],
        kind=ContractKind.CDDI_REMOBILISING,
        weekly_minutes=26 * H,
    )
    assert "kind_of_a_move" in _refused(ctx, ValidationError, to_cddi).codes
    # Between the two CDDI kinds the move still reads right.
    ctx.run(
        correct_contract,
        dataclasses.replace(
            to_first_hours, kind=ContractKind.CDDI_QUALIFYING, monthly_minutes=None,
            training_provider="AFPA",
        ),
    )  # fmt: skip


def test_the_author_corrects_the_terms_the_same_day_only(ctx, database, place) -> None:
    cip = AppContext(database, Actor(place["cip"], "Rachid Bensaïd", Role.CIP, frozenset()))
    contract_id = _hire(cip, place)
    data = _terms(contract_id, team_id=place["team"], end_date=D(2026, 7, 31))
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    before = snapshot(database)
    with pytest.raises(PermissionDeniedError) as refused:
        cip.run(correct_contract, data, today=tomorrow)
    assert "son auteur peut le faire le jour même" in refused.value.message
    before["audit_entry"] += 1  # the refusal itself is traced, nothing else
    assert snapshot(database) == before
    cip.run(correct_contract, data)
    assert _row(database, contract_id).end_date == D(2026, 7, 31)


def test_months_entered_that_the_corrected_hours_no_longer_match_are_shown(
    ctx, database, place
) -> None:
    contract_id = _hire(ctx, place)
    _month(ctx, contract_id, D(2026, 3, 1), "114")  # March at 26 h a week plans 114,4 h
    data = _terms(contract_id, team_id=place["team"], weekly_minutes=20 * H)
    entered = [c.line for c in ctx.read(correction_consequences, data) if c.kind is K.HOURS_OUTSIDE]
    assert entered == [
        "Heures de mars 2026 déjà saisies : CDDI : 114 h saisies en mars 2026 pour 88 h prévues "
        "par le contrat (20 h par semaine sur 22 jour(s) ouvré(s), jours fériés exclus) : écart "
        "de 30 %, plus de 10 %. Vérifiez la saisie."
    ]
    ctx.run(correct_contract, data)  # to check by hand, not refused
