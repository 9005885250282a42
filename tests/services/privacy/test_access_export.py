"""Right of access: one JSON with every row about the person, one readable PDF, both audited."""

from __future__ import annotations

import json

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from chantier_app.db import models as m
from chantier_app.db.base import Base
from chantier_app.domain.errors import PermissionDeniedError
from chantier_app.services.context import AppContext
from chantier_app.services.privacy import access_export
from tests.services.retention_factory import NIR, SECRETS, former_employee
from tests.team_factory import demo_actor

# Tables that hold nothing about one person in particular.
NOT_ABOUT_A_PERSON = {"structure", "convention", "workshop", "team", "staff", "staff_team",
                      "declared_month", "frozen_yearly_report"}  # fmt: skip


@pytest.fixture
def former(demo_ctx) -> int:
    with demo_ctx.database.transaction() as session:
        return former_employee(session, demo_ctx.actor)


def test_every_table_about_people_is_exported() -> None:
    """A new table about people must be added to the export: this test says so."""
    tables = set(Base.metadata.tables) - NOT_ABOUT_A_PERSON - {"alembic_version"}
    assert tables == set(access_export.table_names())


def test_json_holds_every_row_and_pdf_reads_as_a_document(demo_ctx, former, tmp_path) -> None:
    result = demo_ctx.run(access_export.export_person_data, former, tmp_path)
    data = json.loads(result.json_path.read_text(encoding="utf-8"))
    tables = data["tables"]
    assert data["export"]["person_id"] == former
    assert tables["person"][0]["nir"] == NIR and tables["person"][0]["civility"] == "MME"
    assert tables["sensitive_note"][0]["text"] == SECRETS["sensitive"]
    assert tables["contract"][0]["hourly_wage"] == "11.88"
    assert len(tables["monthly_hours"]) == 6 and len(tables["eligibility_criterion"]) == 1
    with demo_ctx.database.reading() as session:
        for table in ("pmsmp", "milestone", "barrier_score", "barrier_action", "pass_iae"):
            model = Base.metadata.tables[table]
            count = session.scalar(
                select(func.count()).select_from(model).where(model.c.person_id == former)
            )
            assert len(tables[table]) == count == 1, table
        audit_rows = session.scalar(select(func.count()).where(m.AuditEntry.person_id == former))
    assert len(tables["audit_entry"]) == audit_rows - 1  # the export's own line comes after
    text = "\n".join(page.extract_text() for page in PdfReader(result.pdf_path).pages)
    assert "Données personnelles de QUATREBARBES Zéphyrine" in text
    for expected in ("Identité et situation", "Nom d'usage", NIR, SECRETS["sensitive"],
                     "Heures par mois", "100 h", "Embauche en CDI non aidé", "Page 1 sur"):  # fmt: skip
        assert expected in text, expected
    with demo_ctx.database.reading() as session:
        last = session.scalars(select(m.AuditEntry).order_by(m.AuditEntry.id.desc())).first()
    assert (last.action, last.person_id) == ("export", former)
    assert last.summary.startswith("droit d'accès : ") and "Quatrebarbes" not in last.summary


def test_only_the_direction_exports_everything(demo_ctx, former, tmp_path) -> None:
    cip = AppContext(demo_ctx.database, demo_actor(demo_ctx.database, "cip1"))
    with pytest.raises(PermissionDeniedError, match="exporter toutes les données"):
        cip.run(access_export.export_person_data, former, tmp_path / "exports")
    assert not (tmp_path / "exports").exists()
