"""Retention: who is past their dates; erasing the support; anonymising leaves no trace on disk
and leaves past years' figures as they were."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from chantier_app.db import models as m
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.errors import PermissionDeniedError, ValidationError
from chantier_app.services.context import AppContext
from chantier_app.services.contracts import exits
from chantier_app.services.documents._report import yearly_report_data
from chantier_app.services.hours import fte
from chantier_app.services.people import views as people_views
from chantier_app.services.privacy.erasure import anonymise_with_backup
from chantier_app.services.privacy.retention import RetentionStep, retention_list
from tests.conftest import TODAY
from tests.services.retention_factory import NIR, SECRETS, former_employee
from tests.team_factory import demo_actor

D = dt.date
SUPPORT_DUE = D(2027, 7, 1)  # two years after the contract's end (30/06/2025)
LATER = D(2031, 6, 1)  # and five years after it


@pytest.fixture
def former(demo_ctx) -> int:
    with demo_ctx.database.transaction() as session:
        return former_employee(session, demo_ctx.actor)


def _listed(ctx, today) -> dict[int, RetentionStep]:
    return {row.person_id: row.step for row in ctx.read(retention_list, today=today)}


def test_people_past_their_dates_are_listed(demo_ctx, former) -> None:
    assert former not in _listed(demo_ctx, TODAY)
    assert _listed(demo_ctx, SUPPORT_DUE)[former] is RetentionStep.SUPPORT
    assert _listed(demo_ctx, LATER)[former] is RetentionStep.ANONYMISE
    [row] = [r for r in demo_ctx.read(retention_list, today=LATER) if r.person_id == former]
    assert (row.last_contact, row.departure) == (D(2025, 6, 30), D(2025, 6, 30))
    assert (row.support_due, row.hr_due) == (D(2027, 6, 30), D(2030, 6, 30))
    assert row.name == "QUATREBARBES Zéphyrine"


def test_erasing_the_support_keeps_the_identity_and_the_contract(demo_ctx, former) -> None:
    anonymise_with_backup(demo_ctx, former, RetentionStep.SUPPORT, today=SUPPORT_DUE)
    with demo_ctx.database.reading() as session:
        person = session.get(m.Person, former)
        assert person.nir == NIR and person.anonymised_at is None
        assert not session.scalars(select(m.SensitiveNote).where(m.SensitiveNote.person_id == former)).all()  # fmt: skip
        milestone = session.scalars(select(m.Milestone).where(m.Milestone.person_id == former)).one()  # fmt: skip
        assert (milestone.notes, milestone.next_objectives, milestone.done_date) == (None, None, D(2025, 4, 7))  # fmt: skip
        score = session.scalars(select(m.BarrierScore).where(m.BarrierScore.person_id == former)).one()  # fmt: skip
        assert (score.score, score.comment) == (4, None)
        pmsmp = session.scalars(select(m.Pmsmp).where(m.Pmsmp.person_id == former)).one()
        assert pmsmp.host_name == "—" and pmsmp.end_date == D(2025, 5, 16)
        contract = session.scalars(select(m.Contract).where(m.Contract.person_id == former)).one()
        assert contract.exit_notes == SECRETS["exit_notes"]  # HR data: kept five years
    assert former not in _listed(demo_ctx, SUPPORT_DUE)  # nothing left to erase before 2030


def _figures(ctx) -> tuple[object, ...]:
    """What the yearly reports of past years count: exits by reason and category, FTE."""
    found = []
    for year in (2025, 2026):
        summary = ctx.read(exits.exits_summary, D(year, 1, 1), D(year, 12, 31))
        report = ctx.read(fte.fte_report, year).fte
        found += [summary.by_reason, summary.by_category, summary.dynamic_rate]
        found += [report.consumed_fte, [mo.minutes for mo in report.months]]
        with ctx.database.reading() as session:
            found.append(yearly_report_data(session, year, today=D(year, 12, 31)).age_bands)
    return tuple(found)


def _variants(text: str) -> set[bytes]:
    forms = {text, text.upper(), text.lower(), text.replace(" ", "")}
    return {f.encode("utf-8") for f in forms} | {f.encode("utf-16-le") for f in forms}


@pytest.mark.sqlite_only(
    reason="reads the freed pages of the SQLite file and its WAL; a server's heap files "
    "are the server's (tests/services/privacy/test_anonymisation_trail.py reads its rows)"
)
def test_anonymisation_leaves_nothing_on_disk_and_keeps_the_figures(demo_ctx, former) -> None:
    before = _figures(demo_ctx)
    done = anonymise_with_backup(demo_ctx, former, RetentionStep.ANONYMISE, today=LATER)
    backup_name = done.backup_name
    assert _figures(demo_ctx) == before
    path = demo_ctx.database.path
    wal = path.with_name(path.name + "-wal")
    raw = path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    assert not wal.exists() or wal.stat().st_size == 0
    for name, secret in SECRETS.items():
        for form in _variants(secret):
            assert form not in raw, f"{name} still in the database file"
    with demo_ctx.database.reading() as session:
        person = session.get(m.Person, former)
        assert (person.usage_name, person.birth_date, person.civility.value) == (
            "ANONYME", D(1984, 1, 7), "MME",
        )  # fmt: skip  # the day after her first day of work of 2025: the same age then
        assert person.education_level is not None and person.rsa.value == "NON_MAJORE"
        hours = session.scalar(
            select(func.sum(m.MonthlyHours.worked_minutes))
            .join(m.Contract)
            .where(m.Contract.person_id == former)
        )
        assert hours == 600 * 60
        last = session.scalars(
            select(m.AuditEntry)
            .where(m.AuditEntry.entity == "person")
            .order_by(m.AuditEntry.id.desc())
        ).first()
        assert last.action == "anonymise" and backup_name in last.summary
    assert former not in [r.id for r in demo_ctx.read(people_views.list_people)]
    # The copy made just before is anonymised too, once the action is done (issue 16).
    assert backup_name in done.backups.anonymised
    assert NIR.encode() not in (demo_ctx.paths.backups_dir / backup_name).read_bytes()


def test_anonymisation_is_refused_before_its_date_or_to_a_cip(demo_ctx, former) -> None:
    with pytest.raises(ValidationError, match="conserver jusqu'au 30/06/2030"):
        anonymise_with_backup(demo_ctx, former, RetentionStep.ANONYMISE, today=SUPPORT_DUE)
    assert not list(demo_ctx.paths.backups_dir.glob("*avant-anonymisation*"))
    cip = AppContext(demo_ctx.database, demo_actor(demo_ctx.database, "cip1"), demo_ctx.paths)
    with pytest.raises(PermissionDeniedError, match="anonymiser des données"):
        anonymise_with_backup(cip, former, RetentionStep.ANONYMISE, today=LATER)
    with pytest.raises(PermissionDeniedError):
        cip.read(retention_list)
    with demo_ctx.database.reading() as session:
        assert session.get(m.Person, former).nir == NIR
        refusals = session.scalar(select(func.count()).where(m.AuditEntry.action == "refused"))
    assert refusals == 2


def test_someone_under_contract_is_never_erased(demo_ctx) -> None:
    rows = demo_ctx.read(people_views.list_people, today=TODAY)
    running = next(r for r in rows if r.status is people_views.PersonStatus.IN_CONTRACT)
    assert running.id not in _listed(demo_ctx, TODAY)
    with pytest.raises(ValidationError, match="sous contrat"):
        anonymise_with_backup(demo_ctx, running.id, RetentionStep.ANONYMISE, today=TODAY)
    assert demo_ctx.actor.role is Role.DIRECTION
