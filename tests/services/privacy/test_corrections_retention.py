"""Previous versions of corrected records are personal data: exported with the person's
file, gone with her at anonymisation (raw bytes of the data file checked)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from chantier_app.db import models as m
from chantier_app.services.contracts.corrections import ContractCorrection, correct_contract
from chantier_app.services.privacy import access_export
from chantier_app.services.privacy.erasure import anonymise_with_backup
from chantier_app.services.privacy.retention import RetentionStep
from tests.live_data import live_bytes
from tests.services.retention_factory import SECRETS, former_employee

LATER = dt.date(2031, 6, 1)  # five years after her contract's end


@pytest.fixture
def corrected(demo_ctx) -> int:
    """The former employee's job title corrected: the version keeps the old one."""
    with demo_ctx.database.transaction() as session:
        person = former_employee(session, demo_ctx.actor)
        contract = session.scalars(select(m.Contract).where(m.Contract.person_id == person)).one()
        contract_id, start = contract.id, contract.start_date
    demo_ctx.run(
        correct_contract,
        ContractCorrection(contract_id, start, None, "Agent polyvalent", "Poste mal saisi"),
        acknowledge=["contract_without_team"],
    )
    return person


def test_the_versions_are_in_the_access_export(demo_ctx, corrected, tmp_path) -> None:
    result = demo_ctx.run(access_export.export_person_data, corrected, tmp_path)
    tables = json.loads(result.json_path.read_text(encoding="utf-8"))["tables"]
    (version,) = tables["record_version"]
    assert SECRETS["job_title"] in version["previous"]
    assert version["reason"] == "Poste mal saisi"


def test_anonymisation_removes_the_versions_and_their_values(demo_ctx, corrected, tmp_path) -> None:
    anonymise_with_backup(demo_ctx, corrected, RetentionStep.ANONYMISE, today=LATER)
    with demo_ctx.database.reading() as session:
        left = session.scalar(select(func.count()).where(m.RecordVersion.person_id == corrected))
    assert left == 0
    assert SECRETS["job_title"].encode() not in live_bytes(demo_ctx.database, tmp_path)
