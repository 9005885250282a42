"""Where the application keeps its files: the one module that knows platformdirs."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from chantier_app import APP_NAME
from chantier_app.file_modes import private_folder, secure_tree

ENV_DATA_DIR = "CHANTIER_DATA_DIR"
DB_FILENAME = "chantier.sqlite3"


@dataclass(frozen=True)
class AppPaths:
    """The folders of one installation. Nothing is created until ``ensure()``."""

    data_dir: Path
    backups_dir: Path
    logs_dir: Path

    @property
    def db_path(self) -> Path:
        return self.data_dir / DB_FILENAME

    @property
    def lock_path(self) -> Path:
        return self.data_dir / "chantier.lock"

    @property
    def texts_dir(self) -> Path:
        """The documents' texts as the association edited them (copies of resources/legal)."""
        return self.data_dir / "textes"

    @property
    def settings_path(self) -> Path:
        """Per-installation GUI settings (window geometry...), not business data."""
        return self.data_dir / "interface.ini"

    def ensure(self) -> AppPaths:
        """Create the folders, private to their owner (0700 on POSIX, see ``file_modes``)."""
        for folder in self.folders:
            private_folder(folder)
        return self

    @property
    def folders(self) -> tuple[Path, ...]:
        """The folders the application writes in (the logs may lie outside the data)."""
        return (self.data_dir, self.backups_dir, self.logs_dir)

    def secure(self) -> list[Path]:
        """Make the installation's folders and files private again; what changed.

        The application's own sub-folders whole; the data folder itself and its files only.
        """
        return secure_tree(
            (self.backups_dir, self.logs_dir, self.texts_dir), shallow=(self.data_dir,)
        )


def resolve_paths(data_dir: str | os.PathLike[str] | None = None) -> AppPaths:
    """Folders from ``--data-dir``, then ``CHANTIER_DATA_DIR``, then the user's folders."""
    chosen = data_dir if data_dir is not None else os.environ.get(ENV_DATA_DIR) or None
    if chosen is not None:
        root = Path(chosen).expanduser().resolve()
        return AppPaths(data_dir=root, backups_dir=root / "backups", logs_dir=root / "logs")
    import platformdirs

    data = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    logs = Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
    return AppPaths(data_dir=data, backups_dir=data / "backups", logs_dir=logs)


ENV_STATE_DIR = "CHANTIER_STATE_DIR"


def attempts_file(db_path: Path) -> Path:
    """This user's own record of log-in attempts on a data file that cannot be written
    (consultation of a read-only folder, ``services/structure/consultation.py``).

    In ``CHANTIER_STATE_DIR``, else the user's state folder; one file per data file.
    """
    digest = hashlib.sha256(str(Path(os.path.abspath(db_path))).encode("utf-8")).hexdigest()
    return state_dir() / "tentatives" / f"{digest[:16]}.json"


def state_dir() -> Path:
    """This user's own state folder: ``CHANTIER_STATE_DIR``, else the platform's."""
    chosen = os.environ.get(ENV_STATE_DIR) or None
    if chosen is not None:
        return Path(chosen).expanduser().resolve()
    import platformdirs

    return Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))


def fallback_logs_dir() -> Path:
    """Where the log goes when the installation's logs folder refuses it (a full disk, a
    file in the folder's place, a read-only data folder): the user's own state folder."""
    return state_dir() / "journal"


def resource_path(*parts: str) -> Path:
    """A file shipped inside the package (fonts, legal texts, icons)."""
    return Path(__file__).resolve().parent.joinpath("resources", *parts)
