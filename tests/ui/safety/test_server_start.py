"""Start-up on a shared database, against a real server (TCP, TLS verified by a test CA, a
password): ``chantier --serveur URL`` opens it, the password of the URL goes to the keyring
and nowhere in the data folder or the logs; without a kept password the French dialog asks
it, again after a refusal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from chantier_app.db import server_config
from chantier_app.paths import resolve_paths
from chantier_app.services.safety import shared_database
from chantier_app.services.safety.shared_database import ServerChoice
from chantier_app.ui.safety.server_password_dialog import ServerPasswordDialog
from chantier_app.ui.safety.server_start import start_on_server
from tests.conftest import TODAY
from tests.file_keyring import ENV as KEYRING_FILE
from tests.postgres_tls import TlsServer
from tests.ui.fit_checks import cut_texts, too_large

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.postgres_only


def _chantier(data: Path, url: str, keyring_file: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "QT_QPA_PLATFORM": "offscreen",
        "CHANTIER_QUIT_WHEN_READY": "1",  # quit once the first screen shows (bench mode)
        "PYTHON_KEYRING_BACKEND": "tests.file_keyring.FileKeyring",
        KEYRING_FILE: str(keyring_file),
    }
    return subprocess.run(
        [sys.executable, "-m", "chantier_app", "--data-dir", str(data), "--serveur", url],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
    )


def _audit_lines(tls_server: TlsServer, name: str) -> int:
    import sqlalchemy as sa
    from sqlalchemy.pool import NullPool

    engine = sa.create_engine(tls_server.cluster.url(name), poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return int(conn.exec_driver_sql("SELECT count(*) FROM audit_entry").scalar() or 0)
    finally:
        engine.dispose()


def _holding(folder: Path, secret: str) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and secret.encode() in p.read_bytes()]


def test_serveur_url_opens_the_server_and_its_password_goes_to_the_keyring_only(
    tls_server: TlsServer, tmp_path: Path
) -> None:
    with tls_server.database(tls_server.server.demo_template(TODAY)) as name:
        data, keyring_file = tmp_path / "data", tmp_path / "trousseau.json"
        before = _audit_lines(tls_server, name)
        first = _chantier(data, tls_server.url(name, password=True), keyring_file)
        assert first.returncode == 0, first.stderr
        assert "READY" in first.stdout
        assert tls_server.password in keyring_file.read_text()  # moved to the keyring
        assert _holding(data, tls_server.password) == []  # data folder, logs included
        assert (data / "logs").is_dir()
        assert not (data / "serveur.json").exists()  # --serveur is for this run only
        assert not (data / "chantier.sqlite3").exists()  # the server, not a file
        # The next start's address holds no password: the keyring gives it.
        again = _chantier(data, tls_server.url(name), keyring_file)
        assert again.returncode == 0, again.stderr
        assert "READY" in again.stdout
        assert _holding(data, tls_server.password) == []
        assert _audit_lines(tls_server, name) > before  # the demo's log-ins, on the server


def _answer_password_dialogs(
    qtbot, answers: list[str | None], seen: list[str], fits: list[str] | None = None
) -> None:
    """Type each answer in the next « Mot de passe du serveur » (None: « Quitter »)."""
    fits = fits if fits is not None else []

    def step() -> None:
        dialog = next(
            (
                w
                for w in QApplication.topLevelWidgets()
                if isinstance(w, ServerPasswordDialog) and w.isVisible()
            ),
            None,
        )
        if dialog is None:
            QTimer.singleShot(20, step)
            return
        seen.append(dialog.refusal.text() if not dialog.refusal.isHidden() else "")
        # Nothing cut at 1280×720, the refusal and the no-keyring note included.
        fits.extend([p for p in [too_large(dialog)] if p] + cut_texts(dialog))
        answer = answers.pop(0)
        if answer is None:
            dialog.findChild(type(dialog.connect_button), "serverQuit").click()
        else:
            qtbot.keyClicks(dialog.field, answer)
            qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
        if answers:
            QTimer.singleShot(20, step)

    QTimer.singleShot(0, step)


def test_the_password_is_asked_in_french_again_after_a_refusal_then_kept(
    qtbot, tls_server: TlsServer, tmp_path: Path, memory_keyring
) -> None:
    paths = resolve_paths(tmp_path / "data")
    with tls_server.database() as name:
        target = shared_database.check_url(tls_server.url(name))
        server_config.write_config(shared_database.config_path(paths), target)
        choice = shared_database.choose_server(paths, None)
        assert choice == ServerChoice(target)
        seen: list[str] = []
        fits: list[str] = []
        _answer_password_dialogs(qtbot, ["faux-mot-de-passe", tls_server.password], seen, fits)
        started = start_on_server(paths, choice)
        assert started is not None and started.lock is None
        try:
            assert started.opened.database.engine.dialect.name == "postgresql"
        finally:
            started.opened.database.dispose()
        assert seen == [
            "",
            f"Mot de passe refusé par le serveur pour l'utilisateur {tls_server.role}.",
        ]
        assert shared_database.stored_password(target) == tls_server.password  # « mémoriser »
        assert fits == []
        # Kept: the next start asks nothing.
        again = start_on_server(paths, choice)
        assert again is not None
        again.opened.database.dispose()
        assert _holding(paths.data_dir, tls_server.password) == []


def test_without_a_keyring_the_password_is_asked_and_quitting_opens_nothing(
    qtbot, tls_server: TlsServer, tmp_path: Path
) -> None:
    paths = resolve_paths(tmp_path / "data")
    with tls_server.database() as name:
        choice = ServerChoice(shared_database.check_url(tls_server.url(name)))
        seen: list[str] = []
        fits: list[str] = []
        _answer_password_dialogs(qtbot, [None], seen, fits)
        assert start_on_server(paths, choice) is None
        assert seen == [""] and fits == []
        assert not paths.data_dir.exists()


def test_a_wrong_password_in_the_url_is_never_kept(
    qtbot, tls_server: TlsServer, tmp_path: Path, memory_keyring
) -> None:
    paths = resolve_paths(tmp_path / "data")
    with tls_server.database() as name:
        choice = shared_database.choose_server(paths, tls_server.url(name) + "&password=faux")
        assert choice is not None and choice.password == "faux"
        assert shared_database.stored_password(choice.target) is None  # not before it is tried
        seen: list[str] = []
        _answer_password_dialogs(qtbot, [None], seen)
        assert start_on_server(paths, choice) is None
        assert seen == [f"Mot de passe refusé par le serveur pour l'utilisateur {tls_server.role}."]
        assert shared_database.stored_password(choice.target) is None


SHOWN = """
import sys
from chantier_app.services.dashboard import first_screen
reads = []
real = first_screen.read_first_screen
def counted(*args, **kwargs):
    reads.append(args)
    return real(*args, **kwargs)
