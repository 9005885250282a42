"""Every failure of the GUI's start is a French window and a line in the log, with a
non-zero exit (issue 23, point 10): real faults (a file where the data folder or one of its
parents should be, a read-only place, a full disk) in the real application's process, and
a bug escaping after the main window was shown. No English text of the system reaches the
user: errno values are worded in French in one place (``environment.os_reason``)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from full_disk import fill, full_file_system

from chantier_app.paths import AppPaths, resolve_paths
from chantier_app.services.context import AppContext

ROOT = Path(__file__).resolve().parents[3]
CHILD = Path(__file__).with_name("start_child.py")
# What the system says in English (strerror) and must never reach a window.
ENGLISH = (
    "Errno",
    "Not a directory",
    "File exists",
    "Permission denied",
    "Read-only file system",
    "No space left on device",
    "Disk quota exceeded",
    "Is a directory",
    "No such file or directory",
)


def _start(data_dir: Path, state: Path, *answers: str) -> tuple[int, list[tuple[str, str]], str]:
    """The real application started on ``data_dir``: exit code, the boxes shown, the log
    (the user's own log, where a refused logs folder sends it)."""
    result = subprocess.run(
        [sys.executable, str(CHILD), str(data_dir), *answers],
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join((str(ROOT), str(CHILD.parent))),
            "QT_QPA_PLATFORM": "offscreen",
            "CHANTIER_STATE_DIR": str(state),
        },
        timeout=120,
    )
    boxes = [
        tuple(json.loads(line.removeprefix("BOX ")))
        for line in result.stdout.splitlines()
        if line.startswith("BOX ")
    ]
    logs = [state / "journal" / "chantier.log", data_dir / "logs" / "chantier.log"]
    log = "".join(p.read_text(encoding="utf-8") for p in logs if p.is_file())
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, boxes, log  # type: ignore[return-value]


def _no_english(*texts: str) -> None:
    for text in texts:
        for english in ENGLISH:
            assert english not in text, (english, text)


def test_a_file_where_the_data_folder_should_be(tmp_path: Path) -> None:
    data = tmp_path / "donnees"
    data.write_text("pas un dossier", encoding="utf-8")
    code, boxes, log = _start(data, tmp_path / "etat")
    assert code == 1
    [(title, text)] = boxes
    assert title == "Impossible d'ouvrir les données"
    assert text.startswith(f"Le dossier {data} ne peut pas être préparé : un fichier ")
    assert "à la place du dossier attendu" in text
    _no_english(text)
    assert f"ERROR chantier_app.ui.start_failure: Démarrage impossible : {text}" in log


def test_a_file_where_a_parent_folder_should_be(tmp_path: Path) -> None:
    (tmp_path / "partage").write_text("un fichier", encoding="utf-8")
    data = tmp_path / "partage" / "donnees"
    code, boxes, log = _start(data, tmp_path / "etat")
    assert code == 1
    [(title, text)] = boxes
    assert title == "Impossible d'ouvrir les données"
    assert "un élément du chemin n'est pas un dossier" in text
    _no_english(text, log.split("Journal écrit ici", 1)[-1])
    assert "Démarrage impossible : " + text in log
    # The logs folder under the file could not be made: the log went to the user's folder.
    assert (tmp_path / "etat" / "journal" / "chantier.log").is_file()


def test_a_read_only_place(tmp_path: Path, make_read_only) -> None:  # type: ignore[no-untyped-def]
    place = tmp_path / "lecture-seule"
    place.mkdir()
    with make_read_only(place):
        code, boxes, log = _start(place / "donnees", tmp_path / "etat", "consult")
    assert code == 1
    assert [title for title, _text in boxes] == [
        "Dossier en lecture seule",
        "Impossible d'ouvrir les données",
    ]
    assert boxes[1][1] == f"Aucune donnée à consulter dans {place / 'donnees'}."
    _no_english(*(text for _title, text in boxes), log)
    assert "Démarrage impossible : Aucune donnée à consulter" in log


def test_a_full_disk(tmp_path: Path) -> None:
    with full_file_system(tmp_path / "cle-usb", size_kib=256) as disk:
        fill(disk)
        code, boxes, log = _start(disk / "donnees", tmp_path / "etat")
    assert code == 1
    [(title, text)] = boxes
    assert title == "Impossible d'ouvrir les données"
    assert "le disque est plein. Libérez de la place puis recommencez." in text
    _no_english(text, log)
    assert "Démarrage impossible : " + text in log
    assert "Journal écrit ici" in log  # its first line did not fit on the full disk


# The demo's file copied into a folder the real application then starts on.
DEMO_FILE = pytest.mark.sqlite_only(reason="the demo's SQLite file, started on as a folder's")


@DEMO_FILE
def test_a_full_disk_with_the_data_on_it(demo_ctx: AppContext, tmp_path: Path) -> None:
    """The data on a USB key that is full: the start says so, or the application opens and
    its closing backup says so; never an English text, always a line in the log."""
    demo_ctx.database.dispose()
    source: AppPaths = demo_ctx.paths  # type: ignore[assignment]
    with full_file_system(tmp_path / "cle-usb", size_kib=8192) as disk:
        paths = resolve_paths(disk / "donnees")
        paths.data_dir.mkdir()
        shutil.copyfile(source.db_path, paths.db_path)
        fill(disk, leave_kib=16)
        code, boxes, log = _start(paths.data_dir, tmp_path / "etat")
    assert boxes, log
    for title, text in boxes:
        assert "disque est plein" in text, (title, text)
    _no_english(*(text for _title, text in boxes), log)
    assert "disque est plein" in log.split("démarrage de chantier_app", 1)[1]
    assert code == (1 if boxes[0][0] == "Impossible d'ouvrir les données" else 0)


@DEMO_FILE
def test_a_bug_after_the_main_window_is_a_window_and_a_log(demo_ctx: AppContext) -> None:
    demo_ctx.database.dispose()
    paths: AppPaths = demo_ctx.paths  # type: ignore[assignment]
    state = paths.data_dir.parent / "etat"
    code, boxes, log = _start(paths.data_dir, state, "--bug-at-close")
    assert code == 1
    [(title, text)] = boxes
    assert title == "Erreur inattendue"
    assert text.startswith("Une erreur inattendue a interrompu l'application.")
    assert "RuntimeError: bogue injecté à la fermeture" in log
    assert "Démarrage interrompu : erreur inattendue" in log
    assert not paths.lock_path.exists()  # the real end ran: the folder is free
