"""``chantier serveur init`` and ``copier-depuis`` on a throw-away PostgreSQL cluster.

The server's databases are real (``pytest --postgres``); the source folders are real SQLite
files (the demo's, an encrypted one), hashed before and after: the copy reads them only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
import sqlalchemy as sa

from chantier_app.cli import main
from chantier_app.db import cipher, server_password
from chantier_app.db.engine import Database
from chantier_app.db.revisions import HEAD_REVISION
from chantier_app.db.server_copy import tables
from chantier_app.db.server_url import parse
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.paths import AppPaths, resolve_paths
from chantier_app.services.context import AppContext
from chantier_app.services.people.records import create_person
from chantier_app.services.safety import keys
from chantier_app.services.safety.bootstrap import open_data, take_writer_lock
from chantier_app.services.structure.accounts import startup_actor
from tests import postgres
from tests.cli_login import PASSWORD, feed_password, give_login, login_args
from tests.postgres_tls import TlsServer
from tests.services import document_fixtures as fx
from tests.services.accounts_factory import DIRECTOR_PASSWORD, set_up
from tests.services.people_factory import person_input

pytestmark = pytest.mark.postgres_only
TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def empty_url(postgres_server: postgres.Server) -> Iterator[str]:
    with postgres_server.empty_database() as url:
        yield url


@pytest.fixture
def ready_url(empty_url: str) -> str:
    """A database ``serveur init`` has just set up."""
    assert main(["serveur", "init", empty_url]) == 0
    return empty_url


@pytest.fixture
def demo_folder(demo_template: Path, tmp_path: Path) -> AppPaths:
    """A data folder holding the demo association, closed (as after the application)."""
    paths = resolve_paths(tmp_path / "demo")
    paths.ensure()
    with (
        closing(sqlite3.connect(demo_template)) as source,
        closing(sqlite3.connect(paths.db_path)) as target,
    ):
        source.backup(target)
    open_data(paths).database.dispose()
    return paths


def _fingerprint(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` and the SHA-256 of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _file_counts(path: Path) -> dict[str, int]:
    with closing(cipher.connect(path)) as conn:
        return {
            t.name: conn.execute(f'SELECT count(*) FROM "{t.name}"').fetchone()[0] for t in tables()
        }


def _server_counts(url: str) -> dict[str, int]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
                for t in tables()
            }
    finally:
        engine.dispose()


def _server_tables(url: str) -> list[str]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return sorted(sa.inspect(conn).get_table_names())
    finally:
        engine.dispose()


def _execute(url: str, *statements: str) -> None:
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            for statement in statements:
                conn.exec_driver_sql(statement)
    finally:
        engine.dispose()


def _printed_sums(text: str) -> dict[str, tuple[int, int, str]]:
    """The copy's table as printed: table -> (rows in the folder, on the server, checksum)."""
    found = {}
    for line in text.splitlines():
        match = re.match(r"^(\w+)\s+(\d+)\s+(\d+)\s+([0-9a-f]{16})\s+identique$", line)
        if match:
            found[match[1]] = (int(match[2]), int(match[3]), match[4])
    return found


# serveur init ----------------------------------------------------------------------------------
def test_init_creates_the_schema_on_an_empty_database(empty_url: str, capsys) -> None:
    assert main(["serveur", "init", empty_url]) == 0
    assert f"Schéma {HEAD_REVISION} créé sur" in capsys.readouterr().out
    server = Database(empty_url)
    try:
        from chantier_app.db.migrate import current_revision

        assert current_revision(server) == HEAD_REVISION
    finally:
        server.dispose()
    assert set(_server_tables(empty_url)) == {t.name for t in tables()} | {"alembic_version"}
    assert set(_server_counts(empty_url).values()) == {0}


