"""The settings' fields as a server's address: the CA file found and kept as an absolute
path (libpq would read a relative one from wherever the next start runs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from chantier_app.services.safety.shared_database import ServerUrlError, target_from_fields

FIELDS = {"host": "serveur.asso.fr", "port": "", "database": "asso", "user": "chantier"}


def test_a_relative_ca_file_is_kept_absolute(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "ca.crt").write_text("-----BEGIN CERTIFICATE-----\n")
    monkeypatch.chdir(tmp_path)
    target = target_from_fields(**FIELDS, sslmode="verify-full", sslrootcert="ca.crt")
    assert target.sslrootcert == str((tmp_path / "ca.crt").resolve())
    assert target_from_fields(**FIELDS, sslmode="", sslrootcert="system").sslrootcert == "system"
    assert target_from_fields(**FIELDS, sslmode="", sslrootcert=" ").sslrootcert is None


def test_a_missing_ca_file_is_named_under_its_field(tmp_path: Path) -> None:
    with pytest.raises(ServerUrlError) as refused:
        target_from_fields(**FIELDS, sslmode="verify-ca", sslrootcert=str(tmp_path / "absent.crt"))
    assert refused.value.field == "sslrootcert"
    assert refused.value.message.startswith("Certificat de l'autorité (CA) : fichier introuvable")
