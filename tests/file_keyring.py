"""A keyring backend for tests: the « system keyring » of a test, a JSON file outside the
data folder (``CHANTIER_TEST_KEYRING``), so that a GUI started as a separate process keeps
a password the test then finds there, and never in the data folder. ``MemoryKeyring``: the
same in memory, for a test in the same process."""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

ENV = "CHANTIER_TEST_KEYRING"


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.kept.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.kept[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.kept.pop((service, username), None) is None:
            raise PasswordDeleteError("absent")


class FileKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    @property
    def _path(self) -> Path:
        return Path(os.environ[ENV])

    def _read(self) -> dict[str, str]:
        try:
            return dict(json.loads(self._path.read_text()))
        except FileNotFoundError:
            return {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._read().get(f"{service}|{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        kept = self._read()
        kept[f"{service}|{username}"] = password
        self._path.write_text(json.dumps(kept))

    def delete_password(self, service: str, username: str) -> None:
        kept = self._read()
        if kept.pop(f"{service}|{username}", None) is None:
            raise PasswordDeleteError("absent")
        self._path.write_text(json.dumps(kept))
