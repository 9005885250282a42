"""Erasing for retention: the support's free texts, or the whole identity (anonymisation).

What stays of an anonymised person are the figures of the yearly reports: sex, birth year,
nationality category, education level, resources and situation flags, referral code, team,
eligibility criteria (without their proofs), PASS dates, contracts (dates, kinds, hours,
ends and exits), hours, trainings' results. Past years' figures therefore do not change.
Afterwards the database file is rewritten (VACUUM) so the erased values leave the disk too;
on a server, the tables the erasing wrote (VACUUM FULL, ``db/server_vacuum.py``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.db.base import now
from chantier_app.db.cancellable import including_cancelled
from chantier_app.db.engine import Database
from chantier_app.db.server_vacuum import Rewritten, rewrite_tables, written_tables
from chantier_app.domain import pass_iae as pass_rules
from chantier_app.domain.codes.record_kinds import RecordKind
from chantier_app.domain.contract_dates import Span, anonymous_birth_date, first_days_of_work
from chantier_app.domain.fr_format import strip_accents
from chantier_app.domain.identity_rules import format_nir
from chantier_app.i18n import tr
from chantier_app.services import audit
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.privacy.backups_erasure import (
    BackupsErasure,
    CopyElsewhere,
    _copies_elsewhere,
    anonymise_in_backups,
    record_backups,
    record_server_leftovers,
)
from chantier_app.services.privacy.retention import (
    ERASED,
    SUPPORT_TEXT_KINDS,
    RetentionStep,
    check_due,
)
from chantier_app.services.safety import backups

SCRUBBED = tr("[personne anonymisée]")


def _erase_support(session: Session, person_id: int) -> None:
    """Health and justice notes deleted; interviews, barriers, actions, PMSMP without text.

    Cancelled records too (``db.cancellable``: the bulk statements are not filtered), their
    cancellation's reason with them: it is the user's free text."""
    # A cancelled note's text is still in its row: the bulk DELETE takes it with the others.
    session.execute(delete(m.SensitiveNote).where(m.SensitiveNote.person_id == person_id))
    # The notes' and actions' previous versions hold the same texts: they go with them.
    session.execute(
        delete(m.RecordVersion).where(
            m.RecordVersion.person_id == person_id, m.RecordVersion.kind.in_(SUPPORT_TEXT_KINDS)
        )
    )
    session.execute(
        update(m.Milestone)
        .where(m.Milestone.person_id == person_id)
        .values(notes=None, objectives_reached=None, next_objectives=None)
    )
    session.execute(
        update(m.BarrierScore)
        .where(m.BarrierScore.person_id == person_id)
        .values(comment=None, cancellation_reason=None)
    )
    session.execute(
        update(m.BarrierAction)
        .where(m.BarrierAction.person_id == person_id)
        .values(description=ERASED, partner=None, notes=None, cancellation_reason=None)
    )
    # The bilans d'accompagnement are support data: their text goes with the rest.
    session.execute(delete(m.PathReport).where(m.PathReport.person_id == person_id))
    pmsmp_ids = list(
        session.scalars(
            select(m.Pmsmp.id).where(m.Pmsmp.person_id == person_id),
            execution_options=including_cancelled(),  # a cancelled one's suspension too
        )
    )
    session.execute(
        update(m.Pmsmp)
        .where(m.Pmsmp.person_id == person_id)
        .values(
            host_name=ERASED, host_siret=None, host_contact=None, target_job=None,
            agreement_reference=None, notes=None, cancellation_reason=None,
        )
    )  # fmt: skip
    if pmsmp_ids:
        session.execute(
            update(m.ContractSuspension)
            .where(m.ContractSuspension.pmsmp_id.in_(pmsmp_ids))
            .values(other_employer=None, notes=None, cancellation_reason=None)
        )


def purge_support(
    session: Session, actor: Actor, person_id: int, *, today: dt.date | None = None
) -> None:
    """Past the support's date: its free texts go; identity, contracts and hours stay."""
    check_due(session, actor, person_id, RetentionStep.SUPPORT, today or dt.date.today())
    session.flush()
    _erase_support(session, person_id)
    audit.record(
        session, actor, audit.Action.ANONYMISE, "support", person_id=person_id,
        summary=tr("accompagnement effacé (durée de conservation dépassée)"),
    )  # fmt: skip


