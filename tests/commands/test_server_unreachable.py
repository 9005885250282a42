"""``chantier serveur`` with no server to reach: the address named, its password never."""

from __future__ import annotations

from chantier_app.cli import main


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
