"""The shared database this installation opens, kept beside the data in ``serveur.json``.

The file holds the address only (``ServerTarget.as_dict``: host, port, database, user, TLS
mode, CA certificate): the password is in the system's keyring or asked at start, never
here. It is private (0600, like the data) and replaced whole (a temporary file renamed), so
a crash while saving leaves the previous configuration, not half of one.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from chantier_app.db.server_url import ServerTarget, ServerUrlError, target_from_dict
from chantier_app.domain.errors import StorageError
from chantier_app.environment import os_clause
from chantier_app.file_modes import private_file
from chantier_app.i18n import tr

CONFIG_NAME = "serveur.json"
FORMAT_VERSION = 1


def read_config(path: Path) -> ServerTarget | None:
    """The configured server, None when there is none (the local file is used)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        # No file, or no folder to hold one (a file in the data folder's place: the lock
        # step says so, naming the folder).
        return None
    except OSError as exc:
        raise StorageError(
            tr("Configuration du serveur {path} illisible : {reason}.").format(
                path=path, reason=os_clause(exc)
            )
        ) from exc
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise _broken(path, tr("ce n'est pas du JSON valide")) from exc
    if not isinstance(data, dict):
        raise _broken(path, tr("ce n'est pas du JSON valide"))
    if "password" in data:
        # Written by hand: a password in clear beside the data is what the keyring avoids.
        raise _broken(path, tr("un mot de passe n'a rien à y faire ; retirez-le"))
    try:
        return target_from_dict(data)
    except ServerUrlError as error:
        raise _broken(path, error.message) from error


def _broken(path: Path, reason: str) -> StorageError:
    return StorageError(
        tr(
            "Configuration du serveur {path} incorrecte : {reason}. Corrigez-la dans "
            "Paramètres → Base de données partagée, ou supprimez ce fichier pour revenir "
            "au fichier local."
        ).format(path=path, reason=reason)
    )


def write_config(path: Path, target: ServerTarget) -> None:
    """Replace the configuration by ``target`` (0600, renamed into place once written)."""
    data = {"format": FORMAT_VERSION, **target.as_dict()}
    partial = path.with_name(path.name + ".part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        private_file(partial)
        with partial.open("w", encoding="utf-8") as stream:
            json.dump(data, stream, ensure_ascii=False, indent=2)
            stream.write("\n")
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise StorageError(
            tr("Configuration du serveur non enregistrée ({path}) : {reason}.").format(
                path=path, reason=os_clause(exc)
            )
        ) from exc


def remove_config(path: Path) -> bool:
    """Back to the local file: the configuration removed; False when there was none."""
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise StorageError(
            tr("Configuration du serveur {path} impossible à retirer : {reason}.").format(
                path=path, reason=os_clause(exc)
            )
        ) from exc
    return True
