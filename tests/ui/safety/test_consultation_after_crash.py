"""Start-up of a read-only folder that a crash left with committed rows in its ``-wal``
(issue 23, point 8): the consultation shows them all; when no private copy can be made
(the temporary folder refuses it), the start-up says so in a window, in French."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from dialog_helpers import Answers, run_with
from PySide6.QtWidgets import QMessageBox
from safety_helpers import hire
from sqlalchemy import func, select, text

from chantier_app.db import models as m
from chantier_app.db import wal_copy
from chantier_app.paths import resolve_paths
from chantier_app.services.context import AppContext
from chantier_app.ui.safety.startup import start_session

pytestmark = pytest.mark.sqlite_only(
    reason="a SQLite file and its -wal as a crash leaves them, opened read-only"
)


@pytest.fixture
def crashed(ctx: AppContext, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The data file and its -wal as a crash leaves them: copied while the writer's
    connection is still open, so the last hires are in the -wal only."""
    for n in range(5):
        ctx.run(hire, n)
    with ctx.database.reading() as session:
        people = session.scalar(select(func.count()).select_from(m.Person))
    source = ctx.database.path
    assert source is not None
    folder = tmp_path / "apres-crash"
    folder.mkdir()
    for name in (source.name, source.name + "-wal"):
        shutil.copyfile(source.with_name(name), folder / name)
    ctx.database.dispose()
    paths = resolve_paths(folder)
    assert (folder / (source.name + "-wal")).stat().st_size > 0
    yield paths, people
    wal_copy.remove_copies()


def test_the_consultation_shows_every_committed_person(qtbot, crashed, make_read_only) -> None:
    paths, people = crashed
    with make_read_only(paths.data_dir):
        answers = Answers("consult")
        started = run_with(answers, lambda: start_session(paths))
        assert answers.seen[0][0] == "Dossier en lecture seule"
        assert started is not None and started.readonly
        try:
            with started.opened.database.reading() as session:
                assert session.execute(text("SELECT count(*) FROM person")).scalar() == people
        finally:
            started.opened.database.dispose()


def test_no_private_copy_possible_is_a_window(
    qtbot, crashed, make_read_only, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths, _people = crashed
    temporary = tmp_path / "temporaire"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    with make_read_only(paths.data_dir), make_read_only(temporary):
        answers = Answers("consult", QMessageBox.StandardButton.Ok)
        assert run_with(answers, lambda: start_session(paths)) is None
        title, message = answers.seen[1]
        assert title == "Impossible d'ouvrir les données"
        assert "lecture seule" in message or "Accès refusé" in message
    assert list(temporary.iterdir()) == []  # no half copy of the data left
