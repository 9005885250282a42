"""« Ce que la correction change » : each consequence of a contract correction, an exit or a
renewal cancelled, read from a real database before anything is saved (and nothing is)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import ContractKind, EndReason
from chantier_app.domain.codes.exit_reasons import ExitReason
from chantier_app.domain.codes.hours_codes import HoursCategory
from chantier_app.domain.correction_consequences import ConsequenceKind as K
from chantier_app.domain.errors import ValidationError
from chantier_app.services.contracts import EndInput
from chantier_app.services.contracts import events as contracts_events
from chantier_app.services.contracts.corrections import (
    ContractCorrection,
    cancel_exit,
    correct_contract,
)
from chantier_app.services.contracts.previews import (
    cancel_amendment_consequences,
    cancel_exit_consequences,
    correction_consequences,
)
from chantier_app.services.contracts.renewal_corrections import cancel_renewal
from chantier_app.services.hours import daily as hours_daily
from chantier_app.services.hours import grid as hours
from chantier_app.services.hours.grid import MonthEntry
from tests.contract_factories import add_contract, add_person, snapshot
from tests.services.contracts.test_event_corrections import _hire, add_place
from tests.services.contracts.test_renewal_corrections import _renew

D = dt.date
JANUARY = D(2026, 1, 1)


@pytest.fixture
def place(database) -> dict[str, int]:
    place = add_place(database)
    with database.transaction() as session:
        other = m.Team(workshop_id=place["workshop"], name="Équipe B")
        session.add(other)
        session.flush()
        place["team_b"] = other.id
    return place


def _month(ctx, contract_id: int, month: dt.date, worked: str = "100") -> None:
    ctx.run(
        hours.save_month,
        month,
        [MonthEntry(contract_id, {HoursCategory.WORKED: worked})],
        acknowledge_warnings=True,
    )


def _moved(ctx, contract_id: int, start: dt.date, team: int, **extra) -> list[str]:
    data = ContractCorrection(contract_id, start, team, "Agent d'entretien", **extra)
    return [c.line for c in ctx.read(correction_consequences, data)]


def _of(consequences, kind: K) -> list[str]:
    """The lines of that kind, read with plain spaces (guillemets take no-break ones)."""
    return [c.line.replace("\u00a0", " ") for c in consequences if c.kind is kind]


def _due_dates(database, contract_id: int) -> list[tuple[str, dt.date]]:
    with database.reading() as session:
        return sorted(
            (row.kind.label, row.due_date)
            for row in session.scalars(
                select(m.Milestone).where(m.Milestone.contract_id == contract_id)
            )
        )


def test_a_later_start_lists_hours_milestones_and_declared_statements_and_writes_nothing(
    ctx, database, place
) -> None:
    contract_id = _hire(ctx, place)
    _month(ctx, contract_id, JANUARY)
    _month(ctx, contract_id, D(2026, 2, 1))
    ctx.run(hours.declare_month, JANUARY)
    before = snapshot(database)
    data = ContractCorrection(contract_id, D(2026, 1, 12), place["team"], "Agent d'entretien")
    found = ctx.read(correction_consequences, data)
    assert snapshot(database) == before  # a preview writes nothing, not even an audit line

    assert _of(found, K.HOURS_OUTSIDE) == [
        "Heures de janvier 2026 (100 h déjà saisies) : le contrat ne couvre plus que du "
        "12/01/2026 au 31/01/2026 ; vérifiez-les (déjà déclaré à l'ASP)."
    ]
    assert not any(c.blocking for c in found)
    assert "«\u00a0Début du contrat\u00a0»" in found[1].line
    # Only January is declared: February's line changes too, but it was not sent yet.
    assert _of(found, K.DECLARED_STATEMENT) == [
        "Relevé mensuel de janvier 2026 : « Début du contrat » 01/01/2026 → 12/01/2026 "
        "(déjà déclaré à l'ASP)."
    ]
    milestones = _of(found, K.MILESTONES)
    assert "Entretien d'accueil : déplacé du 01/01/2026 au 12/01/2026." in milestones
    assert "Bilan à 3 mois : déplacé du 01/04/2026 au 12/04/2026." in milestones

    # Saving asks why (a declared statement changes), then does what the preview said.
    with pytest.raises(ValidationError) as refused:
        ctx.run(correct_contract, data)
    assert refused.value.by_field == {
        "reason": [
            "Motif de la correction : obligatoire, un relevé mensuel déjà déclaré à l'ASP "
            "changerait."
        ]
    }
    assert snapshot(database) == before
    ctx.run(
        correct_contract,
        ContractCorrection(**{**data.__dict__, "reason": "Début mal saisi"}),
        acknowledge=["monthly_hours_mismatch"],
    )
    dates = dict(_due_dates(database, contract_id))
    assert dates["Entretien d'accueil"] == D(2026, 1, 12)
    assert dates["Bilan à 3 mois"] == D(2026, 4, 12)


def test_a_start_after_the_hours_entered_is_a_blocking_consequence(ctx, database, place) -> None:
    contract_id = _hire(ctx, place)
    _month(ctx, contract_id, JANUARY)
    found = ctx.read(
        correction_consequences,
        ContractCorrection(contract_id, D(2026, 2, 2), place["team"], "Agent d'entretien"),
    )
    (outside,) = [c for c in found if c.kind is K.HOURS_OUTSIDE]
    assert outside.blocking and not outside.declared
    assert outside.line == (
        "Heures de janvier 2026 (100 h déjà saisies) : hors des dates du contrat corrigé ; "
        "corrigez d'abord ces heures (page Heures)."
    )


def test_signed_in_days_left_before_the_new_start_are_told_together(ctx, database, place) -> None:
    contract_id = _hire(ctx, place)
    days = {D(2026, 1, day): {HoursCategory.WORKED: "7"} for day in (5, 6, 7, 8, 9, 12)}
    ctx.run(hours_daily.save_days, contract_id, JANUARY, days, acknowledge_warnings=True)
    found = ctx.read(
        correction_consequences,
        ContractCorrection(contract_id, D(2026, 1, 12), place["team"], "Agent d'entretien"),
    )
    lines = _of(found, K.HOURS_OUTSIDE)
    assert lines[-1] == (
        "5 jour(s) émargé(s) du 05/01/2026 au 09/01/2026 (35 h) : hors des dates du contrat "
        "corrigé ; corrigez d'abord ces heures (page Heures)."
    )
    assert [c.blocking for c in found if c.kind is K.HOURS_OUTSIDE] == [False, True]


def test_a_contract_that_no_longer_follows_the_previous_one_or_overlaps_it(
    ctx, database, place
) -> None:
    with database.transaction() as session:
        add_contract(
            session,
            place["person"],
            D(2025, 7, 1),
            D(2025, 12, 31),
            actual_end_date=D(2025, 12, 31),
            end_reason=EndReason.TERM,
        )
    contract_id = _hire(ctx, place)
    found = ctx.read(
        correction_consequences,
        ContractCorrection(contract_id, D(2026, 1, 12), place["team"], "Agent d'entretien"),
    )
    (gap,) = [c for c in found if c.kind is K.CHAIN]
    assert not gap.blocking
    assert gap.line == (
        "Le contrat ne suit plus le CDDI chantier remobilisant du 01/07/2025 au 31/12/2025 : "
        "11 jour(s) sans contrat entre les deux ; le parcours est interrompu, les mois "
        "d'avant l'interruption comptent à part dans les 24 mois."
    )
    found = ctx.read(
        correction_consequences,
        ContractCorrection(contract_id, D(2025, 12, 15), place["team"], "Agent d'entretien"),
    )
    (overlap,) = [c for c in found if c.kind is K.CHAIN]
    assert overlap.blocking
    assert overlap.line == (
        "Le contrat chevaucherait le CDDI chantier remobilisant du 01/07/2025 au 31/12/2025."
    )


def test_closing_a_gap_crosses_the_24_months(ctx, database) -> None:
    with database.transaction() as session:
        person = add_person(session, pass_start=D(2024, 2, 1), pass_days=1200)
        add_contract(
            session,
            person,
            D(2024, 2, 1),
            D(2025, 9, 30),
            actual_end_date=D(2025, 9, 30),
            end_reason=EndReason.TERM,
        )  # 20 months
        # 4 months after a month's gap: 24 months in all, the limit reached, not crossed.
        contract_id = add_contract(session, person, D(2025, 11, 1), D(2026, 2, 28))
    found = ctx.read(
        correction_consequences, ContractCorrection(contract_id, D(2025, 10, 1), None, None)
    )
    (limit,) = [c for c in found if c.kind is K.PATH_LIMIT]
    assert limit.blocking
    assert limit.line == (
        "Durée totale des CDDI successifs : 24 mois → 25 mois, au-delà des 24 mois "
        "(L5132-15-1) ; seulement avec un motif de prolongation enregistré."
    )
    assert _of(found, K.CHAIN) == [
        "Le contrat s'enchaîne désormais avec le CDDI chantier remobilisant du 01/02/2024 au "
        "30/09/2025, sans interruption."
    ]


def test_another_team_takes_the_hours_already_entered(ctx, database, place) -> None:
    contract_id = _hire(ctx, place)
    _month(ctx, contract_id, JANUARY)
    assert _moved(ctx, contract_id, JANUARY, place["team_b"]) == [
        "Équipe : la personne passe de l'équipe Équipe Nettoyage à l'équipe Équipe B (grille "
        "d'heures, feuilles d'émargement) ; les 1 mois d'heures déjà saisis la suivent."
    ]
    # A job title only: nothing changes around the contract.
    data = ContractCorrection(contract_id, JANUARY, place["team"], "Agent de propreté")
    assert ctx.read(correction_consequences, data) == []


def test_cancelling_an_exit_lists_the_declared_months_and_the_exit_review(
    ctx, database, place
) -> None:
    contract_id = _hire(ctx, place)
    ctx.run(
        contracts_events.end_contract,
        EndInput(contract_id, D(2026, 4, 15), EndReason.HIRED_ELSEWHERE, ExitReason.CDI, "Onet"),
    )
    for month in (D(2026, 4, 1), D(2026, 5, 1)):
        ctx.run(hours.declare_month, month)
    before = snapshot(database)
    found = ctx.read(cancel_exit_consequences, contract_id)
    assert snapshot(database) == before
    assert _of(found, K.DECLARED_STATEMENT) == [
        "Relevé mensuel d'avril 2026 : « Date de fin réelle » 15/04/2026 → (vide) ; « Motif "
        f"de fin » {EndReason.HIRED_ELSEWHERE.label} → (vide) ; « Motif de sortie » "
        f"{ExitReason.CDI.label} → (vide) (déjà déclaré à l'ASP).",
        "Relevé mensuel de mai 2026 : une ligne s'ajoute pour ce contrat (déjà déclaré à l'ASP).",
    ]
    assert "Bilan de sortie : déplacé du 15/04/2026 au 30/06/2026." in _of(found, K.MILESTONES)
    assert all(c.declared for c in found if c.kind is K.DECLARED_STATEMENT)
    # The year's exit figures, the rate discussed with the State, lose it.
    assert _of(found, K.EXIT_FIGURES) == [
        "Sorties de l'année 2026 : une sortie « Emploi durable » de moins (1 → 0) ; taux de "
        "sorties dynamiques 100,0 % → —."
    ]
    ctx.run(cancel_exit, contract_id, "Sortie saisie par erreur")
    assert dict(_due_dates(database, contract_id))["Bilan de sortie"] == D(2026, 6, 30)


def test_cancelling_a_renewal_cuts_the_path_before_the_next_contract(ctx, database, place) -> None:
    contract_id = _hire(ctx, place)
    amendment_id = _renew(ctx, place, contract_id)
    with database.transaction() as session:
        add_contract(session, place["person"], D(2026, 11, 1), D(2027, 4, 30))
    ctx.run(hours.declare_month, D(2026, 6, 1))
    found = ctx.read(cancel_amendment_consequences, amendment_id)
    assert _of(found, K.CHAIN) == [
        "Le contrat n'est plus suivi par le CDDI chantier remobilisant du 01/11/2026 au "
        "30/04/2027 : 123 jour(s) sans contrat entre les deux ; le parcours est interrompu, "
        "les mois d'avant l'interruption comptent à part dans les 24 mois."
    ]
    assert _of(found, K.DECLARED_STATEMENT) == [
        "Relevé mensuel de juin 2026 : « Fin prévue » 31/10/2026 → 30/06/2026 "
        "(déjà déclaré à l'ASP)."
    ]
    assert "Bilan de sortie : déplacé du 31/10/2026 au 30/06/2026." in _of(found, K.MILESTONES)
    with pytest.raises(ValidationError) as refused:
        ctx.run(cancel_renewal, amendment_id)
    assert "un relevé mensuel déjà déclaré à l'ASP changerait" in refused.value.message
    ctx.run(cancel_renewal, amendment_id, "Renouvellement saisi sur le mauvais contrat")


def test_a_first_hours_contract_has_no_24_months(ctx, database, place) -> None:
    with database.transaction() as session:
        contract_id = add_contract(
            session, place["person"], JANUARY, D(2026, 6, 30), ContractKind.FIRST_HOURS
        )
    found = ctx.read(
        correction_consequences, ContractCorrection(contract_id, D(2026, 1, 5), None, None)
    )
    assert not _of(found, K.PATH_LIMIT)
