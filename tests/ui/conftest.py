"""GUI tests: the real widgets, offscreen, in French."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from chantier_app.db.engine import Database
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.services.context import Actor, AppContext
from chantier_app.ui.locale import install_french
from chantier_app.ui.widgets.collector import collect_if_safe, install_collector
from chantier_app.ui.widgets.jobs import jobs_running


@pytest.fixture(autouse=True)
def _french(qapp) -> None:
    install_french(qapp)


@pytest.fixture(autouse=True)
def _collector(qapp) -> Iterator[None]:
    """The application's collector (as run_gui installs it): garbage collected on the GUI
    thread only, after each test once its background jobs are over."""
    install_collector(qapp)
    yield
    for _ in range(200):  # a job a test left running ends first (at most 10 s)
        if not jobs_running():
            break
        qapp.processEvents()
        threading.Event().wait(0.05)
    collect_if_safe()


@pytest.fixture
def other_office(database: Database) -> Iterator[AppContext]:
    """Another office on the same data: a second ``Database`` on the test's file (or its
    server's database), its own connections and sessions, as a second PC has; Sophie
    Lacroix of the direction works there."""
    elsewhere = Database(database.url)
    try:
        yield AppContext(elsewhere, Actor(None, "Sophie Lacroix", Role.DIRECTION))
    finally:
        elsewhere.dispose()