first_screen.read_first_screen = counted
from chantier_app.ui import main_window
seen = []
shown = main_window.MainWindow._first_screen_shown
def spy(self):
    from PySide6.QtWidgets import QLabel
    from chantier_app.ui.dashboard.overview import OverviewPanel
    seen.append("sqlalchemy" in sys.modules)
    [panel] = self.findChildren(OverviewPanel)
    seen.append("|".join(l.text() for l in (panel.people, panel.contracts, panel.hours, panel.fte)))
    seen.append(self.findChild(QLabel, "fteSummary").text().replace(chr(10), " / "))
    shown(self)
main_window.MainWindow._first_screen_shown = spy
from chantier_app.cli import main
code = main(["--data-dir", sys.argv[1], "--serveur", sys.argv[2]])
print("sqlalchemy before the first screen:", seen[0])
print("overview:", seen[1])
print("fte:", seen[2])
print("first screen reads:", len(reads))
sys.exit(code)
"""


def test_on_a_server_the_dashboard_shows_the_services_figures_from_the_start(
    demo_database, tmp_path: Path
) -> None:
    """No first screen read before SQLAlchemy on a server (``dashboard/first_screen``: the
    start needs SQLAlchemy and Alembic to reach the schema anyway): the window opens on the
    dashboard its services read, the same figures as they compute on the same data."""
    import datetime as dt

    from chantier_app.services.context import AppContext
    from chantier_app.services.dashboard import home
    from chantier_app.services.hours import fte
    from chantier_app.services.structure.accounts import startup_actor
    from chantier_app.ui.format import format_minutes, format_number
    from chantier_app.ui.hours.fte_chart import summary_text

    result = subprocess.run(
        [sys.executable, "-c", SHOWN, str(tmp_path / "poste"), demo_database.url],
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "QT_QPA_PLATFORM": "offscreen",
            "CHANTIER_QUIT_WHEN_READY": "1",
        },
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    today = dt.date.today()  # the window's own day
    ctx = AppContext(demo_database, startup_actor(demo_database), None)
    overview = ctx.read(home.overview, today)
    expected = "|".join(
        (
            str(overview.people_active),
            str(overview.contracts_in_force),
            format_minutes(overview.paid_minutes_this_year),
            format_number(overview.fte_this_year, 2),
        )
    )
    assert overview.people_active > 0 and overview.paid_minutes_this_year > 0
    assert f"overview: {expected}" in lines
    summary = summary_text(ctx.read(fte.fte_report, today.year).fte).replace("\n", " / ")
    assert "Conventionnés : 14,25 ETP" in summary
    assert f"fte: {summary}" in lines
    assert "sqlalchemy before the first screen: True" in lines
    assert "first screen reads: 0" in lines
