"""Log files in the logs folder: bugs with their traceback, never personal data values."""

from __future__ import annotations

import contextlib
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
    root = logging.getLogger()
    root.setLevel(level)
    if any(getattr(h, "baseFilename", None) == str(path) for h in root.handlers):
        return path
    handler = PrivateRotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    return path


def open_log(logs_dir: Path, fallback: Path) -> Path | None:
    """The log of this run: in ``logs_dir``, else in ``fallback``; None when neither takes it.

    Each is tried with a first line actually written: a full disk accepts the empty file
    and refuses its first line, which the logging module would only print on stderr (where
    nobody sees it from the desktop shortcut).
    """
    refused: OSError | None = None
    for folder in dict.fromkeys((logs_dir, fallback)):
        try:
            path = setup_logging(folder)
            handler = next(
                h
                for h in logging.getLogger().handlers
                if getattr(h, "baseFilename", None) == str(path)
            )
            assert isinstance(handler, logging.FileHandler)
            handler.acquire()
            try:
                assert handler.stream is not None
                handler.stream.write(_first_line())
                handler.stream.flush()
            finally:
                handler.release()
        except OSError as exc:
            _drop_handler(folder / LOG_FILENAME)
            refused = exc
            continue
        if refused is not None:
            from chantier_app.environment import os_reason

            logging.getLogger(__name__).warning(
                "Journal écrit ici : %s refuse l'écriture (%s)", logs_dir, os_reason(refused)
            )
        return path
    return None


def _first_line() -> str:
    import datetime as dt

    from chantier_app import __version__

    when = dt.datetime.now().isoformat(sep=" ", timespec="milliseconds").replace(".", ",")
    return f"{when} INFO {__name__}: démarrage de chantier_app {__version__}\n"


def _drop_handler(path: Path) -> None:
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "baseFilename", None) == str(path):
            root.removeHandler(handler)
            with contextlib.suppress(OSError):
                handler.close()
