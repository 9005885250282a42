"""What an encadrant's screens show: never a NIR, a health or justice note, nor anyone outside
their teams. The same screens opened by the director do show them (the search works)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.domain.codes.support_codes import SensitiveNoteKind
from chantier_app.domain.errors import PermissionDeniedError
from chantier_app.domain.identity_rules import format_nir
from chantier_app.services.context import AppContext
from chantier_app.services.contracts import views as contracts_views
from chantier_app.services.hours import person as hours_person
from chantier_app.services.people import pass_iae
from chantier_app.services.people import views as people_views
from chantier_app.services.support import sensitive_notes
from chantier_app.services.trainings import enrolments
from chantier_app.services.trainings import sessions as trainings  # fmt: skip
from chantier_app.ui.main_window import MainWindow
from tests.conftest import TODAY
from tests.team_factory import demo_actor
from tests.ui.widget_texts import texts

NOTE = "Traitement de substitution suivi au CSAPA des Lilas"


@pytest.fixture
def people(demo_database) -> dict[str, object]:
    """A person of encadrant1's team (with a NIR and a health note), and one of another team."""
    with demo_database.transaction() as session:
        marc = session.scalars(select(m.Staff).where(m.Staff.login == "encadrant1")).one()
        team = marc.teams[0].id
        mine = session.scalars(
            select(m.Person).where(m.Person.team_id == team, m.Person.nir.is_not(None))
        ).first()
        other = session.scalars(select(m.Person).where(m.Person.team_id != team)).first()
        session.add(
            m.SensitiveNote(
                person_id=mine.id, kind=SensitiveNoteKind.HEALTH, written_on=TODAY, text=NOTE
            )
        )
        # The whole name as lists show it: the demo has namesakes in different teams.
        return {"mine": mine.id, "nir": mine.nir, "other": other.id,
                "other_name": other.display_name}  # fmt: skip


def _everything_shown(qtbot, ctx: AppContext, person_id: int) -> str:
    """Every page of the main window, then the person's file tab by tab."""
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1200, 760)
    window.show()
    shown = []
    for spec in window.specs:
        window.show_page(spec.key)
        shown.append(texts(window))
    window.open_person(person_id)
    person_file = window.page("people").file
    for index in range(person_file.tabs.count()):
        person_file.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        shown.append(texts(window))
    return "\n".join(shown)


def test_an_encadrant_never_sees_a_nir_or_a_health_note(qtbot, demo_database, people) -> None:
    ctx = AppContext(demo_database, demo_actor(demo_database, "encadrant1"))
    shown = _everything_shown(qtbot, ctx, people["mine"])
    assert "Salariés" in shown and "Contrats" in shown  # the screens were really read
    for secret in (people["nir"], format_nir(people["nir"]), NOTE):
        assert secret not in shown
    assert people["other_name"] not in shown  # nobody outside the team either
    assert "Accompagnement" not in [s.title for s in MainWindow(ctx).specs]


def test_the_director_sees_them_on_the_same_screens(qtbot, demo_database, people) -> None:
    ctx = AppContext(demo_database, demo_actor(demo_database, "direction"))
    shown = _everything_shown(qtbot, ctx, people["mine"])
    assert format_nir(people["nir"]) in shown or people["nir"] in shown
    assert NOTE in shown


def test_the_data_of_an_encadrant_document_holds_no_nir_nor_note(demo_database, people) -> None:
    """What a follow-up sheet for an encadrant may read about the person."""
    ctx = AppContext(demo_database, demo_actor(demo_database, "encadrant1"))
    pid = people["mine"]
    read = [
        ctx.read(people_views.get_person, pid),
        ctx.read(pass_iae.list_passes, pid),
        ctx.read(contracts_views.person_contracts, pid),
        ctx.read(hours_person.person_hours, pid),
        ctx.read(enrolments.person_enrolments, pid),
        ctx.read(trainings.qualifications, pid),
    ]
    dump = repr(read)
    assert people["nir"] not in dump and NOTE not in dump
    assert read[0].nir_hidden and read[0].situation_hidden
    with pytest.raises(PermissionDeniedError):
        ctx.read(sensitive_notes.list_notes, pid)
