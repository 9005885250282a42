"""The State's monthly statement of the demo data, on screen and exported to XLSX / CSV."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import sqlalchemy as sa

from chantier_app.db import models as m
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.errors import PermissionDeniedError, ValidationError
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.hours import statement as ms
from chantier_app.services.tabular import read_table

OCTOBER = dt.date(2026, 10, 1)


def _expected(demo_ctx) -> dict[int, tuple[int, m.Contract]]:
    """Every contract running in October 2026, with its paid minutes, read straight from tables."""
    with demo_ctx.database.reading() as session:
        contracts = session.scalars(
            sa.select(m.Contract).where(
                m.Contract.start_date <= dt.date(2026, 10, 31),
                sa.func.coalesce(m.Contract.actual_end_date, m.Contract.end_date) >= OCTOBER,
            )
        ).all()
        paid = {
            row.contract_id: row.worked_minutes + row.training_minutes + row.pmsmp_minutes
            for row in session.scalars(
                sa.select(m.MonthlyHours).where(m.MonthlyHours.month == OCTOBER)
            )
        }
        return {c.id: (paid.get(c.id, 0), c) for c in contracts}


def test_demo_statement_has_one_line_per_contract_with_its_hours(demo_ctx) -> None:
    statement = demo_ctx.read(ms.monthly_statement, dt.date(2026, 10, 17))
    expected = _expected(demo_ctx)
    assert statement.month == OCTOBER and not statement.declared
    assert len(statement.lines) == len(expected) == 24
    assert {line.contract_id: line.worked_minutes for line in statement.lines} == {
        cid: paid for cid, (paid, _) in expected.items()
    }
    assert statement.missing_hours == 0
    names = [line.person_name for line in statement.lines]
    assert names == sorted(names)
    # A CDDI runs under a PASS IAE; Premières Heures need none.
    kinds = {contract.id: contract.kind for _, contract in expected.values()}
    cddi = [line for line in statement.lines if kinds[line.contract_id].is_cddi]
    assert cddi and all(line.pass_number.startswith("99999") for line in cddi)
    first_hours = [line for line in statement.lines if not kinds[line.contract_id].is_cddi]
    assert first_hours and all(line.pass_number == "" for line in first_hours)


def test_contracts_ended_that_month_carry_end_date_and_exit_reason(demo_ctx) -> None:
    statement = demo_ctx.read(ms.monthly_statement, OCTOBER)
    expected = _expected(demo_ctx)
    ended = [line for line in statement.lines if line.actual_end_date]
    assert len(ended) == 4
    for line in ended:
        contract = expected[line.contract_id][1]
        assert OCTOBER <= line.actual_end_date <= dt.date(2026, 10, 31)
        assert line.exit_reason_code == contract.exit_reason.value
        assert line.exit_reason == contract.exit_reason.label
    running = [line for line in statement.lines if not line.actual_end_date]
    assert all(line.exit_reason == "" and line.end_reason == "" for line in running)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_reads_back_and_is_audited(demo_ctx, tmp_path, suffix) -> None:
    statement = demo_ctx.read(ms.monthly_statement, OCTOBER)
    path = demo_ctx.run(ms.export_statement, OCTOBER, tmp_path / f"emi{suffix}")
    table = read_table(path)
    assert table.headers == ms.HEADERS
    assert len(table.rows) == len(statement.lines)
    first = table.records()[0]
    line = statement.lines[0]
    assert first["Salarié"] == line.person_name
    assert first["N° PASS IAE"] == line.pass_number
    worked = first["Heures travaillées"]
    as_decimal = Decimal(str(worked).replace(",", "."))
    assert as_decimal == ms.hours_decimal(line.worked_minutes)
    with demo_ctx.database.reading() as session:
        (summary,) = session.scalars(
            sa.select(m.AuditEntry.summary).where(m.AuditEntry.action == "export")
        ).all()
    assert summary.startswith("Relevé mensuel de octobre 2026 exporté (24 lignes")


def test_export_needs_the_right_and_a_known_format(demo_ctx, tmp_path) -> None:
    with pytest.raises(ValidationError, match="XLSX ou CSV"):
        demo_ctx.run(ms.export_statement, OCTOBER, tmp_path / "emi.pdf")
    supervisor = AppContext(demo_ctx.database, Actor(None, "Marc", Role.SUPERVISOR))
    with pytest.raises(PermissionDeniedError):
        supervisor.run(ms.export_statement, OCTOBER, tmp_path / "emi.xlsx")
    assert not (tmp_path / "emi.xlsx").exists()
