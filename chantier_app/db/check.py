"""Integrity checks of a database file, without modifying it."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from chantier_app.i18n import tr

SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass
class CheckReport:
    path: Path
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_database(path: Path, *, thorough: bool = True) -> CheckReport:
    """``integrity_check`` (or the faster ``quick_check``) and ``foreign_key_check``."""
    report = CheckReport(path)
    if not path.exists():
        report.problems.append(tr("Le fichier {path} n'existe pas.").format(path=path))
        return report
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if path.stat().st_size and header != SQLITE_HEADER:
        report.problems.append(tr("Le fichier n'est pas une base de données SQLite."))
        return report
    pragma = "integrity_check" if thorough else "quick_check"
    try:
        with closing(sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)) as conn:
            rows = [row[0] for row in conn.execute(f"PRAGMA {pragma}")]
            if rows != ["ok"]:
                report.problems.extend(tr("Intégrité : {row}").format(row=row) for row in rows[:20])
            broken = conn.execute("PRAGMA foreign_key_check").fetchall()
            for table, rowid, parent, _fk in broken[:20]:
                report.problems.append(
                    tr("Lien rompu : {table} n° {rowid} pointe vers {parent} absent.").format(
                        table=table, rowid=rowid, parent=parent
                    )
                )
    except sqlite3.DatabaseError as exc:
        report.problems.append(tr("Fichier illisible : {error}").format(error=exc))
    return report
