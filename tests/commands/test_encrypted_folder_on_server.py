"""An encrypted data folder moved onto a shared database keeps its key file, and the copies of
the server it writes are encrypted with its key: ``chantier backup`` asks the folder's
log-in first and writes a SQLCipher snapshot (no name, no NIR in its bytes), which
``chantier serveur restaurer`` reads back (preview, rows) after the same log-in.
Real cluster, real files, through cli.main."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from chantier_app.cli import main
from chantier_app.db import cipher, server_config
from chantier_app.db.backup import list_backups, server_folder
from chantier_app.db.server_url import parse_server_url
from chantier_app.paths import AppPaths
from chantier_app.services.context import AppContext
from chantier_app.services.people.records import create_person
from chantier_app.services.safety import keys
from chantier_app.services.safety.bootstrap import open_data
from tests import postgres
from tests.cli_login import feed_password, login_args
from tests.services.accounts_factory import DIRECTOR_PASSWORD, set_up
from tests.services.people_factory import person_input

pytestmark = pytest.mark.postgres_only
NAME = "Quentalsky"
NIR = person_input().nir


@pytest.fixture
def encrypted(app_paths: AppPaths) -> Iterator[AppPaths]:
    """An encrypted folder with its director and one person, closed, no key in memory."""
    cipher.forget_keys()
    keys.create_keys(app_paths)
    database = open_data(app_paths).database
    director = set_up(database).actor
    AppContext(database, director, app_paths).run(
        create_person, person_input(usage_name=NAME), today=dt.date(2026, 11, 23)
    )
    database.dispose()
    cipher.forget_keys()
    yield app_paths
    cipher.forget_keys()


def _cli(paths: AppPaths, *args: str) -> int:
    cipher.forget_keys()  # each command is a new process: nothing unlocked before it
    return main(["--data-dir", str(paths.data_dir), *args])


def _names(url: str) -> list[str]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(sa.text("SELECT usage_name FROM person")).scalars())
    finally:
        engine.dispose()


def test_the_folder_s_copies_of_the_server_are_encrypted_and_read_back(
    encrypted: AppPaths, postgres_server: postgres.Server, monkeypatch, capsys
) -> None:
    assert NIR
    with postgres_server.empty_database() as url, postgres_server.empty_database() as again:
        assert main(["serveur", "init", url]) == 0
        feed_password(monkeypatch, DIRECTOR_PASSWORD)
        moved = _cli(encrypted, "serveur", "copier-depuis", str(encrypted.data_dir), url,
                     *login_args("i.moreau"))  # fmt: skip
        assert moved == 0, capsys.readouterr().err
        target = parse_server_url(url)[0]
        server_config.write_config(encrypted.data_dir / server_config.CONFIG_NAME, target)
        # The folder's key is opened first: a wrong password writes nothing.
        feed_password(monkeypatch, "pas-le-bon-1")
        assert _cli(encrypted, "backup", *login_args("i.moreau")) == 1
        assert "Connexion refusée" in capsys.readouterr().err
        folder = server_folder(encrypted.backups_dir, target.url())
        assert list_backups(folder) == []
        feed_password(monkeypatch, DIRECTOR_PASSWORD)
        assert _cli(encrypted, "backup", *login_args("i.moreau")) == 0, capsys.readouterr().err
        [snapshot] = [b.path for b in list_backups(folder)]
        raw = snapshot.read_bytes()
        assert not raw.startswith(b"SQLite format 3")
        assert NAME.encode() not in raw and NAME.upper().encode() not in raw
        assert NIR.encode() not in raw
        assert (encrypted.backups_dir / cipher.KEY_FILENAME).is_file()
        # Restored onto another empty server: the same log-in opens it, preview then rows.
        assert main(["serveur", "init", again]) == 0
        capsys.readouterr()
        feed_password(monkeypatch, DIRECTOR_PASSWORD)
        restored = _cli(encrypted, "serveur", "restaurer", str(snapshot), again,
                        *login_args("i.moreau"))  # fmt: skip
        out, err = capsys.readouterr()
        assert restored == 0, err
        assert f"Sauvegarde {snapshot.name} du " in out and ": saine, de cette version" in out
        assert ", 1 personnes," in out
        assert _names(again) == [NAME]


def test_an_encrypted_pg_dump_is_given_back_to_pg_restore_after_the_folder_s_log_in(
    encrypted: AppPaths, demo_database, tmp_path, monkeypatch, capsysbinary
) -> None:
    import subprocess

    from chantier_app.db.server_dump import compatible_pg_dump, server_major, write_pg_dump

    keys.unlock_with_password(encrypted, "i.moreau", DIRECTOR_PASSWORD)
    program = compatible_pg_dump(server_major(demo_database))
    assert program is not None
    sealed = write_pg_dump(
        demo_database, program, tmp_path / "copie.dump", key=cipher.folder_key(encrypted.data_dir)
    )
    assert sealed is not None and not sealed.read_bytes().startswith(b"PGDMP")
    feed_password(monkeypatch, "pas-le-bon-1")
    assert _cli(encrypted, "serveur", "dechiffrer", str(sealed), *login_args("i.moreau")) == 1
    assert capsysbinary.readouterr().out == b""  # nothing given without the folder's key
    feed_password(monkeypatch, DIRECTOR_PASSWORD)
    assert _cli(encrypted, "serveur", "dechiffrer", str(sealed), *login_args("i.moreau")) == 0
    dump = capsysbinary.readouterr().out
    assert dump.startswith(b"PGDMP")
    listed = subprocess.run(["pg_restore", "--list"], input=dump, capture_output=True, check=True)
    assert b"TABLE DATA public person" in listed.stdout
