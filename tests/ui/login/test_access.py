"""Pages and tabs each role finds in the main window (the services refuse the rest anyway)."""

from __future__ import annotations

import pytest

from chantier_app.domain.codes.staff_codes import Role
from chantier_app.services.context import Actor
from chantier_app.ui.login.access import visible_pages, visible_tabs
from chantier_app.ui.pages import page_specs
from chantier_app.ui.person.tabs import person_tabs

EVERY_PAGE = ["dashboard", "people", "contracts", "hours", "trainings", "support", "documents",
              "settings", "privacy"]  # fmt: skip


@pytest.mark.parametrize(
    ("role", "pages", "tabs"),
    [
        (Role.DIRECTION, EVERY_PAGE, None),
        (Role.CIP, [p for p in EVERY_PAGE if p != "privacy"], None),
        (
            Role.SUPERVISOR,
            ["dashboard", "people", "contracts", "hours", "trainings", "documents", "settings"],
            ["identity", "contracts", "hours", "trainings", "documents", "history"],
        ),
    ],
)
def test_each_role_finds_its_pages_and_tabs(qapp, role, pages, tabs) -> None:
    actor = Actor(1, "X", role)
    assert [s.key for s in visible_pages(page_specs(), actor)] == pages
    every_tab = [s.key for s in person_tabs()]
    assert [s.key for s in visible_tabs(person_tabs(), actor)] == (tabs or every_tab)
