"""``chantier serveur`` with no server to reach: the address named, its password never."""

from __future__ import annotations

import pytest

from chantier_app.cli import main
from chantier_app.db import server_config
from chantier_app.db.server_url import parse_server_url


def test_an_unreachable_server_is_named_without_its_password(tmp_path, capsys) -> None:
    url = f"postgresql://chantier:Mot-De-Passe-42@/asso?host={tmp_path}"
    assert main(["serveur", "init", url]) == 1
    err = capsys.readouterr().err
    assert "Impossible de joindre le serveur postgresql://chantier:***@" in err
    assert "Serveur injoignable" in err and "Rien n'a été modifié" in err
    assert "Mot-De-Passe-42" not in err


def test_a_copy_to_an_unreachable_server_leaves_the_folder_alone(tmp_path, capsys) -> None:
    url = f"postgresql://chantier:Mot-De-Passe-42@/asso?host={tmp_path}"
    folder = tmp_path / "vide"
    assert main(["serveur", "copier-depuis", str(folder), url]) == 1
    err = capsys.readouterr().err
    assert "Aucune donnée à copier" in err and "Mot-De-Passe-42" not in err
    assert not folder.exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["check"],
        ["backup"],
        ["print", "yearly-report", "--year", "2026", "--out", "bilan.pdf"],
    ],
)
def test_a_folder_set_to_an_unreachable_server_says_so_in_french(
    tmp_path, capsys, argv: list[str]
) -> None:
    """serveur.json honoured: the server named, never the folder's file opened or made."""
    folder = tmp_path / "poste"
    target = parse_server_url(f"postgresql://chantier@/asso?host={tmp_path}")[0]
    server_config.write_config(folder / server_config.CONFIG_NAME, target)
    if argv[0] == "print":
        argv = [*argv[:-1], str(tmp_path / argv[-1])]
    assert main(["--data-dir", str(folder), *argv]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Erreur : Serveur injoignable") and "Traceback" not in err
    assert sorted(p.name for p in folder.iterdir()) == [server_config.CONFIG_NAME]
    assert not (tmp_path / "bilan.pdf").exists()
