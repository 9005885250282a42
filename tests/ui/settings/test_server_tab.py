"""Paramètres → « Base de données partagée » as the director uses it: each rule's message
under its field (no server needed), then against a real server (TCP, TLS signed by a test
CA, a password): « Tester la connexion » says reachable, schema, TLS or not, or the refusal;
« Enregistrer » writes the address only (the password to the keyring) and the next start
opens it; « Revenir au fichier local » undoes it."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from chantier_app.db import models as m
from chantier_app.db.engine import Database
from chantier_app.db.revisions import HEAD_REVISION
from chantier_app.domain.errors import PermissionDeniedError
from chantier_app.paths import resolve_paths
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.safety import shared_database
from chantier_app.ui.safety.server_start import start_on_server
from chantier_app.ui.settings.page import SettingsPage
from chantier_app.ui.settings.server_tab import ServerTab
from tests.postgres_tls import TlsServer
from tests.team_factory import demo_actor
from tests.ui.safety.dialog_helpers import Answers

OK, YES = QMessageBox.StandardButton.Ok, QMessageBox.StandardButton.Yes


def _tab(qtbot, ctx: AppContext) -> ServerTab:
    page = SettingsPage(ctx, None)  # type: ignore[arg-type]
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    page.show_tab("server")
    assert page.server is not None
    return page.server


def _type(qtbot, tab: ServerTab, **fields: str) -> None:
    """Type each field as the user does (ASCII: QTest's keyClicks)."""
    widgets = {
        "host": tab.host,
        "port": tab.port,
        "database": tab.database_name,
        "user": tab.user,
        "rootcert": tab.rootcert,
        "password": tab.password,
    }
    for name, text in fields.items():
        if name == "sslmode":
            tab.sslmode.setCurrentIndex(tab.sslmode.findData(text))
            continue
        widgets[name].clear()
        qtbot.keyClicks(widgets[name], text)


VALID = {
    "host": "serveur.asso.fr",
    "port": "5432",
    "database": "asso",
    "user": "chantier",
    "sslmode": "verify-full",
}


@pytest.mark.sqlite_only(
    reason="the form's rules need no server; the --postgres run tests this tab against one"
)
@pytest.mark.parametrize(
    ("field", "typed", "words"),
    [
        ("host", {"host": ""}, "Hôte : indiquez le nom ou l'adresse du serveur"),
        ("host", {"host": "ser veur"}, "« ser veur » n'est pas un nom de serveur valide"),
        ("port", {"port": "54a2"}, "Port : « 54a2 » : le port n'est pas un nombre"),
        ("port", {"port": "70000"}, "de 1 à 65535"),
        ("database", {"database": ""}, "Base : le nom de la base manque"),
        ("user", {"user": "chantier@asso"}, "Utilisateur : caractère non permis ('@')"),
        ("sslmode", {"sslmode": "require"}, "doit vérifier le certificat du serveur"),
        ("sslrootcert", {"rootcert": "/nulle/part/ca.crt"}, "fichier introuvable"),
    ],
)
def test_each_rule_s_message_is_under_its_field_and_nothing_is_saved(
    qtbot, demo_ctx: AppContext, field: str, typed: dict[str, str], words: str
) -> None:
    tab = _tab(qtbot, demo_ctx)
    assert demo_ctx.paths is not None
    assert "fichier local" in tab.current.text()
    assert not tab.local_button.isEnabled()  # nothing configured yet
    _type(qtbot, tab, **{**VALID, **typed})
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert words in tab.errors.message_for(field)
    assert not shared_database.config_path(demo_ctx.paths).exists()
    qtbot.mouseClick(tab.test_button, Qt.MouseButton.LeftButton)
    assert words in tab.errors.message_for(field) and tab.job is None  # no connection tried


def test_only_the_direction_has_the_tab_and_may_change_it(qtbot, demo_ctx: AppContext) -> None:
    cip = AppContext(demo_ctx.database, demo_actor(demo_ctx.database, "cip1"), demo_ctx.paths)
    page = SettingsPage(cip, None)  # type: ignore[arg-type]
    qtbot.addWidget(page)
    assert page.server is None and "Base de données partagée" not in page.tab_titles()
    target = shared_database.check_url("postgresql://chantier@serveur.asso.fr/asso")
    assert demo_ctx.paths is not None
    with pytest.raises(PermissionDeniedError):
        shared_database.save_server(cip, target, None)
    assert not shared_database.config_path(demo_ctx.paths).exists()


def _wait_for_answer(qtbot, tab: ServerTab) -> str:
    qtbot.waitUntil(lambda: tab.test_button.isEnabled(), timeout=30000)
    return tab.result.text()


@pytest.mark.postgres_only
def test_the_director_tests_saves_and_leaves_the_shared_database(
    qtbot, tls_server: TlsServer, tmp_path: Path, memory_keyring
) -> None:
    paths = resolve_paths(tmp_path / "data")
    paths.ensure()
    with tls_server.database() as name:
        # The application already running on the server (as the superuser's socket here).
        running = Database(tls_server.cluster.url(name))
        try:
            tab = _tab(qtbot, AppContext(running, Actor.system(), paths))
            assert tab.current.text() == (
                f"Ce poste travaille sur la base partagée : base {name} sur "
                f"{tls_server.cluster.socket_dir}:{tls_server.port} (utilisateur postgres)."
            )
            _type(
                qtbot,
                tab,
                host="localhost",
                port=str(tls_server.port),
                database=name,
                user=tls_server.role,
                sslmode="verify-full",
                rootcert=str(tls_server.ca_file),
                password="pas-le-bon",
            )
            qtbot.mouseClick(tab.test_button, Qt.MouseButton.LeftButton)
            assert _wait_for_answer(qtbot, tab) == (
                f"Mot de passe refusé par le serveur pour l'utilisateur {tls_server.role}."
            )
            _type(qtbot, tab, password=tls_server.password)
            qtbot.mouseClick(tab.test_button, Qt.MouseButton.LeftButton)
            lines = _wait_for_answer(qtbot, tab).splitlines()
            assert lines[0].startswith("Serveur joignable : PostgreSQL 15.")
            assert lines[1] == f"Schéma de l'application : version {HEAD_REVISION}, à jour."
            assert lines[2] == "Connexion chiffrée (TLS, TLSv1.3), certificat vérifié."
            _type(qtbot, tab, sslmode="disable")  # localhost: allowed, and said
            qtbot.mouseClick(tab.test_button, Qt.MouseButton.LeftButton)
            assert _wait_for_answer(qtbot, tab).splitlines()[-1] == (
                "Connexion NON chiffrée : le mot de passe et les données passent en clair."
            )
            _type(qtbot, tab, sslmode="verify-full")

            answers = Answers(OK)
            qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
            assert answers.done()
            assert "L'application doit être redémarrée" in answers.seen[0][1]
            config = shared_database.config_path(paths)
            assert stat.S_IMODE(config.stat().st_mode) == 0o600
            assert json.loads(config.read_text())["host"] == "localhost"
            assert tls_server.password not in config.read_text()
            assert tab.password.text() == "" and tab.local_button.isEnabled()
            assert [
                p
                for p in paths.data_dir.rglob("*")
                if p.is_file() and tls_server.password.encode() in p.read_bytes()
            ] == []

            # The next start opens the server with the kept password: no dialog.
            choice = shared_database.choose_server(paths, None)
            assert choice is not None and choice.target.database == name
            started = start_on_server(paths, choice)
            assert started is not None
            started.opened.database.dispose()

            answers = Answers(YES, OK)
            qtbot.mouseClick(tab.local_button, Qt.MouseButton.LeftButton)
            assert answers.done() and answers.seen[0][0] == "Revenir au fichier local"
            assert not config.exists()
            assert shared_database.stored_password(choice.target) is None
            assert shared_database.choose_server(paths, None) is None
            assert tab.host.text() == "" and not tab.local_button.isEnabled()
            with running.reading() as session:  # who changed where the data live, and when
                traced = session.scalars(
                    sa.select(m.AuditEntry.summary)
                    .where(m.AuditEntry.entity == "database")
                    .order_by(m.AuditEntry.id)
                ).all()
            assert traced == [
                f"base partagée choisie pour le prochain démarrage : {choice.target.describe()}",
                "retour au fichier local pour le prochain démarrage",
            ]
        finally:
            running.dispose()
