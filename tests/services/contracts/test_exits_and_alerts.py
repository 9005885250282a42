"""Exits summary (sorties dynamiques as the State computes them) and the contract alerts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from chantier_app.domain.codes.contract_codes import ContractKind, EndReason
from chantier_app.domain.codes.exit_reasons import ExitCategory, ExitReason
from chantier_app.domain.errors import ValidationError
from chantier_app.services.contracts.alerts import AlertKind, contract_alerts
from chantier_app.services.contracts.exits import exits_summary
from chantier_app.services.contracts.running import contracts_page
from tests.contract_factories import add_contract, add_person, add_workshop

D = dt.date
TODAY = D(2026, 11, 23)


def ended(session, person: int, end: dt.date, reason: ExitReason | None, **kw) -> None:
    add_contract(
        session,
        person,
        end - dt.timedelta(days=180),
        end,
        actual_end_date=end,
        end_reason=kw.pop("end_reason", EndReason.TERM),
        exit_reason=reason,
        **kw,
    )


def test_sorties_dynamiques_rate_leaves_excluded_exits_out(ctx, database) -> None:
    with database.transaction() as session:
        people = [add_person(session, f"P{i}") for i in range(8)]
        ended(session, people[0], D(2026, 1, 1), ExitReason.CDI)  # first day of the period
        ended(session, people[1], D(2026, 3, 15), ExitReason.CDD_UNDER_6M)
        ended(session, people[2], D(2026, 5, 1), ExitReason.QUALIFYING_TRAINING)
        ended(session, people[3], D(2026, 6, 1), ExitReason.JOBSEEKER)
        ended(session, people[4], D(2026, 12, 31), ExitReason.DEATH, end_reason=EndReason.DEATH)
        ended(session, people[5], D(2025, 12, 31), ExitReason.CDI)  # the day before: not counted
        ended(session, people[6], D(2027, 1, 1), ExitReason.CDI)  # the day after: not counted
        # Premières Heures followed by a CDDI is not an exit.
        ended(session, people[7], D(2026, 4, 30), None, end_reason=EndReason.MOVE_TO_CDDI)
    summary = ctx.read(exits_summary, D(2026, 1, 1), D(2026, 12, 31))
    assert summary.total == 5 and summary.excluded == 1 and summary.counted == 4
    assert dict(summary.by_category) == {
        ExitCategory.SUSTAINABLE_JOB: 1,
        ExitCategory.TRANSITION_JOB: 1,
        ExitCategory.POSITIVE: 1,
        ExitCategory.OTHER: 1,
        ExitCategory.EXCLUDED: 1,
    }
    assert summary.dynamic == 3
    assert summary.dynamic_rate == Decimal("0.75")
    assert [reason for reason, _ in summary.by_reason] == [
        ExitReason.CDI,
        ExitReason.CDD_UNDER_6M,
        ExitReason.QUALIFYING_TRAINING,
        ExitReason.JOBSEEKER,
        ExitReason.DEATH,
    ]


def test_no_rate_without_exits_and_a_reversed_period_is_refused(ctx) -> None:
    summary = ctx.read(exits_summary, D(2026, 1, 1), D(2026, 12, 31))
    assert summary.total == 0 and summary.dynamic_rate is None
    with pytest.raises(ValidationError, match="Période : la fin précède le début"):
        ctx.read(exits_summary, D(2026, 12, 31), D(2026, 1, 1))


def _alerts(ctx) -> dict[str, tuple[AlertKind, str]]:
    return {
        f"{a.person_name}/{a.kind.value}": (a.kind, a.message)
        for a in ctx.read(contract_alerts, today=TODAY)
    }


def test_contract_ending_within_30_days(ctx, database) -> None:
    with database.transaction() as session:
        day30 = add_person(session, "Trente")
        day31 = add_person(session, "Trenteetun")
        add_contract(session, day30, D(2026, 6, 24), TODAY + dt.timedelta(days=30))
        add_contract(session, day31, D(2026, 6, 25), TODAY + dt.timedelta(days=31))
    alerts = _alerts(ctx)
    assert alerts["TRENTE Loïc/FIN_PROCHE"] == (
        AlertKind.ENDING_SOON,
        "CDDI chantier remobilisant : fin le 23/12/2026 (dans 30 jours).",
    )
    # 31 days away: not "ending soon" but a renewal to decide (the path allows it).
    assert "TRENTEETUN Loïc/FIN_PROCHE" not in alerts
    assert alerts["TRENTEETUN Loïc/RENOUVELLEMENT"][1] == (
        "Fin le 24/12/2026 : renouvellement possible jusqu'au 24/06/2028."
    )


def test_past_planned_end_without_a_recorded_end(ctx, database) -> None:
    with database.transaction() as session:
        person = add_person(session, "Oubli")
        add_contract(session, person, D(2026, 5, 1), D(2026, 10, 31))
    assert _alerts(ctx)["OUBLI Loïc/FIN_PROCHE"][1] == (
        "Terme dépassé depuis le 31/10/2026 : enregistrez la fin et la sortie."
    )


def test_people_reaching_22_months_and_their_pass_iae(ctx, database) -> None:
    with database.transaction() as session:
        person = add_person(session, "Long", pass_start=D(2025, 1, 1), pass_days=1000)
        add_contract(
            session, person, D(2025, 1, 1), D(2025, 12, 31), actual_end_date=D(2025, 12, 31)
        )
        add_contract(session, person, D(2026, 1, 1), D(2026, 12, 31))
    alerts = _alerts(ctx)
    assert alerts["LONG Loïc/22_MOIS"][1] == (
        "22 mois de CDDI le 01/11/2026 ; limite des 24 mois le 31/12/2026."
    )
    # The PASS IAE (1000 days from 01/01/2025) ends on 26/09/2027: more than 7 months away.
    assert "LONG Loïc/PASS_IAE" not in alerts


def test_pass_iae_ending_within_7_months(ctx, database) -> None:
    with database.transaction() as session:
        soon = add_person(session, "Passfin", pass_start=D(2025, 6, 24))  # ends 23/06/2027
        later = add_person(session, "Passloin", pass_start=D(2025, 6, 25))  # ends 24/06/2027
        add_contract(session, soon, D(2026, 7, 1), D(2027, 6, 30))
        add_contract(session, later, D(2026, 7, 1), D(2027, 6, 30))
    alerts = _alerts(ctx)
    assert alerts["PASSFIN Loïc/PASS_IAE"][1].endswith(": fin le 23/06/2027.")
    assert "PASSLOIN Loïc/PASS_IAE" not in alerts


def test_first_hours_near_12_months(ctx, database) -> None:
    with database.transaction() as session:
        near = add_person(session, "Presque", pass_start=None)
        far = add_person(session, "Loin", pass_start=None)
        add_contract(session, near, D(2026, 1, 23), D(2026, 12, 31), ContractKind.FIRST_HOURS)
        add_contract(session, far, D(2026, 1, 24), D(2026, 12, 31), ContractKind.FIRST_HOURS)
    alerts = _alerts(ctx)
    assert alerts["PRESQUE Loïc/PH_12_MOIS"][1] == (
        "Premières Heures : 12 mois au plus, jusqu'au 22/01/2027 ; préparez le passage en CDDI."
    )
    assert "LOIN Loïc/PH_12_MOIS" not in alerts
    assert not any(k.endswith("PASS_IAE") for k in alerts)  # no PASS needed for PH


def test_contracts_page_lists_running_contracts_with_their_path(ctx, database) -> None:
    with database.transaction() as session:
        workshop, team = add_workshop(session)
        person = add_person(session, "Dupont")
        add_contract(
            session, person, D(2025, 1, 1), D(2025, 12, 31), actual_end_date=D(2025, 12, 31)
        )
        add_contract(
            session, person, D(2026, 1, 1), D(2026, 12, 31), workshop_id=workshop, team_id=team
        )
    data = ctx.read(contracts_page, today=TODAY)
    [row] = data.rows
    assert (row.person_name, row.workshop_name, row.team_name) == (
        "DUPONT Loïc",
        "Nettoyage",
        "Équipe Nettoyage",
    )
    assert row.cddi_total.text() == "22 mois et 23 jours" and row.days_left == 38
    assert [w.name for w in data.workshops] == ["Nettoyage"]
    assert {a.kind for a in data.alerts} >= {AlertKind.PATH_22_MONTHS}
