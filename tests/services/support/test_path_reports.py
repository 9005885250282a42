"""The bilan d'accompagnement: proposed from the path, only the ticked sections printed, never
a health, disability or justice fact whatever the file holds; its handover in the history."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.domain.codes.barriers import Barrier
from chantier_app.domain.codes.contract_codes import EndReason, PassSuspensionReason
from chantier_app.domain.codes.exit_reasons import ExitReason
from chantier_app.domain.codes.platform_codes import HandoverMeans
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.codes.support_codes import (
    ActionStatus,
    EnrolmentStatus,
    MilestoneKind,
    MilestoneStatus,
    PmsmpOutcome,
    SensitiveNoteKind,
    TrainingKind,
    TrainingResult,
)
from chantier_app.domain.errors import PermissionDeniedError, ValidationError
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.documents import path_report_print
from chantier_app.services.support import path_reports, timeline
from chantier_app.services.support.path_reports import HandoverInput
from tests.support_factory import contract, person, staff

TODAY = dt.date(2026, 11, 23)
START, END = dt.date(2025, 3, 3), dt.date(2026, 11, 20)
# Everything the file holds that must never leave the structure.
SECRETS = (
    "SECRET-NOTE-SANTE", "SECRET-NOTE-JUSTICE", "SECRET-COTATION-SANTE", "SECRET-ACTION",
    "Centre médico-psychologique", "SECRET-INCARCERATION", "Incarcération", "SECRET-SORTIE",
    "Décision administrative", "SECRET-ENTRETIEN", "RQTH", "Santé :", "Justice :",
    "Inaptitude", "SPIP de Paris", "Aménagement",
)  # fmt: skip


@pytest.fixture
def path(ctx: AppContext) -> tuple[int, Actor]:
    """A path with something in every section, and every kind of sensitive fact."""
    with ctx.database.transaction() as session:
        session.add(m.Structure(name="Les Ateliers du Canal", siret="73282932000074",
                                address_line1="12 rue de l'Ourcq", postal_code="75019",
                                city="Paris"))  # fmt: skip
        cip, cip_actor = staff(session, Role.CIP)
        ctx_person = person(session, "Lefèvre", cip)
        ctx_person.birth_date, ctx_person.rqth = dt.date(1990, 5, 17), True
        ctx_person.released_from_detention, ctx_person.referrer_contact = True, "SPIP de Paris"
        c = contract(session, ctx_person, START, END)
        c.job_title, c.adjusted_sentence = "Agent de propreté", True
        c.actual_end_date, c.end_reason = END, EndReason.UNFITNESS
        c.exit_reason, c.exit_notes = ExitReason.ADMINISTRATIVE_DECISION, "SECRET-SORTIE"
        session.add(m.MonthlyHours(contract_id=c.id, month=dt.date(2025, 3, 1),
                                   worked_minutes=100 * 60))  # fmt: skip
        pass_iae = m.PassIae(person_id=ctx_person.id, number="999992512345", start_date=START,
                             initial_end_date=START + dt.timedelta(days=729))  # fmt: skip
        session.add(pass_iae)
        session.flush()
        session.add(m.PassSuspension(pass_id=pass_iae.id, reason=PassSuspensionReason.DETENTION,
                                     start_date=dt.date(2025, 6, 1), end_date=dt.date(2025, 6, 30),
                                     notes="SECRET-INCARCERATION"))  # fmt: skip
        training = m.TrainingSession(title="SST", provider="Croix-Rouge", kind=TrainingKind.SAFETY,
                                     start_date=dt.date(2025, 5, 5), end_date=dt.date(2025, 5, 6),
                                     duration_minutes=14 * 60)  # fmt: skip
        session.add(training)
        session.flush()
        session.add(m.Enrolment(session_id=training.id, person_id=ctx_person.id,
                                status=EnrolmentStatus.COMPLETED, result=TrainingResult.OBTAINED,
                                certificate_obtained="Certificat SST", attended_minutes=14 * 60))  # fmt: skip
        session.add(m.Pmsmp(person_id=ctx_person.id, host_name="Hôtel du Canal",
                            target_job="Femme de chambre", start_date=dt.date(2026, 2, 2),
                            end_date=dt.date(2026, 2, 13), outcome=PmsmpOutcome.CONFIRMED_PROJECT))  # fmt: skip
        for barrier, first, last, comment in (
            (Barrier.HOUSING, 4, 2, "logement trouvé"),
            (Barrier.HEALTH, 5, 3, "SECRET-COTATION-SANTE"),
            (Barrier.JUSTICE, 4, 4, "SECRET-COTATION-SANTE"),
        ):
            session.add(m.BarrierScore(person_id=ctx_person.id, barrier=barrier, score=first,
                                       scored_on=dt.date(2025, 3, 10), comment=comment))  # fmt: skip
            session.add(m.BarrierScore(person_id=ctx_person.id, barrier=barrier, score=last,
                                       scored_on=dt.date(2026, 10, 1), comment=comment))  # fmt: skip
        session.add(m.BarrierAction(person_id=ctx_person.id, barrier=Barrier.HEALTH,
                                    description="SECRET-ACTION", partner="Centre médico-psychologique",
                                    status=ActionStatus.IN_PROGRESS))  # fmt: skip
        for kind, text in ((SensitiveNoteKind.HEALTH, "SECRET-NOTE-SANTE"),
                           (SensitiveNoteKind.JUSTICE, "SECRET-NOTE-JUSTICE")):  # fmt: skip
            session.add(m.SensitiveNote(person_id=ctx_person.id, kind=kind, text=text,
                                        written_on=dt.date(2025, 4, 1)))  # fmt: skip
        session.add(m.Milestone(person_id=ctx_person.id, kind=MilestoneKind.REVIEW_M6,
                                due_date=dt.date(2025, 9, 3), done_date=dt.date(2025, 9, 3),
                                status=MilestoneStatus.DONE, notes="SECRET-ENTRETIEN",
                                objectives_reached="Ponctualité et travail en équipe acquis",
                                next_objectives="Candidater en hôtellerie, permis B"))  # fmt: skip
        return ctx_person.id, cip_actor


def _all_ticked(ctx: AppContext, person_id: int) -> path_reports.PathReportInput:
    draft = ctx.read(path_reports.draft_path_report, person_id, today=TODAY)
    sections = tuple(dataclasses.replace(s, shared=True) for s in draft.data.sections)
    return dataclasses.replace(draft.data, recipient_name="Mme Caron", sections=sections)


def _pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_every_shared_section_is_printed_and_no_sensitive_fact_ever(ctx, path) -> None:
    person_id, cip = path
    mine = AppContext(ctx.database, cip)
    data = _all_ticked(mine, person_id)
    report = mine.run(path_reports.save_path_report, person_id, data, today=TODAY)
    text = _pdf_text(mine.run(path_report_print.print_path_report, report, today=TODAY).pdf)
    for title in path_reports.TITLES.values():
        assert title in text, title
    for expected in ("Bilan d'accompagnement", "Élodie LEFÈVRE", "Mme Caron", "99999 25 12345",
                     "Agent de propreté", "100 h", "SST — Croix-Rouge", "Certificat SST",
                     "Hôtel du Canal", "Projet professionnel confirmé", "Logement : 4 – frein",
                     "Ponctualité et travail en équipe acquis", "Candidater en hôtellerie",
                     "Sortie le 20/11/2026 : Autres sorties"):  # fmt: skip
        assert expected in text, expected
    for secret in SECRETS:
        assert secret not in text, secret


def test_a_section_not_ticked_is_not_printed(ctx, path) -> None:
    person_id, cip = path
    mine = AppContext(ctx.database, cip)
    data = _all_ticked(mine, person_id)
    sections = tuple(
        dataclasses.replace(s, shared=s.key != "pmsmp", text=s.text + "\nAjout de la CIP")
        if s.key in ("pmsmp", "path") else s
        for s in data.sections
    )  # fmt: skip
    report = mine.run(path_reports.save_path_report, person_id,
                      dataclasses.replace(data, sections=sections), today=TODAY)  # fmt: skip
    text = _pdf_text(mine.run(path_report_print.print_path_report, report, today=TODAY).pdf)
    assert "Immersions en entreprise" not in text and "Hôtel du Canal" not in text
    assert "Ajout de la CIP" in text  # the CIP's edit of a ticked section is what is printed


def test_the_proposal_never_holds_a_sensitive_fact(ctx, path) -> None:
    person_id, cip = path
    draft = AppContext(ctx.database, cip).read(
        path_reports.draft_path_report, person_id, today=TODAY
    )
    every_text = "\n".join(s.text for s in draft.data.sections)
    for secret in SECRETS:
        assert secret not in every_text, secret
    # What the CIP must choose to share is proposed unticked.
    shared = {s.key: s.shared for s in draft.data.sections}
    assert not shared["barriers"] and not shared["work_done"] and not shared["next_steps"]
    assert shared["path"] and shared["trainings"] and shared["exit"]


def test_the_handover_is_in_the_history_and_freezes_the_bilan(ctx, path) -> None:
    person_id, cip = path
    mine = AppContext(ctx.database, cip)
    data = _all_ticked(mine, person_id)
    report = mine.run(path_reports.save_path_report, person_id, data, today=TODAY)
    handover = HandoverInput("Mme Caron, SPIP de Paris", TODAY, HandoverMeans.EMAIL)
    mine.run(path_reports.record_handover, report, handover, today=TODAY)
    (entry,) = [e for e in mine.read(timeline.person_timeline, person_id, today=TODAY)
                if e.kind is timeline.EntryKind.PATH_REPORT]  # fmt: skip
    assert (
        entry.date == TODAY
        and entry.title == "Bilan d'accompagnement remis à Mme Caron, SPIP de Paris"
    )
    assert "Par courriel" in entry.detail
    with pytest.raises(ValidationError, match="n'est plus modifiable"):
        mine.run(path_reports.save_path_report, person_id, data, report_id=report, today=TODAY)
    with ctx.database.reading() as session:
        trail = session.scalars(
            select(m.AuditEntry.summary).where(m.AuditEntry.entity == "path_report")
        ).all()
    assert any("remis le 23/11/2026 (par courriel)" in (s or "") for s in trail)
    assert not any("SPIP" in (s or "") for s in trail)  # who received it stays in the file
    text = _pdf_text(mine.run(path_report_print.print_path_report, report, today=TODAY).pdf)
    assert "Remis le 23/11/2026 à Mme Caron, SPIP de Paris" in text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"recipient_kind": None}, "Destinataire"),
        ({"recipient_name": "", "recipient_organisation": " "}, "nom ou son organisme"),
        ({"written_on": TODAY + dt.timedelta(days=1)}, "pas dans le futur"),
        ({"sections": ()}, "au moins une section"),
    ],
)
def test_a_bilan_that_cannot_be_saved_leaves_nothing(ctx, path, change, message) -> None:
    person_id, cip = path
    mine = AppContext(ctx.database, cip)
    data = dataclasses.replace(_all_ticked(mine, person_id), **change)
    with pytest.raises(ValidationError, match=message):
        mine.run(path_reports.save_path_report, person_id, data, today=TODAY)
    with ctx.database.reading() as session:
        assert session.scalars(select(m.PathReport)).all() == []


def test_an_encadrant_may_not_write_one(ctx, path) -> None:
    person_id, _cip = path
    with ctx.database.transaction() as session:
        _member, supervisor = staff(session, Role.SUPERVISOR, last="Petitjean")
    with pytest.raises(PermissionDeniedError):
        AppContext(ctx.database, supervisor).read(path_reports.draft_path_report, person_id)


def test_a_cancelled_bilan_is_kept_with_its_reason(ctx, path) -> None:
    person_id, cip = path
    mine = AppContext(ctx.database, cip)
    report = mine.run(path_reports.save_path_report, person_id, _all_ticked(mine, person_id),
                      today=TODAY)  # fmt: skip
    with pytest.raises(ValidationError, match="Motif"):
        mine.run(path_reports.cancel_path_report, report, "")
    mine.run(path_reports.cancel_path_report, report, "Rédigé pour la mauvaise personne")
    (view,) = mine.read(path_reports.list_path_reports, person_id)
    assert view.cancelled and view.state == "Annulé"


def test_a_cancellation_reason_with_a_bidi_override_is_refused(ctx, path) -> None:
    """Issue 23, point 11: a reason follows the shared text rules (U+202E would show it
    reversed in the history), the bilan stays as it was."""
    person_id, cip = path
    mine = AppContext(ctx.database, cip)
    report = mine.run(path_reports.save_path_report, person_id, _all_ticked(mine, person_id),
                      today=TODAY)  # fmt: skip
    with pytest.raises(ValidationError, match=r"^Motif : caractère invisible interdit \(U\+202E\)"):
        mine.run(path_reports.cancel_path_report, report, "Mauvaise \u202epersonne")
    (view,) = mine.read(path_reports.list_path_reports, person_id)
    assert not view.cancelled