def _identifiers(session: Session, person: m.Person) -> set[str]:
    """The values that designate this person and no one else: NIR, PASS IAE numbers,
    e-mail, phone, France Travail id (with their usual spellings)."""
    texts = {v for v in (person.nir, person.email, person.phone, person.ft_id) if v}
    if person.nir:
        texts.add(format_nir(person.nir))
    for number in _pass_numbers(session, person.id):
        texts |= {number, pass_rules.format_number(number)}
    if person.phone:
        texts.add(person.phone.replace(" ", ""))
    return {t for t in texts if len(t) >= 3}


def _pass_numbers(session: Session, person_id: int) -> set[str]:
    """Every PASS number the person had: their PASS's, cancelled ones' too, and those their
    versions keep (a number corrected, a cancelled PASS's, which its row no longer holds)."""
    numbers = set(
        session.scalars(
            select(m.PassIae.number).where(m.PassIae.person_id == person_id),
            execution_options=including_cancelled(),
        )
    )
    for previous in session.scalars(
        select(m.RecordVersion.previous).where(
            m.RecordVersion.person_id == person_id,
            m.RecordVersion.kind == RecordKind.PASS_IAE.value,
        )
    ):
        number = json.loads(previous).get("number")
        if isinstance(number, str):
            numbers.add(number)
    # A PASS cancelled because it was entered on her file by mistake may be someone else's,
    # entered again on the right file: that number is theirs, not hers to scrub.
    theirs = session.scalars(
        select(m.PassIae.number).where(
            m.PassIae.person_id != person_id, m.PassIae.number.in_(sorted(numbers))
        )
    )
    return numbers - set(theirs)


def _names(person: m.Person) -> set[str]:
    """The person's names, which other people may share (a colleague named Rémi too)."""
    names = {t for t in (person.usage_name, person.birth_name, person.first_names) if t}
    names |= {
        f"{person.usage_name} {person.first_names}",
        f"{person.first_names} {person.usage_name}",
    }
    return {t for t in names if len(t) >= 3}


def _pattern(identifiers: set[str], names: set[str]) -> re.Pattern[str] | None:
    """Any case, with or without accents, longest first. ``identifiers`` (a NIR, a PASS
    number: no one else's) anywhere; ``names`` only where no letter touches them: the
    name « Rémi » is not the « rémi » of « Premières Heures », but the file name
    « fiche_Rémi_2025.csv » names her."""

    def forms(texts: set[str]) -> list[str]:
        every = texts | {strip_accents(t) for t in texts}
        return [re.escape(t) for t in sorted(every, key=len, reverse=True)]

    alternatives = []
    if identifiers:
        alternatives.append("|".join(forms(identifiers)))
    if names:
        letter = r"[^\W\d_]"  # a letter, in any alphabet
        alternatives.append(rf"(?<!{letter})(?:{'|'.join(forms(names))})(?!{letter})")
    if not alternatives:
        return None
    return re.compile("|".join(f"(?:{a})" for a in alternatives), re.IGNORECASE)


def _scrub_audit(session: Session, person: m.Person) -> int:
    """What could still name the person in the trail's older lines, replaced (``_pattern``).

    Lines point to a person by ``person_id`` and carry no identifying text (names, NIR,
    PASS IAE number); older versions wrote some. The person's own lines lose their
    names and identifiers; any other line loses only the identifiers that are the
    person's alone (a NIR, a PASS number), never a name, which may be someone else's
    (another employee, a staff member, a workshop): no other person's line changes.
    """
    # coalesce: a line about no one (NULL) must fall on the « other lines » side of NOT.
    own = or_(
        func.coalesce(m.AuditEntry.person_id, 0) == person.id,
        and_(
            m.AuditEntry.entity == "person", func.coalesce(m.AuditEntry.entity_id, 0) == person.id
        ),
    )
    identifiers = _identifiers(session, person)
    changed = 0
    for pattern, which in (
        (_pattern(identifiers, _names(person)), own),
        (_pattern(identifiers, set()), ~own),
    ):
        if pattern is None:
            continue
        rows = session.execute(
            select(m.AuditEntry.id, m.AuditEntry.summary).where(
                m.AuditEntry.summary.is_not(None), which
            )
        )
        for entry_id, summary in rows.all():
            assert summary is not None  # the query keeps only the lines with a summary
            scrubbed = pattern.sub(SCRUBBED, summary)
            if scrubbed != summary:
                session.execute(
                    update(m.AuditEntry).where(m.AuditEntry.id == entry_id).values(summary=scrubbed)
                )
                changed += 1
    return changed


