"""The association's own wording of its printed documents.

The application ships the texts of the contract, the amendment, the attestation and the
follow-up sheet's notice (``resources/legal``, installed where staff cannot write). « Textes
des documents » copies them into the data folder's « textes », where they can be edited with
any text editor; documents take them from there at the next print. A file deleted there
gives the original text back.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from chantier_app.domain.errors import AppError
from chantier_app.environment import os_clause
from chantier_app.file_modes import private_file, private_folder
from chantier_app.i18n import tr
from chantier_app.paths import AppPaths, resource_path
from chantier_app.services.context import Actor
from chantier_app.services.roles_matrix import Permission, require


@dataclass(frozen=True)
class TextsFolder:
    folder: Path
    copied: tuple[str, ...]  # the files copied now (those already there are kept as edited)


def prepare_texts_folder(actor: Actor, paths: AppPaths) -> TextsFolder:
    """Copy the shipped texts not yet in the folder; never overwrite an edited one."""
    require(actor, Permission.SETTINGS_EDIT)
    folder = paths.texts_dir
    copied = []
    try:
        private_folder(folder)
        for source in sorted(resource_path("legal").glob("*.md")):
            target = folder / source.name
            if not target.exists():
                private_file(target)  # 0600, as everything in the data folder
                target.write_bytes(source.read_bytes())
                copied.append(source.name)
    except OSError as error:
        raise AppError(
            tr("Le dossier des textes {folder} ne peut pas être préparé : {error}.").format(
                folder=folder, error=os_clause(error)
            )
        ) from error
    return TextsFolder(folder, tuple(copied))
