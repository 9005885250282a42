"""A PASS IAE and a diagnosis cancelled by mistake are still the person's data: exported
with her file (right of access), erased with her at anonymisation, none of their values
left anywhere in the data (raw bytes checked), though every other reader ignores them."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from chantier_app.db import models as m
from chantier_app.db.cancellable import including_cancelled
from chantier_app.domain.pass_iae import format_number
from chantier_app.services import audit
from chantier_app.services.people import pass_iae
from chantier_app.services.people.diagnosis_corrections import cancel_diagnosis
from chantier_app.services.people.pass_corrections import cancel_pass, correct_pass
from chantier_app.services.people.pass_iae import PassInput
from chantier_app.services.privacy import access_export
from chantier_app.services.privacy.erasure import anonymise_with_backup
from chantier_app.services.privacy.retention import RetentionStep
from tests import support_factory as f
from tests.live_data import live_bytes
from tests.services.retention_factory import SECRETS, former_employee

LATER = dt.date(2031, 6, 1)  # five years after her contract's end
CORRECTED = "999991967890"  # the number her PASS was corrected to before it was cancelled
WHY = "PASS de Zéphyrine saisi deux fois"  # a cancellation's reason may name her


@pytest.fixture
def cancelled(demo_ctx) -> int:
    """The former employee's PASS corrected then cancelled, her diagnosis cancelled."""
    with demo_ctx.database.transaction() as session:
        person = former_employee(session, demo_ctx.actor)
        pass_id = session.scalars(select(m.PassIae.id).where(m.PassIae.person_id == person)).one()
        diagnosis_id = session.scalars(
            select(m.EligibilityDiagnosis.id).where(m.EligibilityDiagnosis.person_id == person)
        ).one()
        # An older version's trail line quoting the number (the trail names none today).
        audit.record(
            session, demo_ctx.actor, audit.Action.UPDATE, "pass_iae", pass_id,
            person_id=person, summary=f"PASS n° {format_number(CORRECTED)} reçu",
        )  # fmt: skip
    demo_ctx.run(
        correct_pass,
        pass_id,
        PassInput(CORRECTED, dt.date(2025, 1, 6)),
        "Numéro mal recopié",
        acknowledge_warnings=True,
    )
    demo_ctx.run(cancel_pass, pass_id, WHY, acknowledge_warnings=True)
    demo_ctx.run(cancel_diagnosis, diagnosis_id, WHY)
    return person


def test_the_cancelled_records_are_in_the_access_export(demo_ctx, cancelled, tmp_path) -> None:
    result = demo_ctx.run(access_export.export_person_data, cancelled, tmp_path)
    tables = json.loads(result.json_path.read_text(encoding="utf-8"))["tables"]
    (kept_pass,) = tables["pass_iae"]
    assert (kept_pass["cancellation_reason"], kept_pass["cancelled_at"] is not None) == (WHY, True)
    (diagnosis,) = tables["eligibility_diagnosis"]
    assert diagnosis["cancellation_reason"] == WHY
    assert [c["proof"] for c in tables["eligibility_criterion"]] == [SECRETS["proof"]]
    numbers = {json.loads(v["previous"]).get("number") for v in tables["record_version"]}
    assert {SECRETS["pass_number"], CORRECTED} <= numbers


def test_anonymisation_leaves_no_cancelled_pass_number_or_diagnosis(
    demo_ctx, cancelled, tmp_path
) -> None:
    anonymise_with_backup(demo_ctx, cancelled, RetentionStep.ANONYMISE, today=LATER)
    with demo_ctx.database.reading() as session:
        passes = session.scalars(
            select(m.PassIae).where(m.PassIae.person_id == cancelled),
            execution_options=including_cancelled(),
        ).all()
        assert [(p.number.startswith("ANONYME-"), p.cancellation_reason) for p in passes] == [
            (True, None)
        ]
        reasons = session.scalars(
            select(m.EligibilityDiagnosis.cancellation_reason).where(
                m.EligibilityDiagnosis.person_id == cancelled
            ),
            execution_options=including_cancelled(),
        ).all()
        assert reasons == [None]  # the row stays (the figures), cancelled, its texts gone
        left = session.scalar(select(func.count()).where(m.RecordVersion.person_id == cancelled))
        assert left == 0
    data = live_bytes(demo_ctx.database, tmp_path)
    for secret in (
        SECRETS["pass_number"],
        format_number(SECRETS["pass_number"]),
        CORRECTED,
        format_number(CORRECTED),
        SECRETS["proof"],
        WHY,
    ):
        assert secret.encode() not in data, secret


def test_a_cancelled_number_entered_again_on_someone_elses_file_stays_theirs(
    demo_ctx, cancelled, tmp_path
) -> None:
    """Her PASS was the other person's, entered on her file by mistake: once entered on the
    right file, the number is that person's, and erasing her leaves it and its trail."""
    with demo_ctx.database.transaction() as session:
        other = f.person(session, "Diallo")
        other.birth_date = dt.date(1988, 2, 3)
        other_id = other.id
    demo_ctx.run(pass_iae.add_pass, other_id, PassInput(CORRECTED, dt.date(2025, 1, 6)))
    with demo_ctx.database.transaction() as session:
        line = audit.record(
            session, demo_ctx.actor, audit.Action.UPDATE, "person", other_id,
            person_id=other_id, summary=f"PASS n° {format_number(CORRECTED)} vérifié",
        )  # fmt: skip
        session.flush()
        line_id = line.id
    anonymise_with_backup(demo_ctx, cancelled, RetentionStep.ANONYMISE, today=LATER)
    (view,) = demo_ctx.read(pass_iae.list_passes, other_id)
    assert view.number == CORRECTED
    with demo_ctx.database.reading() as session:
        summary = session.get(m.AuditEntry, line_id).summary
    assert summary == f"PASS n° {format_number(CORRECTED)} vérifié"
    assert SECRETS["pass_number"].encode() not in live_bytes(demo_ctx.database, tmp_path)
