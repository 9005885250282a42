"""`chantier check` says whether a database file is sound, without changing it."""

from __future__ import annotations

import pytest

from chantier_app.cli import main
from chantier_app.db.check import check_database
from chantier_app.db.engine import Database
from chantier_app.paths import AppPaths

pytestmark = pytest.mark.sqlite_only(
    reason="`chantier check` reads the data folder's SQLite file (integrity_check, "
    "foreign_key_check, its bytes); a server checks its own storage"
)


def test_check_passes_on_demo_data(demo_database: Database, app_paths: AppPaths, capsys) -> None:
    demo_database.dispose()
    assert main(["--data-dir", str(app_paths.data_dir), "check"]) == 0
    assert "intacte" in capsys.readouterr().out


def test_check_fails_on_a_corrupted_file(
    demo_database: Database, app_paths: AppPaths, capsys
) -> None:
    demo_database.dispose()
    path = app_paths.db_path
    data = bytearray(path.read_bytes())
    # Scribble over pages in the middle of the file (not the header).
    for offset in range(8192, min(len(data), 40960), 97):
        data[offset] = 0xA5
    path.write_bytes(bytes(data))
    assert main(["--data-dir", str(app_paths.data_dir), "check"]) == 1
    assert "Problèmes" in capsys.readouterr().err


def test_check_fails_on_garbage(app_paths: AppPaths) -> None:
    app_paths.ensure()
    app_paths.db_path.write_bytes(b"ceci n'est pas une base" * 100)
    report = check_database(app_paths.db_path)
    assert not report.ok
    assert "SQLite" in report.problems[0]


def test_check_reports_a_missing_file(app_paths: AppPaths) -> None:
    assert main(["--data-dir", str(app_paths.data_dir), "check"]) == 1
