"""Support records cancelled by mistake keep their rows (issue 15): the right of access still
lists them, with who cancelled them and why; the retention rules and the anonymisation still
erase them, their versions and their cancellation's reason with them; a cancelled
confidential note stays as restricted as a live one."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.db.cancellable import including_cancelled
from chantier_app.domain.codes.barriers import Barrier
from chantier_app.domain.codes.contract_codes import SuspensionReason
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.codes.support_codes import SensitiveNoteKind
from chantier_app.domain.errors import PermissionDeniedError
from chantier_app.services.context import AppContext
from chantier_app.services.history import record_history
from chantier_app.services.privacy import access_export
from chantier_app.services.privacy.erasure import anonymise_with_backup
from chantier_app.services.privacy.retention import ERASED, RetentionStep, retention_list
from chantier_app.services.support import barriers, pmsmp
from chantier_app.services.support import sensitive_notes as notes
from chantier_app.services.support.corrections import cancel_score, latest_score
from chantier_app.services.support.milestone_corrections import cancel_action
from chantier_app.services.support.pmsmp_corrections import cancel_pmsmp
from tests import support_factory as f
from tests.live_data import live_bytes
from tests.services.retention_factory import SECRETS, former_employee

D = dt.date
SUPPORT_DUE = D(2027, 7, 1)  # two years after her contract's end
LATER = D(2031, 6, 1)  # five years after it
# A cancellation's reason is the user's free text: it may name her.
REASON = f"Saisie pour Mme {SECRETS['usage_name']} par erreur"


@pytest.fixture
def cancelled(demo_ctx) -> int:
    """The former employee's note, action, score and PMSMP, each cancelled."""
    with demo_ctx.database.transaction() as session:
        person = former_employee(session, demo_ctx.actor)
    [note] = demo_ctx.read(notes.list_notes, person)
    demo_ctx.run(notes.cancel_note, note.id, REASON)
    [action] = demo_ctx.read(barriers.list_actions, person)
    demo_ctx.run(cancel_action, action.id, REASON)
    score = demo_ctx.read(latest_score, person, Barrier.FINANCES)
    assert score is not None
    demo_ctx.run(cancel_score, score.id, REASON)
    [placement] = demo_ctx.read(pmsmp.list_pmsmps, person)
    with demo_ctx.database.transaction() as session:  # the contract suspended for it
        session.add(
            m.ContractSuspension(
                contract_id=placement.contract_id,
                reason=SuspensionReason.PMSMP,
                start_date=placement.start_date,
                end_date=placement.end_date,
                other_employer=SECRETS["pmsmp_host"],
                pmsmp_id=placement.id,
            )
        )
    demo_ctx.run(cancel_pmsmp, placement.id, REASON)
    return person


def _cancelled_rows(database, person: int) -> dict[str, list[m.Base]]:
    with database.reading() as session:
        return {
            model.__tablename__: list(
                session.scalars(
                    select(model).where(model.person_id == person),
                    execution_options=including_cancelled(),
                )
            )
            for model in (m.SensitiveNote, m.BarrierAction, m.BarrierScore, m.Pmsmp)
        }


def test_the_cancelled_records_are_in_the_access_export(demo_ctx, cancelled, tmp_path) -> None:
    result = demo_ctx.run(access_export.export_person_data, cancelled, tmp_path)
    tables = json.loads(result.json_path.read_text(encoding="utf-8"))["tables"]
    for table in ("sensitive_note", "barrier_action", "barrier_score", "pmsmp"):
        [row] = tables[table]
        assert row["cancelled_at"] is not None and row["cancellation_reason"] == REASON, table
    assert tables["sensitive_note"][0]["text"] == SECRETS["sensitive"]
    kinds = {(v["kind"], v["action"]) for v in tables["record_version"]}
    assert kinds == {
        ("sensitive_note", "cancel"),
        ("barrier_action", "cancel"),
        ("barrier_score", "cancel"),
        ("pmsmp", "cancel"),
    }


