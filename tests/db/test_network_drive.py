"""A data folder on a network drive is recognised from the mount table (Linux)."""

from __future__ import annotations

from pathlib import Path

import pytest

from chantier_app.db.check import network_filesystem
from chantier_app.paths import resolve_paths
from chantier_app.services.safety import bootstrap

MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
proc /proc proc rw 0 0
//nas/partage /mnt/partage cifs rw,vers=3.0 0 0
nas:/export /srv/nfs nfs4 rw 0 0
/dev/sdb1 /srv/nfs/local ext4 rw 0 0
drvfs /mnt/c 9p rw 0 0
user@host:/x /home/marie/distant fuse.sshfs rw 0 0
//nas/mes\\040documents /mnt/mes\\040documents smb3 rw 0 0
"""


@pytest.mark.parametrize(
    ("folder", "kind"),
    [
        ("/mnt/partage/chantier", "cifs"),
        ("/srv/nfs/association/données", "nfs4"),
        ("/srv/nfs/local/chantier", None),  # a local disk mounted inside the share
        ("/mnt/c/Users/marie", "9p"),
        ("/home/marie/distant", "fuse.sshfs"),
        ("/mnt/mes documents/chantier", "smb3"),
        ("/home/marie/chantier", None),
        ("/mnt/partagee", None),  # a name that only starts like the mount point
    ],
)
def test_network_file_systems_are_recognised(folder: str, kind: str | None) -> None:
    assert network_filesystem(Path(folder), mounts=MOUNTS) == kind


def test_the_test_folder_is_local(tmp_path: Path) -> None:
    assert network_filesystem(tmp_path) is None  # the real /proc/self/mounts


def test_open_data_warns_about_a_network_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = resolve_paths(tmp_path / "data")
    table = f"server:/export {tmp_path} nfs rw 0 0\n"
    monkeypatch.setattr(
        bootstrap, "network_filesystem", lambda path: network_filesystem(path, mounts=table)
    )
    opened = bootstrap.open_data(paths)
    opened.database.dispose()
    assert len(opened.warnings) == 1
    assert "lecteur réseau (nfs)" in opened.warnings[0]
    assert "WAL" in opened.warnings[0]
