"""GUI tests: the real widgets, offscreen, in French."""

from __future__ import annotations

import pytest

from chantier_app.ui.locale import install_french


@pytest.fixture(autouse=True)
def _french(qapp) -> None:
    install_french(qapp)