def test_the_support_erasing_reaches_the_cancelled_records(demo_ctx, cancelled) -> None:
    assert cancelled in {row.person_id for row in demo_ctx.read(retention_list, today=SUPPORT_DUE)}
    anonymise_with_backup(demo_ctx, cancelled, RetentionStep.SUPPORT, today=SUPPORT_DUE)
    rows = _cancelled_rows(demo_ctx.database, cancelled)
    assert rows["sensitive_note"] == []  # a cancelled note goes as a live one
    [action], [score], [placement] = rows["barrier_action"], rows["barrier_score"], rows["pmsmp"]
    assert (action.description, action.partner, action.cancellation_reason) == (ERASED, None, None)
    assert (score.comment, score.cancellation_reason) == (None, None)
    assert (placement.host_name, placement.host_contact, placement.cancellation_reason) == (
        ERASED,
        None,
        None,
    )
    assert all(r.cancelled for r in (action, score, placement))  # cancelled they stay
    with demo_ctx.database.reading() as session:
        suspension = session.scalars(
            select(m.ContractSuspension).where(m.ContractSuspension.pmsmp_id == placement.id),
            execution_options=including_cancelled(),
        ).one()
        versions = session.scalars(
            select(m.RecordVersion.previous).where(m.RecordVersion.person_id == cancelled)
        ).all()
    assert suspension.cancelled  # with the placement
    assert (suspension.other_employer, suspension.cancellation_reason) == (None, None)
    assert not any(SECRETS["sensitive"] in v or SECRETS["action"] in v for v in versions)
    # Erased: she is not listed again for the support's texts.
    listed = {(row.person_id, row.step) for row in demo_ctx.read(retention_list, today=SUPPORT_DUE)}
    assert (cancelled, RetentionStep.SUPPORT) not in listed


def test_an_anonymised_person_leaves_no_cancelled_text_anywhere(
    demo_ctx, cancelled, tmp_path
) -> None:
    anonymise_with_backup(demo_ctx, cancelled, RetentionStep.ANONYMISE, today=LATER)
    with demo_ctx.database.reading() as session:
        left = session.scalars(
            select(m.RecordVersion).where(m.RecordVersion.person_id == cancelled)
        ).all()
    assert left == []
    raw = live_bytes(demo_ctx.database, tmp_path)
    for name in ("sensitive", "action", "partner", "barrier_comment", "pmsmp_host", "usage_name"):
        assert SECRETS[name].encode() not in raw, f"{name} still in the data"


def test_a_cancelled_note_stays_as_restricted_as_a_live_one(database) -> None:
    with database.transaction() as session:
        cip_row, cip = f.staff(session, Role.CIP)
        _colleague, colleague = f.staff(session, Role.CIP, last="Lacroix")
        _dir, direction = f.staff(session, Role.DIRECTION, last="Moreau")
        person = f.person(session, "Lefèvre", cip_row)
        f.contract(session, person, D(2026, 1, 5), D(2026, 7, 4))
        person_id = person.id
    cip_ctx, colleague_ctx, direction_ctx = (
        AppContext(database, a) for a in (cip, colleague, direction)
    )
    secret = "Suivi SPIP, obligation de soins"
    note_id = cip_ctx.run(
        notes.add_note, person_id, notes.NoteInput(SensitiveNoteKind.JUSTICE, D(2026, 2, 1), secret)
    )
    colleague_sees_before = colleague_ctx.read(record_history, person_id)
    cip_ctx.run(notes.cancel_note, note_id, "Mauvais dossier")
    # Her CIP référent and the direction read it in the history; a CIP who does not follow
    # her sees nothing of it, as of the live note (which she could not list either).
    assert [v.previous["text"] for v in cip_ctx.read(record_history, person_id)] == [secret]
    assert [v.previous["text"] for v in direction_ctx.read(record_history, person_id)] == [secret]
    assert colleague_ctx.read(record_history, person_id) == colleague_sees_before == []
    with pytest.raises(PermissionDeniedError):
        colleague_ctx.read(notes.list_notes, person_id)
    with pytest.raises(PermissionDeniedError):
        colleague_ctx.read(notes.check_cancel_note, note_id)
    # The trail says a confidential note was cancelled: never its text nor its nature.
    with database.reading() as session:
        trail = [
            (entry.summary or "")
            for entry in session.scalars(
                select(m.AuditEntry).where(m.AuditEntry.entity == "sensitive_note")
            )
        ]
    assert trail[-1] == "annulation : note confidentielle annulée"
    assert not any("SPIP" in line or "justice" in line.lower() for line in trail)
