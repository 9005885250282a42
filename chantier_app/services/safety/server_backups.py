"""The shared databases' backups kept on this PC (``backups/serveur-…``), as « Sauvegardes
du serveur » lists them: date, the server and database each was taken from, its schema's
version, and what restoring it would do under the restore's own rules.

The rules are those of ``chantier serveur restaurer FICHIER URL`` (``server.
restore_backup_to_server``), the one way back for a server: onto a database just made by
« chantier serveur init », every office closed. A snapshot at an older schema is brought to
this version's schema in a private copy first (the backup itself is only read); one made by
a newer version is refused; one from another server restores the same way (the rows are
the application's whatever the server) — it is labelled, since those are not the data the
offices work on now. Read lightly for the list (no integrity check: the restore runs it).
"""

from __future__ import annotations

import datetime as dt
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from chantier_app.db import backup as files
from chantier_app.db import cipher
from chantier_app.db.backup import BackupOrigin, BackupStatus
from chantier_app.db.check import connect_readonly
from chantier_app.db.revisions import HEAD_REVISION, KNOWN_REVISIONS
from chantier_app.i18n import tr
from chantier_app.paths import AppPaths


@dataclass(frozen=True)
class ServerBackup:
    """One snapshot of a shared database, and how it stands against the current one."""

    path: Path
    taken_at: dt.datetime
    reason: str
    status: BackupStatus  # CURRENT, OLDER, NEWER, LOCKED, DAMAGED or FOREIGN
    revision: str | None
    origin: BackupOrigin | None  # None: taken before snapshots said where they came from
    this_server: bool  # from the shared database this PC works on now

    @property
    def where(self) -> str:
        """« base asso sur serveur.asso.fr:5432 », else the sub-folder's name."""
        if self.origin is not None:
            return self.origin.describe()
        return tr("dossier {folder}").format(folder=self.path.parent.name)

    @property
    def schema(self) -> str:
        if self.revision is None:
            return "–"
        if self.status is BackupStatus.OLDER:
            return tr("{revision} (antérieure)").format(revision=self.revision)
        if self.status is BackupStatus.NEWER:
            return tr("{revision} (plus récente)").format(revision=self.revision)
        return tr("{revision} (actuelle)").format(revision=self.revision)

    @property
    def label(self) -> str:
        """What sets it apart, in the list's last column."""
        marks = [tr("ce serveur") if self.this_server else tr("AUTRE SERVEUR OU BASE")]
        if self.status is BackupStatus.OLDER:
            marks.append(tr("schéma antérieur"))
        elif self.status is not BackupStatus.CURRENT:
            marks.append(self.status.label)
        return " ; ".join(marks)

    def restoring(self) -> str:
        """What « chantier serveur restaurer » would do with it (the restore's rules)."""
        if self.status is BackupStatus.NEWER:
            return tr(
                "Refusée : elle a été faite par une version plus récente de l'application "
                "(schéma {revision}, celle-ci est au schéma {head}). Installez la dernière "
                "version pour la restaurer."
            ).format(revision=self.revision, head=HEAD_REVISION)
        if self.status not in (BackupStatus.CURRENT, BackupStatus.OLDER):
            return tr("Refusée : cette sauvegarde est {status}.").format(status=self.status.label)
        lines = []
        if self.status is BackupStatus.OLDER:
            lines.append(
                tr(
                    "Schéma antérieur ({revision}) : elle est d'abord mise au schéma de cette "
                    "version ({head}) dans une copie privée (la sauvegarde elle-même n'est pas "
                    "modifiée), puis restaurée."
                ).format(revision=self.revision, head=HEAD_REVISION)
            )
        if not self.this_server:
            lines.append(
                tr(
                    "Elle vient d'une autre base partagée ({where}) que celle de ce poste : ce "
                    "ne sont pas les données sur lesquelles les postes travaillent maintenant. "
                    "Elle se restaure de la même façon ; vérifiez que ce sont les données "
                    "voulues."
                ).format(where=self.where)
            )
        lines.append(
            tr(
                "Pour la restaurer, tous les postes fermés : « chantier serveur init URL » sur "
                "une base vide, puis « chantier serveur restaurer {path} URL » (README "
                "« Plusieurs postes »)."
            ).format(path=self.path)
        )
        return "\n".join(lines)


def server_backups(paths: AppPaths, current_url: str | None) -> list[ServerBackup]:
    """Every server's snapshot in ``paths``' backups folder, newest first; ``current_url``:
    the shared database this PC works on (None: the local file, every one is « other »)."""
    current = files.server_folder(paths.backups_dir, current_url).name if current_url else None
    found = []
    for folder in files.backup_folders(paths.backups_dir)[1:]:  # the servers' sub-folders
        for backup in files.list_backups(folder):
            status, revision, origin = _peek(backup.path)
            identity = origin.folder if origin is not None else folder.name
            found.append(
                ServerBackup(
                    backup.path,
                    backup.taken_at,
                    backup.reason,
                    status,
                    revision,
                    origin,
                    this_server=identity == current,
                )
            )
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def _peek(path: Path) -> tuple[BackupStatus, str | None, BackupOrigin | None]:
    """Its schema's revision and origin, read without the integrity check."""
    try:
        with closing(connect_readonly(path)) as conn:
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if "alembic_version" not in tables:
                return BackupStatus.FOREIGN, None, None
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            origin = files.read_origin(conn) if files.ORIGIN_TABLE in tables else None
    except cipher.EncryptedDataError:
        return BackupStatus.LOCKED, None, None
    except cipher.driver_errors(OSError, UnicodeDecodeError):
        return BackupStatus.DAMAGED, None, None
    revision = row[0] if row else None
    if revision is None:
        return BackupStatus.FOREIGN, None, origin
    if revision == HEAD_REVISION:
        return BackupStatus.CURRENT, revision, origin
    if revision in KNOWN_REVISIONS:
        return BackupStatus.OLDER, revision, origin
    return BackupStatus.NEWER, revision, origin
