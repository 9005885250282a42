"""``chantier print``: documents from the command line, with exit codes scripts can trust."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from chantier_app.cli import main
from chantier_app.domain.codes.staff_codes import Role
from tests.cli_login import PASSWORD, feed_password, give_login, login_args
from tests.reports.pdf import flat
from tests.services import document_fixtures as fx

ROOT = Path(__file__).resolve().parents[1]


DIRECTOR = "h.berenger"


@pytest.fixture
def data(database, app_paths, monkeypatch) -> tuple[Path, fx.Ids]:
    with database.transaction() as session:
        ids = fx.build(session)
    give_login(database, Role.DIRECTION, DIRECTOR)
    database.dispose()
    feed_password(monkeypatch, PASSWORD)  # printing needs the director's log-in
    return app_paths.data_dir, ids


def _print(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), "print", *args, *login_args(DIRECTOR)])


def _pages(path: Path) -> int:
    return len(PdfReader(io.BytesIO(path.read_bytes())).pages)


def test_follow_up_sheet_as_a_script_would(data, tmp_path) -> None:
    data_dir, ids = data
    out = tmp_path / "fiche.pdf"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "chantier_app",
            "--data-dir",
            str(data_dir),
            "print",
            "follow-up",
            "--person",
            str(ids.elodie),
            "--out",
            str(out),
            *login_args(DIRECTOR),
        ],
        input=f"{PASSWORD}\n",
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert f"Document écrit : {out}" in result.stdout
    text = flat(out.read_bytes())
    assert "Fiche de suivi" in text and "Élodie LEFÈVRE" in text


def test_sign_in_sheet_of_a_named_team(data, tmp_path, capsys) -> None:
    data_dir, _ = data
    out = tmp_path / "emargement.pdf"
    assert (
        _print(data_dir, "sign-in", "--team", "equipe a", "--month", "2026-11", "--out", str(out))
        == 0
    )
    assert "Équipe A" in flat(out.read_bytes()) and "novembre 2026" in flat(out.read_bytes())
    week = tmp_path / "semaine.pdf"
    assert (
        _print(data_dir, "sign-in", "--team", "Cuisine", "--week", "11/11/2026", "--out", str(week))
        == 0
    )
    assert "semaine du 09/11/2026 au 15/11/2026" in flat(week.read_bytes())


def test_all_sign_in_sheets_of_the_month_in_one_file_or_a_folder(data, tmp_path, capsys) -> None:
    data_dir, _ = data
    out = tmp_path / "toutes.pdf"
    assert _print(data_dir, "sign-in", "--month", "2026-11", "--out", str(out)) == 0
    assert "2 documents écrits" in capsys.readouterr().out
    text = flat(out.read_bytes())
    assert "Équipe A" in text and "Cuisine" in text
    folder = tmp_path / "lot"
    folder.mkdir()
    assert _print(data_dir, "sign-in", "--month", "2026-11", "--out", str(folder)) == 0
    assert sorted(p.name for p in folder.iterdir()) == [
        "feuille-d-emargement-cuisine-novembre-2026.pdf",
        "feuille-d-emargement-equipe-a-novembre-2026.pdf",
    ]


def test_report_and_statement(data, tmp_path) -> None:
    data_dir, _ = data
    report = tmp_path / "bilan.pdf"
    assert _print(data_dir, "yearly-report", "--year", "2026", "--out", str(report)) == 0
    assert "Bilan annuel 2026" in flat(report.read_bytes())
    statement = tmp_path / "etat.pdf"
    assert _print(data_dir, "monthly-statement", "--month", "2026-10", "--out", str(statement)) == 0
    assert "octobre 2026" in flat(statement.read_bytes())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["follow-up", "--out", "x.pdf"], "--person SALARIÉ est obligatoire pour « follow-up »"),
        (["contract", "--out", "x.pdf"], "--person SALARIÉ est obligatoire pour « contract »"),
        (["sign-in", "--month", "2026-13", "--out", "x.pdf"], "mois invalide « 2026-13 »"),
        (["sign-in", "--month", "11/2026", "--out", "x.pdf"], "format attendu AAAA-MM"),
        (["sign-in", "--out", "x.pdf"], "--month AAAA-MM ou --week"),
        (
            ["sign-in", "--team", "Équipe Z", "--month", "2026-11", "--out", "x.pdf"],
            "équipe inconnue « Équipe Z » (équipes : Nettoyage — Équipe A, Restauration — Cuisine)",
        ),
        (["yearly-report", "--out", "x.pdf"], "--year AAAA est obligatoire"),
        (["yearly-report", "--year", "26", "--out", "x.pdf"], "année invalide « 26 »"),
        (["monthly-statement", "--out", "x.pdf"], "--month AAAA-MM est obligatoire"),
        (
            ["contract", "--person", "999", "--out", "x.pdf"],
            "aucun salarié ne correspond à « 999 »",
        ),
        (["contract", "--person", "Dupont", "--out", "x.pdf"], "aucun salarié ne correspond"),
        (
            ["follow-up", "--person", "muller", "--out", "x.pdf"],  # Élodie's birth name too
            "plusieurs salariés correspondent à « muller » : LEFÈVRE Élodie (n° ",
        ),
        (["invoice", "--out", "x.pdf"], "type de document inconnu « invoice »"),
        (["yearly-report", "--year", "2026"], "--out FICHIER.pdf est obligatoire"),
    ],
)
def test_bad_arguments_exit_with_code_2(data, capsys, args, message) -> None:
    data_dir, _ = data
    try:
        code = _print(data_dir, *args)
    except SystemExit as exited:  # argparse's own checks (type conversions)
        code = exited.code
    assert code == 2
    error = capsys.readouterr().err
    assert message in error
    assert "erreur" in error


def test_a_document_that_cannot_be_made_exits_with_code_1(data, tmp_path, capsys) -> None:
    data_dir, ids = data
    out = tmp_path / "avenant.pdf"
    assert _print(data_dir, "amendment", "--person", str(ids.loic), "--out", str(out)) == 1
    assert "Erreur : Le dernier contrat de ÇELIK Loïc n'a aucun avenant." in capsys.readouterr().err
    assert not out.exists()


def test_no_data_folder_exits_with_code_1(tmp_path, capsys) -> None:
    empty = tmp_path / "rien"
    assert _print(empty, "yearly-report", "--year", "2026", "--out", str(tmp_path / "b.pdf")) == 1
    assert "aucune donnée" in capsys.readouterr().err
    assert not (empty / "chantier.sqlite3").exists()


def test_help_lists_the_print_command_in_french(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "imprimer un document en PDF" in capsys.readouterr().out


def test_the_command_line_prints_the_associations_own_text(data, app_paths, tmp_path) -> None:
    from chantier_app.services.context import Actor
    from chantier_app.services.documents.legal_texts import prepare_texts_folder

    data_dir, ids = data
    folder = prepare_texts_folder(Actor.system(), app_paths).folder
    own = "Fiche à rendre au bureau de l'accueil le vendredi."
    (folder / "fiche_suivi.md").write_text(f"## [sauf: encadrant]\n{own}\n", "utf-8")
    out = tmp_path / "fiche.pdf"
    assert _print(data_dir, "follow-up", "--person", str(ids.elodie), "--out", str(out)) == 0
    assert own in flat(out.read_bytes())


@pytest.mark.parametrize("who", ["99999 1234567", "lefevre elodie", "Élodie LEFÈVRE", "ELODIE"])
def test_a_person_by_pass_number_or_name(data, tmp_path, who) -> None:
    """The GUI shows no internal number: staff type what they know."""
    data_dir, _ids = data
    out = tmp_path / "fiche.pdf"
    assert _print(data_dir, "follow-up", "--person", who, "--out", str(out)) == 0
    assert "Fiche de suivi — Élodie LEFÈVRE" in flat(out.read_bytes())