_PERSON_TEXTS = (
    "birth_name", "birth_place_code", "birth_place", "birth_country", "nir",
    "nir_missing_reason", "address_line1", "address_line2", "postal_code", "city", "phone",
    "email", "emergency_contact_name", "emergency_contact_phone", "ft_id", "referrer_contact",
    "notes",
)  # fmt: skip


def _first_days_of_work(session: Session, person_id: int) -> list[dt.date]:
    contracts = session.scalars(select(m.Contract).where(m.Contract.person_id == person_id))
    return list(first_days_of_work(Span(c.start_date, c.effective_end) for c in contracts).values())


def anonymise_person(
    session: Session,
    actor: Actor,
    person_id: int,
    *,
    today: dt.date | None = None,
    backup_name: str | None = None,
) -> None:
    """Past both dates: everything that names the person goes, the anonymous figures stay."""
    person = check_due(session, actor, person_id, RetentionStep.ANONYMISE, today or dt.date.today())
    scrubbed = _erase_identity(session, person)
    audit.record(
        session, actor, audit.Action.ANONYMISE, "person", person_id, person_id=person_id,
        summary=tr("personne anonymisée (durée de conservation dépassée) ; {n} ligne(s) du "
                   "journal expurgée(s){backup}").format(
            n=scrubbed,
            backup=tr(" ; sauvegarde préalable : {name}").format(name=backup_name) if backup_name else "",
        ),
    )  # fmt: skip


def _erase_identity(session: Session, person: m.Person) -> int:
    """Everything that names ``person`` erased in ``session``'s database, with no check and
    no audit line: ``anonymise_person`` on the live data, and the same erasing inside each
    backup (``_backups_erasure``). Returns the number of audit lines scrubbed."""
    person_id = person.id
    scrubbed = _scrub_audit(session, person)
    _erase_support(session, person_id)
    for name in _PERSON_TEXTS:
        setattr(person, name, None)
    person.usage_name, person.first_names = tr("ANONYME"), tr("n° {id}").format(id=person_id)
    if person.birth_date is not None:  # the yearly reports' age bands stay as they were
        person.birth_date = anonymous_birth_date(
            person.birth_date, _first_days_of_work(session, person_id)
        )
    person.archived_at = person.archived_at or now()
    person.anonymised_at = now()
    diagnosis_ids = select(m.EligibilityDiagnosis.id).where(m.EligibilityDiagnosis.person_id == person_id)  # fmt: skip
    session.execute(
        update(m.EligibilityDiagnosis)
        .where(m.EligibilityDiagnosis.person_id == person_id)
        .values(author_name=None, notes=None, cancellation_reason=None)
    )
    session.execute(
        update(m.EligibilityCriterionProof)
        .where(m.EligibilityCriterionProof.diagnosis_id.in_(diagnosis_ids))
        .values(proof=None)
    )
    # Cancelled ones too (db.cancellable hides them from every other reader).
    passes = session.scalars(
        select(m.PassIae).where(m.PassIae.person_id == person_id),
        execution_options=including_cancelled(),
    )
    for pass_iae in passes:
        pass_iae.number, pass_iae.notes = f"ANONYME-{pass_iae.id}", None
        pass_iae.cancellation_reason = None
    pass_ids = select(m.PassIae.id).where(m.PassIae.person_id == person_id)
    for decision in (m.PassSuspension, m.PassProlongation):  # bulk: cancelled ones too
        session.execute(
            update(decision)
            .where(decision.pass_id.in_(pass_ids))
            .values(notes=None, cancellation_reason=None)
        )
    # The hires imported from les emplois: their key is made of names and birth date.
    for hire in session.scalars(select(m.EmploisHire).where(m.EmploisHire.person_id == person_id)):
        hire.row_key, hire.pass_number = f"ANONYME-{hire.id}", None
        hire.prescriber_user = hire.prescriber_organisation = hire.jobs = hire.file_name = None
    contract_ids = select(m.Contract.id).where(m.Contract.person_id == person_id)
    session.execute(
        update(m.Contract)
        .where(m.Contract.person_id == person_id)
        .values(
            job_title=None, derogation_reference=None, extension_notes=None, exit_notes=None,
            acknowledged_warnings=None, cancellation_reason=None,
        )
    )  # fmt: skip
    for model, values in (
        (
            m.Amendment,
            {
                "reason": None,
                "acknowledged_warnings": None,
                "previous_derogation_reference": None,
                "new_derogation_reference": None,
                "cancellation_reason": None,
            },
        ),
        (
            m.ContractSuspension,
            {"other_employer": None, "notes": None, "cancellation_reason": None},
        ),
        (m.ContractDerogation, {"reference": None}),
        (m.MonthlyHours, {"notes": None}),
    ):
        session.execute(update(model).where(model.contract_id.in_(contract_ids)).values(**values))
    session.execute(
        update(m.Enrolment)
        .where(m.Enrolment.person_id == person_id)
        .values(notes=None, cancellation_reason=None)
    )
    # The previous versions of corrected records hold the same values: they go whole.
    session.execute(delete(m.RecordVersion).where(m.RecordVersion.person_id == person_id))
    return scrubbed


