"""The person's file keeps the tabs it has built when the next file opens: each tab then shows
that person exactly as a tab built for them would, and nothing of the previous person."""

from __future__ import annotations

import dataclasses

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from chantier_app.db import models as m
from chantier_app.db.engine import Database
from chantier_app.services.context import AppContext
from chantier_app.services.people.records import update_person
from chantier_app.services.people.views import get_person
from chantier_app.ui.person.file import PersonFile
from tests.team_factory import demo_actor
from tests.ui.widget_texts import texts


class _Nav:
    def show_page(self, key: str) -> None: ...

    def open_person(self, person_id: int, tab: str | None = None) -> None: ...


def _file(qtbot, ctx: AppContext) -> PersonFile:
    file = PersonFile(ctx, _Nav())
    qtbot.addWidget(file)
    file.resize(1200, 760)
    file.show()
    return file


def _visit_all(file: PersonFile, person_id: int) -> list[str]:
    """Open the file, show every tab; what each tab shows (deleted widgets gone first)."""
    file.load(person_id, "identity")
    shown = []
    for index in range(file.tabs.count()):
        file.tabs.setCurrentIndex(index)
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        QApplication.processEvents()
        shown.append(texts(file.tabs.widget(index)))
    return shown


@pytest.fixture
def busiest(demo_database) -> list[int]:
    """The people with the most follow-up milestones: files with something in every tab."""
    with demo_database.reading() as session:
        return list(
            session.scalars(
                select(m.Milestone.person_id)
                .group_by(m.Milestone.person_id)
                .order_by(func.count().desc(), m.Milestone.person_id)
                .limit(3)
            )
        )


def test_a_kept_tab_shows_the_next_person_as_a_new_one_would(qtbot, demo_ctx, busiest) -> None:
    first, second, third = busiest
    kept = _file(qtbot, demo_ctx)
    _visit_all(kept, first)
    widgets = [kept.tabs.widget(i).content for i in range(kept.tabs.count())]
    for person_id in (second, third):
        shown = _visit_all(kept, person_id)
        assert [kept.tabs.widget(i).content for i in range(kept.tabs.count())] == widgets
        assert shown == _visit_all(_file(qtbot, demo_ctx), person_id)
        assert kept.tab("identity").person_id == person_id


def test_health_notes_follow_the_person_not_the_tab(qtbot, demo_database) -> None:
    """A CIP reads the notes of the people they follow only: the kept tab hides them again."""
    with demo_database.reading() as session:
        noted, cip_id = session.execute(
            select(m.SensitiveNote.person_id, m.Person.cip_id)
            .join(m.Person, m.Person.id == m.SensitiveNote.person_id)
            .order_by(m.SensitiveNote.id)
            .limit(1)
        ).one()
        login = session.scalar(select(m.Staff.login).where(m.Staff.id == cip_id))
        other = session.scalar(
            select(m.Person.id).where(m.Person.cip_id != cip_id).order_by(m.Person.id).limit(1)
        )
    file = _file(qtbot, AppContext(demo_database, demo_actor(demo_database, login)))
    file.load(noted, "support")
    support = file.tab("support")
    assert not support.notes_box.isHidden() and support.notes.model_.rows()
    file.load(other, "support")
    assert file.tab("support") is support
    assert support.notes_box.isHidden() and support.notes.model_.rows() == []
    assert not support.new_note_button.isVisibleTo(support)
    file.load(noted, "support")
    assert not support.notes_box.isHidden() and support.notes.model_.rows()


def test_someone_else_logged_in_gets_tabs_built_for_their_rights(qtbot, demo_database) -> None:
    director = AppContext(demo_database, demo_actor(demo_database, "direction"))
    file = _file(qtbot, director)
    with demo_database.reading() as session:
        person_id = session.scalar(select(m.Person.id).order_by(m.Person.id).limit(1))
    file.load(person_id)
    identity = file.tab("identity")
    file.ctx = AppContext(demo_database, demo_actor(demo_database, "cip1"))
    file.load(person_id)
    assert file.tab("identity") is not identity


def test_a_file_and_its_tabs_shown_in_one_turn_read_once_and_the_next_turn_reads_anew(
    qtbot, demo_ctx, busiest
) -> None:
    """The reads of a turn of the event loop (the file opened, every tab shown) share one
    transaction; a tab shown at a later turn sees what another office saved meanwhile."""
    person_id = busiest[0]
    file = _file(qtbot, demo_ctx)
    _visit_all(file, busiest[1])  # the tabs built
    QApplication.processEvents()
    begins: list[object] = []

    # The engine's own « begin » event: SQLite's driver sends a BEGIN statement, psycopg
    # begins without one (its implicit transaction), so statements cannot be counted.
    def count(conn: object) -> None:
        begins.append(conn)

    engine = demo_ctx.database.engine
    sa.event.listen(engine, "begin", count)
    try:
        file.load(person_id, "identity")
        for index in range(file.tabs.count()):
            file.tabs.setCurrentIndex(index)
    finally:
        sa.event.remove(engine, "begin", count)
    assert len(begins) == 1
    QApplication.processEvents()  # the turn ends: the user's next click reads anew
    elsewhere = AppContext(Database(demo_ctx.database.url), demo_ctx.actor)
    try:
        before = elsewhere.read(get_person, person_id)
        record = dataclasses.replace(before.record, usage_name="Renommée-Ailleurs")
        elsewhere.run(update_person, person_id, record, expected_version=before.version)
    finally:
        elsewhere.database.dispose()
    file.tabs.setCurrentIndex(file._keys.index("identity"))
    assert file.tab("identity").values["usage_name"].text() == "Renommée-Ailleurs"
