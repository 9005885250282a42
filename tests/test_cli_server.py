"""``chantier --serveur URL``: the address checked before any window, and refused with the
commands that work on the data folder's file."""

from __future__ import annotations

import pytest

from chantier_app.cli import EXIT_FAILED, EXIT_USAGE, main


def test_serveur_with_a_file_command_is_a_french_usage_error(tmp_path, capsys) -> None:
    with pytest.raises(SystemExit) as ended:
        main(["--data-dir", str(tmp_path), "--serveur", "postgresql://u@h/b", "demo"])
    assert ended.value.code == EXIT_USAGE
    assert "--serveur ne s'applique pas à la commande demo" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("serveur.local/asso", "doit commencer par postgresql://"),
        ("postgresql://chantier@serveur.local:0/asso", "Port : « 0 »"),
        ("postgresql://chantier@serveur.local/asso?sslmode=verify", "Sslmode :"),
    ],
)
def test_a_wrong_address_stops_before_any_window(tmp_path, capsys, url: str, words: str) -> None:
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "--serveur", url]) == EXIT_FAILED
    err = capsys.readouterr().err
    assert err.startswith("Erreur : ") and words in err
    assert not data.exists()  # nothing made: not even the data folder
