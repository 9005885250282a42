"""A start-up that cannot go on ends in a French window and a line in the log, never in a
traceback on stderr: from the Windows shortcut there is no terminal to read it."""

from __future__ import annotations

import logging
import sys
import traceback

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from chantier_app.environment import french_reason
from chantier_app.i18n import tr
from chantier_app.paths import AppPaths, fallback_logs_dir

log = logging.getLogger(__name__)

EXIT_FAILED = 1


def start_logging(paths: AppPaths) -> None:
    """The log in the installation's folder, else in the user's own state folder."""
    from chantier_app.logs import open_log

    if open_log(paths.logs_dir, fallback_logs_dir()) is None:
        print(tr("Journal de l'application impossible à écrire."), file=sys.stderr)


def fail(parent: QWidget | None, message: str, *, title: str | None = None) -> None:
    """A start-up failure: written to the log, then shown."""
    log.error("Démarrage impossible : %s", message)
    QMessageBox.critical(parent, title or tr("Impossible d'ouvrir les données"), message)


def start_failed(error: BaseException) -> int:
    """An error that escaped the start or the end of the GUI: logged with its traceback,
    told in French in a window (or on stderr when no window can open); a non-zero exit.

    The environment's failures (a full disk, a file where the data folder should be) say
    what to do; anything else is a bug: the window says the detail is in the log."""
    details = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    reason = french_reason(error)
    log.error("Démarrage interrompu : %s\n%s", reason or "erreur inattendue", details)
    if reason is None:
        title = tr("Erreur inattendue")
        text = tr(
            "Une erreur inattendue a interrompu l'application. Ce qui était déjà enregistré "
            "n'est pas perdu.\n\nLe détail a été écrit dans le journal de "
            "l'application : transmettez-le à la personne qui assure le support."
        )
    else:
        title = tr("Impossible d'ouvrir les données")
        text = reason
    if QApplication.instance() is None:
        print(f"{title} : {text}", file=sys.stderr)
        return EXIT_FAILED
    box = QMessageBox(QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Ok)
    box.setEscapeButton(QMessageBox.StandardButton.Ok)
    box.setObjectName("start_failed")
    if reason is None:
        box.setDetailedText(details)
    box.exec()
    return EXIT_FAILED