def _empty_wal(database: Database) -> None:
    if not database.is_sqlite or database.readonly:
        return
    raw = database.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.close()
    finally:
        raw.close()


def erase_leftovers(database: Database) -> None:
    """Rewrite the file (VACUUM) and empty the WAL: erased values leave the disk too."""
    if not database.is_sqlite or database.readonly:
        return
    raw = database.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.execute("VACUUM")
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.close()
    finally:
        raw.close()


@dataclass(frozen=True)
class ErasureDone:
    """What an erasing did, for the confirmation shown to the direction."""

    backup_name: str  # the backup made just before (anonymised too, once the action is done)
    backups: BackupsErasure = field(default_factory=BackupsErasure)
    copies_elsewhere: tuple[CopyElsewhere, ...] = ()
    # On a server: the tables rewritten (VACUUM FULL) so the erased values leave its files.
    rewritten: Rewritten = field(default_factory=Rewritten)


def anonymise_with_backup(
    ctx: AppContext, person_id: int, step: RetentionStep, *, today: dt.date | None = None
) -> ErasureDone:
    """A backup first, then the erasing (one transaction), then the file rewritten.

    An anonymisation then erases the person in every backup of ``backups/`` (that backup
    included: it was the safety net of the action, which is done), see
    ``backups_erasure``; the backups that could not be are named in the result, with the
    copies written outside the application since she was recorded (« Sauvegarder vers… »,
    « Exporter en clair »), which the direction has to wipe. A crash between the live
    data's commit and the end of the backups' rewrite leaves the backups not yet reached
    as they were (each one whole); the next writable opening finishes them
    (``backups_erasure.finish_interrupted``).
    An erasing of the support alone leaves the backups to their rotation.
    """
    ctx.read(check_due, person_id, step, today or dt.date.today())  # refused before any backup
    created_at = ctx.read(_created_at, person_id)
    backup = backups.backup_before(ctx, "avant-anonymisation")
    written = ctx.run(_erase_noting_tables, person_id, step, today, backup.name)
    erase_leftovers(ctx.database)
    rewritten = rewrite_tables(ctx.database, written)  # a server's dead row versions
    if rewritten.left:  # told to the direction (``ErasureDone``) and kept in the trail
        ctx.run(record_server_leftovers, person_id, rewritten)
    if ctx.paths is not None:
        from chantier_app.services.safety.leftovers import remove_leftovers

        remove_leftovers(ctx.paths)  # abandoned full copies would keep the erased values
    if step is RetentionStep.SUPPORT or ctx.paths is None:
        return ErasureDone(backup.name, rewritten=rewritten)
    done = anonymise_in_backups(ctx.paths.backups_dir, person_id, created_at)
    ctx.run(record_backups, person_id, done)
    _empty_wal(ctx.database)  # that line holds nothing of her: no second VACUUM needed
    backups_dir = ctx.paths.backups_dir.resolve()
    copies = tuple(
        c
        for c in ctx.read(_copies_since, created_at)
        if backups_dir not in Path(c.path).resolve().parents  # a server's sub-folder too
    )
    return ErasureDone(backup.name, done, copies, rewritten)


def _erase_noting_tables(
    session: Session,
    actor: Actor,
    person_id: int,
    step: RetentionStep,
    today: dt.date | None,
    backup_name: str,
) -> tuple[str, ...]:
    """The erasing, and on a server the tables it wrote (to be rewritten once committed)."""
    if step is RetentionStep.SUPPORT:
        purge_support(session, actor, person_id, today=today)
    else:
        anonymise_person(session, actor, person_id, today=today, backup_name=backup_name)
    return written_tables(session)


def _created_at(session: Session, _actor: Actor, person_id: int) -> dt.datetime:
    person = session.get(m.Person, person_id)
    assert person is not None  # check_due found her
    return person.created_at


def _copies_since(session: Session, _actor: Actor, since: dt.datetime) -> tuple[CopyElsewhere, ...]:
    return _copies_elsewhere(session, since)
