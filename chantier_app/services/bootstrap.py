"""Open the data folder: create it, open the database, bring its schema up to date."""

from __future__ import annotations

from dataclasses import dataclass

from chantier_app.db.engine import Database
from chantier_app.db.migrate import MigrationResult, ensure_schema
from chantier_app.paths import AppPaths


@dataclass
class OpenedData:
    paths: AppPaths
    database: Database
    migration: MigrationResult


def open_data(paths: AppPaths, *, readonly: bool = False) -> OpenedData:
    """Open (and on first use create) the database of ``paths``, migrated to this version."""
    paths.ensure()
    database = Database.open_file(paths.db_path, readonly=readonly)
    try:
        if readonly:
            from chantier_app.db.migrate import HEAD_REVISION, MigrationResult, current_revision

            found = current_revision(database)
            migration = MigrationResult(found, HEAD_REVISION, None)
        else:
            migration = ensure_schema(database, paths.backups_dir)
    except BaseException:
        database.dispose()
        raise
    return OpenedData(paths, database, migration)
