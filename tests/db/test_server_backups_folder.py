"""The sub-folder of a shared database's backups, ``backups/serveur-HÔTE-PORT-BASE``, keeps
its name from one run to the next: a server reached on a Unix socket is « local », whatever
folder its socket is in (a throw-away cluster's socket folder changes at each start)."""

from __future__ import annotations

from pathlib import Path

import pytest

from chantier_app.db.backup import backup_folders, list_backups, server_folder
from chantier_app.db.engine import Database
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.safety import backups

SOCKET = "postgresql+psycopg://chantier@/asso?host={folder}&sslmode=verify-full"


@pytest.mark.parametrize(
    ("url", "name"),
    [
        (SOCKET.format(folder="/tmp/tmpabcd1234"), "serveur-local-5432-asso"),
        (SOCKET.format(folder="/tmp/tmpzyxw9876"), "serveur-local-5432-asso"),
        (SOCKET.format(folder="/var/run/postgresql"), "serveur-local-5432-asso"),
        (SOCKET.format(folder="/run/pg") + "&port=5433", "serveur-local-5433-asso"),
        ("postgresql+psycopg://chantier@/asso?host=@pg-abstract", "serveur-local-5432-asso"),
        ("postgresql+psycopg://chantier@/asso", "serveur-local-5432-asso"),
        ("postgresql+psycopg://chantier@serveur.asso.fr:5433/asso", "serveur-serveur.asso.fr-5433-asso"),
        ("postgresql+psycopg://chantier@localhost/asso", "serveur-localhost-5432-asso"),
        ("postgresql+psycopg://chantier@[fd00::2]/autre", "serveur-fd00-2-5432-autre"),
    ],
)  # fmt: skip
def test_the_folder_names_the_server_and_a_socket_is_local(url: str, name: str) -> None:
    assert server_folder(Path("b"), url) == Path("b") / name


def test_another_port_or_database_on_the_same_socket_is_another_folder() -> None:
    first = server_folder(Path("b"), SOCKET.format(folder="/tmp/a"))
    assert first != server_folder(Path("b"), SOCKET.format(folder="/tmp/a") + "&port=5433")
    assert first != server_folder(Path("b"), SOCKET.format(folder="/tmp/a").replace("asso", "x"))


@pytest.mark.postgres_only
def test_the_same_server_through_another_socket_folder_backs_up_into_the_same_sub_folder(
    demo_database: Database, app_paths, tmp_path: Path
) -> None:
    """The next run's cluster listens in another temporary folder: here the same server
    reached through a second folder (a symbolic link to its socket's). Both runs' backups
    go to one sub-folder, where the rotation and the anonymisation find them together."""
    from urllib.parse import parse_qs, urlsplit

    url = demo_database.url
    socket_folder = parse_qs(urlsplit(url).query)["host"][0]
    other = tmp_path / "s"  # short: a socket's path is limited to ~100 bytes
    other.symlink_to(socket_folder, target_is_directory=True)
    first = backups.backup_now(AppContext(demo_database, Actor.system(), app_paths), reason="un")
    again = Database(url.replace(f"host={socket_folder}", f"host={other}"))
    try:
        ctx = AppContext(again, Actor.system(), app_paths)
        with again.transaction() as session:  # a change, so the second backup is kept
            from sqlalchemy import select

            from chantier_app.db import models as m

            structure = session.scalars(select(m.Structure)).one()
            structure.name = "Autre nom"
        second = backups.backup_now(ctx, reason="deux")
    finally:
        again.dispose()
    folder = first.parent
    assert folder.name.startswith("serveur-local-")
    assert second.parent == folder and second != first
    assert backup_folders(app_paths.backups_dir) == [app_paths.backups_dir, folder]
    assert [b.path for b in list_backups(folder)] == [second, first]
