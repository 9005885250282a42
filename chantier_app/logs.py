"""Log files in the logs folder: bugs with their traceback, never personal data values."""

from __future__ import annotations

import io
import logging
import logging.handlers
from pathlib import Path

from chantier_app.file_modes import private_file, private_folder

LOG_FILENAME = "chantier.log"


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose every file (the first one, and each after a rotation) is 0600:
    a traceback may quote what a user typed."""

    def _open(self) -> io.TextIOWrapper:
        private_file(Path(self.baseFilename))  # created 0600, or made so
        return super()._open()


def setup_logging(logs_dir: Path, *, level: int = logging.INFO) -> Path:
    private_folder(logs_dir)
    path = logs_dir / LOG_FILENAME
    handler = PrivateRotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.setLevel(level)
    if not any(getattr(h, "baseFilename", None) == str(path) for h in root.handlers):
        root.addHandler(handler)
    return path
