"""The catalogue with its cancelled sessions (« Afficher les sessions annulées »): listed only
when asked for, with the day each was cancelled and why, to the catalogue's readers only."""

from __future__ import annotations

import datetime as dt

import pytest

from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.codes.support_codes import TrainingKind
from chantier_app.domain.errors import PermissionDeniedError
from chantier_app.services.context import AppContext
from chantier_app.services.trainings import enrolments
from chantier_app.services.trainings import sessions as trainings
from chantier_app.services.trainings.session_corrections import cancel_session
from chantier_app.services.trainings.sessions import SessionInput
from tests import support_factory as f

D = dt.date
SST = SessionInput("SST", TrainingKind.SAFETY, D(2026, 3, 9), D(2026, 3, 10), "14", "Croix-Rouge")
CACES = SessionInput("CACES", TrainingKind.SAFETY, D(2026, 4, 13), D(2026, 4, 15), "21")


@pytest.fixture
def ids(ctx, database) -> dict[str, int]:
    with database.transaction() as session:
        a = f.person(session, "Lefèvre")
        f.contract(session, a, D(2026, 1, 1), D(2026, 6, 30))
        found = {"a": a.id}
    found["sst"] = ctx.run(trainings.save_session, None, SST).id
    found["caces"] = ctx.run(trainings.save_session, None, CACES).id
    ctx.run(enrolments.enrol, found["sst"], found["a"])
    return found


def test_cancelled_sessions_are_listed_only_when_asked_with_their_date(ctx, ids) -> None:
    both = ctx.read(trainings.list_sessions_including_cancelled)
    assert [(s.title, s.enrolled, s.cancelled_on) for s in both] == [
        ("CACES", 0, None),
        ("SST", 1, None),
    ]
    ctx.run(cancel_session, ids["sst"], "Saisie en double")
    today = dt.date.today()  # cancelled_at is stamped by the database layer, now
    assert [s.title for s in ctx.read(trainings.list_sessions)] == ["CACES"]
    listed = ctx.read(trainings.list_sessions_including_cancelled)
    assert [
        (s.title, s.cancelled, s.cancelled_on, s.cancellation_reason, s.enrolled) for s in listed
    ] == [
        ("CACES", False, None, None, 0),
        # Its enrolment went with it: nobody is enrolled in a cancelled session.
        ("SST", True, today, "Saisie en double", 0),
    ]
    # The live list is not changed by having asked for the cancelled ones.
    assert [s.title for s in ctx.read(trainings.list_sessions)] == ["CACES"]


def test_an_enrolment_cancelled_alone_is_not_counted(ctx, ids) -> None:
    from chantier_app.services.trainings.enrolment_corrections import cancel_enrolment

    (enrolment,) = ctx.read(enrolments.list_enrolments, ids["sst"])
    ctx.run(cancel_enrolment, enrolment.id, "Mauvaise personne")
    listed = ctx.read(trainings.list_sessions_including_cancelled)
    assert [(s.title, s.enrolled) for s in listed] == [("CACES", 0), ("SST", 0)]


@pytest.mark.parametrize("role", list(Role))
def test_rights_are_those_of_the_catalogue(ctx, ids, database, role) -> None:
    ctx.run(cancel_session, ids["caces"], "Reportée")
    with database.transaction() as session:
        _, actor = f.staff(session, role, last="Essai")
    reader = AppContext(database, actor)

    def outcome(listing) -> object:
        try:
            return [s.title for s in reader.read(listing) if not s.cancelled]
        except PermissionDeniedError as exc:
            return str(exc)

    assert outcome(trainings.list_sessions_including_cancelled) == outcome(trainings.list_sessions)
