"""Correcting or cancelling a suspension and cancelling an hours amendment: the same rules
as an entry, the previous version kept, refused ones leave the database unchanged."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import (
    ContractKind,
    DerogationKind,
    SuspensionReason,
)
from chantier_app.domain.codes.hours_codes import HoursCategory
from chantier_app.domain.codes.record_kinds import RecordKind, VersionAction
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.errors import PermissionDeniedError, ValidationError
from chantier_app.services import contracts
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.contracts import ContractInput, HoursChangeInput, SuspensionInput
from chantier_app.services.contracts.event_corrections import (
    SuspensionCorrection,
    cancel_amendment,
    cancel_suspension,
    correct_suspension,
    may_cancel_amendment,
)
from chantier_app.services.history import record_history, row_values
from chantier_app.services.hours import grid as hours
from chantier_app.services.hours.grid import MonthEntry
from tests.contract_factories import add_person, add_workshop, snapshot
from tests.team_factory import supervisor_of

D = dt.date
H = 60
TODAY = dt.date.today()
JANUARY, JUNE_END = D(2026, 1, 1), D(2026, 6, 30)
PMSMP = SuspensionReason.PMSMP


@pytest.fixture
def place(database) -> dict[str, int]:
    return add_place(database)


def add_place(database) -> dict[str, int]:
    """A person, a workshop and its team, a CIP account."""
    with database.transaction() as session:
        person = add_person(session)
        workshop, team = add_workshop(session)
        cip = m.Staff(last_name="Bensaïd", first_name="Rachid", role=Role.CIP)
        session.add(cip)
        session.flush()
        return {"person": person, "workshop": workshop, "team": team, "cip": cip.id}


def _hire(ctx: AppContext, place: dict[str, int], weekly: int = 26, **extra) -> int:
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
            weekly_minutes=weekly * H,
            **extra,
        ),
    )
    return view.id


MARCH_2, MARCH_13 = D(2026, 3, 2), D(2026, 3, 13)


def _suspend(ctx: AppContext, contract_id: int, start=MARCH_2, end=MARCH_13) -> int:
    view = ctx.run(
        contracts.suspend,
        SuspensionInput(contract_id, PMSMP, start, end, notes="Arrêt évoqué en entretien"),
    )
    return view.id


def _state(database) -> tuple[object, ...]:
    """Everything these actions may write: contracts, suspensions, amendments, versions."""
    with database.reading() as session:
        suspensions = [
            (s.id, s.reason, s.start_date, s.end_date, s.other_employer, s.notes)
            for s in session.scalars(select(m.ContractSuspension).order_by(m.ContractSuspension.id))
        ]
        amendments = [
            row_values(a) for a in session.scalars(select(m.Amendment).order_by(m.Amendment.id))
        ]
        versions = session.scalar(select(func.count()).select_from(m.RecordVersion))
    return snapshot(database), suspensions, amendments, versions


def _refused(ctx: AppContext, error: type[Exception], action, *args, **kwargs) -> Exception:
    before = _state(ctx.database)
    with pytest.raises(error) as raised:
        ctx.run(action, *args, **kwargs)
    if error is PermissionDeniedError:  # the refusal itself is traced, nothing else
        before[0]["audit_entry"] += 1
    assert _state(ctx.database) == before
    return raised.value


def _audit_lines(database, entity: str) -> list[str]:
    with database.reading() as session:
        return list(
            session.scalars(select(m.AuditEntry.summary).where(m.AuditEntry.entity == entity))
        )


# Suspensions -----------------------------------------------------------------------------
def test_a_suspension_is_corrected_and_its_previous_version_kept(ctx, database, place) -> None:
    contract_id = _hire(ctx, place)
    suspension_id = _suspend(ctx, contract_id)
    view = ctx.run(
        correct_suspension,
        SuspensionCorrection(suspension_id, PMSMP, D(2026, 3, 9), D(2026, 3, 20), notes="RAS"),
    )
    assert (view.start_date, view.end_date, view.notes) == (D(2026, 3, 9), D(2026, 3, 20), "RAS")
    (version,) = ctx.read(record_history, place["person"])
    assert (version.kind, version.action) == (RecordKind.SUSPENSION, VersionAction.CORRECT)
    assert version.previous["start_date"] == "2026-03-02"
    assert version.previous["notes"] == "Arrêt évoqué en entretien"
    assert "début : 02/03/2026 → 09/03/2026" in version.summary
    assert dict(version.before)["Début"] == "02/03/2026"
    # The trail names the fields corrected, never their values, nor the notes.
    (line,) = [x for x in _audit_lines(database, "contract_suspension") if "correction" in x]
    assert line.endswith("date de début, date de fin, remarques corrigé(s)")
    assert "02/03/2026" not in line.split(" : ", 2)[-1] and "Arrêt" not in line
    # An encadrant of the team reads the line without the notes (health or justice).
    (seen,) = AppContext(database, supervisor_of(place["team"])).read(
        record_history, place["person"]
    )
    assert seen.previous["start_date"] == "2026-03-02" and "notes" not in seen.previous
    with pytest.raises(PermissionDeniedError):  # another team's encadrant: not at all
        AppContext(database, supervisor_of(place["team"] + 99)).read(
            record_history, place["person"]
        )


@pytest.mark.parametrize(
    ("dates", "reason", "code"),
    [
        ((D(2026, 6, 20), D(2026, 7, 10)), PMSMP, "suspension_outside_contract"),
        ((D(2026, 3, 20), D(2026, 3, 2)), PMSMP, "end_before_start"),
        ((D(2026, 3, 2), D(2026, 4, 20)), PMSMP, "pmsmp_max_one_month"),
        ((D(2026, 4, 6), D(2026, 4, 10)), PMSMP, "suspensions_overlap"),
        (
            (D(2026, 3, 2), D(2026, 3, 13)),
            SuspensionReason.TRIAL_ELSEWHERE,
            "other_employer_missing",
        ),
        ((D(2026, 3, 2), D(2026, 3, 13)), PMSMP, "correction_unchanged"),
        ((D(2026, 2, 1), D(2026, 2, 27)), SuspensionReason.OTHER, "entered_hours_conflict"),
    ],
)
def test_an_invalid_suspension_correction_is_refused_and_changes_nothing(
    ctx, database, place, dates, reason, code
) -> None:
    contract_id = _hire(ctx, place)
    suspension_id = _suspend(ctx, contract_id)
    _suspend(ctx, contract_id, D(2026, 4, 8), D(2026, 4, 17))
    ctx.run(
        hours.save_month,
        D(2026, 2, 1),
        [MonthEntry(contract_id, {HoursCategory.WORKED: "100"})],
        acknowledge_warnings=True,
    )
    data = SuspensionCorrection(suspension_id, reason, *dates, notes="Arrêt évoqué en entretien")
    error = _refused(ctx, ValidationError, correct_suspension, data)
    assert code in error.codes, error.message


def test_a_cancelled_suspension_gives_the_contract_its_days_back(ctx, database, place) -> None:
    contract_id = _hire(ctx, place)
    before = _state(database)
    suspension_id = _suspend(ctx, contract_id)
    view = ctx.run(cancel_suspension, suspension_id)
    assert view.suspensions == ()
    after = _state(database)
    assert after[1:3] == before[1:3]  # suspensions and amendments as before it
    assert after[0]["contracts"] == before[0]["contracts"]
    (version,) = ctx.read(record_history, place["person"])
    assert (version.kind, version.action) == (RecordKind.SUSPENSION, VersionAction.CANCEL)
    assert version.previous["end_date"] == "2026-03-13"
    assert "du 02/03/2026 au 13/03/2026 annulée" in version.summary


def test_a_suspension_in_a_declared_month_needs_a_reason(ctx, database, place) -> None:
    contract_id = _hire(ctx, place)
    suspension_id = _suspend(ctx, contract_id)
    ctx.run(hours.declare_month, D(2026, 3, 1))
    error = _refused(ctx, ValidationError, cancel_suspension, suspension_id)
    assert error.by_field == {
        "reason": ["Motif de l'annulation : obligatoire, un mois de la suspension a été déclaré."]
    }
    ctx.run(cancel_suspension, suspension_id, "Saisie sur la mauvaise personne")
    (version,) = ctx.read(record_history, place["person"])
    assert version.reason == "Saisie sur la mauvaise personne"


def test_the_author_of_a_suspension_corrects_it_on_the_same_day_only(ctx, database, place) -> None:
    cip = AppContext(database, Actor(place["cip"], "Rachid Bensaïd", Role.CIP, frozenset()))
    contract_id = _hire(ctx, place)
    suspension_id = _suspend(cip, contract_id)
    tomorrow = TODAY + dt.timedelta(days=1)
    refused = _refused(cip, PermissionDeniedError, cancel_suspension, suspension_id, today=tomorrow)
    assert "son auteur peut le faire le jour même" in refused.message
    other = AppContext(database, Actor(None, "Autre CIP", Role.CIP, frozenset()))
    with pytest.raises(PermissionDeniedError):
        other.run(cancel_suspension, suspension_id)
    cip.run(cancel_suspension, suspension_id, today=TODAY)


# Hours amendments ------------------------------------------------------------------------
def test_cancelling_the_last_hours_amendment_restores_the_terms_it_replaced(
    ctx, database, place
) -> None:
    contract_id = _hire(
        ctx,
        place,
        weekly=16,
        derogation=DerogationKind.INDIVIDUAL,
        derogation_reference="Décision du 20/12/2025",
        derogation_start=JANUARY,
        derogation_end=JUNE_END,
    )
    before = _state(database)
    # Above 20 h from April: no derogation any more.
    amendment = ctx.run(
        contracts.change_hours, HoursChangeInput(contract_id, D(2026, 4, 1), 22 * H)
    )
    assert _state(database)[0] != before[0]
    assert ctx.read(may_cancel_amendment, amendment.id)
    view = ctx.run(cancel_amendment, amendment.id)
    assert (view.weekly_minutes, view.amendments) == (16 * H, ())
    after = _state(database)
    assert after[0]["contracts"] == before[0]["contracts"]  # hours and derogation
    assert after[0]["contract_derogation"] == before[0]["contract_derogation"]
    with database.reading() as session:
        contract = session.get(m.Contract, contract_id)
        assert contract.derogation is DerogationKind.INDIVIDUAL
        assert contract.derogation_reference == "Décision du 20/12/2025"
    (version,) = ctx.read(record_history, place["person"])
    assert (version.kind, version.action) == (RecordKind.AMENDMENT, VersionAction.CANCEL)
    assert version.previous["new_weekly_minutes"] == 22 * H
    assert version.previous["new_derogation"] == DerogationKind.NONE.value
    assert "22 h → 16 h par semaine" in version.summary.replace("\u202f", " ")
    # The trail says which amendment was cancelled, not the hours.
    (line,) = [x for x in _audit_lines(database, "amendment") if x.startswith("annulation")]
    assert "avenant n° 1 de durée du travail du 01/04/2026 annulé" in line
    assert "22" not in line and "16 h" not in line


def test_an_amendment_under_hours_already_entered_is_not_cancelled(ctx, database, place) -> None:
    contract_id = _hire(ctx, place)
    amendment = ctx.run(
        contracts.change_hours, HoursChangeInput(contract_id, D(2026, 2, 2), 30 * H)
    )
    ctx.run(
        hours.save_month,
        D(2026, 2, 1),
        [MonthEntry(contract_id, {HoursCategory.WORKED: "120"})],
        acknowledge_warnings=True,
    )
    error = _refused(ctx, ValidationError, cancel_amendment, amendment.id)
    assert error.codes == ["amendment_hours_entered"]
    assert "des heures sont déjà saisies depuis sa prise d'effet" in error.message


def test_only_the_last_amendment_is_cancelled_and_a_printed_one_needs_a_reason(
    ctx, database, place
) -> None:
    contract_id = _hire(ctx, place)
    first = ctx.run(contracts.change_hours, HoursChangeInput(contract_id, D(2026, 2, 2), 30 * H))
    last = ctx.run(contracts.change_hours, HoursChangeInput(contract_id, D(2026, 4, 6), 28 * H))
    assert not ctx.read(may_cancel_amendment, first.id)
    error = _refused(ctx, ValidationError, cancel_amendment, first.id)
    assert error.codes == ["amendment_not_last"]
    with database.transaction() as session:
        session.get(m.Amendment, last.id).print_count = 1
    error = _refused(ctx, ValidationError, cancel_amendment, last.id)
    assert error.by_field == {
        "reason": ["Motif de l'annulation : obligatoire, l'avenant a déjà été imprimé."]
    }
    view = ctx.run(cancel_amendment, last.id, "Avenant signé par erreur")
    assert view.weekly_minutes == 30 * H and [a.number for a in view.amendments] == [1]
    with database.reading() as session:
        version = session.scalars(select(m.RecordVersion)).one()
        assert json.loads(version.previous)["print_count"] == 1
        assert version.reason == "Avenant signé par erreur"
