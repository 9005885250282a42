"""The dialogue de gestion frozen: a dated version reprints as it was, whatever is corrected."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.errors import PermissionDeniedError, ValidationError
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.documents import _report, frozen_reports
from tests.conftest import TODAY

YEAR = TODAY.year


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_frozen_version_keeps_its_figures_after_a_correction(demo_ctx: AppContext) -> None:
    with demo_ctx.database.reading() as session:
        before = _report.yearly_report_data(session, YEAR, today=TODAY)
    frozen_id = demo_ctx.run(frozen_reports.freeze_yearly_report, YEAR,
                             "Dialogue de gestion avec la DDETS", today=TODAY)  # fmt: skip
    kept = demo_ctx.read(frozen_reports.frozen_report, frozen_id)
    assert kept.people_employed == before.people_employed and kept.fte == before.fte
    assert kept.exits == before.exits and kept.fte_by_month == before.fte_by_month
    assert kept.age_bands == before.age_bands and kept.funded_fte == before.funded_fte
    # A later correction: a month's hours doubled. Today's report changes, the frozen one not.
    with demo_ctx.database.transaction() as session:
        hours = session.scalars(
            select(m.MonthlyHours).where(m.MonthlyHours.month >= dt.date(YEAR, 1, 1))
        ).first()
        assert hours is not None
        hours.worked_minutes += 100 * 60
    with demo_ctx.database.reading() as session:
        after = _report.yearly_report_data(session, YEAR, today=TODAY)
    assert after.paid_minutes == before.paid_minutes + 100 * 60
    assert (
        demo_ctx.read(frozen_reports.frozen_report, frozen_id).paid_minutes == before.paid_minutes
    )
    text = _text(demo_ctx.read(frozen_reports.print_frozen_report, frozen_id))
    assert "Version figée le 23/11/2026 : Dialogue de gestion avec la DDETS" in text
    assert f"Bilan annuel {YEAR}" in text
    (listed,) = demo_ctx.read(frozen_reports.list_frozen_reports)
    assert listed.year == YEAR and listed.label == "Dialogue de gestion avec la DDETS"


def test_a_version_is_withdrawn_with_its_reason_never_deleted(demo_ctx: AppContext) -> None:
    frozen_id = demo_ctx.run(frozen_reports.freeze_yearly_report, YEAR, None, today=TODAY)
    with pytest.raises(ValidationError, match="Motif du retrait"):
        demo_ctx.run(frozen_reports.withdraw_frozen_report, frozen_id, " ")
    demo_ctx.run(frozen_reports.withdraw_frozen_report, frozen_id, "Figé avant la saisie d'octobre")
    (listed,) = demo_ctx.read(frozen_reports.list_frozen_reports)
    assert listed.withdrawn and listed.withdrawn_reason == "Figé avant la saisie d'octobre"
    assert listed.label == "Dialogue de gestion du 23/11/2026"


def test_only_the_direction_freezes(demo_ctx: AppContext) -> None:
    cip = AppContext(demo_ctx.database, Actor(None, "Sophie Lacroix", Role.CIP))
    with pytest.raises(PermissionDeniedError):
        cip.run(frozen_reports.freeze_yearly_report, YEAR, "x", today=TODAY)
    assert cip.read(frozen_reports.list_frozen_reports) == []
