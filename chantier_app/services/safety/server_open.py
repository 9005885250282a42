"""Open the shared database on a server at start-up: reached and authenticated first with
psycopg alone (the French reason when not), then at this version's schema (migrated, or
refused when it has none or a newer one), with no lock file: the server takes the writers.
"""

from __future__ import annotations

from chantier_app.db import server_probe
from chantier_app.db.engine import Database
from chantier_app.db.migrate import MigrationResult, ensure_schema
from chantier_app.db.revisions import HEAD_REVISION, KNOWN_REVISIONS
from chantier_app.db.server_url import ServerTarget
from chantier_app.domain.errors import StorageError
from chantier_app.environment import storage_errors
from chantier_app.i18n import tr
from chantier_app.paths import AppPaths
from chantier_app.services.safety.bootstrap import OpenedData


def open_server_data(
    paths: AppPaths, target: ServerTarget, password: str | None, *, readonly: bool = False
) -> OpenedData:
    """The server's database for the application; ServerPasswordError when a password is
    needed or refused (the caller asks it), another StorageError to show and quit."""
    report = server_probe.probe(target, password)
    if report.revision is None:
        if report.foreign_tables:
            raise StorageError(
                tr(
                    "La {where} contient des tables qui ne viennent pas de l'application : "
                    "elle n'a pas été modifiée."
                ).format(where=target.describe())
            )
        raise StorageError(
            tr(
                "La {where} n'a pas encore le schéma de l'application : créez-le avec "
                "« chantier serveur init », ou revenez au fichier local."
            ).format(where=target.describe())
        )
    if readonly and report.revision != HEAD_REVISION and report.revision in KNOWN_REVISIONS:
        raise StorageError(
            tr(
                "La {where} est à une version antérieure du schéma ({found}) : ouvrez-la "
                "en modification une fois pour la mettre à jour."
            ).format(where=target.describe(), found=report.revision)
        )
    database = Database(target.url(), password=password, readonly=readonly)
    try:
        with storage_errors():
            if readonly:
                migration = MigrationResult(report.revision, HEAD_REVISION, None)
            else:
                migration = ensure_schema(database, paths.backups_dir)
        paths.ensure()  # the backups and the logs stay on this PC
        if not readonly:
            from chantier_app.services.privacy.backups_erasure import finish_interrupted

            finish_interrupted(database, paths.backups_dir)  # an anonymisation cut by a crash
    except BaseException:
        database.dispose()
        raise
    return OpenedData(paths, database, migration)
