"""The command line as a script or a scheduled task uses it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from chantier_app import __version__
from chantier_app.cli import main

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "chantier_app", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
    )


def test_version() -> None:
    result = _run("--version")
    assert result.returncode == 0
    assert __version__ in result.stdout


def test_help_is_in_french() -> None:
    result = _run("--help")
    assert result.returncode == 0
    assert "démonstration" in result.stdout and "intégrité" in result.stdout
    assert result.stdout.startswith("utilisation : chantier")
    assert "afficher cette aide et quitter" in result.stdout
    assert "afficher la version et quitter" in result.stdout
    for english in ("usage:", "show this help", "positional arguments", "version number"):
        assert english not in result.stdout


def test_argparse_errors_are_in_french() -> None:
    result = _run("restore")
    assert result.returncode == 2
    assert "utilisation : chantier restore" in result.stderr
    assert "arguments obligatoires absents : FICHIER" in result.stderr
    assert "required" not in result.stderr
    unknown = _run("--inconnu")
    assert "arguments inconnus : --inconnu" in unknown.stderr


def test_bad_arguments_exit_with_code_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["imprimer-tout"])
    assert exited.value.code == 2
    assert "erreur" in capsys.readouterr().err


def test_demo_creates_data_then_is_idempotent(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    first = _run("--data-dir", str(folder), "demo")
    assert first.returncode == 0, first.stderr
    assert "Démonstration créée" in first.stdout
    assert (folder / "chantier.sqlite3").exists()
    second = _run("--data-dir", str(folder), "demo")
    assert second.returncode == 0
    assert "déjà présentes" in second.stdout


def test_data_dir_from_environment(tmp_path: Path) -> None:
    folder = tmp_path / "env-data"
    result = _run("demo", env={"CHANTIER_DATA_DIR": str(folder)})
    assert result.returncode == 0, result.stderr
    assert (folder / "chantier.sqlite3").exists()


def test_demo_never_overwrites_real_data(ctx, app_paths, capsys) -> None:
    from chantier_app.db import models as m

    with ctx.database.transaction() as session:
        session.add(m.Structure(name="Association réelle"))
    ctx.database.dispose()
    assert main(["--data-dir", str(app_paths.data_dir), "demo"]) == 1
    assert "déjà des données" in capsys.readouterr().err


def test_nothing_is_created_at_import(tmp_path: Path) -> None:
    folder = tmp_path / "untouched"
    code = (
        "import chantier_app.cli, chantier_app.paths as p;"
        f"paths = p.resolve_paths({str(folder)!r});"
        "import sys; sys.exit(0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": str(ROOT)}
    )
    assert result.returncode == 0
    assert not folder.exists()


def test_demo_waits_for_the_folder_to_be_free(tmp_path: Path, capsys) -> None:
    """An application open on the folder holds it: the demo is refused, nothing written."""
    from chantier_app.paths import resolve_paths
    from chantier_app.services.safety.bootstrap import take_writer_lock

    paths = resolve_paths(tmp_path / "busy")
    with take_writer_lock(paths):
        assert main(["--data-dir", str(paths.data_dir), "demo"]) == 1
    assert "déjà ouvertes en modification" in capsys.readouterr().err
    assert not paths.db_path.exists()
    assert main(["--data-dir", str(paths.data_dir), "demo"]) == 0  # free again: created
    assert paths.db_path.exists()
