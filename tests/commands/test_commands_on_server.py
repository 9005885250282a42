"""Every command of a data folder set to a shared database works on that database, through
the real entry point (``cli.main``): ``check`` (the server's equivalents), ``backup``,
``print``; ``restore`` and ``demo`` refuse rather than replace or create the local file.
The folder holds only ``serveur.json`` (as « Paramètres → Base de données partagée »
writes it): no command may create a SQLite file beside it. Real cluster (``--postgres``).
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from chantier_app.cli import main
from chantier_app.db import server_config
from chantier_app.db.backup import list_backups, server_folder
from chantier_app.db.engine import Database
from chantier_app.db.server_url import parse_server_url
from chantier_app.paths import AppPaths, resolve_paths

pytestmark = pytest.mark.postgres_only


@pytest.fixture
def office(demo_database: Database, tmp_path: Path) -> AppPaths:
    """A PC's data folder set to the demo's shared database, with no local file."""
    paths = resolve_paths(tmp_path / "poste")
    paths.ensure()
    target = parse_server_url(demo_database.url)[0]
    server_config.write_config(paths.data_dir / server_config.CONFIG_NAME, target)
    return paths


def _execute(url: str, *statements: str) -> None:
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            for statement in statements:
                conn.exec_driver_sql(statement)
    finally:
        engine.dispose()


def _server_backups(paths: AppPaths, database: Database) -> Path:
    """The server's own sub-folder of backups/, apart from the folder's file's backups."""
    return server_folder(paths.backups_dir, database.url)


def _run(paths: AppPaths, *argv: str) -> int:
    return main(["--data-dir", str(paths.data_dir), *argv])


def test_check_reads_the_shared_database(office: AppPaths, demo_database: Database, capsys) -> None:
    _execute(demo_database.url, "CREATE EXTENSION amcheck")
    assert _run(office, "check") == 0
    out = capsys.readouterr().out
    assert out.startswith("Base de données intacte : la base partagée base ")
    assert "index vérifiée (amcheck)" in out
    assert not office.db_path.exists()


def test_check_finds_a_broken_link_and_an_unchecked_constraint(
    office: AppPaths, demo_database: Database, capsys
) -> None:
    engine = sa.create_engine(demo_database.url)
    with engine.connect() as conn:
        person = conn.execute(sa.text("SELECT min(person_id) FROM contract")).scalar_one()
    engine.dispose()
    # A restore by hand with the triggers off (as pg_restore --disable-triggers can leave).
    _execute(
        demo_database.url,
        "SET session_replication_role = replica",
        f"DELETE FROM person WHERE id = {person}",
        "ALTER TABLE team ADD CONSTRAINT essai_positif CHECK (id > 0) NOT VALID",
    )
    assert _run(office, "check") == 1
    err = capsys.readouterr().err
    assert err.startswith("Problèmes dans la base partagée base ")
    assert "Lien rompu : contract n° " in err and "pointe vers person absent" in err
    assert "Contrainte non vérifiée : essai_positif sur team" in err
    assert "Traceback" not in err


def test_backup_writes_the_server_s_rows(office: AppPaths, demo_database: Database, capsys) -> None:
    assert _run(office, "backup") == 0
    out = capsys.readouterr().out
    [made] = list_backups(_server_backups(office, demo_database))
    assert f"Sauvegarde vérifiée : {made.path}" in out
    with closing(sqlite3.connect(made.path)) as conn:
        people = conn.execute("SELECT count(*) FROM person").fetchone()[0]
    engine = sa.create_engine(demo_database.url)
    with engine.connect() as conn:
        on_server = conn.execute(sa.text("SELECT count(*) FROM person")).scalar_one()
        trail = conn.execute(
            sa.text("SELECT summary FROM audit_entry WHERE action = 'backup' ORDER BY id DESC")
        ).first()
    engine.dispose()
    assert people == on_server > 0
    assert list_backups(office.backups_dir) == []  # none mixed with the file's backups
    assert trail is not None and made.path.name in trail[0]
    assert not office.db_path.exists()


def test_print_makes_the_document_from_the_server(office: AppPaths, tmp_path, capsys) -> None:
    out = tmp_path / "bilan.pdf"
    assert _run(office, "print", "yearly-report", "--year", "2026", "--out", str(out)) == 0
    assert "Document écrit" in capsys.readouterr().out
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "2026" in text
    assert not office.db_path.exists()


def test_restore_refuses_to_replace_the_local_file_of_a_server_folder(
    office: AppPaths, demo_database: Database, capsys
) -> None:
    assert _run(office, "backup") == 0
    [made] = list_backups(_server_backups(office, demo_database))
    capsys.readouterr()
    assert _run(office, "restore", "--oui", str(made.path)) == 1
    err = capsys.readouterr().err
    assert "chantier serveur restaurer" in err and "Rien n'a été modifié" in err
    assert not office.db_path.exists()


def test_demo_is_not_made_beside_a_server(office: AppPaths, capsys) -> None:
    assert _run(office, "demo") == 1
    assert "base partagée" in capsys.readouterr().err
    assert not office.db_path.exists()


def test_serveur_on_the_command_line_is_honoured_by_check(
    demo_database: Database, tmp_path, capsys
) -> None:
    folder = tmp_path / "autre"
    assert main(["--data-dir", str(folder), "--serveur", demo_database.url, "check"]) == 0
    assert "Base de données intacte : la base partagée" in capsys.readouterr().out
    assert not (folder / "chantier.sqlite3").exists()


def test_a_server_that_wants_a_password_is_answered_in_french(
    tls_server, memory_keyring: object, tmp_path, capsys
) -> None:
    """Over TLS with a password, as an office PC: none kept, a wrong one, then the one
    « Paramètres → Base de données partagée » kept in the keyring; never printed."""
    from chantier_app.db import server_password

    with tls_server.database() as name:
        target = parse_server_url(tls_server.url(name))[0]
        office = resolve_paths(tmp_path / "poste")
        server_config.write_config(office.data_dir / server_config.CONFIG_NAME, target)
        assert _run(office, "check") == 1
        err = capsys.readouterr().err
        assert err.startswith("Erreur : Le serveur demande le mot de passe de l'utilisateur")
        assert "Paramètres → Base de données partagée" in err and "Traceback" not in err
        assert server_password.store_password(target, "pas-le-bon")
        assert _run(office, "backup") == 1
        err = capsys.readouterr().err
        assert err.startswith("Erreur : Mot de passe refusé par le serveur")
        assert list_backups(office.backups_dir) == []
        assert server_password.store_password(target, tls_server.password)
        assert _run(office, "check") == 0
        printed = capsys.readouterr()
        assert "Base de données intacte : la base partagée base asso_" in printed.out
        assert tls_server.password not in printed.out + printed.err
        assert not office.db_path.exists()
