"""Correcting a contract's trial period, workshop and signature date: the hire's rules on
the corrected contract (L1242-10 for the trial), the handover of the written contract
(L1242-13) warned, a signature after today refused, what it changes shown first, the
previous version kept with its audit line, a stale edit refused, and a refusal that leaves
the database as it was."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, select

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import ContractKind, EndReason
from chantier_app.domain.codes.exit_reasons import ExitReason
from chantier_app.domain.codes.hours_codes import HoursCategory
from chantier_app.domain.codes.record_kinds import RecordKind, VersionAction
from chantier_app.domain.correction_consequences import ConsequenceKind as K
from chantier_app.domain.errors import StaleEditError, UnacknowledgedWarnings, ValidationError
from chantier_app.services import contracts
from chantier_app.services.context import AppContext
from chantier_app.services.contracts import ContractInput, EndInput, RenewalInput
from chantier_app.services.contracts.corrections import ContractCorrection, correct_contract
from chantier_app.services.contracts.previews import correction_consequences
from chantier_app.services.contracts.views import person_contracts
from chantier_app.services.documents._teams import sign_in_data
from chantier_app.services.history import record_history
from chantier_app.services.hours import grid as hours
from chantier_app.services.hours.grid import MonthEntry
from chantier_app.services.hours.statement import monthly_statement
from tests.contract_factories import add_review, add_workshop, snapshot
from tests.services.contracts.test_event_corrections import add_place

D = dt.date
H = 60
# Thursday 1 January 2026 is a public holiday: the hire's two jours ouvrables are Friday 2
# and Saturday 3 (Saturday counts, L1242-13), the written contract is due by 3 January.
JANUARY, JUNE_END, DECEMBER_END = D(2026, 1, 1), D(2026, 6, 30), D(2026, 12, 31)
TODAY = D(2026, 1, 20)


@pytest.fixture
def place(database) -> dict[str, int]:
    """A person, the Nettoyage workshop and its team, the Restauration workshop and its
    Cuisine team, a CIP account."""
    found = add_place(database)
    with database.transaction() as session:
        found["kitchen_workshop"], found["kitchen"] = add_workshop(session, "Restauration")
    return found


def _hire(ctx: AppContext, place: dict[str, int], end: dt.date = JUNE_END, **extra) -> int:
    view = ctx.run(
        contracts.hire,
        ContractInput(
            place["person"], ContractKind.CDDI_REMOBILISING, JANUARY, end,
            workshop_id=place["workshop"], team_id=place["team"],
            job_title="Agent d'entretien", weekly_minutes=26 * H, **extra,
        ),
    )  # fmt: skip
    return view.id


def _correct(contract_id: int, team_id: int, **fields: object) -> ContractCorrection:
    """The contract ``_hire`` made, with ``fields`` corrected."""
    return ContractCorrection(contract_id, JANUARY, team_id, "Agent d'entretien", **fields)  # type: ignore[arg-type]


def _versions(database) -> int:
    with database.reading() as session:
        return session.scalar(select(func.count()).select_from(m.RecordVersion)) or 0


def _refused(ctx: AppContext, error: type[Exception], data: ContractCorrection, **kw) -> Exception:
    before = snapshot(ctx.database), _versions(ctx.database)
    with pytest.raises(error) as raised:
        ctx.run(correct_contract, data, today=TODAY, **kw)
    assert (snapshot(ctx.database), _versions(ctx.database)) == before
    return raised.value


def _row(database, contract_id: int) -> m.Contract:
    with database.reading() as session:
        row = session.get(m.Contract, contract_id)
        session.expunge(row)
        return row


def _trail(database) -> list[str]:
    with database.reading() as session:
        return list(
            session.scalars(
                select(m.AuditEntry.summary)
                .where(m.AuditEntry.summary.startswith("correction"))
                .order_by(m.AuditEntry.id)
            )
        )


# Trial period --------------------------------------------------------------------------------
def test_the_trial_period_is_corrected_and_its_end_shown_first(ctx, database, place) -> None:
    contract_id = _hire(ctx, place)
    assert _row(database, contract_id).trial_days == 14  # the legal maximum at hire
    data = _correct(contract_id, place["team"], trial_days=10)
    found = ctx.read(correction_consequences, data, today=TODAY)
    assert [c.line for c in found if c.kind is K.TRIAL] == [
        "Période d'essai : elle finit le 10/01/2026 (avant : 14/01/2026), déjà passée."
    ]
    ctx.run(correct_contract, data, today=TODAY)
    assert _row(database, contract_id).trial_days == 10
    (version,) = ctx.read(record_history, place["person"])
    assert (version.kind, version.action) == (RecordKind.CONTRACT, VersionAction.CORRECT)
    assert version.previous["trial_days"] == 14
    assert "période d'essai : 14 → 10 jour(s)" in version.summary
    assert version.before == (("Période d'essai (jours)", "14"),)
    assert version.after == (("Période d'essai (jours)", "10"),)
    assert _trail(database) == [
        "correction : CDDI chantier remobilisant du 01/01/2026 au 30/06/2026 : "
        "période d'essai corrigé(s)"
    ]


@pytest.mark.parametrize(
    ("end", "trial", "longest"),
    [
        (JUNE_END, 15, 14),  # six months or less: two weeks at most
        (DECEMBER_END, 32, 31),  # beyond: one month, 1 January + 1 month = 31 days
    ],
)
def test_a_trial_longer_than_the_law_allows_is_refused(
    ctx, database, place, end, trial, longest
) -> None:
    contract_id = _hire(ctx, place, end)
    error = _refused(ctx, ValidationError, _correct(contract_id, place["team"], trial_days=trial))
    assert error.by_field["trial_days"] == [
        f"Période d'essai : {longest} jours au plus pour ce contrat (L1242-10 : 1 jour par "
        "semaine, au plus 2 semaines pour un contrat de 6 mois ou moins comptés de date à "
        "date, 1 mois au-delà)."
    ]
    # The hire gave the longest; a shorter one, then the longest again, go through.
    ctx.run(correct_contract, _correct(contract_id, place["team"], trial_days=longest - 1))
    ctx.run(correct_contract, _correct(contract_id, place["team"], trial_days=longest))
    assert _row(database, contract_id).trial_days == longest


def test_a_trial_typed_stays_as_typed_when_the_end_is_corrected(ctx, database, place) -> None:
    contract_id = _hire(ctx, place)
    # Not given, a trial at the maximum follows the dates (one month past six months)...
    ctx.run(correct_contract, _correct(contract_id, place["team"], end_date=D(2026, 7, 31)))
    assert _row(database, contract_id).trial_days == 30
    # ... given, it is the one signed, whatever the dates.
    ctx.run(
        correct_contract,
        _correct(contract_id, place["team"], end_date=D(2026, 8, 31), trial_days=7),
    )
    assert _row(database, contract_id).trial_days == 7


def test_a_rupture_during_the_trial_keeps_a_trial_running_until_it(ctx, database, place) -> None:
    contract_id = _hire(ctx, place)
    _end_in_trial(ctx, contract_id)
    error = _refused(ctx, ValidationError, _correct(contract_id, place["team"], trial_days=7))
    assert error.by_field["trial_days"] == [
        "Période d'essai : le contrat a été rompu pendant la période d'essai le 10/01/2026 ; "
        "elle dure au moins jusque-là (10 jours), ou annulez d'abord la sortie."
    ]
    ctx.run(correct_contract, _correct(contract_id, place["team"], trial_days=10))
    assert _row(database, contract_id).trial_days == 10


def _end_in_trial(ctx: AppContext, contract_id: int) -> None:
    """Broken off by the employer on 10 January, during the 14 days of trial."""
    data = EndInput(contract_id, D(2026, 1, 10), EndReason.TRIAL_EMPLOYER, ExitReason.NO_NEWS)
    try:
        ctx.run(contracts.end_contract, data)
    except UnacknowledgedWarnings as warned:  # a contract this short: read and accepted
        ctx.run(contracts.end_contract, data, acknowledge=warned.codes)
    assert _row(ctx.database, contract_id).end_reason is EndReason.TRIAL_EMPLOYER


def test_a_renewed_contracts_trial_is_measured_on_the_contract_signed(ctx, database, place) -> None:
    """Six months signed, renewed to twelve: its trial stays two weeks at most (L1242-10,
    « durée initialement prévue au contrat »), not the month of a twelve-month contract."""
    with database.transaction() as session:
        add_review(session, place["person"], D(2026, 6, 1))
    contract_id = _hire(ctx, place)
    ctx.run(contracts.renew, RenewalInput(contract_id, DECEMBER_END, signed_on=D(2026, 6, 2)))
    error = _refused(ctx, ValidationError, _correct(contract_id, place["team"], trial_days=20))
    assert error.by_field["trial_days"] == [
        "Période d'essai : 14 jours au plus pour ce contrat (L1242-10 : 1 jour par semaine, au "
        "plus 2 semaines pour un contrat de 6 mois ou moins comptés de date à date, 1 mois "
        "au-delà)."
    ]
    ctx.run(correct_contract, _correct(contract_id, place["team"], trial_days=12))
    assert _row(database, contract_id).trial_days == 12


# Workshop ------------------------------------------------------------------------------------
def test_the_workshop_is_corrected_with_a_team_of_it(ctx, database, place) -> None:
    contract_id = _hire(ctx, place)
    ctx.run(
        hours.save_month,
        JANUARY,
        [MonthEntry(contract_id, {HoursCategory.WORKED: "100"})],
        acknowledge_warnings=True,
    )
    data = _correct(contract_id, place["kitchen"], workshop_id=place["kitchen_workshop"])
    found = ctx.read(correction_consequences, data, today=TODAY)
    assert [c.line for c in found if c.kind in (K.WORKSHOP, K.TEAM)] == [
        "Équipe : la personne passe de l'équipe Équipe Nettoyage à l'équipe Équipe Restauration "
        "(grille d'heures, feuilles d'émargement) ; les 1 mois d'heures déjà saisis la suivent.",
        "Atelier : le contrat passe de l'atelier Nettoyage à l'atelier Restauration (ETP "
        "consommés et relevé mensuel de chaque atelier) ; les 1 mois d'heures déjà saisis le "
        "suivent.",
    ]
    assert not any(c.declared for c in found)  # nothing declared: no reason asked
    ctx.run(correct_contract, data, today=TODAY)
    row = _row(database, contract_id)
    assert (row.workshop_id, row.team_id) == (place["kitchen_workshop"], place["kitchen"])
    (version,) = ctx.read(record_history, place["person"])
    assert "atelier : Nettoyage → Restauration" in version.summary
    assert "équipe : Équipe Nettoyage → Équipe Restauration" in version.summary
    assert dict(version.before) == {"Atelier": "Nettoyage", "Équipe": "Équipe Nettoyage"}
    assert dict(version.after) == {"Atelier": "Restauration", "Équipe": "Équipe Restauration"}
    assert _trail(database) == [
        "correction : CDDI chantier remobilisant du 01/01/2026 au 30/06/2026 : atelier, "
        "équipe corrigé(s)"
    ]
    # The readers follow: the kitchen's grid and statement list the contract, the
    # cleaning's no longer do.
    kitchen = ctx.read(hours.month_grid, JANUARY, place["kitchen"])
    cleaning = ctx.read(hours.month_grid, JANUARY, place["team"])
    assert [r.contract_id for r in kitchen.rows] == [contract_id] and cleaning.rows == ()
    statement = ctx.read(monthly_statement, JANUARY, place["kitchen_workshop"])
    assert [line.worked_minutes for line in statement.lines] == [100 * H]
    assert ctx.read(monthly_statement, JANUARY, place["workshop"]).lines == ()
    with database.transaction() as session:  # the sheets print the association's name
        session.add(
            m.Structure(
                name="Les Ateliers", siret="73282932000074", address_line1="12 rue de l'Ourcq",
                postal_code="75019", city="Paris",
            )
        )  # fmt: skip
    with database.reading() as session:  # the sign-in sheets are the team's
        sheets = {
            team: sign_in_data(session, place[team], JANUARY, D(2026, 1, 31), monthly=True)
            for team in ("kitchen", "team")
        }
    assert (len(sheets["kitchen"].people), sheets["team"].people) == (1, ())
    assert sheets["kitchen"].workshop == "Restauration"


def test_a_team_of_another_workshop_or_an_unknown_workshop_is_refused(ctx, database, place) -> None:
    contract_id = _hire(ctx, place)
    moved = _correct(contract_id, place["team"], workshop_id=place["kitchen_workshop"])
    error = _refused(ctx, ValidationError, moved)
    assert error.by_field["team_id"] == ["Équipe : elle n'appartient pas à l'atelier choisi."]
    unknown = _correct(contract_id, place["team"], workshop_id=999)
    error = _refused(ctx, ValidationError, unknown)
    assert error.by_field["workshop_id"] == ["Atelier : introuvable."]
    # Moved with no team: the hire's warning, to acknowledge.
    alone = dataclasses.replace(moved, team_id=None)
    warned = _refused(ctx, UnacknowledgedWarnings, alone)
    assert warned.codes == ["contract_without_team"]
    ctx.run(correct_contract, alone, acknowledge=["contract_without_team"], today=TODAY)
    assert _row(database, contract_id).team_id is None


def test_a_workshop_change_over_a_declared_month_asks_a_reason(ctx, database, place) -> None:
    contract_id = _hire(ctx, place)
    for month in (JANUARY, D(2026, 2, 1)):
        ctx.run(
            hours.save_month,
            month,
            [MonthEntry(contract_id, {HoursCategory.WORKED: "100"})],
            acknowledge_warnings=True,
        )
        ctx.run(hours.declare_month, month)
    data = _correct(contract_id, place["kitchen"], workshop_id=place["kitchen_workshop"])
    declared = [c.line for c in ctx.read(correction_consequences, data, today=TODAY) if c.declared]
    assert declared == [
        "Relevé mensuel par atelier de janvier 2026 à février 2026 : la ligne du contrat change "
        "d'atelier (déjà déclaré à l'ASP)."
    ]
    error = _refused(ctx, ValidationError, data)
    assert error.by_field["reason"] == [
        "Motif de la correction : obligatoire, un relevé mensuel déjà déclaré à l'ASP changerait."
    ]
    ctx.run(correct_contract, dataclasses.replace(data, reason="Affectée en cuisine"), today=TODAY)
    (version,) = ctx.read(record_history, place["person"])
    assert version.reason == "Affectée en cuisine"


# Signature date ------------------------------------------------------------------------------
def test_the_signature_date_is_corrected_within_the_handover_days(ctx, database, place) -> None:
    contract_id = _hire(ctx, place)
    ctx.run(
        correct_contract,
        _correct(contract_id, place["team"], signed_on=D(2026, 1, 3)),
        today=TODAY,
    )
    assert _row(database, contract_id).signed_on == D(2026, 1, 3)
    (version,) = ctx.read(record_history, place["person"])
    assert "signé le : non renseigné → 03/01/2026" in version.summary
    assert version.before == (("Signé le", "—"),)
    assert version.after == (("Signé le", "03/01/2026"),)
    assert _trail(database) == [
        "correction : CDDI chantier remobilisant du 01/01/2026 au 30/06/2026 : date de "
        "signature corrigé(s)"
    ]


def test_a_signature_after_the_handover_days_is_warned_one_after_today_refused(
    ctx, database, place
) -> None:
    contract_id = _hire(ctx, place, signed_on=D(2025, 12, 20))
    late = _correct(contract_id, place["team"], signed_on=D(2026, 1, 5))
    warned = _refused(ctx, UnacknowledgedWarnings, late)
    assert warned.codes == ["signed_after_handover"]
    assert warned.violations[0].message == (
        "Signé le : plus de deux jours ouvrables après l'embauche du 01/01/2026 : le contrat "
        "écrit est remis au salarié au plus tard le 03/01/2026 (L1242-13). Vérifiez la date."
    )
    future = _correct(contract_id, place["team"], signed_on=TODAY + dt.timedelta(days=1))
    error = _refused(ctx, ValidationError, future)
    assert error.by_field["signed_on"] == [
        "Signé le : la date est postérieure à aujourd'hui (20/01/2026)."
    ]
    ctx.run(correct_contract, late, acknowledge=["signed_after_handover"], today=TODAY)
    assert _row(database, contract_id).signed_on == D(2026, 1, 5)
    (version,) = ctx.read(record_history, place["person"])
    assert "signé le : 20/12/2025 → 05/01/2026" in version.summary
    assert "avertissements acceptés : signed_after_handover" in version.summary


def test_a_signature_left_as_stored_is_not_checked_again(ctx, database, place) -> None:
    """A contract entered with a late signature, corrected for something else: the hire did
    not warn about it, the correction does not either."""
    contract_id = _hire(ctx, place, signed_on=D(2026, 1, 12))
    ctx.run(correct_contract, _correct(contract_id, place["team"], trial_days=7), today=TODAY)
    assert _row(database, contract_id).signed_on == D(2026, 1, 12)


# Printed, stale ------------------------------------------------------------------------------
def test_a_printed_contract_corrected_asks_a_reason(ctx, database, place) -> None:
    contract_id = _hire(ctx, place)
    with database.transaction() as session:
        session.get(m.Contract, contract_id).print_count = 1
    data = _correct(contract_id, place["team"], trial_days=7, signed_on=D(2026, 1, 2))
    error = _refused(ctx, ValidationError, data)
    assert error.by_field == {
        "reason": ["Motif de la correction : obligatoire, le contrat a déjà été imprimé."]
    }
    result = ctx.run(
        correct_contract, dataclasses.replace(data, reason="Essai signé : 7 jours"), today=TODAY
    )
    assert result.notice is not None and "Faites signer un nouveau contrat" in result.notice


def test_a_stale_trial_correction_is_refused(database, ctx, place) -> None:
    """Loaded before another correction of the trial, the workshop's is refused: nothing
    written but the refusal's trace."""
    contract_id = _hire(ctx, place)
    loaded = next(c for c in ctx.read(person_contracts, place["person"]).contracts)
    ctx.run(
        correct_contract,
        _correct(contract_id, place["team"], trial_days=10),
        expected_version=loaded.version,
        today=TODAY,
    )
    stale = _correct(contract_id, place["kitchen"], workshop_id=place["kitchen_workshop"])
    before, versions = snapshot(database), _versions(database)
    with pytest.raises(StaleEditError):
        ctx.run(correct_contract, stale, expected_version=loaded.version, today=TODAY)
    before["audit_entry"] += 1  # the refusal itself is traced, nothing else
    assert (snapshot(database), _versions(database)) == (before, versions)
    row = _row(database, contract_id)
    assert (row.trial_days, row.workshop_id) == (10, place["workshop"])
    # Reloaded, the same correction goes through.
    now = next(c for c in ctx.read(person_contracts, place["person"]).contracts)
    ctx.run(correct_contract, stale, expected_version=now.version, today=TODAY)
    assert _row(database, contract_id).workshop_id == place["kitchen_workshop"]
