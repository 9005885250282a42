"""Error reporting in the GUI: French messages for expected failures, a dialog for bugs."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from chantier_app.domain.errors import AppError
from chantier_app.environment import environment_error
from chantier_app.i18n import tr

log = logging.getLogger(__name__)


def show_error(parent: QWidget | None, error: BaseException, *, title: str | None = None) -> None:
    """An AppError as its message; anything else as a bug (logged, details shown)."""
    # A failure of the environment that escaped a service (disk full, no rights) is not a
    # bug: it gets its French message too.
    error = environment_error(error) or error
    if isinstance(error, AppError):
        QMessageBox.warning(parent, title or tr("Action impossible"), error.message)
        return
    report_bug(type(error), error, error.__traceback__, parent=parent)


def report_bug(
    exc_type: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
    *,
    parent: QWidget | None = None,
) -> None:
    details = "".join(traceback.format_exception(exc_type, exc, tb))
    log.error("Erreur inattendue\n%s", details)
    if QApplication.instance() is None:
        print(details, file=sys.stderr)
        return
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(tr("Erreur inattendue"))
    box.setText(
        tr(
            "Une erreur inattendue s'est produite. Ce qui était déjà enregistré n'est pas perdu ; "
            "l'action en cours a été annulée.\n\nLe détail a été écrit dans le journal de "
            "l'application : transmettez-le à la personne qui assure le support."
        )
    )
    box.setDetailedText(details)
    box.exec()


def install_excepthook() -> None:
    """Bugs raised in Qt slots reach this hook instead of killing the application."""

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        if isinstance(exc, AppError) or environment_error(exc) is not None:
            show_error(QApplication.activeWindow(), exc)
            return
        report_bug(exc_type, exc, tb, parent=QApplication.activeWindow())

    sys.excepthook = hook
