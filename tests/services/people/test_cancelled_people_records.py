"""A diagnosis, a PASS IAE and its suspensions and prolongations cancelled by mistake stay in
the database, marked cancelled (who, when, why), read by no one but the history, the right
of access and the anonymisation (issue 15: nothing is hard-deleted but by the retention
rules); a PASS number cancelled may be entered again; a stale edit of a suspension or a
prolongation made from another office's copy is refused (issue 21)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.db.cancellable import including_cancelled
from chantier_app.db.engine import Database
from chantier_app.domain.codes.contract_codes import PassProlongationReason, PassSuspensionReason
from chantier_app.domain.codes.eligibility_criteria import EligibilityCriterion as C
from chantier_app.domain.codes.person_codes import DiagnosisAuthor
from chantier_app.domain.codes.record_kinds import RecordKind, VersionAction
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.errors import StaleEditError, ValidationError
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.history import record_history
from chantier_app.services.people import asp_record, eligibility, pass_iae
from chantier_app.services.people.diagnosis_corrections import cancel_diagnosis
from chantier_app.services.people.eligibility import DiagnosisInput
from chantier_app.services.people.pass_corrections import (
    cancel_pass,
    cancel_pass_prolongation,
    cancel_pass_suspension,
    correct_pass_prolongation,
    correct_pass_suspension,
)
from chantier_app.services.people.pass_iae import PassInput, ProlongationInput, SuspensionInput
from tests import support_factory as f
from tests.db_dump import dump

D = dt.date
NUMBER = "99999 25 12345"
SICK = PassSuspensionReason.SICKNESS


@pytest.fixture
def world(ctx, database) -> dict[str, int]:
    """Two people; the first's PASS from 01/01/2025 suspended in May, no contract."""
    with database.transaction() as session:
        person = f.person(session, "Lefèvre")
        person.birth_date = D(1990, 5, 17)
        other = f.person(session, "Diallo")
        other.birth_date = D(1988, 2, 3)
        ids = {"person": person.id, "other": other.id}
    ids["pass"] = ctx.run(pass_iae.add_pass, ids["person"], PassInput(NUMBER, D(2025, 1, 1)))
    ids["suspension"] = ctx.run(
        pass_iae.add_suspension,
        ids["pass"],
        SuspensionInput(SICK, D(2025, 5, 1), D(2025, 5, 10), "hospitalisation"),
    )
    return ids


def _data(ctx) -> dict[str, object]:
    """Every table but the trail, which a refusal writes its line to."""
    tables = dump(ctx.database)
    tables.pop("audit_entry")
    return tables


def _kept(ctx, model, record_id: int):
    """The row as stored, cancelled or not, and whether the ORM's readers still see it."""
    with ctx.database.reading() as session:
        # Asked first: once loaded, ``get`` answers from the session without a query.
        seen = session.get(model, record_id) is not None
        row = session.get(model, record_id, execution_options=including_cancelled())
        assert row is not None
        return (row.cancelled_at is not None, row.cancelled_by_id, row.cancellation_reason, seen)


def test_a_cancelled_pass_keeps_its_row_and_its_decisions_and_gives_its_number_back(
    ctx, world
) -> None:
    def asp_number(person_id: int) -> str:
        record = ctx.read(asp_record.employee_record, person_id).record
        return next(f.value for f in record.fields if f.key == "passIae")

    assert asp_number(world["person"]) == "99999 25 12345"
    ctx.run(cancel_pass, world["pass"], "Mauvais dossier")
    assert ctx.read(pass_iae.list_passes, world["person"]) == []
    assert asp_number(world["person"]) == ""  # the ASP record no longer carries it
    staff_id = ctx.actor.staff_id
    assert _kept(ctx, m.PassIae, world["pass"]) == (True, staff_id, "Mauvais dossier", False)
    assert _kept(ctx, m.PassSuspension, world["suspension"]) == (
        True,
        staff_id,
        "Mauvais dossier",
        False,
    )
    (version,) = ctx.read(record_history, world["person"])
    assert (version.kind, version.action) == (RecordKind.PASS_IAE, VersionAction.CANCEL)
    assert version.previous["number"] == "999992512345"  # the version keeps the number
    with ctx.database.reading() as session:  # and so does the row: a fact kept as it was
        row = session.get(m.PassIae, world["pass"], execution_options=including_cancelled())
        assert row is not None and row.number == "999992512345"
    # It was the other person's PASS: entered there, the same number is taken.
    moved = ctx.run(pass_iae.add_pass, world["other"], PassInput(NUMBER, D(2025, 1, 1)))
    (view,) = ctx.read(pass_iae.list_passes, world["other"])
    assert (view.id, view.number) == (moved, "999992512345")
    assert moved != world["pass"]
    # The live one only is taken: a third entry is refused, in French, nothing written.
    before = dump(ctx.database)
    with pytest.raises(ValidationError) as refused:
        ctx.run(pass_iae.add_pass, world["person"], PassInput(NUMBER, D(2025, 1, 1)))
    assert "Numéro du PASS IAE : déjà enregistré pour un autre dossier." in str(refused.value)
    assert dump(ctx.database) == before