def test_init_takes_the_address_from_chantier_serveur(
    empty_url: str, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("CHANTIER_SERVEUR", empty_url)
    assert main(["serveur", "init"]) == 0
    assert "alembic_version" in _server_tables(empty_url)


def test_init_takes_the_address_from_the_serveur_option(empty_url: str) -> None:
    assert main(["--serveur", empty_url, "serveur", "init"]) == 0
    assert "alembic_version" in _server_tables(empty_url)


def test_init_refuses_a_database_that_holds_tables(empty_url: str, capsys) -> None:
    _execute(empty_url, "CREATE TABLE comptabilite (id integer)")
    assert main(["serveur", "init", empty_url]) == 1
    err = capsys.readouterr().err
    assert "n'est pas vide (1 tables : comptabilite)" in err and "Rien n'a été modifié" in err
    assert _server_tables(empty_url) == ["comptabilite"]


def test_init_refuses_a_database_already_initialised(ready_url: str, capsys) -> None:
    capsys.readouterr()
    assert main(["serveur", "init", ready_url]) == 1
    assert f"déjà initialisée (schéma {HEAD_REVISION})" in capsys.readouterr().err


def test_init_refuses_a_database_that_does_not_exist_naming_it(
    postgres_server: postgres.Server, capsys
) -> None:
    url = postgres_server.cluster.url("pas_de_base")
    assert main(["serveur", "init", url]) == 1
    err = capsys.readouterr().err
    assert "Impossible de joindre le serveur" in err
    assert "La base pas_de_base n'existe pas sur le serveur" in err


# serveur copier-depuis ---------------------------------------------------------------------------
def test_the_demo_is_copied_with_equal_counts_and_checksums_and_the_folder_unchanged(
    demo_folder: AppPaths, ready_url: str, capsys
) -> None:
    before = _fingerprint(demo_folder.data_dir)
    counts = _file_counts(demo_folder.db_path)
    capsys.readouterr()
    assert main(["serveur", "copier-depuis", str(demo_folder.data_dir), ready_url]) == 0
    out = capsys.readouterr().out
    assert _fingerprint(demo_folder.data_dir) == before  # the same files, the same bytes
    printed = _printed_sums(out)
    assert {name: rows for name, (rows, _s, _c) in printed.items()} == counts
    assert all(rows == on_server for rows, on_server, _sum in printed.values())
    assert counts["person"] > 0 and counts["contract"] > 0
    assert f"{sum(counts.values())} lignes copiées" in out
    on_server = _server_counts(ready_url)
    # The server's trail also says who copied what, from where (one line, after the sums).
    assert on_server == {**counts, "audit_entry": counts["audit_entry"] + 1}


def test_after_the_copy_a_new_person_gets_a_new_number(
    demo_folder: AppPaths, ready_url: str
) -> None:
    assert main(["serveur", "copier-depuis", str(demo_folder.data_dir), ready_url]) == 0
    server = Database(ready_url)
    try:
        largest = _file_counts(demo_folder.db_path)["person"]
        ctx = AppContext(server, startup_actor(server))
        ctx.run(create_person, person_input(usage_name="Nouvelle"), today=TODAY)
        with server.engine.connect() as conn:
            ids = conn.execute(sa.text("SELECT id FROM person ORDER BY id")).scalars().all()
            audit = conn.execute(sa.text("SELECT max(id), count(*) FROM audit_entry")).one()
    finally:
        server.dispose()
    assert len(ids) == largest + 1 and ids[-1] > ids[-2]
    assert audit[0] >= audit[1]  # the trail's numbers went on past the copied ones too


def test_a_copy_onto_a_server_that_holds_data_is_refused(
    demo_folder: AppPaths, ready_url: str, capsys
) -> None:
    assert main(["serveur", "copier-depuis", str(demo_folder.data_dir), ready_url]) == 0
    on_server = _server_counts(ready_url)
    capsys.readouterr()
    assert main(["serveur", "copier-depuis", str(demo_folder.data_dir), ready_url]) == 1
    err = capsys.readouterr().err
    assert "contient déjà des données" in err and "Rien n'a été modifié" in err
    assert _server_counts(ready_url) == on_server


def test_a_copy_onto_a_database_without_the_schema_says_to_run_init(
    demo_folder: AppPaths, empty_url: str, capsys
) -> None:
    assert main(["serveur", "copier-depuis", str(demo_folder.data_dir), empty_url]) == 1
    assert "lancez d'abord « chantier serveur init »" in capsys.readouterr().err
    assert _server_tables(empty_url) == []


def test_a_copy_needs_the_same_schema_on_both_sides(
    demo_folder: AppPaths, ready_url: str, capsys
) -> None:
    _execute(ready_url, "UPDATE alembic_version SET version_num = '0017'")
    assert main(["serveur", "copier-depuis", str(demo_folder.data_dir), ready_url]) == 1
    err = capsys.readouterr().err
    assert (
        f"au schéma 0017, les données et cette version de l'application au schéma {HEAD_REVISION}"
        in err
    )
    assert set(_server_counts(ready_url).values()) == {0}


def test_a_difference_after_the_copy_rolls_everything_back(
    demo_folder: AppPaths, ready_url: str, capsys
) -> None:
    # A trigger someone left on the server changes the names as they arrive: the sums see it.
    _execute(
        ready_url,
        "CREATE FUNCTION shout() RETURNS trigger AS $$ BEGIN "
        "NEW.usage_name := upper(NEW.usage_name); RETURN NEW; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER shout BEFORE INSERT ON person FOR EACH ROW EXECUTE FUNCTION shout()",
    )
    before = _fingerprint(demo_folder.data_dir)
    capsys.readouterr()
    assert main(["serveur", "copier-depuis", str(demo_folder.data_dir), ready_url]) == 1
    err = capsys.readouterr().err
    assert re.search(r"^person\s+\d+\s+\d+\s+[0-9a-f]{16} ≠ [0-9a-f]{16}\s+DIFFÉRENT$", err, re.M)
    assert "1 tables diffèrent du dossier après la copie (person)" in err
    assert "Le serveur est resté vide" in err
    assert set(_server_counts(ready_url).values()) == {0}
    assert _fingerprint(demo_folder.data_dir) == before


def test_rows_committed_in_the_wal_are_copied_too(demo_folder: AppPaths, ready_url: str) -> None:
    # A crash leaves committed rows in the -wal, not yet in the file: they are the data.
    with closing(sqlite3.connect(demo_folder.db_path)) as writer:
        writer.execute("PRAGMA wal_autocheckpoint=0")
        writer.execute("UPDATE person SET usage_name = 'Dernière' WHERE id = 1")
        writer.commit()
        assert Path(f"{demo_folder.db_path}-wal").stat().st_size > 0
        assert main(["serveur", "copier-depuis", str(demo_folder.data_dir), ready_url]) == 0
    engine = sa.create_engine(ready_url)
    try:
        with engine.connect() as conn:
            name = conn.execute(sa.text("SELECT usage_name FROM person WHERE id = 1")).scalar()
    finally:
        engine.dispose()
    assert name == "Dernière"


def test_a_folder_open_in_the_application_is_not_copied(
    demo_folder: AppPaths, ready_url: str, capsys
) -> None:
    with take_writer_lock(demo_folder):
        assert main(["serveur", "copier-depuis", str(demo_folder.data_dir), ready_url]) == 1
    assert "fermez l'application" in capsys.readouterr().err
    assert set(_server_counts(ready_url).values()) == {0}


@pytest.fixture
def encrypted_folder(app_paths: AppPaths) -> Iterator[AppPaths]:
    """An encrypted folder with its director and one person, closed, no key in memory."""
    cipher.forget_keys()
    keys.create_keys(app_paths)
    database = open_data(app_paths).database
    director = set_up(database).actor
    AppContext(database, director, app_paths).run(
        create_person, person_input(usage_name="Quentalsky"), today=TODAY
    )
    database.dispose()
    cipher.forget_keys()
    yield app_paths
    cipher.forget_keys()


def test_an_encrypted_folder_is_copied_after_the_director_s_log_in(
    encrypted_folder: AppPaths, ready_url: str, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    folder = str(encrypted_folder.data_dir)
    before = _fingerprint(encrypted_folder.data_dir)
    feed_password(monkeypatch, "pas-le-bon-1", times=1)
    command = ["serveur", "copier-depuis", folder, ready_url, *login_args("i.moreau")]
    assert main(command) == 1
    assert "Connexion refusée" in capsys.readouterr().err
    assert set(_server_counts(ready_url).values()) == {0}
    cipher.forget_keys()
    before = _fingerprint(encrypted_folder.data_dir)  # the refusal was counted in the folder
    feed_password(monkeypatch, DIRECTOR_PASSWORD)
    assert main(command) == 0
    assert _fingerprint(encrypted_folder.data_dir) == before
    engine = sa.create_engine(ready_url)
    try:
        with engine.connect() as conn:
            names = conn.execute(sa.text("SELECT usage_name FROM person")).scalars().all()
            trail = conn.execute(
                sa.text("SELECT staff_name, action FROM audit_entry ORDER BY id DESC LIMIT 2")
            ).all()
    finally:
        engine.dispose()
    assert names == ["Quentalsky"]
    # The log-in (on the folder's private copy) and the copy itself, under the director.
    assert [action for _name, action in trail] == ["import", "login"]
    assert len({name for name, _action in trail}) == 1 and trail[0][0] != "Système"


@pytest.fixture
def staffed_folder(tmp_path: Path) -> AppPaths:
    """A real association's clear folder (not the demo): its director and CIP log in."""
    paths = resolve_paths(tmp_path / "asso")
    database = open_data(paths).database
    with database.transaction() as session:
        fx.build(session)
    give_login(database, Role.DIRECTION, "h.berenger")
    give_login(database, Role.CIP, "r.bensaid")
    database.dispose()
    return paths


def test_only_the_direction_may_copy_a_folder_onto_the_server(
    staffed_folder: AppPaths, ready_url: str, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    folder = str(staffed_folder.data_dir)
    before = _fingerprint(staffed_folder.data_dir)
    feed_password(monkeypatch, PASSWORD)
    assert main(["serveur", "copier-depuis", folder, ready_url, *login_args("r.bensaid")]) == 1
    assert "ne permet pas de copier les données" in capsys.readouterr().err
    assert set(_server_counts(ready_url).values()) == {0}
    assert main(["serveur", "copier-depuis", folder, ready_url, *login_args("h.berenger")]) == 0
    assert _fingerprint(staffed_folder.data_dir) == before  # the log-ins were on its copy
    engine = sa.create_engine(ready_url)
    try:
        with engine.connect() as conn:
            last = conn.execute(
                sa.text("SELECT staff_name, action FROM audit_entry ORDER BY id DESC LIMIT 1")
            ).one()
    finally:
        engine.dispose()
    assert tuple(last) == ("Hélène Bérénger", "import")


# The README's role and database --------------------------------------------------------------
README = Path(__file__).resolve().parents[2] / "README.md"


def _readme_sql() -> list[tuple[str, str]]:
    """The « Plusieurs postes » SQL block: (database, statement) in order (``\\c`` switches)."""
    section = README.read_text(encoding="utf-8").split("## Plusieurs postes", 1)[1]
    block = section.split("```sql\n", 1)[1].split("```", 1)[0]
    where, found = "postgres", []
    for line in block.splitlines():
        if line.startswith("\\c "):
            where = line.split()[1]
        elif line.strip():
            found.append((where, line.rstrip(";")))
    return found


def test_the_readme_s_role_is_enough_for_init_and_copy_and_no_more(
    postgres_server: postgres.Server, demo_folder: AppPaths, capsys
) -> None:
    cluster = postgres_server.cluster
    try:
        for database, statement in _readme_sql():
            engine = sa.create_engine(cluster.url(database), isolation_level="AUTOCOMMIT")
            try:
                with engine.connect() as conn:
                    conn.exec_driver_sql(statement)
            finally:
                engine.dispose()
        # The test cluster trusts its socket: the role's password is not asked here.
        url = cluster.url("chantier").replace("postgres@", "chantier@")
        assert main(["serveur", "init", url]) == 0
        assert main(["serveur", "copier-depuis", str(demo_folder.data_dir), url]) == 0
        assert _server_counts(url)["person"] == _file_counts(demo_folder.db_path)["person"]
        engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                schema = conn.exec_driver_sql("SELECT current_schema()").scalar()
                for forbidden in (
                    "CREATE DATABASE autre",
                    "CREATE ROLE autre",
                    "SELECT * FROM pg_authid",
                ):
                    with pytest.raises(sa.exc.ProgrammingError, match="permission denied"):
                        conn.exec_driver_sql(forbidden)
        finally:
            engine.dispose()
        assert schema == "chantier"
        other = cluster.url("postgres").replace("postgres@", "chantier@")
        assert main(["serveur", "init", other]) == 1  # no table of its own anywhere else
        assert "le rôle n'a pas le droit de créer ou d'écrire ces tables" in capsys.readouterr().err
        assert _server_tables(other) == []
    finally:
        postgres_server.drop("chantier")
        engine = sa.create_engine(cluster.url(), isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql("DROP ROLE IF EXISTS chantier")
        finally:
            engine.dispose()


# Over TCP and TLS, with a password (as an office PC reaches its server) ------------------------
def test_over_tls_the_password_comes_from_the_address_or_the_keyring_never_shown(
    tls_server: TlsServer, memory_keyring: object, demo_folder: AppPaths, capsys
) -> None:
    with tls_server.database(template="template0") as name:
        url = tls_server.url(name)  # verify-full with the test CA, no password in it
        assert main(["serveur", "init", url]) == 1
        assert "Le serveur demande le mot de passe de l'utilisateur" in capsys.readouterr().err
        assert main(["serveur", "init", tls_server.url(name, password=True)]) == 0
        assert f"{tls_server.role}:***@localhost" in capsys.readouterr().out
        # The password « Paramètres → Base de données partagée » kept for this address.
        assert server_password.store_password(parse(url).target, tls_server.password)
        assert main(["serveur", "copier-depuis", str(demo_folder.data_dir), url]) == 0
        printed = capsys.readouterr()
        assert "lignes copiées" in printed.out
        assert tls_server.password not in printed.out + printed.err
