"""``serveur.json`` beside the data (0600, no password) and the keyring's password, with a
graceful « no keyring » on a PC without one."""

from __future__ import annotations

import json
import stat

import pytest

from chantier_app.db import server_config, server_password
from chantier_app.db.server_url import server_target
from chantier_app.domain.errors import StorageError

TARGET = server_target(host="serveur.local", database="asso", user="chantier", port="5433")


def test_the_configuration_is_private_holds_no_password_and_reads_back(tmp_path) -> None:
    path = tmp_path / server_config.CONFIG_NAME
    server_config.write_config(path, TARGET)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    data = json.loads(path.read_text())
    assert data["host"] == "serveur.local" and data["sslmode"] == "verify-full"
    assert "password" not in data
    assert server_config.read_config(path) == TARGET
    assert [p.name for p in tmp_path.iterdir()] == [server_config.CONFIG_NAME]
    assert server_config.remove_config(path) and server_config.read_config(path) is None
    assert not server_config.remove_config(path)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("{", "pas du JSON valide"),
        ('{"host": "h", "database": "b", "user": "u", "password": "x"}', "mot de passe"),
        ('{"host": "h", "database": "b", "user": "u", "port": 0}', "Port :"),
    ],
)
def test_a_broken_configuration_says_how_to_go_back(tmp_path, content: str, words: str) -> None:
    path = tmp_path / server_config.CONFIG_NAME
    path.write_text(content)
    with pytest.raises(StorageError) as refused:
        server_config.read_config(path)
    assert words in refused.value.message and "fichier local" in refused.value.message


def test_without_a_keyring_nothing_is_kept_and_nothing_fails() -> None:
    # The tests' default backend is keyring's own « fail » backend: a PC with no keyring.
    assert not server_password.keyring_available()
    assert server_password.stored_password(TARGET) is None
    assert server_password.store_password(TARGET, "secret") is False
    server_password.forget_password(TARGET)


def test_the_keyring_keeps_one_password_per_server_and_role(memory_keyring) -> None:
    other = server_target(host="serveur.local", database="asso", user="direction")
    assert server_password.keyring_available()
    assert server_password.store_password(TARGET, "un")
    assert server_password.store_password(other, "deux")
    assert server_password.stored_password(TARGET) == "un"
    assert server_password.stored_password(other) == "deux"
    server_password.forget_password(TARGET)
    assert server_password.stored_password(TARGET) is None
    server_password.forget_password(TARGET)  # nothing left: no error


def test_a_keyring_that_fails_is_read_as_none(memory_keyring) -> None:
    class Locked(type(memory_keyring)):  # a Secret Service that refuses (locked, no D-Bus)
        def get_password(self, service: str, username: str) -> str | None:
            raise RuntimeError("org.freedesktop.DBus.Error.ServiceUnknown")

        def set_password(self, service: str, username: str, password: str) -> None:
            raise RuntimeError("org.freedesktop.DBus.Error.ServiceUnknown")

    import keyring

    keyring.set_keyring(Locked())
    assert server_password.stored_password(TARGET) is None
    assert server_password.store_password(TARGET, "x") is False