def test_a_cancelled_suspension_is_kept_and_the_end_counts_the_live_ones_only(ctx, world) -> None:
    assert ctx.read(pass_iae.list_passes, world["person"])[0].end == D(2027, 1, 10)
    ctx.run(cancel_pass_suspension, world["suspension"], "Saisie en double")
    (view,) = ctx.read(pass_iae.list_passes, world["person"])
    assert (view.end, view.suspensions) == (D(2026, 12, 31), [])
    assert _kept(ctx, m.PassSuspension, world["suspension"])[2:] == ("Saisie en double", False)
    # The same days suspended again: the cancelled one overlaps nothing.
    ctx.run(
        pass_iae.add_suspension,
        world["pass"],
        SuspensionInput(SICK, D(2025, 5, 1), D(2025, 5, 20)),
    )
    (view,) = ctx.read(pass_iae.list_passes, world["person"])
    assert view.end == D(2027, 1, 20)
    # A prolongation cancelled: the PASS ends again where it ended before it.
    ctx.run(
        pass_iae.add_prolongation,
        world["pass"],
        ProlongationInput(PassProlongationReason.DIFFICULTIES, D(2027, 1, 20), D(2027, 3, 31)),
    )
    (view,) = ctx.read(pass_iae.list_passes, world["person"])
    assert view.end == D(2027, 3, 31)
    prolongation = view.prolongations[0].id
    ctx.run(cancel_pass_prolongation, prolongation, "Décision non reçue")
    (view,) = ctx.read(pass_iae.list_passes, world["person"])
    assert (view.end, view.prolongations) == (D(2027, 1, 20), [])
    assert _kept(ctx, m.PassProlongation, prolongation)[2:] == ("Décision non reçue", False)


def test_a_cancelled_diagnosis_is_kept_out_of_sight(ctx, world) -> None:
    criteria = {C.LOW_EDUCATION: None, C.QPV: None, C.DELD: "Attestation"}
    diagnosis_id = ctx.run(
        eligibility.add_diagnosis,
        world["person"],
        DiagnosisInput(D(2026, 6, 1), DiagnosisAuthor.STRUCTURE, None, criteria),
        today=D(2026, 6, 1),
    )
    ctx.run(cancel_diagnosis, diagnosis_id, "Mauvais dossier", today=D(2026, 6, 1))
    assert ctx.read(eligibility.list_diagnoses, world["person"]) == []
    assert _kept(ctx, m.EligibilityDiagnosis, diagnosis_id)[2:] == ("Mauvais dossier", False)
    with ctx.database.reading() as session:  # its criteria stay with it
        kept = session.scalars(
            select(m.EligibilityCriterionProof.criterion).where(
                m.EligibilityCriterionProof.diagnosis_id == diagnosis_id
            )
        ).all()
    assert sorted(kept) == sorted(criteria)
    (version,) = ctx.read(record_history, world["person"])
    assert (version.kind, version.action) == (RecordKind.DIAGNOSIS, VersionAction.CANCEL)
    assert {"criterion": C.DELD.value, "proof": "Attestation"} in version.previous["criteria"]


@pytest.fixture
def elsewhere(database) -> Iterator[AppContext]:
    """Another office on the same data: its own ``Database`` on the same file or server."""
    other = Database(database.url)
    yield AppContext(other, Actor(None, "Sophie Lacroix", Role.DIRECTION))
    other.dispose()


def test_a_suspension_or_prolongation_saved_elsewhere_refuses_a_stale_edit(
    ctx, world, elsewhere
) -> None:
    (view,) = ctx.read(pass_iae.list_passes, world["person"])
    loaded = view.suspensions[0].version
    assert loaded == 1
    elsewhere.run(
        correct_pass_suspension,
        world["suspension"],
        SuspensionInput(SICK, D(2025, 5, 1), D(2025, 5, 12), "hospitalisation"),
        expected_version=loaded,
    )
    before = _data(ctx)
    for action, args in (
        (
            correct_pass_suspension,
            (SuspensionInput(SICK, D(2025, 5, 1), D(2025, 5, 20), "hospitalisation"),),
        ),
        (cancel_pass_suspension, ("Saisie en double",)),
    ):
        with pytest.raises(StaleEditError) as refused:
            ctx.run(action, world["suspension"], *args, expected_version=loaded)
        assert str(refused.value).startswith("Modifié par Sophie Lacroix à ")
        assert _data(ctx) == before
    (view,) = ctx.read(pass_iae.list_passes, world["person"])
    assert (view.suspensions[0].end, view.suspensions[0].version) == (D(2025, 5, 12), 2)
    # Reloaded, the cancellation goes through.
    ctx.run(cancel_pass_suspension, world["suspension"], "Saisie en double", expected_version=2)
    ctx.run(
        pass_iae.add_prolongation,
        world["pass"],
        ProlongationInput(PassProlongationReason.DIFFICULTIES, D(2026, 12, 31), D(2027, 3, 31)),
    )
    (view,) = ctx.read(pass_iae.list_passes, world["person"])
    prolongation = view.prolongations[0]
    fixed = ProlongationInput(PassProlongationReason.DIFFICULTIES, D(2026, 12, 31), D(2027, 2, 28))
    elsewhere.run(
        correct_pass_prolongation,
        prolongation.id,
        fixed,
        "Date de fin",
        expected_version=prolongation.version,
    )
    before = _data(ctx)
    with pytest.raises(StaleEditError):
        ctx.run(
            cancel_pass_prolongation,
            prolongation.id,
            "x",
            expected_version=prolongation.version,
        )
    assert _data(ctx) == before
